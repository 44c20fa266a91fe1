using EtfData.Domain;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests;

public sealed class EtfSymbolTests
{
    [Theory]
    [InlineData("spy", "SPY")]
    [InlineData(" QQQ ", "QQQ")]
    [InlineData("BRK-B", "BRK.B")]
    [InlineData("BRK/B", "BRK.B")]
    [InlineData("brk.b", "BRK.B")]
    public void Normalises_case_and_class_separators(string raw, string expected)
    {
        EtfSymbol.TryNormalize(raw, out var symbol).Should().BeTrue();
        symbol.Should().Be(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("';")]
    [InlineData("SP Y X")]
    [InlineData("ABCDEFGHIJKL")]
    [InlineData("A..B")]
    [InlineData("<script>")]
    public void Rejects_what_cannot_be_a_ticker(string raw)
    {
        EtfSymbol.TryNormalize(raw, out _).Should().BeFalse();
    }

    [Fact]
    public void Yahoo_spells_share_classes_with_a_dash()
    {
        EtfSymbol.ToYahoo("BRK.B").Should().Be("BRK-B");
    }
}
