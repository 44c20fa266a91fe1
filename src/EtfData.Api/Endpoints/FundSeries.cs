using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.EntityFrameworkCore;

namespace EtfData.Api.Endpoints;

/// <summary>Loading the observation series the analytics work on.</summary>
internal static class FundSeries
{
    /// <summary>
    /// The AUM observations of one symbol from one source: <paramref name="source"/>, or else the
    /// source with the most recent AUM observation (series from two sources are never mixed).
    /// </summary>
    public static async Task<(string? Source, List<(DateOnly Date, decimal AumUsd)> Points)> AumAsync(
        EtfDataDbContext db, string symbol, string? source, CancellationToken cancellationToken)
    {
        var metrics = db.FundMetrics.AsNoTracking().Where(m => m.Symbol == symbol && m.TotalAssetsUsd != null);
        source ??= await metrics.OrderByDescending(m => m.AsOf).ThenBy(m => m.Source).Select(m => m.Source).FirstOrDefaultAsync(cancellationToken);
        if (source is null)
        {
            return (null, []);
        }

        var points = await metrics.Where(m => m.Source == source).OrderBy(m => m.AsOf)
            .Select(m => new { m.AsOf, m.TotalAssetsUsd }).ToListAsync(cancellationToken);
        return (source, [.. points.Select(p => (p.AsOf, p.TotalAssetsUsd!.Value))]);
    }

    public static Task<List<DailyPrice>> BarsAsync(EtfDataDbContext db, string symbol, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        db.DailyPrices.AsNoTracking().Where(p => p.Symbol == symbol && p.TradeDate >= from && p.TradeDate <= to)
            .OrderBy(p => p.TradeDate).ToListAsync(cancellationToken);

    /// <summary>A fraction as a percent rounded to 4 places (0.0123456 → 1.2346).</summary>
    public static decimal? Pct(decimal? fraction) => fraction is { } f ? Math.Round(f * 100, 4) : null;

    /// <summary>
    /// The range a daily series answers: <paramref name="to"/>, else its latest day (<paramref name="asOf"/>), else
    /// open-ended; <paramref name="from"/>, else one year before that end (open-ended when the end is).
    /// </summary>
    public static (DateOnly From, DateOnly To) DefaultYear(DateOnly? from, DateOnly? to, DateOnly? asOf)
    {
        var end = to ?? asOf ?? DateOnly.MaxValue;
        var start = from ?? (end == DateOnly.MaxValue || end.Year == 1 ? DateOnly.MinValue : end.AddYears(-1));
        return (start, end);
    }

    /// <summary>A validated <c>method</c> parameter (<c>aum</c> when omitted).</summary>
    public static FlowMethod ParseMethod(string? raw) => raw == "shares" ? FlowMethod.Shares : FlowMethod.Aum;
}
