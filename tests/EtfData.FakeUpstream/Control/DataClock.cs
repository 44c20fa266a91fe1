using System.Globalization;
using EtfData.Domain;
using EtfData.FakeUpstream.Yahoo;

namespace EtfData.FakeUpstream.Control;

/// <summary>
/// The standalone fake's data clock: real time until a date is set, then that date at
/// <see cref="AfterClose"/> New York time, standing still, so a demo can replay several days of
/// closes and AUM observations one after another.
/// </summary>
public sealed class DataClock(TimeProvider real) : TimeProvider
{
    /// <summary>New York time a set date is pinned to: after the 16:00 close (13:00 on early closes), so that day's bar and AUM are final.</summary>
    public static readonly TimeOnly AfterClose = new(17, 0);

    private readonly Lock _lock = new();
    private (DateTimeOffset Instant, DateOnly Date)? _pinned;

    /// <summary>The date set, or null while the clock follows real time.</summary>
    public DateOnly? PinnedDate
    {
        get
        {
            lock (_lock)
            {
                return _pinned?.Date;
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _pinned?.Instant ?? real.GetUtcNow();
        }
    }

    public override TimeZoneInfo LocalTimeZone => real.LocalTimeZone;

    public override long GetTimestamp() => real.GetTimestamp();

    public override long TimestampFrequency => real.TimestampFrequency;

    /// <summary>Pins "now" to <paramref name="date"/> at <see cref="AfterClose"/> New York time.</summary>
    public DateTimeOffset SetDate(DateOnly date)
    {
        if (date < YahooDataset.HistoryStart)
        {
            throw new ArgumentOutOfRangeException(nameof(date), date, "The dataset starts " + YahooDataset.HistoryStart.ToString("O", CultureInfo.InvariantCulture));
        }

        var local = date.ToDateTime(AfterClose, DateTimeKind.Unspecified);
        var instant = new DateTimeOffset(local, YahooFake.NewYork.GetUtcOffset(local));
        lock (_lock)
        {
            _pinned = (instant, date);
        }

        return instant;
    }

    /// <summary>Back to real time.</summary>
    public void Release()
    {
        lock (_lock)
        {
            _pinned = null;
        }
    }

    /// <summary>Whether the current date is a trading day (a pinned weekend serves the previous session's data).</summary>
    public bool IsTradingDay => NyseCalendar.IsTradingDay(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(GetUtcNow(), YahooFake.NewYork).DateTime));
}
