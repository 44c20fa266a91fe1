using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EtfData.Api.Ingestion.Holdings;
using EtfData.Api.Ingestion.Quarantine;
using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.EntityFrameworkCore;

namespace EtfData.Api.Ingestion.Sec;

/// <summary>
/// Writes parsed N-PORT filings, whether read one at a time or from the quarterly data set, inside
/// the runner's item transaction (<see cref="ItemWriteContext"/>), so a filing lands whole or not at all.
/// </summary>
/// <remarks>
/// A filing belongs to a series (or, for a unit investment trust, to its CIK). Among the filings of
/// one series-or-CIK and report period (an NPORT-P and its NPORT-P/A), the one filed last wins
/// whatever order they are read in: only the winner's positions and month-end net assets are
/// served; the others are kept with <c>superseded_by</c> naming it. Writers of the same
/// series-or-CIK and period (an original and its amendment in two quarters' data sets, or
/// <c>holdings</c> and <c>nport-bulk</c> at once) are serialised by a transaction-scoped advisory
/// lock, so the second one to store sees the first one's filing and the winner is decided on both.
/// </remarks>
public static class NportStore
{
    /// <summary>Stores one relevant filing; see <see cref="StoreAsync(ItemWriteContext, string, long, DateOnly, NportReport, IReadOnlyList{NportHolding}, int, string?, CancellationToken)"/>.</summary>
    public static Task<BulkWriteResult> StoreAsync(
        ItemWriteContext context, string accession, long filerCik, DateOnly filingDate, NportReport report,
        IReadOnlyList<NportHolding> holdings, int parserVersion, CancellationToken cancellationToken) =>
        StoreAsync(context, accession, filerCik, filingDate, report, holdings, parserVersion, null, cancellationToken);

    /// <summary>
    /// Stores one relevant filing: the <c>nport_filing</c> row with its class returns, and — when it
    /// is the latest filing of its series-or-CIK and period — one <c>sec-nport</c> holdings snapshot per
    /// ETF of the series (the weights are the one portfolio's and apply to every class) and, only for a
    /// single-class series or a unit investment trust, the month-end net assets as the ETF's
    /// <c>fund_metric_daily</c> observation. Storing the same filing again reports every row unchanged.
    /// </summary>
    /// <param name="context">The item's DbContext and writer, inside the runner's transaction.</param>
    /// <param name="accession">Accession number, <c>0000000000-00-000000</c>.</param>
    /// <param name="filerCik">The filer's CIK: the trust, or the unit investment trust itself.</param>
    /// <param name="filingDate">The date EDGAR accepted the filing.</param>
    /// <param name="report">The parsed report.</param>
    /// <param name="holdings">Its positions, each with a distinct <see cref="NportHolding.Position"/>.</param>
    /// <param name="parserVersion">Stamped on the filing, the snapshot and every position.</param>
    /// <param name="sourcePath">Where it was read (document URL, data set file); null when not worth saying.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public static async Task<BulkWriteResult> StoreAsync(
        ItemWriteContext context, string accession, long filerCik, DateOnly filingDate, NportReport report,
        IReadOnlyList<NportHolding> holdings, int parserVersion, string? sourcePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(holdings);
        if (holdings.Count == 0 && report.NetAssetsUsd is > 0)
        {
            throw new ArgumentException(
                $"Filing {accession} reports net assets of {report.NetAssetsUsd} USD but no holdings were read: the filing is invalid, not empty.",
                nameof(holdings));
        }

        var db = context.Db;
        // The security index's lock before the period's: storing the snapshot takes it, and a transaction
        // storing several filings (a quarter's data set) must never hold a period's lock while waiting for it.
        await SecurityIndex.LockAsync(db, cancellationToken);
        // Held until the item's transaction ends: the period's filings read below are then the committed ones.
        var lockKey = PeriodLockKey(report.SeriesId, filerCik, report.ReportDate);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({lockKey})", cancellationToken);
        var etfs = await EtfsOfAsync(db, report.SeriesId, filerCik, cancellationToken);
        var classCount = Math.Max(report.ClassIds.Count, etfs.Select(e => e.SecSeriesClassCount ?? 0).DefaultIfEmpty(0).Max());
        // A unit investment trust has no series: its figures are its own. A series is the ETF's own
        // only when it is known to have a single class; an unknown class count is treated as several.
        var scope = report.SeriesId is null || classCount == 1 ? NportSource.FundScope : NportSource.SeriesScope;

        var siblings = await SamePeriodAsync(db, report.SeriesId, filerCik, report.ReportDate, accession, cancellationToken);
        var winner = siblings
            .Select(f => (f.Accession, f.FiledDate, f.IsAmendment))
            .Append((Accession: accession, FiledDate: filingDate, report.IsAmendment))
            .OrderByDescending(f => f.FiledDate)
            .ThenByDescending(f => f.IsAmendment)
            .ThenByDescending(f => f.Accession, StringComparer.Ordinal)
            .First().Accession;
        var isWinner = winner == accession;

        var filing = new NportFiling
        {
            Accession = accession,
            Cik = filerCik,
            SeriesId = report.SeriesId,
            ReportPeriod = report.ReportDate,
            FiscalYearEnd = report.FiscalYearEnd,
            FiledDate = filingDate,
            SubmissionType = report.SubmissionType,
            SupersededBy = isWinner ? null : winner,
            TotalAssetsUsd = report.TotalAssetsUsd,
            TotalLiabilitiesUsd = report.TotalLiabilitiesUsd,
            NetAssetsUsd = report.NetAssetsUsd,
            Month1SalesUsd = report.Month1Flow.SalesUsd,
            Month1ReinvestmentUsd = report.Month1Flow.ReinvestmentUsd,
            Month1RedemptionUsd = Magnitude(report.Month1Flow.RedemptionUsd),
            Month2SalesUsd = report.Month2Flow.SalesUsd,
            Month2ReinvestmentUsd = report.Month2Flow.ReinvestmentUsd,
            Month2RedemptionUsd = Magnitude(report.Month2Flow.RedemptionUsd),
            Month3SalesUsd = report.Month3Flow.SalesUsd,
            Month3ReinvestmentUsd = report.Month3Flow.ReinvestmentUsd,
            Month3RedemptionUsd = Magnitude(report.Month3Flow.RedemptionUsd),
            HoldingCount = holdings.Count,
            ClassCount = classCount,
            FiguresScope = scope,
            IsRelevant = true,
            ParserVersion = parserVersion,
            Source = NportSource.Name,
            SourcePath = sourcePath,
        };
        var result = await context.Writer.UpsertAsync([filing], cancellationToken);

        // The filings this one outranks (or that outranks them) point at the winner.
        var relabelled = await db.NportFilings
            .Where(f => f.IsRelevant && f.ReportPeriod == report.ReportDate && f.Accession != accession
                        && (report.SeriesId != null ? f.SeriesId == report.SeriesId : f.SeriesId == null && f.Cik == filerCik)
                        && (f.Accession == winner ? f.SupersededBy != null : f.SupersededBy == null || f.SupersededBy != winner))
            .ExecuteUpdateAsync(set => set.SetProperty(f => f.SupersededBy, f => f.Accession == winner ? null : winner), cancellationToken);
        result += new BulkWriteResult(0, relabelled, 0, 0);

        var returns = report.Returns
            .Select((r, i) => new NportFilingReturn
            {
                Accession = accession, Position = i + 1, ClassId = r.ClassId,
                Month1ReturnPct = r.Month1Pct, Month2ReturnPct = r.Month2Pct, Month3ReturnPct = r.Month3Pct,
            })
            .ToList();
        result += await context.Writer.UpsertAsync(returns, BulkReplaceScope.Where(nameof(NportFilingReturn.Accession), accession), cancellationToken);

        if (!isWinner)
        {
            // An original read after its amendment changes nothing that is served.
            return result;
        }

        foreach (var etf in etfs)
        {
            result += await StoreSnapshotAsync(context, etf.Symbol, accession, report.ReportDate, holdings, parserVersion, cancellationToken);
            result += await StoreNetAssetsAsync(context, etf.Symbol, report, scope, cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// Judges a filing before it is stored (<see cref="NportChecks.ScreenFiling"/>, against the net assets of the
    /// series' latest earlier filing that is served): an absurd one is written to <c>quarantine</c> (source
    /// <c>sec-nport</c>) and returned, and the caller stores nothing of it. It is not remembered either, so it is
    /// read again while in the window (seen again in <c>quarantine</c>) and stored once the filer corrects it.
    /// </summary>
    public static async Task<QuarantinedValue?> QuarantineIfAbsurdAsync(
        ItemWriteContext context, string accession, long filerCik, NportReport report, IReadOnlyList<NportHolding> holdings,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(holdings);
        var seriesId = report.SeriesId;
        var previous = await context.Db.NportFilings.AsNoTracking()
            .Where(f => f.IsRelevant && f.SupersededBy == null && f.NetAssetsUsd != null && f.ReportPeriod < report.ReportDate
                        && (seriesId != null ? f.SeriesId == seriesId : f.SeriesId == null && f.Cik == filerCik))
            .OrderByDescending(f => f.ReportPeriod)
            .Select(f => new { NetAssetsUsd = f.NetAssetsUsd!.Value, f.ReportPeriod })
            .FirstOrDefaultAsync(cancellationToken);
        var etfs = await EtfsOfAsync(context.Db, seriesId, filerCik, cancellationToken);
        var quarantined = NportChecks.ScreenFiling(
            etfs.FirstOrDefault()?.Symbol, accession, report.ReportDate, report.NetAssetsUsd,
            [.. holdings.Select(h => h.PercentOfNetAssets)],
            previous is null ? null : (previous.NetAssetsUsd, previous.ReportPeriod));
        if (quarantined is not null)
        {
            await QuarantineStore.AddAsync(context, NportSource.Name, [quarantined], cancellationToken);
        }

        return quarantined;
    }

    /// <summary>
    /// Remembers a filing read and found irrelevant (a sibling series' filing) with its identity only,
    /// so it is never downloaded again. A filing already stored (relevant or not) is left as it is.
    /// </summary>
    public static async Task<BulkWriteResult> RememberIrrelevantAsync(
        ItemWriteContext context, string accession, long filerCik, string? seriesId, DateOnly reportDate, DateOnly filingDate,
        int parserVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var inserted = await context.Db.Database.ExecuteSqlInterpolatedAsync(
            $"""
             INSERT INTO nport_filing (accession, cik, series_id, report_period, filed_date, is_relevant, parser_version, source)
             VALUES ({accession}, {filerCik}, {seriesId}, {reportDate}, {filingDate}, false, {parserVersion}, {NportSource.Name})
             ON CONFLICT (accession) DO NOTHING
             """,
            cancellationToken);
        return new BulkWriteResult(inserted, 0, 1 - inserted, 0);
    }

    /// <summary>
    /// The <paramref name="accessions"/> already read, relevant or not, so a job downloads only the
    /// others. With <paramref name="minParserVersion"/>, relevant filings parsed by an older parser
    /// count as unknown, so a fixed parser re-processes exactly them.
    /// </summary>
    public static async Task<IReadOnlySet<string>> KnownAccessionsAsync(
        EtfDataDbContext db, IReadOnlyCollection<string> accessions, int? minParserVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var known = await db.NportFilings.AsNoTracking()
            .Where(f => accessions.Contains(f.Accession) && (!f.IsRelevant || minParserVersion == null || f.ParserVersion >= minParserVersion))
            .Select(f => f.Accession)
            .ToListAsync(cancellationToken);
        return known.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The latest report date stored for the ETF's series (or, for a unit investment trust, its CIK); null when none.</summary>
    public static async Task<DateOnly?> LatestReportDateAsync(EtfDataDbContext db, Etf etf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(etf);
        return await FilingsOf(db, etf).MaxAsync(f => (DateOnly?)f.ReportPeriod, cancellationToken);
    }

    /// <summary>
    /// The relevant filings of <paramref name="etf"/>: its series', or for a unit investment trust
    /// (no series) its CIK's filings without a series. None when its identifiers are unknown.
    /// </summary>
    public static IQueryable<NportFiling> FilingsOf(EtfDataDbContext db, Etf etf)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(etf);
        var filings = db.NportFilings.AsNoTracking().Where(f => f.IsRelevant);
        return etf switch
        {
            { SecSeriesId: { } series } => filings.Where(f => f.SeriesId == series),
            { SecCik: { } cik } => filings.Where(f => f.SeriesId == null && f.Cik == cik),
            _ => filings.Where(_ => false),
        };
    }

    /// <summary>
    /// The readable asset class of an N-PORT <c>assetCat</c>: EC → Equity, DBT → Fixed Income, the
    /// derivative categories (DCO, DCR, DE, DFE, DIR, DO) → Derivative, STIV and RA → Cash…
    /// </summary>
    public static string? AssetClassOf(string? assetCategory) => assetCategory switch
    {
        null => null,
        "EC" => "Equity",
        "EP" => "Preferred",
        "DBT" or "LON" => "Fixed Income",
        _ when assetCategory.StartsWith("ABS-", StringComparison.Ordinal) => "Fixed Income",
        "STIV" or "RA" => "Cash",
        "DCO" or "DCR" or "DE" or "DFE" or "DIR" or "DO" => "Derivative",
        "SN" => "Structured Note",
        "COMM" => "Commodity",
        "RE" => "Real Estate",
        _ => "Other",
    };

    /// <summary>
    /// The advisory lock key of one series (or, for a unit investment trust, CIK) and report period:
    /// the first 8 bytes of a SHA-256, stable across processes and versions (unlike string hash codes).
    /// </summary>
    internal static long PeriodLockKey(string? seriesId, long filerCik, DateOnly reportDate)
    {
        var owner = seriesId ?? "cik:" + filerCik.ToString(CultureInfo.InvariantCulture);
        var text = $"nport-period|{owner}|{reportDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        return BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static decimal? Magnitude(decimal? value) => value is { } v ? Math.Abs(v) : null;

    private static async Task<List<Etf>> EtfsOfAsync(EtfDataDbContext db, string? seriesId, long filerCik, CancellationToken cancellationToken) =>
        seriesId is not null
            ? await db.Etfs.AsNoTracking().Where(e => e.SecSeriesId == seriesId).OrderBy(e => e.Symbol).ToListAsync(cancellationToken)
            : await db.Etfs.AsNoTracking().Where(e => e.SecCik == filerCik && e.SecSeriesId == null).OrderBy(e => e.Symbol).ToListAsync(cancellationToken);

    private static Task<List<NportFiling>> SamePeriodAsync(
        EtfDataDbContext db, string? seriesId, long filerCik, DateOnly reportDate, string accession, CancellationToken cancellationToken) =>
        db.NportFilings.AsNoTracking()
            .Where(f => f.IsRelevant && f.ReportPeriod == reportDate && f.Accession != accession
                        && (seriesId != null ? f.SeriesId == seriesId : f.SeriesId == null && f.Cik == filerCik))
            .ToListAsync(cancellationToken);

    private static async Task<BulkWriteResult> StoreSnapshotAsync(
        ItemWriteContext context, string symbol, string accession, DateOnly asOf, IReadOnlyList<NportHolding> holdings, int parserVersion,
        CancellationToken cancellationToken)
    {
        // One statement, so a snapshot another transaction inserted meanwhile is updated, never a duplicate key.
        var written = await context.Db.Database.SqlQuery<SnapshotWrite>($"""
            WITH upsert AS (
                INSERT INTO holding_snapshot (symbol, as_of, source, position_count, parser_version, nport_accession)
                VALUES ({symbol}, {asOf}, {NportSource.Name}, {holdings.Count}, {parserVersion}, {accession})
                ON CONFLICT (symbol, as_of, source) DO UPDATE
                    SET position_count = EXCLUDED.position_count, parser_version = EXCLUDED.parser_version,
                        nport_accession = EXCLUDED.nport_accession
                    WHERE (holding_snapshot.position_count, holding_snapshot.parser_version, holding_snapshot.nport_accession)
                          IS DISTINCT FROM (EXCLUDED.position_count, EXCLUDED.parser_version, EXCLUDED.nport_accession)
                RETURNING id, (xmax = 0) AS inserted, true AS changed
            )
            SELECT id AS "Id", inserted AS "Inserted", changed AS "Changed" FROM upsert
            UNION ALL
            SELECT id, false, false FROM holding_snapshot
             WHERE symbol = {symbol} AND as_of = {asOf} AND source = {NportSource.Name} AND NOT EXISTS (SELECT 1 FROM upsert)
            """).ToListAsync(cancellationToken);
        // Unchanged and committed by another transaction after this statement's snapshot: read it again.
        var snapshot = written.SingleOrDefault() ?? await context.Db.HoldingSnapshots.AsNoTracking()
            .Where(s => s.Symbol == symbol && s.AsOf == asOf && s.Source == NportSource.Name)
            .Select(s => new SnapshotWrite(s.Id, false, false))
            .SingleAsync(cancellationToken);
        var result = snapshot switch
        {
            { Inserted: true } => new BulkWriteResult(1, 0, 0, 0),
            { Changed: true } => new BulkWriteResult(0, 1, 0, 0),
            _ => new BulkWriteResult(0, 0, 1, 0),
        };

        var id = snapshot.Id;
        var rows = holdings.Select(h => new Holding
        {
            SnapshotId = id,
            Position = h.Position,
            Ticker = h.Ticker,
            Name = h.Name,
            Cusip = h.Cusip,
            Isin = h.Isin,
            AssetClass = AssetClassOf(h.AssetCategory),
            Country = h.Country,
            Weight = h.PercentOfNetAssets is { } pct ? pct / 100m : null,
            Shares = h.Units == "NS" ? h.Balance : null,
            MarketValueUsd = h.ValueUsd,
            Lei = h.Lei,
            Title = h.Title,
            OtherIdentifiers = h.OtherIdentifiers,
            Balance = h.Balance,
            Units = h.Units,
            UnitsDescription = h.UnitsDescription,
            Currency = h.Currency,
            ExchangeRate = h.ExchangeRate,
            PayoffProfile = h.PayoffProfile,
            AssetCategory = h.AssetCategory,
            AssetCategoryDescription = h.AssetCategoryDescription,
            IssuerCategory = h.IssuerCategory,
            IssuerCategoryDescription = h.IssuerCategoryDescription,
            FairValueLevel = h.FairValueLevel,
            IsRestricted = h.IsRestricted,
            InstrumentKind = h.InstrumentKind,
            DerivativeCategory = h.DerivativeCategory,
            ParserVersion = parserVersion,
        }).ToList();
        // Securities are resolved before the rows are written, so each row is written once with its security_id.
        if (snapshot.Inserted)
        {
            // A snapshot this statement created has no positions yet: plain COPY, nothing to compare or delete.
            rows = await SecurityIndex.ResolveAsync(context.Db, rows, NportSource.Name, cancellationToken);
            result += await HoldingsCopy.InsertNewAsync(context.Db, rows, cancellationToken);
        }
        else
        {
            // Positions that stay what they were keep their security, so an unchanged filing rewrites nothing.
            rows = await SecurityIndex.KeepAssignedAsync(context.Db, id, rows, cancellationToken);
            rows = await SecurityIndex.ResolveAsync(context.Db, rows, NportSource.Name, cancellationToken);
            result += await context.Writer.UpsertAsync(rows, BulkReplaceScope.Where(nameof(Holding.SnapshotId), id), cancellationToken);
        }

        var (weightSum, weightCheck) = HoldingsSnapshotStore.WeightCheck(rows, HoldingCoverage.Full, HoldingsSnapshotStore.DefaultWeightTolerance);
        var hash = HoldingsContentHash.Compute(rows);
        await context.Db.Database.ExecuteSqlAsync($"""
            UPDATE holding_snapshot SET weight_sum = {weightSum}, weight_check = {weightCheck}, content_hash = {hash}
             WHERE id = {id} AND (weight_sum, weight_check, content_hash) IS DISTINCT FROM ({weightSum}::numeric, {weightCheck}::text, {hash}::text)
            """, cancellationToken);
        return result;
    }

    /// <summary>
    /// The month-end net assets as the ETF's own observation, only where they are its own. A series
    /// figure is never stored as an ETF's AUM; a stored one the winning filing no longer supports is removed.
    /// </summary>
    private static async Task<BulkWriteResult> StoreNetAssetsAsync(
        ItemWriteContext context, string symbol, NportReport report, string scope, CancellationToken cancellationToken)
    {
        if (scope == NportSource.FundScope && report.NetAssetsUsd is >= 0)
        {
            return await context.Writer.UpsertAsync(
                [new FundMetric(symbol, report.ReportDate, NportSource.Name, report.NetAssetsUsd, null, null)], cancellationToken);
        }

        var deleted = await context.Db.FundMetrics
            .Where(m => m.Symbol == symbol && m.AsOf == report.ReportDate && m.Source == NportSource.Name)
            .ExecuteDeleteAsync(cancellationToken);
        return new BulkWriteResult(0, 0, 0, deleted);
    }

    private sealed record SnapshotWrite(long Id, bool Inserted, bool Changed);
}
