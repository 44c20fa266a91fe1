using EtfData.Api.Ingestion;
using EtfData.Domain;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace EtfData.IntegrationTests.Ingestion;

/// <summary>
/// The flows job on an issuer's dated shares outstanding (as the holdings job stores them from the file
/// header, with the NAV derived from the same file) beside Yahoo's own observations, whose NAV it never borrows.
/// </summary>
public sealed class IssuerSharesFlowTests(IngestionHost host) : IClassFixture<IngestionHost>
{
    private static readonly DateOnly Mon = new(2025, 3, 3);
    private static readonly DateOnly Tue = new(2025, 3, 4);
    private static readonly DateOnly Wed = new(2025, 3, 5);

    [Fact]
    public async Task Issuer_shares_on_two_days_with_the_issuers_own_nav_give_the_shares_flow_and_a_day_without_it_is_skipped_with_a_reason()
    {
        var ivv = host.Dataset.Find("IVV")!;
        await host.ResetAsync(ivv);
        await using (var seed = host.Database.NewDbContext())
        {
            seed.FundMetrics.AddRange(
                // The issuer's NAV of each file's day (derived from the file); Wednesday's file gave none.
                new FundMetric("IVV", Mon, HoldingSources.IShares, null, 568.5m, 900_000_000),
                new FundMetric("IVV", Tue, HoldingSources.IShares, null, 570m, 900_400_000),
                new FundMetric("IVV", Wed, HoldingSources.IShares, null, null, 900_300_000),
                // Yahoo's own figures: NAV both days, and shares outstanding that lag the issuer's by a day.
                new FundMetric("IVV", Mon, "yahoo", 512_000_000_000m, 568.88m, 899_900_000),
                new FundMetric("IVV", Tue, "yahoo", 513_000_000_000m, 570.125m, 900_000_000));
            await seed.SaveChangesAsync();
        }

        var run = await host.RunAsync(JobNames.Flows);

        run.Status.Should().Be(RunStatus.Succeeded, run.Error);
        await using var db = host.Database.NewDbContext();
        var flows = await db.FundFlows.AsNoTracking().Where(f => f.Symbol == "IVV").OrderBy(f => f.TradeDate).ThenBy(f => f.Method).ToListAsync();
        // Shares method on Tuesday from the issuer: (900,400,000 − 900,000,000) × 570 (the issuer's NAV of Tuesday)
        //   = 400,000 × 570 = 228,000,000 — not with Yahoo's undated 570.125 (228,050,000), and not Yahoo's own
        //   (900,000,000 − 899,900,000) × 570.125 = 57,012,500.
        // AUM method on Tuesday from Yahoo: 513,000,000,000 − 512,000,000,000 × 570.125 / 568.88
        //   = 513,000,000,000 − 513,120,517,508.086… = −120,517,508.09 (rounded to cents).
        // Wednesday: the issuer's shares but no NAV of the issuer's → no flow.
        flows.Select(f => (f.TradeDate, f.Method, f.NetFlowUsd, f.Source)).Should().Equal(
            (Tue, FlowMethod.Aum, -120_517_508.09m, "yahoo"),
            (Tue, FlowMethod.Shares, 228_000_000m, HoldingSources.IShares));
        var shares = flows.Single(f => f.Method == FlowMethod.Shares);
        (shares.SharesOutstanding, shares.PreviousSharesOutstanding, shares.NavPerShare, shares.PreviousDate)
            .Should().Be((900_400_000L, 900_000_000L, 570m, Mon));
        var item = await db.IngestionItems.AsNoTracking().SingleAsync(i => i.RunId == run.Id && i.Item == "IVV");
        item.Note.Should().Be(
            "issuer shares flow skipped on 1 day(s): no NAV dated 2025-03-05: the ishares file of that day gives none");
    }

    [Fact]
    public async Task Yahoo_flows_inside_an_issuer_flows_span_are_dropped_so_no_day_is_counted_twice()
    {
        var ivv = host.Dataset.Find("IVV")!;
        await host.ResetAsync(ivv);
        var lastFri = Mon.AddDays(-3);
        var thu = Mon.AddDays(3);
        var fri = Mon.AddDays(4);
        await using (var seed = host.Database.NewDbContext())
        {
            seed.FundMetrics.AddRange(
                // Issuer files read on Monday and Thursday only.
                new FundMetric("IVV", Mon, HoldingSources.IShares, null, 568.5m, 900_000_000),
                new FundMetric("IVV", thu, HoldingSources.IShares, null, 571m, 900_600_000),
                // Yahoo every day (shares and NAV, no total assets: shares method only).
                new FundMetric("IVV", lastFri, "yahoo", null, 567m, 899_800_000),
                new FundMetric("IVV", Mon, "yahoo", null, 568m, 899_900_000),
                new FundMetric("IVV", Tue, "yahoo", null, 569m, 900_100_000),
                new FundMetric("IVV", Wed, "yahoo", null, 570m, 900_300_000),
                new FundMetric("IVV", thu, "yahoo", null, 571m, 900_500_000),
                new FundMetric("IVV", fri, "yahoo", null, 572m, 900_650_000));
            await seed.SaveChangesAsync();
        }

        var run = await host.RunAsync(JobNames.Flows);

        run.Status.Should().Be(RunStatus.Succeeded, run.Error);
        await using var db = host.Database.NewDbContext();
        var flows = await db.FundFlows.AsNoTracking().Where(f => f.Symbol == "IVV").OrderBy(f => f.TradeDate).ToListAsync();
        // Issuer (Mon, Thu]: (900,600,000 − 900,000,000) × 571 = 600,000 × 571 = 342,600,000 — covers Tue, Wed, Thu.
        // Yahoo (Fri, Mon]: (899,900,000 − 899,800,000) × 568 = 100,000 × 568 = 56,800,000 — outside it, kept.
        // Yahoo Tue (200,000 × 569), Wed (200,000 × 570) and Thu (200,000 × 571) fall inside the issuer's span: dropped.
        // Yahoo (Thu, Fri]: (900,650,000 − 900,500,000) × 572 = 150,000 × 572 = 85,800,000 — after it, kept.
        // The week sums to 56,800,000 + 342,600,000 + 85,800,000 = 485,200,000.
        flows.Select(f => (f.TradeDate, f.Method, f.PreviousDate, f.NetFlowUsd, f.Source)).Should().Equal(
            (Mon, FlowMethod.Shares, lastFri, 56_800_000m, "yahoo"),
            (thu, FlowMethod.Shares, Mon, 342_600_000m, HoldingSources.IShares),
            (fri, FlowMethod.Shares, thu, 85_800_000m, "yahoo"));
        flows.Sum(f => f.NetFlowUsd).Should().Be(485_200_000m);
    }
}
