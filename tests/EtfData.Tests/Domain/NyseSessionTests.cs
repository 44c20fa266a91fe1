using System.Globalization;
using EtfData.Domain;
using FluentAssertions;
using Xunit;
using FakeCalendar = EtfData.FakeUpstream.Market.NyseCalendar;

namespace EtfData.Tests.Domain;

/// <summary>The service's NYSE calendar: holidays by rule, early closes, and "the last closed session" at a given instant.</summary>
public sealed class NyseSessionTests
{
    private static DateOnly Day(string date) => DateOnly.Parse(date, CultureInfo.InvariantCulture);

    private static DateTimeOffset Utc(string instant) => DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [Theory]
    [InlineData("2024-03-29")] // Good Friday
    [InlineData("2022-06-20")] // Juneteenth on a Sunday, observed Monday
    [InlineData("2021-12-24")] // Christmas on a Saturday, observed Friday
    [InlineData("2023-01-02")] // New Year's Day on a Sunday, observed Monday
    [InlineData("2025-02-17")] // Washington's Birthday, third Monday
    [InlineData("2026-07-03")] // Independence Day on a Saturday, observed Friday
    [InlineData("2026-11-26")] // Thanksgiving, fourth Thursday
    [InlineData("2025-01-09")] // National day of mourning, President Carter
    public void Known_closures_are_not_sessions(string date) =>
        NyseCalendar.IsTradingDay(Day(date)).Should().BeFalse();

    [Theory]
    [InlineData("2021-12-31")] // New Year 2022 on a Saturday is not observed the Friday before
    [InlineData("2021-06-18")] // Juneteenth was not yet an NYSE holiday
    [InlineData("2025-03-07")]
    public void Sessions_around_holidays_trade(string date) =>
        NyseCalendar.IsTradingDay(Day(date)).Should().BeTrue();

    [Theory]
    [InlineData("2024-11-29", true)]  // day after Thanksgiving
    [InlineData("2024-12-24", true)]  // Christmas Eve on a Tuesday
    [InlineData("2025-07-03", true)]  // Independence Day on a Friday
    [InlineData("2023-07-03", true)]  // Independence Day on a Tuesday
    [InlineData("2022-07-01", false)] // Independence Day on a Monday: the Friday before is a full day
    [InlineData("2026-07-02", false)] // Independence Day observed Friday 3 July: Thursday is a full day
    [InlineData("2025-03-07", false)]
    public void Early_closes_follow_the_rules(string date, bool early) =>
        NyseCalendar.IsEarlyClose(Day(date)).Should().Be(early);

    [Fact]
    public void Close_is_16_00_new_york_across_daylight_saving_and_13_00_on_early_closes()
    {
        NyseCalendar.CloseOf(Day("2025-03-07")).Should().Be(Utc("2025-03-07T21:00:00Z")); // EST, UTC-5
        NyseCalendar.CloseOf(Day("2025-03-10")).Should().Be(Utc("2025-03-10T20:00:00Z")); // EDT, UTC-4
        NyseCalendar.CloseOf(Day("2024-11-29")).Should().Be(Utc("2024-11-29T18:00:00Z")); // 13:00 EST
    }

    [Theory]
    [InlineData("2025-03-07T20:59:00Z", "2025-03-06")] // Friday 15:59 New York: Friday not closed yet
    [InlineData("2025-03-07T21:00:00Z", "2025-03-06")] // exactly at the close: not before it
    [InlineData("2025-03-07T21:01:00Z", "2025-03-07")]
    [InlineData("2025-03-08T03:00:00Z", "2025-03-07")] // Friday 22:00 New York is Saturday in UTC
    [InlineData("2025-03-09T15:00:00Z", "2025-03-07")] // Sunday
    [InlineData("2025-03-10T20:30:00Z", "2025-03-10")] // Monday 16:30 EDT, the day after the clocks changed
    [InlineData("2025-02-17T23:00:00Z", "2025-02-14")] // Washington's Birthday evening: Friday is the last session
    [InlineData("2024-11-29T18:30:00Z", "2024-11-29")] // day after Thanksgiving, 13:30 New York: closed early
    [InlineData("2024-11-29T17:59:00Z", "2024-11-27")] // 12:59: still open; Thanksgiving before it
    [InlineData("2025-01-10T22:00:00Z", "2025-01-10")]
    [InlineData("2025-01-10T14:00:00Z", "2025-01-08")] // 9 January 2025 was closed (mourning)
    public void The_last_closed_session_is_the_latest_whose_close_is_before_now(string now, string session) =>
        NyseCalendar.LastClosedSession(Utc(now)).Should().Be(Day(session));

    [Fact]
    public void Sessions_between_count_trading_days_after_the_first_date_through_the_second()
    {
        NyseCalendar.SessionsBetween(Day("2025-03-07"), Day("2025-03-07")).Should().Be(0);
        NyseCalendar.SessionsBetween(Day("2025-03-07"), Day("2025-03-10")).Should().Be(1);
        // 14 Feb (Fri) → 18 Feb (Tue): the 17th is a holiday, so one session.
        NyseCalendar.SessionsBetween(Day("2025-02-14"), Day("2025-02-18")).Should().Be(1);
    }

    [Fact]
    public void Sessions_per_year_and_early_closes_match_the_exchange_and_the_fake_upstreams_calendar()
    {
        // Sessions per year as NYSE reports them (2018 includes the 5 December closure).
        var expected = new Dictionary<int, int> { [2016] = 252, [2018] = 251, [2020] = 253, [2022] = 251, [2023] = 250, [2024] = 252 };
        foreach (var (year, sessions) in expected)
        {
            Enumerable.Range(0, DateTime.IsLeapYear(year) ? 366 : 365).Select(d => new DateOnly(year, 1, 1).AddDays(d))
                .Count(NyseCalendar.IsTradingDay).Should().Be(sessions, year.ToString(CultureInfo.InvariantCulture));
        }

        var earlyCloses = 0;
        for (var day = new DateOnly(2004, 1, 1); day <= new DateOnly(2035, 12, 31); day = day.AddDays(1))
        {
            var because = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            NyseCalendar.IsTradingDay(day).Should().Be(FakeCalendar.IsTradingDay(day), because);
            NyseCalendar.IsEarlyClose(day).Should().Be(FakeCalendar.IsEarlyClose(day), because);
            if (NyseCalendar.IsTradingDay(day))
            {
                TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(NyseCalendar.CloseOf(day), NyseCalendar.TimeZone).DateTime)
                    .Should().Be(FakeCalendar.SessionClose(day), because);
            }

            earlyCloses += NyseCalendar.IsEarlyClose(day) ? 1 : 0;
        }

        // Not vacuous: more than the 32 days after Thanksgiving, so 3 July and 24 December were compared too.
        earlyCloses.Should().BeGreaterThan(32);
    }
}
