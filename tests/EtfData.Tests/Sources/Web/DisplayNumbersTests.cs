using EtfData.Api.Sources.Web;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Sources.Web;

public sealed class DisplayNumbersTests
{
    [Theory]
    [InlineData("$1.2B", "1200000000")]
    [InlineData("$350.5M", "350500000")]
    [InlineData("$52,107.0 M", "52107000000")]
    [InlineData("1,234,567", "1234567")]
    [InlineData("  681.05 M ", "681050000")]
    [InlineData("$12.5K", "12500")]
    [InlineData("-2.35 M", "-2350000")]
    [InlineData("\u221231.5 M", "-31500000")]
    [InlineData("-$1,000.25", "-1000.25")]
    [InlineData("+0.1", "0.1")]
    [InlineData("\u00A0$41.20", "41.20")]
    public void Amounts_are_exact_decimals(string text, string expected)
    {
        DisplayNumbers.TryParseAmount(text, out var value).Should().Be(DisplayReading.Value);
        value.Should().Be(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Scaling_keeps_every_digit()
    {
        // 0.000001 × 1 000 000 000 = 1 000 and 402,034.0 × 1 000 000 = 402 034 000 000, with no binary-float step in between.
        DisplayNumbers.TryParseAmount("0.000001 B", out var value).Should().Be(DisplayReading.Value);
        value.Should().Be(1000m);
        DisplayNumbers.TryParseAmount("$402,034.0 M", out var aum).Should().Be(DisplayReading.Value);
        aum.Should().Be(402_034_000_000m);
    }

    [Theory]
    [InlineData("-0.05%", "-0.0005")]
    [InlineData("0.08%", "0.0008")]
    [InlineData("7%", "0.07")]
    [InlineData("\u22121.25 %", "-0.0125")]
    [InlineData("100.00%", "1")]
    public void Percentages_are_fractions(string text, string expected)
    {
        DisplayNumbers.TryParsePercent(text, out var fraction).Should().Be(DisplayReading.Value);
        fraction.Should().Be(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("N/A")]
    [InlineData("n/a")]
    [InlineData("--")]
    [InlineData("-")]
    [InlineData("\u2014")]
    [InlineData("  ")]
    [InlineData(null)]
    public void Placeholders_are_told_apart(string? text)
    {
        DisplayNumbers.TryParseAmount(text, out _).Should().Be(DisplayReading.Placeholder);
        DisplayNumbers.TryParsePercent(text, out _).Should().Be(DisplayReading.Placeholder);
        DisplayNumbers.TryParseDate(text, out _).Should().Be(DisplayReading.Placeholder);
        DisplayNumbers.IsPlaceholder(text).Should().BeTrue();
    }

    [Theory]
    [InlineData("1.2.3")]
    [InlineData("$")]
    [InlineData("12 MB")]
    [InlineData("abc")]
    [InlineData("1,2")]
    [InlineData("12,34.5")]
    [InlineData("1\u00A0234.5")]
    [InlineData("--5")]
    [InlineData("1.2X")]
    [InlineData("$-5")]
    public void Garbage_is_unreadable(string text)
    {
        DisplayNumbers.TryParseAmount(text, out _).Should().Be(DisplayReading.Unreadable);
        DisplayNumbers.IsPlaceholder(text).Should().BeFalse();
    }

    [Theory]
    [InlineData("0.08")]
    [InlineData("%")]
    [InlineData("$0.08%")]
    public void A_percent_needs_its_sign_and_a_number(string text)
    {
        DisplayNumbers.TryParsePercent(text, out _).Should().Be(DisplayReading.Unreadable);
    }

    [Theory]
    [InlineData("Jan 26, 2011", 2011, 1, 26)]
    [InlineData("Sep 3, 2015", 2015, 9, 3)]
    [InlineData("2021-12-09", 2021, 12, 9)]
    [InlineData("10/31/2023", 2023, 10, 31)]
    public void Dates_read_invariantly(string text, int year, int month, int day)
    {
        DisplayNumbers.TryParseDate(text, out var date).Should().Be(DisplayReading.Value);
        date.Should().Be(new DateOnly(year, month, day));
    }

    [Fact]
    public void An_impossible_date_is_unreadable()
    {
        DisplayNumbers.TryParseDate("Feb 30, 2024", out _).Should().Be(DisplayReading.Unreadable);
    }
}
