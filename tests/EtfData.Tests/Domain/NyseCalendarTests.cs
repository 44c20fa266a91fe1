using System.Globalization;
using EtfData.Domain;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Domain;

/// <summary>
/// The NYSE calendar (used by the service and by the fake upstream) against the exchange's published holiday
/// schedules, early closes and session counts, and "the last closed session" at a given instant.
/// </summary>
public sealed class NyseCalendarTests
{
    private static DateOnly Day(string date) => DateOnly.Parse(date, CultureInfo.InvariantCulture);

    private static DateTimeOffset Utc(string instant) => DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [Theory]
    [InlineData("2024-03-29")] // Good Friday
    [InlineData("2023-06-19")] // Juneteenth, first Monday-observed year after 2022
    [InlineData("2022-06-20")] // Juneteenth 2022 fell on a Sunday
    [InlineData("2022-12-26")] // Christmas on a Sunday, observed Monday
    [InlineData("2021-12-24")] // Christmas on a Saturday, observed Friday
    [InlineData("2020-07-03")] // Independence Day on a Saturday, observed Friday
    [InlineData("2026-07-03")] // Independence Day on a Saturday, observed Friday
    [InlineData("2023-01-02")] // New Year's Day on a Sunday, observed Monday
    [InlineData("2025-01-20")] // Martin Luther King Jr. Day, third Monday
    [InlineData("2025-02-17")] // Washington's Birthday, third Monday
    [InlineData("2024-05-27")] // Memorial Day, last Monday
    [InlineData("2024-09-02")] // Labor Day, first Monday
    [InlineData("2024-11-28")] // Thanksgiving, fourth Thursday
    [InlineData("2026-11-26")] // Thanksgiving, fourth Thursday
    [InlineData("2025-04-18")] // Good Friday
    [InlineData("2018-12-05")] // National day of mourning, President George H. W. Bush
    [InlineData("2025-01-09")] // National day of mourning, President Carter
    public void Known_weekday_closures_are_holidays(string date)
    {
        var day = Day(date);

        NyseCalendar.IsHoliday(day).Should().BeTrue();
        NyseCalendar.IsTradingDay(day).Should().BeFalse();
    }

    [Theory]
    [InlineData("2021-12-31")] // New Year 2022 fell on a Saturday: not observed the Friday before
    [InlineData("2021-06-18")] // Juneteenth (a Saturday in 2021) was not yet an NYSE holiday
    [InlineData("2024-11-29")] // Day after Thanksgiving: early close, still a session
    [InlineData("2024-12-24")] // Christmas Eve: early close
    [InlineData("2024-07-05")]
    [InlineData("2025-03-07")]
    [InlineData("2025-03-12")]
    public void Sessions_around_holidays_are_trading_days(string date)
    {
        var day = Day(date);

        NyseCalendar.IsTradingDay(day).Should().BeTrue();
        NyseCalendar.IsHoliday(day).Should().BeFalse();
    }

    [Theory]
    [InlineData("2024-11-29")] // day after Thanksgiving
    [InlineData("2026-11-27")] // day after Thanksgiving
    [InlineData("2019-11-29")] // day after Thanksgiving on the 29th, the latest it can be
    [InlineData("2024-12-24")] // Christmas Eve on a Tuesday
    [InlineData("2018-12-24")] // Christmas Eve on a Monday
    [InlineData("2020-12-24")] // Christmas Eve on a Thursday
    [InlineData("2025-07-03")] // Independence Day on a Friday
    [InlineData("2023-07-03")] // Independence Day on a Tuesday
    [InlineData("2019-07-03")] // Independence Day on a Thursday
    public void Known_early_closes_end_the_session_at_13_00(string date)
    {
        var day = Day(date);

        NyseCalendar.IsTradingDay(day).Should().BeTrue();
        NyseCalendar.IsEarlyClose(day).Should().BeTrue();
        NyseCalendar.SessionClose(day).Should().Be(new TimeOnly(13, 0));
    }

    [Theory]
    [InlineData("2026-07-02")] // Independence Day on a Saturday, observed Friday 3 July: Thursday is a full day
    [InlineData("2022-07-01")] // Independence Day on a Monday: the Friday before is a full day
    [InlineData("2021-12-23")] // Christmas on a Saturday, observed Friday 24th: Thursday is a full day
    [InlineData("2026-11-20")] // a Friday in November that is not the day after Thanksgiving
    [InlineData("2025-12-26")] // the day after Christmas trades the whole day
    [InlineData("2024-07-05")]
    [InlineData("2025-03-07")]
    [InlineData("2025-03-12")]
    public void Other_sessions_end_at_16_00(string date)
    {
        var day = Day(date);

        NyseCalendar.IsTradingDay(day).Should().BeTrue();
        NyseCalendar.IsEarlyClose(day).Should().BeFalse();
        NyseCalendar.SessionClose(day).Should().Be(new TimeOnly(16, 0));
    }

    [Theory]
    [InlineData("2026-07-03")] // Independence Day observed: a closure, not an early close
    [InlineData("2021-12-24")] // Christmas observed
    [InlineData("2022-12-24")] // Saturday
    public void Closed_days_are_never_early_closes(string date) =>
        NyseCalendar.IsEarlyClose(Day(date)).Should().BeFalse();

    [Fact]
    public void Weekends_are_never_trading_days_nor_counted_as_holidays()
    {
        var saturday = new DateOnly(2024, 3, 30);

        NyseCalendar.IsTradingDay(saturday).Should().BeFalse();
        NyseCalendar.IsTradingDay(saturday.AddDays(1)).Should().BeFalse();
        NyseCalendar.IsHoliday(saturday).Should().BeFalse();
    }

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

    [Theory]
    // Sessions per year as NYSE reports them (2018 includes the 5 December closure).
    [InlineData(2016, 252)]
    [InlineData(2017, 251)]
    [InlineData(2018, 251)]
    [InlineData(2019, 252)]
    [InlineData(2020, 253)]
    [InlineData(2021, 252)]
    [InlineData(2022, 251)]
    [InlineData(2023, 250)]
    [InlineData(2024, 252)]
    public void Sessions_per_year_match_the_exchange(int year, int sessions) =>
        NyseCalendar.TradingDays(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31)).Should().HaveCount(sessions);

    [Theory]
    [InlineData(2016, "2016-03-27")]
    [InlineData(2019, "2019-04-21")]
    [InlineData(2022, "2022-04-17")]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2038, "2038-04-25")]
    public void Easter_sunday_is_computed(int year, string easter) =>
        NyseCalendar.EasterSunday(year).Should().Be(Day(easter));

    [Fact]
    public void A_year_lists_ten_holidays_from_2022_and_new_years_day_is_dropped_when_it_falls_on_a_saturday()
    {
        NyseCalendar.Holidays(2024).Select(h => h.Date).Should().Equal(
            new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 15), new DateOnly(2024, 2, 19), new DateOnly(2024, 3, 29),
            new DateOnly(2024, 5, 27), new DateOnly(2024, 6, 19), new DateOnly(2024, 7, 4), new DateOnly(2024, 9, 2),
            new DateOnly(2024, 11, 28), new DateOnly(2024, 12, 25));
        NyseCalendar.Holidays(2022).Select(h => h.Name).Should().NotContain("New Year's Day").And.Contain("Juneteenth");
        NyseCalendar.Holidays(2021).Select(h => h.Name).Should().NotContain("Juneteenth");
    }

    [Fact]
    public void Last_trading_day_steps_back_over_weekends_and_holidays() =>
        // Easter weekend 2024: Sunday 31 March → Good Friday closed → Thursday 28 March.
        NyseCalendar.LastTradingDayOnOrBefore(new DateOnly(2024, 3, 31)).Should().Be(new DateOnly(2024, 3, 28));
}
