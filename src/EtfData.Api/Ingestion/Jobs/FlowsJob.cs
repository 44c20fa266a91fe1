using System.Globalization;
using EtfData.Api.Storage;
using EtfData.Domain;
using EtfData.Domain.Analytics;
using Microsoft.EntityFrameworkCore;

namespace EtfData.Api.Ingestion.Jobs;

/// <summary>
/// Derives <c>fund_flow_daily</c> from the stored fund observations, by the AUM method and the shares
/// method wherever the observations for it exist, per source. An issuer's series (shares outstanding from
/// its holdings files) uses only the NAV its own files date (<see cref="FlowEstimator.ByIssuerShares"/>).
/// Runs after the AUM and prices jobs.
/// The flows of a symbol are replaced as a whole, so a corrected observation corrects its flows.
/// </summary>
public sealed class FlowsJob : IIngestionJob
{
    public string Name => JobNames.Flows;

    public string Description => "Daily net flows from stored AUM, NAV and shares outstanding (AUM and shares methods).";

    public Task<IReadOnlyList<string>> SelectItemsAsync(IngestionRequest request, EtfDataDbContext db, CancellationToken cancellationToken) =>
        Universe.ActiveSymbolsAsync(request, db, cancellationToken);

    public async Task<ItemPlan> PlanAsync(string item, IngestionRequest request, EtfDataDbContext db, CancellationToken cancellationToken)
    {
        // N-PORT's month-end net assets are a monthly figure without NAV: its exact monthly flows are
        // served from the filings (method nport-monthly), never mixed into the daily estimates.
        var observations = await db.FundMetrics.AsNoTracking()
            .Where(m => m.Symbol == item && m.Source != NportSource.Name).ToListAsync(cancellationToken);
        var skipped = new List<SkippedFlowDay>();
        var estimated = observations
            .GroupBy(m => m.Source)
            .SelectMany(series =>
            {
                if (!HoldingSources.IsIssuer(series.Key))
                {
                    return FlowEstimator.ByAum(series).Concat(FlowEstimator.ByShares(series));
                }

                var issuer = FlowEstimator.ByIssuerShares(series);
                skipped.AddRange(issuer.Skipped);
                return FlowEstimator.ByAum(series).Concat(issuer.Flows);
            })
            .ToList();
        // Sources overlap: the key is (symbol, day, method), and an issuer's flow can span several days, so per method
        // keep the issuer's chain and another source's flow only where it covers days no kept flow covers.
        var flows = FlowEstimator.WithoutOverlaps(estimated);

        var notes = new List<string?>();
        if (flows.Count == 0)
        {
            notes.Add("no consecutive observations to derive a flow from");
        }

        if (skipped.Count > 0)
        {
            notes.Add($"issuer shares flow skipped on {skipped.Count.ToString(CultureInfo.InvariantCulture)} day(s): " +
                      string.Join("; ", skipped.OrderBy(d => d.TradeDate).Take(3).Select(d => d.Reason)) + (skipped.Count > 3 ? "; …" : ""));
        }

        return new ItemPlan.Write((context, token) =>
            context.Writer.UpsertAsync(flows, BulkReplaceScope.Where(nameof(FundFlow.Symbol), item), token),
            ItemPlan.JoinNotes([.. notes]));
    }
}
