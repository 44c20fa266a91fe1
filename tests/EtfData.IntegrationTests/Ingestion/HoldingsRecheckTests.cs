using EtfData.Api.Ingestion;
using EtfData.Domain;
using EtfData.FakeUpstream.Issuers;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace EtfData.IntegrationTests.Ingestion;

/// <summary>The host of <see cref="HoldingsRecheckTests"/>: iShares and etfdb with a one-hour re-check interval.</summary>
public sealed class HoldingsRecheckHost : IngestionHost
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Sources:IShares:RecheckAfter"] = "01:00:00",
        ["Sources:Etfdb:RecheckAfter"] = "01:00:00",
    };
}

/// <summary>Politeness: a fund checked within the re-check interval is not asked again.</summary>
public sealed class HoldingsRecheckTests(HoldingsRecheckHost host) : IClassFixture<HoldingsRecheckHost>
{
    [Fact]
    public async Task A_fund_checked_within_the_interval_is_skipped_without_a_request()
    {
        await host.ResetAsync(host.Dataset.Find("IVV")!, host.Dataset.Find("SPY")!);
        host.Fake.Drift.Clear();
        (await host.RunAsync(JobNames.HoldingsIssuer, false, "IVV")).Status.Should().Be(RunStatus.Succeeded);
        (await host.RunAsync(JobNames.Etfdb, false, "SPY")).Status.Should().Be(RunStatus.Succeeded);

        var issuerAgain = await host.RunAsync(JobNames.HoldingsIssuer, false, "IVV");
        var etfdbAgain = await host.RunAsync(JobNames.Etfdb, false, "SPY");

        await using var db = host.Database.NewDbContext();
        var items = await db.IngestionItems.AsNoTracking().Where(i => i.RunId == issuerAgain.Id || i.RunId == etfdbAgain.Id).ToListAsync();
        items.Should().HaveCount(2).And.OnlyContain(i => i.Status == ItemStatus.Skipped && i.Note!.Contains("not asked again yet"));
        host.Fake.Requests.To(IssuerFake.ISharesPath("IVV")).Should().HaveCount(1);
        host.Fake.Requests.To("/etf/SPY/").Should().HaveCount(1);

        // etfdb's fetch time is the host's clock: an hour and a minute later it is read again.
        host.DataClock.Now = host.DataClock.Now.AddMinutes(61);
        var later = await host.RunAsync(JobNames.Etfdb, false, "SPY");
        (await db.IngestionItems.AsNoTracking().SingleAsync(i => i.RunId == later.Id)).Status.Should().Be(ItemStatus.Succeeded);
        host.Fake.Requests.To("/etf/SPY/").Should().HaveCount(2);
    }
}
