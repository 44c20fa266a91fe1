using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace EtfData.Domain;

/// <summary>
/// NYSE sessions: weekends and the regular holidays computed by rule (NYSE Rule 7.2 observance),
/// the unscheduled closures since 2004, and the 13:00 early closes (3 July, the day after
/// Thanksgiving, Christmas Eve). Sessions close at 16:00 New York time otherwise.
/// </summary>
/// <remarks>
/// Observance: a holiday on a Saturday is observed the Friday before, one on a Sunday the Monday
/// after — except New Year's Day on a Saturday, which is not observed (31 December still trades).
/// Juneteenth is a holiday from 2022.
/// </remarks>
public static class NyseCalendar
{
    public static readonly TimeOnly RegularClose = new(16, 0);

    public static readonly TimeOnly EarlyClose = new(13, 0);

    /// <summary>Closures outside the holiday rules: national days of mourning and Hurricane Sandy.</summary>
    public static readonly FrozenSet<DateOnly> UnscheduledClosures = new[]
    {
        new DateOnly(2004, 6, 11),  // President Reagan
        new DateOnly(2007, 1, 2),   // President Ford
        new DateOnly(2012, 10, 29), // Hurricane Sandy
        new DateOnly(2012, 10, 30),
        new DateOnly(2018, 12, 5),  // President George H. W. Bush
        new DateOnly(2025, 1, 9),   // President Carter
    }.ToFrozenSet();

    private static readonly ConcurrentDictionary<int, FrozenSet<DateOnly>> ClosuresByYear = new();

    /// <summary>America/New_York, the exchange's time zone.</summary>
    public static TimeZoneInfo TimeZone { get; } = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    public static bool IsTradingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !ClosuresOf(date.Year).Contains(date);

    /// <summary>True for a weekday on which the exchange is closed.</summary>
    public static bool IsHoliday(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && ClosuresOf(date.Year).Contains(date);

    /// <summary>
    /// A session that closes at 13:00: 3 July when Independence Day falls on Tuesday–Friday, the day
    /// after Thanksgiving, and 24 December on Monday–Thursday.
    /// </summary>
    public static bool IsEarlyClose(DateOnly date)
    {
        if (!IsTradingDay(date))
        {
            return false;
        }

        return (date.Month == 7 && date.Day == 3 && date.DayOfWeek is >= DayOfWeek.Monday and <= DayOfWeek.Thursday)
            || date == NthWeekday(date.Year, 11, DayOfWeek.Thursday, 4).AddDays(1)
            || (date.Month == 12 && date.Day == 24 && date.DayOfWeek is >= DayOfWeek.Monday and <= DayOfWeek.Thursday);
    }

    /// <summary>New York time the regular session of <paramref name="date"/> (a trading day) ends.</summary>
    public static TimeOnly SessionClose(DateOnly date) => IsEarlyClose(date) ? EarlyClose : RegularClose;

    /// <summary>The closing instant of the session on <paramref name="date"/> (which must be a trading day).</summary>
    public static DateTimeOffset CloseOf(DateOnly date)
    {
        if (!IsTradingDay(date))
        {
            throw new ArgumentException($"{date:yyyy-MM-dd} is not an NYSE session.", nameof(date));
        }

        var local = date.ToDateTime(SessionClose(date), DateTimeKind.Unspecified);
        return new DateTimeOffset(local, TimeZone.GetUtcOffset(local));
    }

    /// <summary>The latest session whose close is before <paramref name="now"/>: the last one whose bar is final.</summary>
    public static DateOnly LastClosedSession(DateTimeOffset now)
    {
        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZone).DateTime);
        while (!IsTradingDay(date) || CloseOf(date) >= now)
        {
            date = date.AddDays(-1);
        }

        return date;
    }

    /// <summary>Sessions after <paramref name="after"/> up to and including <paramref name="through"/>.</summary>
    public static int SessionsBetween(DateOnly after, DateOnly through) => TradingDays(after.AddDays(1), through).Count();

    /// <summary>Trading days from <paramref name="from"/> through <paramref name="through"/>, both inclusive.</summary>
    public static IEnumerable<DateOnly> TradingDays(DateOnly from, DateOnly through)
    {
        for (var date = from; date <= through; date = date.AddDays(1))
        {
            if (IsTradingDay(date))
            {
                yield return date;
            }
        }
    }

    /// <summary>The last trading day on or before <paramref name="date"/>.</summary>
    public static DateOnly LastTradingDayOnOrBefore(DateOnly date)
    {
        while (!IsTradingDay(date))
        {
            date = date.AddDays(-1);
        }

        return date;
    }

    /// <summary>The observed regular holidays of <paramref name="year"/>, by name.</summary>
    public static IReadOnlyList<(string Name, DateOnly Date)> Holidays(int year)
    {
        var holidays = new List<(string, DateOnly)>();
        var newYear = new DateOnly(year, 1, 1);
        if (newYear.DayOfWeek != DayOfWeek.Saturday)
        {
            holidays.Add(("New Year's Day", Observed(newYear)));
        }

        holidays.Add(("Martin Luther King Jr. Day", NthWeekday(year, 1, DayOfWeek.Monday, 3)));
        holidays.Add(("Washington's Birthday", NthWeekday(year, 2, DayOfWeek.Monday, 3)));
        holidays.Add(("Good Friday", EasterSunday(year).AddDays(-2)));
        holidays.Add(("Memorial Day", LastWeekday(year, 5, DayOfWeek.Monday)));
        if (year >= 2022)
        {
            holidays.Add(("Juneteenth", Observed(new DateOnly(year, 6, 19))));
        }

        holidays.Add(("Independence Day", Observed(new DateOnly(year, 7, 4))));
        holidays.Add(("Labor Day", NthWeekday(year, 9, DayOfWeek.Monday, 1)));
        holidays.Add(("Thanksgiving Day", NthWeekday(year, 11, DayOfWeek.Thursday, 4)));
        holidays.Add(("Christmas Day", Observed(new DateOnly(year, 12, 25))));
        return holidays;
    }

    /// <summary>Gregorian Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    private static FrozenSet<DateOnly> ClosuresOf(int year) =>
        ClosuresByYear.GetOrAdd(year, y => Holidays(y).Select(h => h.Date).Concat(UnscheduledClosures.Where(d => d.Year == y)).ToFrozenSet());

    private static DateOnly Observed(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Saturday => date.AddDays(-1),
        DayOfWeek.Sunday => date.AddDays(1),
        _ => date,
    };

    private static DateOnly NthWeekday(int year, int month, DayOfWeek weekday, int n)
    {
        var first = new DateOnly(year, month, 1);
        var offset = ((int)weekday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + (7 * (n - 1)));
    }

    private static DateOnly LastWeekday(int year, int month, DayOfWeek weekday)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        var offset = ((int)last.DayOfWeek - (int)weekday + 7) % 7;
        return last.AddDays(-offset);
    }
}
