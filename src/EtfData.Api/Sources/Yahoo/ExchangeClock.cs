namespace EtfData.Api.Sources.Yahoo;

/// <summary>
/// Converts instants to the exchange's local calendar. Yahoo stamps a daily bar with the session's
/// opening instant in UTC; its trading date is the local date in <c>meta.exchangeTimezoneName</c>,
/// never the UTC date.
/// </summary>
public sealed class ExchangeClock
{
    private readonly TimeZoneInfo? _zone;
    private readonly TimeSpan _fixedOffset;

    private ExchangeClock(TimeZoneInfo? zone, TimeSpan fixedOffset, string name)
    {
        _zone = zone;
        _fixedOffset = fixedOffset;
        Name = name;
    }

    /// <summary>IANA id, or <c>UTC±hh:mm</c> when only a fixed offset was known.</summary>
    public string Name { get; }

    /// <summary>
    /// The zone named <paramref name="ianaId"/>; when it is missing or unknown on this machine, the
    /// fixed <paramref name="gmtOffsetSeconds"/>. The fixed offset is Yahoo's <em>current</em> offset,
    /// which is good enough for daily bars (stamped mid-morning local time, hours away from midnight
    /// whichever side of a DST change) but not for intraday work.
    /// </summary>
    public static ExchangeClock? Create(string? ianaId, long? gmtOffsetSeconds)
    {
        if (!string.IsNullOrWhiteSpace(ianaId) && TimeZoneInfo.TryFindSystemTimeZoneById(ianaId, out var zone))
        {
            return new ExchangeClock(zone, TimeSpan.Zero, ianaId);
        }

        if (gmtOffsetSeconds is { } seconds && Math.Abs(seconds) <= 14 * 3600)
        {
            var offset = TimeSpan.FromSeconds(seconds);
            return new ExchangeClock(null, offset, "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(@"hh\:mm", System.Globalization.CultureInfo.InvariantCulture));
        }

        return null;
    }

    public DateTimeOffset ToLocal(DateTimeOffset instant) =>
        _zone is null ? instant.ToOffset(_fixedOffset) : TimeZoneInfo.ConvertTime(instant, _zone);

    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant).DateTime);

    public DateOnly DateOfEpoch(long epochSeconds) => DateOf(DateTimeOffset.FromUnixTimeSeconds(epochSeconds));

    /// <summary>The instant at local time <paramref name="time"/> on <paramref name="date"/>.</summary>
    public DateTimeOffset At(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        var offset = _zone is null ? _fixedOffset : _zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
