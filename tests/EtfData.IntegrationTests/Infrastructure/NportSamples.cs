using EtfData.Api.Ingestion;
using EtfData.Api.Ingestion.Sec;
using EtfData.Api.Storage;
using EtfData.Domain;

namespace EtfData.IntegrationTests.Infrastructure;

/// <summary>Hand-built N-PORT reports and the ETFs they belong to, written the way the runner writes an item.</summary>
public static class NportSamples
{
    public const long VanguardCik = 36405;
    public const string VooSeries = "S000002839";
    public const string VooClass = "C000092055";
    public const long IsharesCik = 1100663;
    public const string IvvSeries = "S000004310";
    public const string IvvClass = "C000012040";
    public const string IjhSeries = "S000004311";
    public const long SpyCik = 884394;

    /// <summary>VOO (one of four classes of its series), IVV and IJH (single-class sibling series of one trust), SPY (a UIT).</summary>
    public static IReadOnlyList<Etf> Universe { get; } =
    [
        Samples.Etf("VOO") with { SecCik = VanguardCik, SecSeriesId = VooSeries, SecClassId = VooClass, SecSeriesClassCount = 4 },
        Samples.Etf("IVV") with { SecCik = IsharesCik, SecSeriesId = IvvSeries, SecClassId = IvvClass, SecSeriesClassCount = 1 },
        Samples.Etf("IJH") with { SecCik = IsharesCik, SecSeriesId = IjhSeries, SecClassId = "C000012041", SecSeriesClassCount = 1 },
        Samples.Etf("SPY") with { SecCik = SpyCik },
    ];

    public static async Task SeedUniverseAsync(TestDatabase database)
    {
        await using var db = database.NewDbContext();
        db.Etfs.AddRange(Universe);
        await db.SaveChangesAsync();
    }

    /// <summary>A quarterly report as of 2025-03-31 (months ending Jan 31, Feb 28, Mar 31).</summary>
    public static NportReport Report(string? seriesId, IReadOnlyList<string> classIds, decimal netAssets, string type = "NPORT-P", decimal salesScale = 1m) => new()
    {
        SubmissionType = type,
        RegistrantCik = null,
        SeriesId = seriesId,
        ClassIds = classIds,
        ReportDate = new DateOnly(2025, 3, 31),
        FiscalYearEnd = new DateOnly(2025, 9, 30),
        TotalAssetsUsd = netAssets + 1_000.10m,
        TotalLiabilitiesUsd = 1_000.10m,
        NetAssetsUsd = netAssets,
        Returns = classIds.Count == 0
            ? [new NportClassReturn(null, 1.25m, -0.5m, 2.12345678m)]
            : [.. classIds.Select((c, i) => new NportClassReturn(c, 1.25m + i, -0.5m, 2.12345678m))],
        // Redemptions filed as negative numbers in month 1: stored as magnitudes.
        Month1Flow = new NportMonthFlow(1_000_000.50m * salesScale, 2_000.25m, -400_000.75m),
        Month2Flow = new NportMonthFlow(300_000m * salesScale, 0m, 500_000m),
        Month3Flow = new NportMonthFlow(750_000.10m * salesScale, null, 50_000.10m),
        HoldingCount = 3,
    };

    /// <summary>An equity in shares, a yen bond in principal amount, and an FX forward with a negative value.</summary>
    public static IReadOnlyList<NportHolding> Holdings(decimal appleWeightPct = 8.373807487551m) =>
    [
        new NportHolding
        {
            Position = 1, Name = "Apple Inc", Lei = "HWUPKR0MPOU8FGXBT394", Title = "Apple Inc", Cusip = "037833100", Isin = "US0378331005",
            Ticker = "AAPL", Balance = 1_234_567m, Units = "NS", Currency = "USD", ValueUsd = 271_604_850.25m, PercentOfNetAssets = appleWeightPct,
            PayoffProfile = "Long", AssetCategory = "EC", IssuerCategory = "CORP", Country = "US", IsRestricted = false, FairValueLevel = "1",
        },
        new NportHolding
        {
            Position = 2, Name = "Japan Government Bond", Title = "JGB 0.1 03/20/2030", Isin = "JP1103571K38", OtherIdentifiers = "SEDOL: BKPJ2Z1",
            Balance = 500_000_000m, Units = "PA", Currency = "JPY", ExchangeRate = 132.19281304m, ValueUsd = 3_782_365.44m, PercentOfNetAssets = 1.5m,
            PayoffProfile = "Long", AssetCategory = "DBT", IssuerCategory = "NUSS", Country = "JP", IsRestricted = false, FairValueLevel = "2",
        },
        new NportHolding
        {
            Position = 3, Name = "Goldman Sachs & Co", Title = "FWD EUR/USD 2025-06-18", OtherIdentifiers = "Internal: FX-123",
            Balance = 1m, Units = "OU", UnitsDescription = "Forward contract", ValueUsd = -12_345.67m, PercentOfNetAssets = -0.0043m,
            AssetCategory = "DFE", IssuerCategory = "OTHER", IssuerCategoryDescription = "Broker-dealer", Country = "US",
            FairValueLevel = "2", InstrumentKind = NportInstrumentKind.Derivative, DerivativeCategory = "FWD",
        },
    ];

    /// <summary>Stores one filing in one transaction, as the runner writes an item.</summary>
    public static async Task<BulkWriteResult> StoreAsync(
        TestDatabase database, string accession, long filerCik, DateOnly filed, NportReport report, IReadOnlyList<NportHolding>? holdings = null, int parserVersion = 1)
    {
        await using var db = database.NewDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var result = await NportStore.StoreAsync(
            new ItemWriteContext(db, new BulkWriter(db)), accession, filerCik, filed, report, holdings ?? Holdings(), parserVersion, CancellationToken.None);
        await transaction.CommitAsync();
        return result;
    }
}
