using EtfData.Api.Ingestion;
using EtfData.Api.Ingestion.Sec;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Ingestion;

public sealed class NportQuarterTests
{
    [Fact]
    public void A_range_lists_every_quarter_oldest_first_across_a_year_end()
    {
        NportQuarter.TryParseRange("2025q3..2026Q2", out var quarters, out var problem).Should().BeTrue(problem);
        quarters!.Select(q => q.ToString()).Should().Equal("2025q3", "2025q4", "2026q1", "2026q2");
    }

    [Theory]
    [InlineData("2026q5", "is not a quarter")]
    [InlineData("2026-06", "is not a quarter")]
    [InlineData("2026q2..2025q3", "runs backwards")]
    [InlineData("2019q3", "from 2019q4 on")]
    public void Refuses_what_is_not_a_published_quarter_or_range(string text, string expected)
    {
        NportQuarter.TryParseRange(text, out var quarters, out var problem).Should().BeFalse();
        quarters.Should().BeNull();
        problem.Should().Contain(expected);
    }

    [Theory]
    [InlineData(2026, 1, 1, "2026q1")]
    [InlineData(2026, 3, 31, "2026q1")]
    [InlineData(2026, 4, 1, "2026q2")]
    [InlineData(2025, 12, 31, "2025q4")]
    public void A_day_falls_in_its_calendar_quarter(int year, int month, int day, string expected) =>
        NportQuarter.Of(new DateOnly(year, month, day)).ToString().Should().Be(expected);

    [Fact]
    public void The_cli_passes_the_quarters_to_nport_bulk_and_refuses_them_elsewhere()
    {
        IngestCommand.TryParse(["nport-bulk", "--quarter", "2026q1..2026q2"], out var jobs, out _, out _, out var quarters, out _).Should().BeTrue();
        jobs.Should().Equal(JobNames.NportBulk);
        quarters.Should().Equal("2026q1", "2026q2");

        IngestCommand.TryParse(["nport-bulk"], out _, out _, out _, out _, out var missing).Should().BeFalse();
        missing.Should().Contain("--quarter 2026q2");

        IngestCommand.TryParse(["prices", "--quarter", "2026q2"], out _, out _, out _, out _, out var misplaced).Should().BeFalse();
        misplaced.Should().Contain("nport-bulk only");
    }
}
