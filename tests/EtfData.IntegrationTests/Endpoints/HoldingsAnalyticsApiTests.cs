using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Xunit;

namespace EtfData.IntegrationTests.Endpoints;

/// <summary>
/// Holdings changes, exposure, concentration, overlap and look-through over the real host, on snapshots and securities
/// seeded straight into the database:
/// <code>
/// security  1 AAPL 037833100 Information Technology US Equity   2 MSFT 594918104 IT US Equity   3 NVDA 67066G104 IT US Equity
///           4 JNJ  478160104 Health Care US Equity              5 AMZN 023135106 Consumer Discretionary US Equity
///           6 UST 2030 US91282CJL54 US Fixed Income (no sector)  7 UST 2035 US91282CKK58 US Fixed Income (no sector)
/// SPY spdr 2026-11-20 (full): AAPL 0.50 (1000 sh), MSFT 0.30 (500 sh), JNJ 0.20 (300 sh)
/// SPY spdr 2026-11-25 (full): AAPL 0.45 (950 sh),  MSFT 0.30 (500 sh), NVDA 0.25 (400 sh)
/// SPY yahoo 2026-11-26 (top): AAPL 0.07, MSFT 0.06   — newer, but a top list never beats a full portfolio
/// QQQ sec-nport 2026-10-31 (full, positions name CUSIPs only, no tickers or sectors): AAPL 0.40, NVDA 0.30, AMZN 0.25, USD cash 0.05 (no security)
/// AGG ishares 2026-11-25 (full): UST 2030 0.60, UST 2035 0.40
/// VOO yahoo 2026-11-25 (top, tickers only): AAPL 0.07, MSFT 0.065
/// IWM: no holdings
/// </code>
/// </summary>
public sealed class HoldingsAnalyticsApiTests(ApiHost host) : IClassFixture<ApiHost>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await host.Database.TruncateDataAsync();
        await host.Database.ExecuteAsync("TRUNCATE security RESTART IDENTITY CASCADE");
        await host.Database.ExecuteAsync("""
            INSERT INTO etf (symbol, name) VALUES
              ('SPY', 'SPDR S&P 500 ETF Trust'), ('QQQ', 'Invesco QQQ Trust'), ('AGG', 'iShares Core US Aggregate Bond ETF'),
              ('VOO', 'Vanguard S&P 500 ETF'), ('IWM', 'iShares Russell 2000 ETF');
            INSERT INTO security (id, cusip, isin, ticker, name, name_key, sector, sector_source, country, asset_class) OVERRIDING SYSTEM VALUE VALUES
              (1, '037833100', NULL, 'AAPL', 'Apple Inc', 'APPLE INC', 'Information Technology', 'spdr', 'US', 'Equity'),
              (2, '594918104', NULL, 'MSFT', 'Microsoft Corp', 'MICROSOFT CORP', 'Information Technology', 'spdr', 'US', 'Equity'),
              (3, '67066G104', NULL, 'NVDA', 'NVIDIA Corp', 'NVIDIA CORP', 'Information Technology', 'spdr', 'US', 'Equity'),
              (4, '478160104', NULL, 'JNJ', 'Johnson & Johnson', 'JOHNSON JOHNSON', 'Health Care', 'spdr', 'US', 'Equity'),
              (5, '023135106', NULL, 'AMZN', 'Amazon.com Inc', 'AMAZON COM INC', 'Consumer Discretionary', 'ishares', 'US', 'Equity'),
              (6, NULL, 'US91282CJL54', NULL, 'UST 2030', 'UST 2030', NULL, NULL, 'US', 'Fixed Income'),
              (7, NULL, 'US91282CKK58', NULL, 'UST 2035', 'UST 2035', NULL, NULL, 'US', 'Fixed Income');
            INSERT INTO nport_filing (accession, cik, report_period, filed_date, submission_type, figures_scope, holding_count)
              VALUES ('0001067839-26-000123', 1067839, '2026-10-31', '2026-11-24', 'NPORT-P', 'fund', 4);
            INSERT INTO holding_snapshot (id, symbol, as_of, source, position_count, coverage, nport_accession) OVERRIDING SYSTEM VALUE VALUES
              (1, 'SPY', '2026-11-20', 'spdr', 3, 'full', NULL), (2, 'SPY', '2026-11-25', 'spdr', 3, 'full', NULL),
              (3, 'SPY', '2026-11-26', 'yahoo', 2, 'top', NULL), (4, 'QQQ', '2026-10-31', 'sec-nport', 4, 'full', '0001067839-26-000123'),
              (5, 'AGG', '2026-11-25', 'ishares', 2, 'full', NULL), (6, 'VOO', '2026-11-25', 'yahoo', 2, 'top', NULL);
            INSERT INTO holding (snapshot_id, position, ticker, name, cusip, isin, weight, shares, security_id, asset_class) VALUES
              (1, 1, 'AAPL', 'Apple Inc', '037833100', NULL, 0.50, 1000, 1, NULL),
              (1, 2, 'MSFT', 'Microsoft Corp', '594918104', NULL, 0.30, 500, 2, NULL),
              (1, 3, 'JNJ', 'Johnson & Johnson', '478160104', NULL, 0.20, 300, 4, NULL),
              (2, 1, 'AAPL', 'Apple Inc', '037833100', NULL, 0.45, 950, 1, NULL),
              (2, 2, 'MSFT', 'Microsoft Corp', '594918104', NULL, 0.30, 500, 2, NULL),
              (2, 3, 'NVDA', 'NVIDIA Corp', '67066G104', NULL, 0.25, 400, 3, NULL),
              (3, 1, 'AAPL', 'Apple Inc', NULL, NULL, 0.07, NULL, NULL, NULL),
              (3, 2, 'MSFT', 'Microsoft Corp', NULL, NULL, 0.06, NULL, NULL, NULL),
              (4, 1, NULL, 'APPLE INC', '037833100', NULL, 0.40, 800, 1, NULL),
              (4, 2, NULL, 'NVIDIA CORP', '67066G104', NULL, 0.30, 600, 3, NULL),
              (4, 3, NULL, 'AMAZON.COM INC', '023135106', NULL, 0.25, 700, 5, NULL),
              (4, 4, NULL, 'USD CASH', NULL, NULL, 0.05, NULL, NULL, 'Cash'),
              (5, 1, NULL, 'UST 2030', NULL, 'US91282CJL54', 0.60, NULL, 6, NULL),
              (5, 2, NULL, 'UST 2035', NULL, 'US91282CKK58', 0.40, NULL, 7, NULL),
              (6, 1, 'AAPL', 'Apple Inc', NULL, NULL, 0.07, NULL, NULL, NULL),
              (6, 2, 'MSFT', 'Microsoft Corp', NULL, NULL, 0.065, NULL, NULL, NULL);
            """);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Changes_default_to_the_latest_two_snapshots_of_the_best_source()
    {
        // Best source of SPY: spdr (full) even though Yahoo's top list is newer. 11-20 → 11-25:
        //   NVDA added +0.25 (+400 sh); JNJ removed −0.20 (−300 sh); AAPL 0.50 → 0.45 = −0.05 (−50 sh); MSFT unchanged.
        //   turnover = ½ (0.25 + 0.20 + 0.05 + 0) = 0.25; top 10 then 1.0, now 1.0.
        using var response = await host.Client.GetAsync("/api/etfs/spy/holdings/changes");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.ETag.Should().NotBeNull();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        body.GetProperty("symbol").GetString().Should().Be("SPY");
        body.GetProperty("source").GetString().Should().Be("spdr");
        body.GetProperty("from").GetProperty("asOf").GetString().Should().Be("2026-11-20");
        body.GetProperty("to").GetProperty("asOf").GetString().Should().Be("2026-11-25");
        body.GetProperty("to").GetProperty("coverage").GetString().Should().Be("full");
        body.GetProperty("turnover").GetDecimal().Should().Be(0.25m);
        body.GetProperty("top10WeightFrom").GetDecimal().Should().Be(1.0m);
        body.GetProperty("top10WeightTo").GetDecimal().Should().Be(1.0m);
        (Int(body, "addedCount"), Int(body, "removedCount"), Int(body, "changedCount"), Int(body, "unchangedCount")).Should().Be((1, 1, 1, 1));
        var changes = body.GetProperty("changes").EnumerateArray()
            .Select(c => (c.GetProperty("change").GetString(), c.GetProperty("ticker").GetString(), c.GetProperty("weightChange").GetDecimal(), c.GetProperty("sharesChange").GetDecimal()))
            .ToList();
        changes.Should().Equal(("added", "NVDA", 0.25m, 400m), ("removed", "JNJ", -0.20m, -300m), ("changed", "AAPL", -0.05m, -50m));
        body.GetProperty("largestAdditions").EnumerateArray().Select(c => c.GetProperty("ticker").GetString()).Should().Equal("NVDA");
        body.GetProperty("largestDeletions").EnumerateArray().Select(c => c.GetProperty("ticker").GetString()).Should().Equal("JNJ", "AAPL");
        body.GetProperty("added").EnumerateArray().Single().GetProperty("weightFrom").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task Changes_with_dates_source_and_as_csv()
    {
        // from 2026-11-22 picks 11-20, to 2026-11-30 picks 11-25 (same source): the same three lines.
        var csv = await Text("/api/etfs/SPY/holdings/changes?from=2026-11-22&to=2026-11-30&source=spdr&format=csv");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("change,securityId,ticker,name,cusip,isin,weightFrom,weightTo,weightChange,sharesFrom,sharesTo,sharesChange");
        lines.Should().HaveCount(4);
        var aapl = lines[3].Split(',');
        (aapl[0], aapl[2], Dec(aapl[6]), Dec(aapl[7]), Dec(aapl[8]), Dec(aapl[11])).Should().Be(("changed", "AAPL", 0.50m, 0.45m, -0.05m, -50m));

        (await Status("/api/etfs/SPY/holdings/changes?from=2026-11-25")).Should().Be(HttpStatusCode.BadRequest, "from and to pick the same snapshot");
        (await Status("/api/etfs/SPY/holdings/changes?from=2026-11-26&to=2026-11-20")).Should().Be(HttpStatusCode.BadRequest);
        (await Status("/api/etfs/SPY/holdings/changes?source=morningstar")).Should().Be(HttpStatusCode.BadRequest);
        (await Status("/api/etfs/ZZZZ/holdings/changes")).Should().Be(HttpStatusCode.NotFound);
        var single = await host.Client.GetAsync("/api/etfs/AGG/holdings/changes");
        single.StatusCode.Should().Be(HttpStatusCode.NotFound, "AGG has one snapshot only");
        (await single.Content.ReadAsStringAsync()).Should().Contain("two snapshots");
    }

    [Fact]
    public async Task Exposure_of_an_nport_snapshot_takes_sectors_from_the_security_index()
    {
        // QQQ's N-PORT rows carry no sector; their securities do:
        //   sector: IT = AAPL 0.40 + NVDA 0.30 = 0.70, Consumer Discretionary = AMZN 0.25, Unclassified = cash 0.05
        //   classified weight 0.95 of 1.00 → share 0.95; asset class: Equity 0.95, Cash 0.05 (all classified).
        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/QQQ/exposure");

        body.GetProperty("snapshot").GetProperty("source").GetString().Should().Be("sec-nport");
        body.GetProperty("snapshot").GetProperty("asOf").GetString().Should().Be("2026-10-31");
        var sector = body.GetProperty("sector");
        Buckets(sector).Should().Equal(("Information Technology", 0.70m, 2), ("Consumer Discretionary", 0.25m, 1), ("Unclassified", 0.05m, 1));
        sector.GetProperty("classifiedWeight").GetDecimal().Should().Be(0.95m);
        sector.GetProperty("classifiedShare").GetDecimal().Should().Be(0.95m);
        Buckets(body.GetProperty("country")).Should().Equal(("US", 0.95m, 3), ("Unclassified", 0.05m, 1));
        Buckets(body.GetProperty("assetClass")).Should().Equal(("Equity", 0.95m, 3), ("Cash", 0.05m, 1));
        body.GetProperty("assetClass").GetProperty("classifiedShare").GetDecimal().Should().Be(1m);

        var csv = (await Text("/api/etfs/QQQ/exposure?format=csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        csv[0].Should().Be("symbol,asOf,source,dimension,name,weight,count");
        csv[1].Should().StartWith("QQQ,2026-10-31,sec-nport,sector,Information Technology,");
        csv.Should().HaveCount(1 + 3 + 2 + 2);
        (await Status("/api/etfs/IWM/exposure")).Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Concentration_on_the_full_portfolio_and_only_the_top_ten_weight_for_a_top_list()
    {
        // SPY 11-25: HHI = 0.45² + 0.30² + 0.25² = 0.2025 + 0.09 + 0.0625 = 0.355; effective N = 1 / 0.355 ≈ 2.8169; top 10 = 1.0.
        var spy = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/SPY/concentration");
        spy.GetProperty("snapshot").GetProperty("source").GetString().Should().Be("spdr");
        spy.GetProperty("hhi").GetDecimal().Should().Be(0.355m);
        spy.GetProperty("effectiveHoldings").GetDecimal().Should().BeApproximately(2.8169m, 0.00005m);
        spy.GetProperty("top10Weight").GetDecimal().Should().Be(1.0m);
        spy.GetProperty("count").GetInt32().Should().Be(3);
        spy.GetProperty("note").ValueKind.Should().Be(JsonValueKind.Null);

        // VOO has only Yahoo's top list: top 10 = 0.07 + 0.065 = 0.135; HHI and effective N need the full portfolio.
        var voo = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/VOO/concentration");
        voo.GetProperty("snapshot").GetProperty("coverage").GetString().Should().Be("top");
        voo.GetProperty("top10Weight").GetDecimal().Should().Be(0.135m);
        voo.GetProperty("hhi").ValueKind.Should().Be(JsonValueKind.Null);
        voo.GetProperty("effectiveHoldings").ValueKind.Should().Be(JsonValueKind.Null);
        voo.GetProperty("note").GetString().Should().Contain("full portfolio");

        // The same SPY answer as CSV: one row, the snapshot flattened.
        var csv = (await Text("/api/etfs/SPY/concentration?format=csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        csv[0].Should().StartWith("symbol,snapshot.symbol,snapshot.source,snapshot.asOf,snapshot.coverage,");
        csv[1].Should().StartWith("SPY,SPY,spdr,2026-11-25,full,");
        (await Status("/api/etfs/WAYTOOLONGSYMBOL/concentration")).Should().Be(HttpStatusCode.BadRequest);
        (await Status("/api/etfs/SPY/concentration?source=Yahoo!")).Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Overlap_of_two_funds_lists_the_common_holdings_both_ways()
    {
        // SPY 11-25 {AAPL 0.45, MSFT 0.30, NVDA 0.25} vs QQQ {AAPL 0.40, NVDA 0.30, AMZN 0.25, cash 0.05}, matched by security id:
        //   by weight = min(0.45, 0.40) + min(0.25, 0.30) = 0.40 + 0.25 = 0.65
        //   by count: 2 / 3 of SPY, 2 / 4 = 0.5 of QQQ
        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/overlap?symbols=SPY,QQQ");

        body.GetProperty("funds").EnumerateArray().Select(f => (f.GetProperty("symbol").GetString(), f.GetProperty("source").GetString()))
            .Should().Equal(("SPY", "spdr"), ("QQQ", "sec-nport"));
        var pair = body.GetProperty("pairs").EnumerateArray().Single();
        pair.GetProperty("byWeight").GetDecimal().Should().Be(0.65m);
        pair.GetProperty("byCountOfA").GetDecimal().Should().BeApproximately(0.6667m, 0.00005m);
        pair.GetProperty("byCountOfB").GetDecimal().Should().Be(0.5m);
        pair.GetProperty("topListInvolved").GetBoolean().Should().BeFalse();
        body.GetProperty("common").EnumerateArray()
            .Select(c => (c.GetProperty("ticker").GetString(), c.GetProperty("matchedOn").GetString(), c.GetProperty("weightA").GetDecimal(), c.GetProperty("weightB").GetDecimal(), c.GetProperty("minWeight").GetDecimal()))
            .Should().Equal(("AAPL", "security", 0.45m, 0.40m, 0.40m), ("NVDA", "security", 0.25m, 0.30m, 0.25m));
        body.GetProperty("matrix").ValueKind.Should().Be(JsonValueKind.Null);

        var csv = (await Text("/api/overlap?symbols=SPY,QQQ&limit=1&format=csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        csv.Should().Equal("securityId,ticker,name,cusip,isin,matchedOn,weightA,weightB,minWeight", csv[1]);
        csv[1].Should().StartWith("1,AAPL,Apple Inc,037833100,,security,");

        // Reversed: the same weight, the count ratios swapped.
        var reversed = (await host.Client.GetFromJsonAsync<JsonElement>("/api/overlap?symbols=QQQ,SPY")).GetProperty("pairs")[0];
        (reversed.GetProperty("byWeight").GetDecimal(), reversed.GetProperty("byCountOfA").GetDecimal()).Should().Be((0.65m, 0.5m));
    }

    [Fact]
    public async Task Overlap_of_three_funds_is_a_matrix_in_request_order_with_the_top_list_labelled()
    {
        // SPY–QQQ 0.65 (above). SPY–VOO by ticker: min(0.45, 0.07) + min(0.30, 0.065) = 0.135; 2/3 of SPY, 2/2 of VOO.
        // QQQ–VOO: AAPL only (QQQ's ticker comes from the security): min(0.40, 0.07) = 0.07; 1/4 of QQQ, 1/2 of VOO.
        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/overlap?symbols=SPY,QQQ,VOO");

        var matrix = body.GetProperty("matrix");
        matrix.GetProperty("symbols").EnumerateArray().Select(s => s.GetString()).Should().Equal("SPY", "QQQ", "VOO");
        Matrix(matrix.GetProperty("byWeight")).Should().BeEquivalentTo(new[]
        {
            new decimal?[] { null, 0.65m, 0.135m },
            new decimal?[] { 0.65m, null, 0.07m },
            new decimal?[] { 0.135m, 0.07m, null },
        }, o => o.WithStrictOrdering());
        var byCount = Matrix(matrix.GetProperty("byCount"));
        byCount[0][1].Should().BeApproximately(0.6667m, 0.00005m);
        (byCount[1][0], byCount[1][2], byCount[2][0], byCount[2][1]).Should().Be((0.5m, 0.25m, 1m, 0.5m));
        var voo = body.GetProperty("funds")[2];
        (voo.GetProperty("coverage").GetString(), voo.GetProperty("note").GetString()).Should().Be(("top", "Top list only: overlap computed on the largest positions understates the real overlap."));
        body.GetProperty("pairs").EnumerateArray().Select(p => p.GetProperty("topListInvolved").GetBoolean()).Should().Equal(false, true, true);
        body.GetProperty("common").ValueKind.Should().Be(JsonValueKind.Null);
        (await Text("/api/overlap?symbols=SPY,QQQ,VOO&format=csv")).Should().StartWith("a,b,byWeight,byCountOfA,byCountOfB,commonCount,topListInvolved\r\nSPY,QQQ,");
    }

    [Theory]
    [InlineData("/api/overlap?symbols=SPY", HttpStatusCode.BadRequest, "2 to 20")]
    [InlineData("/api/overlap?symbols=SPY,spy", HttpStatusCode.BadRequest, "named twice")]
    [InlineData("/api/overlap?symbols=SPY,QQQ&limit=0", HttpStatusCode.BadRequest, "limit")]
    [InlineData("/api/overlap?symbols=SPY,ZZZZ", HttpStatusCode.NotFound, "ZZZZ")]
    [InlineData("/api/overlap?symbols=SPY,IWM", HttpStatusCode.NotFound, "IWM")]
    public async Task Overlap_refuses_bad_requests_with_a_problem(string url, HttpStatusCode status, string named)
    {
        using var response = await host.Client.GetAsync(url);
        response.StatusCode.Should().Be(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadAsStringAsync()).Should().Contain(named);
    }

    [Fact]
    public async Task Look_through_of_a_60_40_portfolio()
    {
        // 60 % SPY {AAPL 0.45, MSFT 0.30, NVDA 0.25} + 40 % QQQ {AAPL 0.40, NVDA 0.30, AMZN 0.25, cash 0.05}:
        //   AAPL = 0.6 × 0.45 + 0.4 × 0.40 = 0.27 + 0.16 = 0.43     NVDA = 0.6 × 0.25 + 0.4 × 0.30 = 0.15 + 0.12 = 0.27
        //   MSFT = 0.6 × 0.30 = 0.18   AMZN = 0.4 × 0.25 = 0.10   cash = 0.4 × 0.05 = 0.02          Σ = 1.00
        //   sector: IT = 0.43 + 0.27 + 0.18 = 0.88, Consumer Discretionary 0.10, Unclassified 0.02
        //   hidden overlap: AAPL 0.43 + NVDA 0.27 = 0.70; pair SPY–QQQ by weight 0.65
        using var response = await host.Client.PostAsync("/api/portfolio/lookthrough", Json("""{"SPY":0.6,"QQQ":0.4}"""));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        body.GetProperty("funds").EnumerateArray().Select(f => (f.GetProperty("symbol").GetString(), f.GetProperty("weight").GetDecimal(), f.GetProperty("snapshot").GetProperty("source").GetString()))
            .Should().Equal(("SPY", 0.6m, "spdr"), ("QQQ", 0.4m, "sec-nport"));
        body.GetProperty("securities").EnumerateArray().Select(s => (s.GetProperty("name").GetString(), s.GetProperty("weight").GetDecimal()))
            .Should().Equal(("Apple Inc", 0.43m), ("NVIDIA Corp", 0.27m), ("Microsoft Corp", 0.18m), ("AMAZON.COM INC", 0.10m), ("USD CASH", 0.02m));
        body.GetProperty("securities")[0].GetProperty("contributions").EnumerateArray()
            .Select(c => (c.GetProperty("symbol").GetString(), c.GetProperty("positionWeight").GetDecimal(), c.GetProperty("weight").GetDecimal()))
            .Should().Equal(("SPY", 0.45m, 0.27m), ("QQQ", 0.40m, 0.16m));
        Buckets(body.GetProperty("sector")).Should().Equal(("Information Technology", 0.88m, 5), ("Consumer Discretionary", 0.10m, 1), ("Unclassified", 0.02m, 1));
        Buckets(body.GetProperty("country")).Should().Equal(("US", 0.98m, 6), ("Unclassified", 0.02m, 1));
        body.GetProperty("hiddenOverlapWeight").GetDecimal().Should().Be(0.70m);
        body.GetProperty("hiddenOverlap").EnumerateArray().Select(s => s.GetProperty("ticker").GetString()).Should().Equal("AAPL", "NVDA");
        body.GetProperty("pairs")[0].GetProperty("byWeight").GetDecimal().Should().Be(0.65m);

        // The list form, lower-case symbols, as CSV: 60 % SPY + 40 % AGG → AAPL 0.27, UST 2030 0.4 × 0.60 = 0.24, …
        using var csvResponse = await host.Client.PostAsync(
            "/api/portfolio/lookthrough?format=csv&limit=2", Json("""[{"symbol":"spy","weight":0.6},{"symbol":"AGG","weight":0.4}]"""));
        csvResponse.StatusCode.Should().Be(HttpStatusCode.OK);
        var csv = (await csvResponse.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        csv[0].Should().Be("securityId,ticker,name,cusip,isin,sector,country,weight,via");
        csv[1].Split(',')[2].Should().Be("Apple Inc");
        Dec(csv[1].Split(',')[7]).Should().Be(0.27m);
        csv[2].Split(',')[2].Should().Be("UST 2030");
        Dec(csv[2].Split(',')[7]).Should().Be(0.24m);
        csv.Should().HaveCount(3, "limit 2");
    }

    [Theory]
    [InlineData("""{"SPY":0.5,"QQQ":0.4}""", HttpStatusCode.BadRequest, "sum to 0.9")]
    [InlineData("""{"SPY":1.0,"QQQ":0}""", HttpStatusCode.BadRequest, "greater than 0")]
    [InlineData("""{"SPY":"0.6","QQQ":0.4}""", HttpStatusCode.BadRequest, "must be a number")]
    [InlineData("""[{"ticker":"SPY"}]""", HttpStatusCode.BadRequest, "symbol")]
    [InlineData("""42""", HttpStatusCode.BadRequest, "body")]
    [InlineData("""{"SPY":7e28,"AGG":7e28}""", HttpStatusCode.BadRequest, "at most 1")]
    [InlineData("""{"SPY":1.5,"AGG":-0.5}""", HttpStatusCode.BadRequest, "at most 1")]
    [InlineData(
        """{"A1":0.05,"A2":0.05,"A3":0.05,"A4":0.05,"A5":0.05,"A6":0.05,"A7":0.05,"A8":0.05,"A9":0.05,"A10":0.05,"A11":0.05,"A12":0.05,"A13":0.05,"A14":0.05,"A15":0.05,"A16":0.05,"A17":0.05,"A18":0.05,"A19":0.05,"A20":0.025,"A21":0.025}""",
        HttpStatusCode.BadRequest, "Give 1 to 20 funds (got 21)")]
    [InlineData("""{"SPY":0.6,"ZZZZ":0.4}""", HttpStatusCode.NotFound, "ZZZZ")]
    [InlineData("""{"SPY":0.6,"IWM":0.4}""", HttpStatusCode.Conflict, "IWM has no stored holdings")]
    public async Task Look_through_refuses_bad_portfolios_with_a_problem(string portfolio, HttpStatusCode status, string named)
    {
        using var response = await host.Client.PostAsync("/api/portfolio/lookthrough", Json(portfolio));
        response.StatusCode.Should().Be(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadAsStringAsync()).Should().Contain(named);
    }

    [Theory]
    [InlineData("/api/etfs/SPY/holdings/changes?from=0001-01-01&to=0020-01-01")]
    [InlineData("/api/etfs/SPY/holdings/history?from=0001-01-01&to=0020-01-01")]
    [InlineData("/api/etfs/SPY/prices?from=0001-01-01&to=0020-01-01")]
    public async Task Ranges_in_the_first_centuries_are_answered_not_500(string url)
    {
        // The 50-year check computed to − 50 years, which does not exist before year 51.
        using var response = await host.Client.GetAsync(url);
        response.StatusCode.Should().BeOneOf(HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/api/etfs/{symbol}/holdings/changes", "get", "200,400,404")]
    [InlineData("/api/etfs/{symbol}/exposure", "get", "200,400,404")]
    [InlineData("/api/etfs/{symbol}/concentration", "get", "200,400,404")]
    [InlineData("/api/overlap", "get", "200,400,404")]
    [InlineData("/api/portfolio/lookthrough", "post", "200,400,404,409")]
    public async Task OpenApi_lists_every_outcome(string path, string method, string statuses)
    {
        var document = await host.Client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");

        var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);
        // Beside the endpoint's own outcomes, every operation declares 429, 500 and 503, and a data GET 304.
        string[] everywhere = method == "get" ? ["304", "429", "500", "503"] : ["429", "500", "503"];
        operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).Should().BeEquivalentTo([.. statuses.Split(','), .. everywhere]);
        operation.GetProperty("summary").GetString().Should().NotBeNullOrWhiteSpace("the XML docs reach Swagger");
    }

    private static int Int(JsonElement body, string name) => body.GetProperty(name).GetInt32();

    private static decimal Dec(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static List<(string?, decimal, int)> Buckets(JsonElement breakdown) =>
        [.. breakdown.GetProperty("buckets").EnumerateArray()
            .Select(b => (b.GetProperty("name").GetString(), b.GetProperty("weight").GetDecimal(), b.GetProperty("count").GetInt32()))];

    private static List<decimal?[]> Matrix(JsonElement rows) =>
        [.. rows.EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.Null ? (decimal?)null : c.GetDecimal()).ToArray())];

    private async Task<HttpStatusCode> Status(string url)
    {
        using var response = await host.Client.GetAsync(url);
        return response.StatusCode;
    }

    private async Task<string> Text(string url)
    {
        using var response = await host.Client.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        return await response.Content.ReadAsStringAsync();
    }
}
