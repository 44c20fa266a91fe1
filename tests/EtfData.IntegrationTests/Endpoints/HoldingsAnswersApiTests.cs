using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EtfData.Domain;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Xunit;

namespace EtfData.IntegrationTests.Endpoints;

/// <summary>
/// Snapshots of several holdings sources and one security index, seeded through the DbContext (the ingestion
/// that fills them is separate), read back through the holdings answers: the best snapshot with its coverage
/// and weight check, the history per source, and the reverse look-up across sources under one identity.
/// </summary>
public sealed class HoldingsAnswersApiTests(ApiHost host) : IClassFixture<ApiHost>, IAsyncLifetime
{
    private const string NportAccession = "0001752724-25-100001";
    private static readonly DateOnly Today = new(2025, 6, 2);
    private static readonly DateOnly Yesterday = new(2025, 5, 30);
    private static readonly DateOnly QuarterEnd = new(2025, 3, 31);
    private static readonly DateTimeOffset Fetched = new(2025, 6, 2, 22, 0, 0, TimeSpan.Zero);

    private long apple;
    private long microsoft;
    private long berkshire;
    private long tesla;

    public async Task InitializeAsync()
    {
        await host.Database.TruncateDataAsync();
        await host.Database.ExecuteAsync("TRUNCATE security RESTART IDENTITY CASCADE");
        await using var db = host.NewDbContext();
        db.Etfs.AddRange(Samples.Etf("SPY"), Samples.Etf("IVV"), Samples.Etf("VOO"), Samples.Etf("QQQ"), Samples.Etf("GLD"));
        Security Stock(string? ticker, string? cusip, string? isin, string name, string? sector) => new()
        {
            Ticker = ticker, Cusip = cusip, Isin = isin, Name = name, NameKey = name.ToUpperInvariant(), Sector = sector,
            SectorSource = sector is null ? null : HoldingSources.Spdr, Country = "US", AssetClass = "Equity", UpdatedAt = Fetched,
        };
        var securities = new[]
        {
            Stock("AAPL", "037833100", "US0378331005", "Apple Inc", "Information Technology"),
            Stock("MSFT", "594918104", "US5949181045", "Microsoft Corp", "Information Technology"),
            Stock("BRK-B", "084670702", "US0846707026", "Berkshire Hathaway Inc Class B", "Financials"),
            Stock("TSLA", "88160R101", "US88160R1014", "Tesla Inc", "Consumer Discretionary"),
        };
        db.Securities.AddRange(securities);
        db.NportFilings.Add(new NportFiling
        {
            Accession = NportAccession, Cik = 884394, ReportPeriod = QuarterEnd, FiledDate = new DateOnly(2025, 5, 28),
            SubmissionType = "NPORT-P", FiguresScope = NportSource.FundScope, HoldingCount = 2,
        });
        await db.SaveChangesAsync();
        (apple, microsoft, berkshire, tesla) = (securities[0].Id, securities[1].Id, securities[2].Id, securities[3].Id);

        // SPY: today's SPDR file (the best: an issuer file of the latest date) and an older N-PORT snapshot.
        await SnapshotAsync("SPY", HoldingSources.Spdr, Today, HoldingCoverage.Full, 0.93m, "off",
            Line(1, "AAPL", "Apple Inc", apple, 0.07m, 1_000_000m, 200_000_000m) with { Cusip = "037833100", Sedol = "2046251" },
            Line(2, "MSFT", "Microsoft Corp", microsoft, 0.06m, 500_000m, 190_000_000m),
            Line(3, "BRK.B", "Berkshire Hathaway Inc Class B", berkshire, 0.02m, 100_000m, 50_000_000m));
        await SnapshotAsync("SPY", NportSource.Name, QuarterEnd, HoldingCoverage.Full, 1m, "ok",
            Line(1, null, "Apple Inc", apple, 0.30m, 9m, 9m), Line(2, null, "Microsoft Corp", microsoft, 0.70m, 9m, 9m));
        // IVV: today's iShares file names Apple by ticker and exchange only; the security index resolved it.
        // Yesterday's file is no longer the latest and must not answer.
        await SnapshotAsync("IVV", HoldingSources.IShares, Yesterday, HoldingCoverage.Full, 1m, "ok",
            Line(1, "AAPL", "APPLE INC", apple, 0.50m, 1m, 1m));
        await SnapshotAsync("IVV", HoldingSources.IShares, Today, HoldingCoverage.Full, 1.0001m, "ok",
            Line(1, "AAPL", "APPLE INC", apple, 0.068m, 2_000_000m, 400_000_000m) with { Exchange = "NASDAQ", Sector = null },
            Line(2, "MSFT", "MICROSOFT CORP", microsoft, 0.932m, 3_000_000m, 1_200_000_000m));
        // VOO: Schwab's page, ticker only.
        await SnapshotAsync("VOO", HoldingSources.Schwab, Today, HoldingCoverage.Full, 1m, "ok",
            Line(1, "AAPL", "Apple Inc", apple, 0.065m, 3_000_000m, 600_000_000m), Line(2, "MSFT", "Microsoft Corp", microsoft, 0.935m, 1m, 1m));
        // QQQ: today's Invesco file no longer lists Apple; Yahoo's older top list still does. The best snapshot decides.
        await SnapshotAsync("QQQ", HoldingSources.Invesco, Today, HoldingCoverage.Full, 1m, "ok",
            Line(1, "MSFT", "Microsoft Corp", microsoft, 1m, 1m, 1m));
        await SnapshotAsync("QQQ", HoldingSources.Yahoo, Yesterday, HoldingCoverage.Top, null, null,
            Line(1, "AAPL", "Apple Inc", apple, 0.09m, null, null));
        // GLD: only a top list, which holds Apple (made up, to see a top list answer when it is the best there is).
        await SnapshotAsync("GLD", HoldingSources.Yahoo, Today, HoldingCoverage.Top, null, null,
            Line(1, "AAPL", "Apple Inc", apple, 0.01m, null, null));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static Holding Line(int position, string? ticker, string name, long securityId, decimal? weight, decimal? shares, decimal? value) => new()
    {
        SnapshotId = 0, Position = position, Ticker = ticker, Name = name, SecurityId = securityId, Weight = weight, Shares = shares, MarketValueUsd = value,
    };

    private async Task SnapshotAsync(string symbol, string source, DateOnly asOf, string coverage, decimal? weightSum, string? weightCheck, params Holding[] lines)
    {
        await using var db = host.NewDbContext();
        var snapshot = new HoldingSnapshot
        {
            Symbol = symbol, AsOf = asOf, Source = source, PositionCount = lines.Length, FetchedAt = Fetched, Coverage = coverage,
            WeightSum = weightSum, WeightCheck = weightCheck, NportAccession = source == NportSource.Name ? NportAccession : null,
        };
        db.HoldingSnapshots.Add(snapshot);
        await db.SaveChangesAsync();
        db.Holdings.AddRange(lines.Select(l => l with { SnapshotId = snapshot.Id }));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task The_reverse_look_up_lists_each_etf_once_from_its_best_latest_snapshot_sorted_by_weight()
    {
        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/holdings/AAPL/etfs");

        body.GetProperty("matchedBy").GetString().Should().Be("ticker");
        body.GetProperty("securities").EnumerateArray().Select(s => s.GetProperty("securityId").GetInt64()).Should().Equal(apple);
        var rows = body.GetProperty("etfs").EnumerateArray().ToList();
        // SPY 7 % (SPDR, not N-PORT's 30 %), IVV 6.8 % (today's file, not yesterday's 50 %), VOO 6.5 % (Schwab),
        // GLD 1 % (its only snapshot, a top list). QQQ's best snapshot (Invesco, full) does not hold it: not listed.
        rows.Select(r => r.GetProperty("symbol").GetString()).Should().Equal("SPY", "IVV", "VOO", "GLD");
        rows.Select(r => r.GetProperty("source").GetString()).Should().Equal("spdr", "ishares", "schwab", "yahoo");
        rows.Select(r => r.GetProperty("weight").GetDecimal()).Should().Equal(0.07m, 0.068m, 0.065m, 0.01m);
        rows.Select(r => r.GetProperty("rank").GetInt32()).Should().Equal(1, 2, 3, 4);
        rows[0].GetProperty("asOf").GetString().Should().Be("2025-06-02");
        rows[0].GetProperty("shares").GetDecimal().Should().Be(1_000_000m);
        rows[0].GetProperty("marketValueUsd").GetDecimal().Should().Be(200_000_000m);
        rows[0].GetProperty("name").GetString().Should().Be("SPY Test Fund");
        rows[3].GetProperty("coverage").GetString().Should().Be("top");
        body.GetProperty("total").GetInt32().Should().Be(4);
        body.GetProperty("note").ValueKind.Should().Be(JsonValueKind.Null);

        var limited = await host.Client.GetFromJsonAsync<JsonElement>("/api/holdings/AAPL/etfs?limit=2&source=ishares");
        limited.GetProperty("etfs").EnumerateArray().Select(r => r.GetProperty("symbol").GetString()).Should().Equal("IVV");
    }

    [Theory]
    [InlineData("037833100", "cusip")]
    [InlineData("us0378331005", "isin")]
    [InlineData("aapl", "ticker")]
    public async Task A_cusip_an_isin_and_a_ticker_name_the_same_security(string key, string kind)
    {
        var body = await host.Client.GetFromJsonAsync<JsonElement>($"/api/holdings/{key}/etfs");

        body.GetProperty("matchedBy").GetString().Should().Be(kind);
        body.GetProperty("etfs").EnumerateArray().Select(r => r.GetProperty("symbol").GetString()).Should().Equal("SPY", "IVV", "VOO", "GLD");
    }

    [Theory]
    [InlineData("BRK.B")]
    [InlineData("brk-b")]
    public async Task A_share_class_ticker_is_found_with_either_separator(string key)
    {
        var body = await host.Client.GetFromJsonAsync<JsonElement>($"/api/holdings/{key}/etfs");

        body.GetProperty("query").GetString().Should().Be("BRK-B");
        var row = body.GetProperty("etfs").EnumerateArray().Single();
        row.GetProperty("symbol").GetString().Should().Be("SPY");
        row.GetProperty("weight").GetDecimal().Should().Be(0.02m);
    }

    [Fact]
    public async Task A_known_security_no_latest_snapshot_holds_is_an_empty_list_with_a_note_and_an_unknown_one_is_404()
    {
        var known = await host.Client.GetAsync("/api/holdings/TSLA/etfs");
        known.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await known.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("etfs").GetArrayLength().Should().Be(0);
        body.GetProperty("securities").EnumerateArray().Single().GetProperty("securityId").GetInt64().Should().Be(tesla);
        body.GetProperty("note").GetString().Should().Contain("no latest holdings snapshot");

        var unknown = await host.Client.GetAsync("/api/holdings/ZZZZ/etfs");
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("ticker ZZZZ");

        (await host.Client.GetAsync("/api/holdings/AA%24PL/etfs")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await host.Client.GetAsync("/api/holdings/AAPL/etfs?limit=0")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await host.Client.GetAsync("/api/holdings/AAPL/etfs?source=nport")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_reverse_look_up_answers_csv_and_an_etag()
    {
        var response = await host.Client.GetAsync("/api/holdings/AAPL/etfs?format=csv");

        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        response.Headers.ETag.Should().NotBeNull();
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("rank,symbol,name,source,asOf,coverage,weight,shares,marketValueUsd,securityId");
        lines[1].Should().StartWith("1,SPY,SPY Test Fund,spdr,2025-06-02,full,0.07");
    }

    [Fact]
    public async Task The_holdings_answer_is_the_best_snapshot_with_its_coverage_weight_check_and_what_the_security_index_knows()
    {
        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/SPY/holdings");

        body.GetProperty("source").GetString().Should().Be("spdr", "an issuer file of the latest date beats an older N-PORT report");
        body.GetProperty("asOf").GetString().Should().Be("2025-06-02");
        body.GetProperty("coverage").GetString().Should().Be("full");
        body.GetProperty("weightSum").GetDecimal().Should().Be(0.93m);
        body.GetProperty("weightCheck").GetString().Should().Be("off");
        body.GetProperty("note").GetString().Should().Contain("93 %");
        var first = body.GetProperty("holdings").EnumerateArray().First();
        first.GetProperty("securityId").GetInt64().Should().Be(apple);
        first.GetProperty("sedol").GetString().Should().Be("2046251");
        first.GetProperty("sector").GetString().Should().Be("Information Technology", "the security index knows it");

        var ivv = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/IVV/holdings?limit=1");
        ivv.GetProperty("source").GetString().Should().Be("ishares");
        ivv.GetProperty("note").ValueKind.Should().Be(JsonValueKind.Null);
        ivv.GetProperty("positionCount").GetInt32().Should().Be(2);
        ivv.GetProperty("returned").GetInt32().Should().Be(1);
        ivv.GetProperty("holdings").EnumerateArray().Single().GetProperty("ticker").GetString().Should().Be("MSFT", "93.2 % is the largest weight");
        var line = (await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/IVV/holdings")).GetProperty("holdings").EnumerateArray().Last();
        line.GetProperty("exchange").GetString().Should().Be("NASDAQ");
        line.GetProperty("weight").GetDecimal().Should().Be(0.068m);
        line.GetProperty("sector").GetString().Should().Be("Information Technology", "the file had none; the security index has one");
        line.GetProperty("cusip").GetString().Should().Be("037833100", "the iShares file names no CUSIP; its security does");
        line.GetProperty("isin").GetString().Should().Be("US0378331005");

        var nport = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/SPY/holdings?source=sec-nport");
        nport.GetProperty("asOf").GetString().Should().Be("2025-03-31");
        nport.GetProperty("filingAccession").GetString().Should().Be(NportAccession);
        nport.GetProperty("holdings").EnumerateArray().First().GetProperty("ticker").GetString().Should().Be("MSFT", "the ticker N-PORT lacks comes from the security");

        var top = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/GLD/holdings");
        top.GetProperty("coverage").GetString().Should().Be("top");
        top.GetProperty("note").GetString().Should().Contain("top list");

        (await host.Client.GetAsync("/api/etfs/SPY/holdings?source=bogus")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await host.Client.GetAsync("/api/etfs/SPY/holdings?source=schwab")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_history_lists_snapshot_dates_per_source_with_their_checks_and_times()
    {
        await host.Database.ExecuteAsync(
            "UPDATE holding_snapshot SET checked_at = '2025-06-03T22:00:00Z', confirmed_as_of = '2025-06-03' WHERE symbol = 'IVV' AND as_of = '2025-06-02'");

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/IVV/holdings/history");

        body.GetProperty("asOf").GetString().Should().Be("2025-06-02");
        var snapshots = body.GetProperty("snapshots").EnumerateArray().ToList();
        snapshots.Select(s => s.GetProperty("asOf").GetString()).Should().Equal("2025-06-02", "2025-05-30");
        snapshots[0].GetProperty("source").GetString().Should().Be("ishares");
        snapshots[0].GetProperty("positionCount").GetInt32().Should().Be(2);
        snapshots[0].GetProperty("coverage").GetString().Should().Be("full");
        snapshots[0].GetProperty("weightSum").GetDecimal().Should().Be(1.0001m);
        snapshots[0].GetProperty("weightCheck").GetString().Should().Be("ok");
        snapshots[0].GetProperty("isLatest").GetBoolean().Should().BeTrue();
        snapshots[1].GetProperty("isLatest").GetBoolean().Should().BeFalse();
        snapshots[0].GetProperty("fetchedAt").GetDateTimeOffset().Should().Be(Fetched);
        snapshots[0].GetProperty("checkedAt").GetDateTimeOffset().Should().Be(new DateTimeOffset(2025, 6, 3, 22, 0, 0, TimeSpan.Zero));
        snapshots[1].GetProperty("checkedAt").GetDateTimeOffset().Should().Be(Fetched, "never re-checked: the fetch time");
        snapshots[0].GetProperty("confirmedAsOf").GetString().Should().Be("2025-06-03", "published again unchanged for the next day");
        snapshots[1].GetProperty("confirmedAsOf").GetString().Should().Be("2025-05-30", "never confirmed again: its own date");
        var source = body.GetProperty("sources").EnumerateArray().Single();
        source.GetProperty("count").GetInt32().Should().Be(2);
        source.GetProperty("first").GetString().Should().Be("2025-05-30");
        source.GetProperty("latest").GetString().Should().Be("2025-06-02");

        var spy = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/SPY/holdings/history?from=2025-04-01");
        spy.GetProperty("snapshots").EnumerateArray().Select(s => s.GetProperty("source").GetString()).Should().Equal("spdr");
        var nportOnly = await host.Client.GetFromJsonAsync<JsonElement>("/api/etfs/SPY/holdings/history?source=sec-nport");
        nportOnly.GetProperty("snapshots").EnumerateArray().Single().GetProperty("filingAccession").GetString().Should().Be(NportAccession);

        (await host.Client.GetAsync("/api/etfs/SPY/holdings/history?from=2025-06-02&to=2025-01-01")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await host.Client.GetAsync("/api/etfs/NOPE/holdings/history")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var csv = await host.Client.GetStringAsync("/api/etfs/IVV/holdings/history?format=csv");
        csv.Split("\r\n")[0].Should().Be("source,asOf,positionCount,coverage,weightSum,weightCheck,isLatest,filingAccession,fetchedAt,checkedAt,confirmedAsOf");
    }
}
