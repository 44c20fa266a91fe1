using System.Globalization;
using System.Runtime.InteropServices;
using EtfData.Api.Sources;
using EtfData.Api.Sources.Sec;
using EtfData.Api.Sources.Sec.Nport;
using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EtfData.Api.Ingestion.Sec;

/// <summary>
/// N-PORT holdings and monthly flows per ETF, from SEC EDGAR. A series' filings come from its Atom
/// feed (or, configured so, from the trust's submissions with each document's <c>seriesId</c> read);
/// a unit investment trust without series (SPY) from its own CIK's submissions. Only filings not
/// stored yet are fetched: those filed since the fund's latest stored one, or over
/// <see cref="SecIngestionOptions.BackfillYears"/> with <c>--backfill</c>. A filing of another series
/// (a sibling in the same trust) is never taken as the fund's own; it is remembered so it is not read twice.
/// </summary>
public sealed class HoldingsJob(
    ISecClient sec, IOptions<SecIngestionOptions> options, TimeProvider time) : IIngestionJob
{
    public string Name => JobNames.Holdings;

    public string Description => "N-PORT holdings, fund totals and exact monthly flows from SEC EDGAR, per filing.";

    public async Task<IReadOnlyList<string>> SelectItemsAsync(IngestionRequest request, EtfDataDbContext db, CancellationToken cancellationToken)
    {
        if (sec.ConfigurationProblem is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        return await Universe.ActiveSymbolsAsync(request, db, cancellationToken);
    }

    public async Task<ItemPlan> PlanAsync(string item, IngestionRequest request, EtfDataDbContext db, CancellationToken cancellationToken)
    {
        var etf = await db.Etfs.AsNoTracking().SingleAsync(e => e.Symbol == item, cancellationToken);
        if (etf.SecCik is not { } cik)
        {
            return new ItemPlan.Skip("no SEC identifiers: the fund is in neither of SEC's ticker maps (discovery refreshes them)");
        }

        var since = await SinceAsync(etf, request.Backfill, db, cancellationToken);
        var listed = etf.SecSeriesId is { } listedSeries && options.Value.SeriesFilingsFrom == "atom"
            ? await sec.GetSeriesNportFilingsAsync(listedSeries, cancellationToken)
            : await sec.GetNportFilingsAsync(cik, since, cancellationToken);
        if (!listed.TryGetData(out var refs))
        {
            return listed is SourceResult<IReadOnlyList<SecFilingRef>>.NotFound && etf.SecSeriesId is null
                ? new ItemPlan.Skip($"SEC lists no filings for CIK {cik}: a trust that files no N-PORT (e.g. a grantor trust)")
                : new ItemPlan.Fail(listed.Describe());
        }

        var candidates = refs.Where(r => r.FilingDate >= since).ToList();
        var accessions = candidates.Select(r => r.Accession).ToList();
        // Filings parsed by an older parser count as new: a fixed parser re-processes exactly them.
        var known = (await NportStore.KnownAccessionsAsync(db, accessions, NportXmlParser.Version, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        // A filing remembered as another fund's while this fund's series was not known yet (read for a
        // sibling, or before SEC's map listed the series) is this fund's after all: read it again.
        var ownSeries = etf.SecSeriesId;
        var rememberedOwn = await db.NportFilings.AsNoTracking()
            .Where(f => !f.IsRelevant && accessions.Contains(f.Accession)
                        && (ownSeries != null ? f.SeriesId == ownSeries : f.SeriesId == null && f.Cik == cik))
            .Select(f => f.Accession).ToListAsync(cancellationToken);
        known.ExceptWith(rememberedOwn);
        var fresh = candidates.Where(r => !known.Contains(r.Accession))
            .OrderBy(r => r.FilingDate).ThenBy(r => r.Accession, StringComparer.Ordinal).ToList();
        if (fresh.Count == 0)
        {
            return new ItemPlan.Skip(refs.Count == 0
                ? $"SEC lists no N-PORT filing for CIK {cik.ToString(CultureInfo.InvariantCulture)}{(etf.SecSeriesId is { } s ? " series " + s : "")}: a fund that files none (e.g. a grantor trust) or none yet"
                : string.Create(CultureInfo.InvariantCulture,
                    $"no new N-PORT filing since {since:yyyy-MM-dd} ({candidates.Count} listed in that time, all stored)"));
        }

        var own = new List<ParsedFiling>();
        var foreign = new List<ParsedFiling>();
        var invalid = new List<string>();
        foreach (var filing in fresh)
        {
            var document = await sec.GetNportDocumentAsync(cik, filing.Accession, cancellationToken);
            if (document is SourceResult<ReadOnlyMemory<byte>>.Invalid notXml)
            {
                invalid.Add($"{filing.Accession}: {notXml.Reason}");
                continue;
            }

            if (!document.TryGetData(out var bytes))
            {
                // Unavailable or not found: a transient state of the upstream, tried again on the next run.
                return new ItemPlan.Fail($"filing {filing.Accession}: {document.Describe()}");
            }

            var holdings = new List<NportHolding>();
            using var stream = MemoryMarshal.TryGetArray(bytes, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(bytes.ToArray(), writable: false);
            var parsed = await NportXmlParser.ParseAsync(stream, (h, _) =>
            {
                holdings.Add(h);
                return ValueTask.CompletedTask;
            }, cancellationToken);
            if (!parsed.TryGetData(out var report))
            {
                // One invalid report must not keep the fund's other filings out: it is left out and named.
                // It is not remembered, so it is read again while it is in the window (from the cache when
                // the document was complete) — and stored once a fixed parser reads it.
                invalid.Add($"{filing.Accession}: {parsed.Describe()}");
                continue;
            }

            var entry = new ParsedFiling(filing, report, holdings);
            (IsOwn(etf, report) ? own : foreign).Add(entry);
        }

        if (own.Count == 0 && foreign.Count == 0)
        {
            return new ItemPlan.Fail($"no filing could be read: {string.Join("; ", invalid)}");
        }

        var foreignSeries = foreign.Select(f => f.Report.SeriesId).OfType<string>().Distinct().ToList();
        var universeSeries = await db.Etfs.AsNoTracking().Where(e => e.SecSeriesId != null && foreignSeries.Contains(e.SecSeriesId))
            .Select(e => e.SecSeriesId!).Distinct().ToListAsync(cancellationToken);
        var refused = new Dictionary<string, string>(StringComparer.Ordinal);
        return new ItemPlan.Write(async (context, token) =>
        {
            var result = BulkWriteResult.Empty;
            foreach (var filing in own)
            {
                result += await StoreAsync(context, filing, token);
            }

            foreach (var filing in foreign)
            {
                // Another series' filing is the fund of that series', never this one's: stored for it when it
                // is in the universe (the store maps by the report's own series id), else only remembered.
                result += filing.Report.SeriesId is { } other && universeSeries.Contains(other)
                    ? await StoreAsync(context, filing, token)
                    : await NportStore.RememberIrrelevantAsync(context, filing.Ref.Accession, cik, filing.Report.SeriesId,
                        filing.Report.ReportDate, filing.Ref.FilingDate, NportXmlParser.Version, token);
            }

            return result;
        })
        {
            NoteAfterStore = () => Describe(own.Where(f => !refused.ContainsKey(f.Ref.Accession)).ToList(),
                foreign, etf, [.. invalid, .. refused.Select(r => $"{r.Key}: {r.Value}")]),
        };

        async Task<BulkWriteResult> StoreAsync(ItemWriteContext context, ParsedFiling filing, CancellationToken token)
        {
            if (await NportStore.QuarantineIfAbsurdAsync(context, filing.Ref.Accession, cik, filing.Report, filing.Holdings, token) is { } absurd)
            {
                refused[filing.Ref.Accession] = "quarantined: " + absurd.Reason;
                return BulkWriteResult.Empty;
            }

            var (result, refusal) = await FilingSavepoint.TryAsync(context, innerToken => NportStore.StoreAsync(
                context, filing.Ref.Accession, cik, filing.Ref.FilingDate, filing.Report, filing.Holdings, NportXmlParser.Version,
                SecClient.DocumentPath(cik, filing.Ref.Accession), innerToken), token);
            if (refusal is not null)
            {
                refused[filing.Ref.Accession] = refusal;
            }

            return result;
        }
    }

    /// <summary>The filing date from which filings are wanted.</summary>
    private async Task<DateOnly> SinceAsync(Etf etf, bool backfill, EtfDataDbContext db, CancellationToken cancellationToken)
    {
        // EDGAR dates filings by its own (New York) day.
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), NyseCalendar.TimeZone).DateTime);
        if (backfill)
        {
            return today.AddYears(-options.Value.BackfillYears);
        }

        var latest = await NportStore.FilingsOf(db, etf).MaxAsync(f => (DateOnly?)f.FiledDate, cancellationToken);
        // Filings of the same day as the latest stored one may include its amendment: look again from that day.
        return latest ?? today.AddMonths(-options.Value.FirstRunMonths);
    }

    /// <summary>True when the report is the fund's: its series, or for a trust without series, none.</summary>
    private static bool IsOwn(Etf etf, NportReport report) =>
        etf.SecSeriesId is { } series
            ? string.Equals(report.SeriesId, series, StringComparison.Ordinal)
            : report.SeriesId is null;

    private static string? Describe(List<ParsedFiling> own, List<ParsedFiling> foreign, Etf etf, IReadOnlyList<string> notStored)
    {
        var parts = new List<string>();
        if (notStored.Count > 0)
        {
            parts.Add($"{notStored.Count.ToString(CultureInfo.InvariantCulture)} filing(s) NOT stored: {string.Join("; ", notStored)}");
        }

        if (own.Count > 0)
        {
            var periods = own.Select(f => f.Report.ReportDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + (f.Report.IsAmendment ? " (amendment)" : ""));
            parts.Add($"{own.Count.ToString(CultureInfo.InvariantCulture)} filing(s) stored: {string.Join(", ", periods)}");
        }

        if (foreign.Count > 0)
        {
            var others = foreign.Select(f => $"{f.Ref.Accession} ({f.Report.SeriesId ?? "no series"})");
            parts.Add($"{foreign.Count.ToString(CultureInfo.InvariantCulture)} filing(s) of another series than {etf.SecSeriesId ?? "none"} " +
                      $"read and remembered, not taken as the fund's: {string.Join(", ", others)}");
        }

        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    private sealed record ParsedFiling(SecFilingRef Ref, NportReport Report, IReadOnlyList<NportHolding> Holdings);
}
