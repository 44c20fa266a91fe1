using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EtfData.Api.Ingestion;
using EtfData.Domain;
using EtfData.FakeUpstream.Faults;
using EtfData.FakeUpstream.Issuers;
using EtfData.FakeUpstream.Schwab;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Xunit;
using Xunit.Abstractions;

namespace EtfData.IntegrationTests.Reliability;

/// <summary>
/// Absurd values delivered through the fake upstream into real runs: the data tables end with exactly the rows they
/// held plus the good ones, the refused values are in <c>quarantine</c> with their reasons (and at
/// GET /api/admin/quarantine), and the run log's item says how many were quarantined.
/// </summary>
public sealed class QuarantineTests(QuarantineTests.Host host, ITestOutputHelper output) : IClassFixture<QuarantineTests.Host>
{
    private const string Key = "quarantine-admin-key-0123456789";

    /// <summary>Friday 2025-03-14, 17:00 New York: a week after the fixture's usual Friday.</summary>
    private static readonly DateTimeOffset NextFriday = new(2025, 3, 14, 21, 0, 0, TimeSpan.Zero);

    public sealed class Host : IngestionHost
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?> { ["Admin:ApiKey"] = Key };
    }

    [Fact]
    public async Task Yahoo_chart_spike_negative_close_conflicting_duplicate_zero_split_and_oversized_dividend_are_quarantined_and_the_good_bars_stored()
    {
        var spy = host.Dataset.Find("SPY")!;
        await host.ResetAsync(spy);
        (await host.RunAsync(JobNames.Prices, backfill: true)).Status.Should().Be(RunStatus.Succeeded);
        var before = await RowsAsync();
        decimal friday;
        await using (var db = host.Database.NewDbContext())
        {
            friday = await db.DailyPrices.Where(p => p.Symbol == "SPY" && p.TradeDate == new DateOnly(2025, 3, 7)).Select(p => p.Close).SingleAsync();
        }

        var good10 = Math.Round(friday * 1.001m, 2);
        var good14 = Math.Round(friday * 0.999m, 2);
        // Out of order (03-14 first), 03-10 twice identically, 03-11 at 1,000× the close of 03-10, 03-12 negative,
        // 03-13 twice with different closes; a 0:1 split on 03-12 and a dividend on 03-14 larger than its close.
        var body = Chart(
            [("2025-03-14", good14), ("2025-03-10", good10), ("2025-03-11", good10 * 1000m), ("2025-03-12", -5m), ("2025-03-13", good10),
             ("2025-03-10", good10), ("2025-03-13", good10 + 1m)],
            split: ("2025-03-12", 0m, 1m),
            dividend: ("2025-03-14", good14 + 1m));
        host.DataClock.Now = NextFriday;
        host.Fake.Faults.On("/yahoo/v8/finance/chart/SPY", Fault.Status(200, null, body), times: null);

        var run = await host.RunAsync(JobNames.Prices);

        var item = await ItemAsync(run);
        item.Status.Should().Be(ItemStatus.Succeeded, item.Error);
        run.Status.Should().Be(RunStatus.Succeeded);
        item.Note.Should().Contain("1 identical duplicate bar(s) collapsed").And.Contain("5 value(s) quarantined, not stored");
        var after = await RowsAsync();
        after.Should().BeEquivalentTo(before.Concat(
        [
            $"price_daily SPY 2025-03-10 {N(good10)} {N(good10)} {N(good10)} {N(good10)} {N(good10)} 1000",
            $"price_daily SPY 2025-03-14 {N(good14)} {N(good14)} {N(good14)} {N(good14)} {N(good14)} 1000",
        ]));
        var quarantined = await QuarantinedAsync();
        quarantined.Select(q => (q.Kind, q.AsOf)).Should().BeEquivalentTo(
        [
            ("price", "2025-03-11"), ("price", "2025-03-12"), ("price", "2025-03-13"), ("split", "2025-03-12"), ("dividend", "2025-03-14"),
        ]);
        quarantined.Should().OnlyContain(q => q.RunId == run.Id && q.Source == "yahoo" && q.Job == JobNames.Prices && q.TimesSeen == 1);
        quarantined.Single(q => q.AsOf == "2025-03-11").Reason.Should().Be(Invariant(
            $"close {good10 * 1000m:N2} of 2025-03-11 is 1,000× the previous close {good10:N2} of 2025-03-10 with no split between"));
        quarantined.Single(q => q.Kind == "split").Reason.Should().Be("split 0:1 on 2025-03-12 leaves no shares or divides by zero");

        // The same payload again: nothing new stored, no quarantine row added, each one seen twice.
        var again = await host.RunAsync(JobNames.Prices);
        (await RowsAsync()).Should().BeEquivalentTo(after);
        var seenTwice = await QuarantinedAsync();
        seenTwice.Should().HaveCount(5).And.OnlyContain(q => q.TimesSeen == 2 && q.RunId == run.Id && q.LastRunId == again.Id);

        // The admin API lists them with their reasons, filtered.
        using var client = host.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        var listed = await client.GetFromJsonAsync<JsonElement>("/api/admin/quarantine?symbol=spy&kind=price");
        listed.GetProperty("total").GetInt64().Should().Be(3);
        listed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("asOf").GetString()).Should().BeEquivalentTo("2025-03-11", "2025-03-12", "2025-03-13");
        listed.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("asOf").GetString() == "2025-03-13")
            .GetProperty("values").GetProperty("bars").GetArrayLength().Should().Be(2);
        Figures.Report(output, $"quarantine: yahoo chart payload with 7 bars, 1 split, 1 dividend → 2 bars stored, 1 identical duplicate collapsed, {quarantined.Count} values quarantined");
    }

    [Fact]
    public async Task A_full_history_whose_first_bar_is_1000_times_off_loses_only_that_bar()
    {
        var spy = host.Dataset.Find("SPY")!;
        await host.ResetAsync(spy);
        var before = await RowsAsync();
        // Nothing stored for SPY. 03-03 at 0.41 then 412.00 … 415.00: 412 / 0.41 = 1,004.9× (far from the next close) while
        // 413 / 412 = 1.002 confirms 412: only 03-03 goes. Judged against 0.41 as the anchor, every later bar would be ≥ 1,000× off.
        host.Fake.Faults.On("/yahoo/v8/finance/chart/SPY",
            Fault.Status(200, null, Chart([("2025-03-03", 0.41m), ("2025-03-04", 412m), ("2025-03-05", 413m), ("2025-03-06", 414m), ("2025-03-07", 415m)], null, null)),
            times: null);

        var run = await host.RunAsync(JobNames.Prices, backfill: true);

        var item = await ItemAsync(run);
        item.Status.Should().Be(ItemStatus.Succeeded, item.Error);
        item.Note.Should().Contain("1 value(s) quarantined, not stored (first: close 0.41 of 2025-03-03 is 1/1,005× the next close 412.00 of 2025-03-04");
        (await RowsAsync()).Except(before).Should().BeEquivalentTo(new[] { ("2025-03-04", 412), ("2025-03-05", 413), ("2025-03-06", 414), ("2025-03-07", 415) }
            .Select(b => Invariant($"price_daily SPY {b.Item1} {b.Item2} {b.Item2} {b.Item2} {b.Item2} {b.Item2} 1000")));
        var entry = (await QuarantinedAsync()).Should().ContainSingle().Subject;
        (entry.Kind, entry.AsOf, entry.Source).Should().Be(("price", "2025-03-03", "yahoo"));
    }

    [Fact]
    public async Task An_etfdb_page_with_AUM_1000_times_the_previous_and_an_absurd_flow_keeps_the_stored_figures()
    {
        var spy = host.Dataset.Find("SPY")!;
        await host.ResetAsync(spy);
        (await host.RunAsync(JobNames.Etfdb)).Status.Should().Be(RunStatus.Succeeded);
        EtfSourceProfile stored;
        List<ReportedFlow> storedFlows;
        await using (var db = host.Database.NewDbContext())
        {
            stored = await db.EtfSourceProfiles.AsNoTracking().SingleAsync(p => p.Symbol == "SPY");
            storedFlows = await db.ReportedFlows.AsNoTracking().Where(f => f.Symbol == "SPY").OrderBy(f => f.WindowName).ToListAsync();
        }

        using var http = new HttpClient();
        var page = await http.GetStringAsync(host.Fake.RootUrl + "/etf/SPY/");
        // "$612,345.6 M" → "$612,345.6 B": the same digits read 1,000× larger. The 1-year window → "999999.00 B" (1e15 USD):
        // 1e15 / the stored AUM (≈ 6e11) ≈ 1,600× ≥ 1,000×.
        var absurd = Regex.Replace(page, @"(<span>AUM</span> <span class=""pull-right"">\$[\d,.]+) M", "$1 B");
        absurd = Regex.Replace(absurd, @"(<span class=""net-fund-flow 1-year""[^>]*> <b>[^<]*</b> )[^<]+( </span>)", "${1}999999.00 B$2");
        absurd.Should().NotBe(page);
        host.Fake.Faults.On("/etf/SPY/", Fault.Status(200, null, absurd, "text/html;charset=utf-8"), times: null);

        var run = await host.RunAsync(JobNames.Etfdb);

        var item = await ItemAsync(run);
        item.Status.Should().Be(ItemStatus.Succeeded, item.Error);
        item.Note.Should().Contain("2 value(s) quarantined, not stored (first: etfdb AUM ");
        await using (var db = host.Database.NewDbContext())
        {
            var profile = await db.EtfSourceProfiles.AsNoTracking().SingleAsync(p => p.Symbol == "SPY");
            (profile.AumUsd, profile.AumAsOf).Should().Be((stored.AumUsd, stored.AumAsOf));
            // Same session, so the same windows' rows: the 1-year one keeps the value read before.
            (await db.ReportedFlows.AsNoTracking().Where(f => f.Symbol == "SPY").OrderBy(f => f.WindowName).ToListAsync())
                .Select(f => (f.AsOf, f.WindowName, f.NetFlowUsd)).Should().Equal(storedFlows.Select(f => (f.AsOf, f.WindowName, f.NetFlowUsd)));
        }

        var quarantined = await QuarantinedAsync();
        quarantined.Select(q => (q.Kind, q.Source, q.Job, q.Symbol)).Should().BeEquivalentTo(
            [("aum", "etfdb", JobNames.Etfdb, "SPY"), ("flow", "etfdb", JobNames.Etfdb, "SPY")]);
        quarantined.Single(q => q.Kind == "aum").Reason.Should().MatchRegex(@"^etfdb AUM [\d,.]+ USD of \d{4}-\d\d-\d\d is 1,000× the [\d,.]+ USD it stated before$");
        quarantined.Single(q => q.Kind == "flow").Reason.Should().StartWith("etfdb 1-year net flow 999,999,000,000,000 USD to ");
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=1001", "limit")]
    [InlineData("?kind=bogus", "kind")]
    [InlineData("?symbol=SPY'%3B%20DROP%20TABLE%20etf%3B--", "symbol")]
    [InlineData("?source=a%20b", "source")]
    public async Task Bad_filters_of_the_quarantine_list_are_400_problem_details_naming_the_parameter(string query, string parameter)
    {
        using var client = host.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);

        var response = await client.GetAsync("/api/admin/quarantine" + query);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").TryGetProperty(parameter, out _).Should().BeTrue();
    }

    [Fact]
    public async Task The_quarantine_list_needs_the_admin_key()
    {
        using var client = host.Factory.CreateClient();

        (await client.GetAsync("/api/admin/quarantine")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_quarantine_list_is_in_the_openapi_document_with_its_filters_and_outcomes()
    {
        using var client = host.Factory.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");

        var get = document.GetProperty("paths").GetProperty("/api/admin/quarantine").GetProperty("get");
        get.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString())
            .Should().BeEquivalentTo("symbol", "kind", "source", "since", "limit");
        get.GetProperty("responses").EnumerateObject().Select(r => r.Name).Should().Contain(["200", "400", "401"]);
        document.GetProperty("components").GetProperty("schemas").TryGetProperty("QuarantineEntry", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Yahoo_fund_snapshot_with_AUM_of_0_and_negative_shares_keeps_only_its_NAV()
    {
        var spy = host.Dataset.Find("SPY")!;
        await host.ResetAsync(spy);
        (await host.RunAsync(JobNames.Aum)).Status.Should().Be(RunStatus.Succeeded);
        var before = await RowsAsync();
        FundMetric previous;
        await using (var db = host.Database.NewDbContext())
        {
            previous = await db.FundMetrics.AsNoTracking().SingleAsync(m => m.Symbol == "SPY" && m.Source == "yahoo");
        }

        var nav = Math.Round(previous.NavPerShare!.Value * 1.01m, 2);
        var day = previous.AsOf.AddDays(3);
        var marketTime = new DateTimeOffset(day.ToDateTime(new TimeOnly(20, 0)), TimeSpan.Zero).ToUnixTimeSeconds();
        var body = Invariant($$$"""
            {"quoteSummary":{"result":[{"price":{"symbol":"SPY","currency":"USD","regularMarketTime":{{{marketTime}}}},
            "quoteType":{"symbol":"SPY","quoteType":"ETF","timeZoneFullName":"America/New_York"},
            "summaryDetail":{"currency":"USD","totalAssets":0,"navPrice":{{{nav}}}},
            "defaultKeyStatistics":{"sharesOutstanding":-5}}],"error":null}}
            """);
        host.DataClock.Now = new DateTimeOffset(day.ToDateTime(new TimeOnly(22, 0)), TimeSpan.Zero);
        host.Fake.Faults.On("/yahoo/v10/finance/quoteSummary/SPY", Fault.Status(200, null, body), times: null);

        var run = await host.RunAsync(JobNames.Aum);

        var item = await ItemAsync(run);
        item.Status.Should().Be(ItemStatus.Succeeded, item.Error);
        item.Note.Should().Contain("2 value(s) quarantined, not stored (first: total assets 0 of " + Day(day) + " is not a size a fund can have)");
        (await RowsAsync()).Should().BeEquivalentTo(before.Append($"fund_metric_daily SPY {Day(day)} yahoo  {N(nav)} "));
        (await QuarantinedAsync()).Select(q => (q.Kind, q.AsOf, q.Source)).Should().BeEquivalentTo(
            [("aum", Day(day), "yahoo"), ("shares_outstanding", Day(day), "yahoo")]);
    }

    [Fact]
    public async Task An_iShares_file_whose_weights_sum_to_300_percent_is_quarantined_whole_and_only_its_header_shares_stored()
    {
        var ivv = host.Dataset.Find("IVV")!;
        await host.ResetAsync(ivv);
        var path = IssuerFake.ISharesPath("IVV");
        using var http = new HttpClient();
        var file = await http.GetStringAsync(host.Fake.RootUrl + path + IssuerFake.ISharesQuery("IVV"));
        var tripled = TripleRows(file);
        var before = await RowsAsync();
        host.Fake.Faults.On(path, Fault.Status(200, null, tripled, "text/csv;charset=utf-8"), times: null);

        var run = await host.RunAsync(JobNames.HoldingsIssuer, false, "IVV");

        var item = await ItemAsync(run);
        item.Status.Should().Be(ItemStatus.Succeeded, item.Error);
        item.Note.Should().Contain("1 value(s) quarantined, not stored").And.Contain("weights summing to 300");
        await using var db = host.Database.NewDbContext();
        (await db.HoldingSnapshots.CountAsync()).Should().Be(0);
        var metric = await db.FundMetrics.AsNoTracking().SingleAsync(m => m.Symbol == "IVV");
        metric.Should().Match<FundMetric>(m => m.Source == HoldingSources.IShares && m.TotalAssetsUsd == null && m.NavPerShare == null && m.SharesOutstanding > 0);
        (await RowsAsync()).Except(before).Should().ContainSingle().Which.Should().StartWith("fund_metric_daily IVV");
        var entry = (await QuarantinedAsync()).Should().ContainSingle().Subject;
        (entry.Kind, entry.Source, entry.Symbol).Should().Be(("holdings_snapshot", HoldingSources.IShares, "IVV"));
        entry.Reason.Should().MatchRegex(@"^the \d+ ishares holdings of \d{4}-\d\d-\d\d have weights summing to 300(\.\d+)? %, outside 10 %–250 %; the snapshot is not stored$");
    }

    [Fact]
    public async Task A_Schwab_page_whose_weights_sum_far_past_250_percent_is_quarantined_whole_and_nothing_stored()
    {
        var voo = host.Dataset.Find("VOO")!;
        await host.ResetAsync(voo);
        using var http = new HttpClient();
        var page = await http.GetStringAsync(host.Fake.RootUrl + SchwabFake.PageUrl("VOO"));
        // Every weight of the first page × 10 (7.11% → 71.10%): percentages read with a misplaced decimal point.
        var scaled = Regex.Replace(page, @">(\d+\.\d\d)%<", m => Invariant($">{decimal.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 10:0.00}%<"));
        scaled.Should().NotBe(page);
        var before = await RowsAsync();
        host.Fake.Faults.On(SchwabFake.PagePath, Fault.Status(200, null, scaled, "text/html;charset=utf-8"), times: null);

        var run = await host.RunAsync(JobNames.HoldingsSchwab, false, "VOO");

        var item = await ItemAsync(run);
        item.Status.Should().Be(ItemStatus.Succeeded, item.Error);
        item.Note.Should().StartWith("all 1 value(s) quarantined, not stored (first: the ").And.Contain("outside 10 %–250 %");
        (await RowsAsync()).Should().BeEquivalentTo(before);
        var entry = (await QuarantinedAsync()).Should().ContainSingle().Subject;
        (entry.Kind, entry.Source, entry.Symbol, entry.Job).Should().Be(("holdings_snapshot", HoldingSources.Schwab, "VOO", JobNames.HoldingsSchwab));
    }

    /// <summary>Every data row of the tables a quarantined value could have landed in, as text.</summary>
    private async Task<List<string>> RowsAsync()
    {
        await using var connection = await host.Database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT 'price_daily ' || concat_ws(' ', symbol, trade_date, trim_scale(open), trim_scale(high), trim_scale(low), trim_scale(close),
                                               trim_scale(adj_close), volume) FROM price_daily
            UNION ALL SELECT 'dividend ' || concat_ws(' ', symbol, ex_date, trim_scale(cash_amount)) FROM dividend
            UNION ALL SELECT 'split ' || concat_ws(' ', symbol, split_date, trim_scale(numerator), trim_scale(denominator)) FROM split
            UNION ALL SELECT 'fund_metric_daily ' || symbol || ' ' || as_of || ' ' || source || ' ' || coalesce(trim_scale(total_assets_usd)::text, '') || ' '
                             || coalesce(trim_scale(nav_per_share)::text, '') || ' ' || coalesce(shares_outstanding::text, '') FROM fund_metric_daily
            UNION ALL SELECT 'holding_snapshot ' || concat_ws(' ', symbol, as_of, source, position_count) FROM holding_snapshot
            """;
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private async Task<List<QuarantineRow>> QuarantinedAsync()
    {
        await using var db = host.Database.NewDbContext();
        return await db.Database.SqlQuery<QuarantineRow>($"""
            SELECT kind AS "Kind", to_char(as_of, 'YYYY-MM-DD') AS "AsOf", source AS "Source", job AS "Job", symbol AS "Symbol", reason AS "Reason",
                   run_id AS "RunId", last_run_id AS "LastRunId", times_seen AS "TimesSeen"
              FROM quarantine ORDER BY id
            """).ToListAsync();
    }

    private async Task<IngestionItem> ItemAsync(IngestionRun run)
    {
        await using var db = host.Database.NewDbContext();
        return await db.IngestionItems.AsNoTracking().SingleAsync(i => i.RunId == run.Id);
    }

    private static string TripleRows(string csv)
    {
        var lines = csv.Split('\n');
        var header = Array.FindIndex(lines, l => l.StartsWith("Ticker,", StringComparison.Ordinal));
        var end = Array.FindIndex(lines, header + 1, l => l.Trim().Length == 0 || l.Trim() == "\u00A0");
        var rows = lines[(header + 1)..end];
        return string.Join('\n', lines[..(header + 1)].Concat(rows).Concat(rows).Concat(rows).Concat(lines[end..]));
    }

    private static string Chart(IReadOnlyList<(string Day, decimal Close)> bars, (string Day, decimal Numerator, decimal Denominator)? split, (string Day, decimal Amount)? dividend)
    {
        static long Epoch(string day) => new DateTimeOffset(DateOnly.Parse(day, CultureInfo.InvariantCulture).ToDateTime(new TimeOnly(14, 30)), TimeSpan.Zero).ToUnixTimeSeconds();
        static string Numbers(IEnumerable<decimal> values) => string.Join(",", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
        var closes = Numbers(bars.Select(b => b.Close));
        var json = new StringBuilder()
            .Append("{\"chart\":{\"result\":[{\"meta\":{\"currency\":\"USD\",\"symbol\":\"SPY\",\"exchangeTimezoneName\":\"America/New_York\",")
            .Append("\"gmtoffset\":-14400,\"priceHint\":2,\"dataGranularity\":\"1d\"},")
            .Append("\"timestamp\":[").Append(string.Join(",", bars.Select(b => Epoch(b.Day)))).Append("],")
            .Append("\"events\":{\"splits\":{");
        if (split is { } sp)
        {
            json.Append('"').Append(Epoch(sp.Day)).Append("\":{\"date\":").Append(Epoch(sp.Day))
                .Append(",\"numerator\":").Append(Numbers([sp.Numerator])).Append(",\"denominator\":").Append(Numbers([sp.Denominator])).Append('}');
        }

        json.Append("},\"dividends\":{");
        if (dividend is { } dv)
        {
            json.Append('"').Append(Epoch(dv.Day)).Append("\":{\"date\":").Append(Epoch(dv.Day)).Append(",\"amount\":").Append(Numbers([dv.Amount])).Append('}');
        }

        json.Append("}},")
            .Append("\"indicators\":{\"quote\":[{\"open\":[").Append(closes).Append("],\"high\":[").Append(closes).Append("],\"low\":[").Append(closes)
            .Append("],\"close\":[").Append(closes).Append("],\"volume\":[").Append(string.Join(",", bars.Select(_ => "1000")))
            .Append("]}],\"adjclose\":[{\"adjclose\":[").Append(closes).Append("]}]}}],\"error\":null}}");
        return json.ToString();
    }

    /// <summary>A number as <c>trim_scale</c> writes it.</summary>
    private static string N(decimal value) => value.ToString("0.############", CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record QuarantineRow(string Kind, string? AsOf, string Source, string Job, string? Symbol, string Reason, long? RunId, long? LastRunId, int TimesSeen);
}
