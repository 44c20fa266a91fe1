using System.Globalization;
using EtfData.FakeUpstream.Yahoo;

namespace EtfData.FakeUpstream.Control;

/// <summary>
/// <c>GET /_fake/clock</c> reads the data clock; <c>POST /_fake/clock?date=YYYY-MM-DD</c> pins it to that
/// date after the close; <c>DELETE /_fake/clock</c> returns to real time. Mapped only when the fake runs
/// on a <see cref="DataClock"/> (the standalone process); tests drive their own TimeProvider.
/// </summary>
internal static class ControlRoutes
{
    public const string ClockPath = "/_fake/clock";

    /// <summary><c>GET</c> lists drifted (source, symbol) pairs; <c>POST ?source=schwab&amp;symbol=BND</c> drifts one, <c>DELETE</c> restores it.</summary>
    public const string DriftPath = "/_fake/drift";

    public static void MapDrift(this IEndpointRouteBuilder app, LayoutDrift drift)
    {
        app.MapGet(DriftPath, () => Results.Json(DescribeDrift(drift)));
        app.MapPost(DriftPath, (string? source, string? symbol) => ChangeDrift(drift, source, symbol, drift.Drift));
        app.MapDelete(DriftPath, (string? source, string? symbol) => ChangeDrift(drift, source, symbol, drift.Restore));
    }

    private static IResult ChangeDrift(LayoutDrift drift, string? source, string? symbol, Action<string, string> change)
    {
        if (string.IsNullOrWhiteSpace(symbol) || source is null || !LayoutDrift.Sources.Contains(source.Trim().ToLowerInvariant()))
        {
            return Results.Problem(
                detail: "source must be one of " + string.Join(", ", LayoutDrift.Sources) + " and symbol given",
                statusCode: StatusCodes.Status400BadRequest);
        }

        change(source, symbol);
        return Results.Json(DescribeDrift(drift));
    }

    private static DriftState[] DescribeDrift(LayoutDrift drift) =>
        [.. drift.All.Select(d => new DriftState(d.Source, d.Symbol))];

    /// <summary>One symbol a source serves drifted.</summary>
    internal sealed record DriftState(string Source, string Symbol);

    public static void MapControl(this IEndpointRouteBuilder app, DataClock clock)
    {
        app.MapGet(ClockPath, () => Results.Json(Describe(clock)));

        app.MapPost(ClockPath, (string? date) =>
        {
            if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return Results.Problem(detail: "date must be YYYY-MM-DD", statusCode: StatusCodes.Status400BadRequest);
            }

            if (day < YahooDataset.HistoryStart)
            {
                return Results.Problem(
                    detail: "the dataset starts " + YahooDataset.HistoryStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    statusCode: StatusCodes.Status400BadRequest);
            }

            clock.SetDate(day);
            return Results.Json(Describe(clock));
        });

        app.MapDelete(ClockPath, () =>
        {
            clock.Release();
            return Results.Json(Describe(clock));
        });
    }

    private static ClockState Describe(DataClock clock)
    {
        var now = clock.GetUtcNow().ToUniversalTime();
        var newYork = TimeZoneInfo.ConvertTime(now, YahooFake.NewYork);
        return new ClockState(
            clock.PinnedDate is null ? "real" : "pinned",
            now,
            newYork,
            DateOnly.FromDateTime(newYork.DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            clock.IsTradingDay);
    }

    /// <summary>What the data clock says.</summary>
    /// <param name="Mode"><c>real</c> (follows real time) or <c>pinned</c>.</param>
    /// <param name="Now">The data clock's instant, UTC.</param>
    /// <param name="NewYork">The same instant in New York time.</param>
    /// <param name="Date">The New York date, YYYY-MM-DD.</param>
    /// <param name="TradingDay">Whether that date is an NYSE trading day.</param>
    internal sealed record ClockState(string Mode, DateTimeOffset Now, DateTimeOffset NewYork, string Date, bool TradingDay);
}
