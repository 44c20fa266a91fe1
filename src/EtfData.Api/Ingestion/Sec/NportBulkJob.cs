using System.Globalization;
using EtfData.Api.Sources.Sec;
using EtfData.Api.Sources.Sec.Nport;
using EtfData.Api.Storage;
using Microsoft.EntityFrameworkCore;

namespace EtfData.Api.Ingestion.Sec;

/// <summary>
/// Backfill of the whole universe from SEC's quarterly Form N-PORT data sets: one zip per quarter,
/// read straight from the archive (never unpacked), keeping the filings of the universe's series and
/// unit investment trusts, and stored through the same path as single filings — so a new install gets
/// years of holdings and monthly flows without tens of thousands of requests. Each quarter is one
/// item and one transaction: a zip that turns out malformed half-way writes nothing. Inside it, each
/// filing is written behind a savepoint (<see cref="FilingSavepoint"/>): one the database refuses is
/// left out and named in the item's note, and the quarter's other filings stay. Quarters run one
/// after another, oldest first: an amendment in a later quarter's zip is stored after its original,
/// only one zip (up to ~450 MB) is downloaded and read at a time, and the reader's memory is one quarter's.
/// </summary>
public sealed class NportBulkJob(ISecClient sec) : IIngestionJob
{
    public string Name => JobNames.NportBulk;

    public string Description => "Holdings and monthly flows of every ETF from SEC's quarterly Form N-PORT data sets (ingest nport-bulk --quarter 2026q2).";

    public bool ItemsInOrder => true;

    /// <summary>How many refused filings the item note names by accession.</summary>
    private const int RefusalsNamed = 3;

    public Task<IReadOnlyList<string>> SelectItemsAsync(IngestionRequest request, EtfDataDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (sec.ConfigurationProblem is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        if (request.Quarters is not { Count: > 0 } quarters)
        {
            throw new InvalidOperationException("Name the data set quarter(s): --quarter 2026q2 or --quarter 2025q3..2026q2.");
        }

        // Oldest first; anything that is not a quarter keeps its place at the end and fails as its own item.
        return Task.FromResult<IReadOnlyList<string>>(
            [.. quarters.OrderBy(q => NportQuarter.TryParse(q, out var parsed) ? parsed.Value : new NportQuarter(int.MaxValue / 4, 4))]);
    }

    public async Task<ItemPlan> PlanAsync(string item, IngestionRequest request, EtfDataDbContext db, CancellationToken cancellationToken)
    {
        if (!NportQuarter.TryParse(item, out var quarter))
        {
            return new ItemPlan.Fail($"'{item}' is not a quarter such as 2026q2");
        }

        var funds = await db.Etfs.AsNoTracking().Where(e => e.SecCik != null)
            .Select(e => new { e.SecCik, e.SecSeriesId }).ToListAsync(cancellationToken);
        if (funds.Count == 0)
        {
            return new ItemPlan.Fail("no ETF of the universe has SEC identifiers yet: run discovery first");
        }

        var series = funds.Where(f => f.SecSeriesId != null).Select(f => f.SecSeriesId!).ToHashSet(StringComparer.Ordinal);
        var trusts = funds.Where(f => f.SecSeriesId == null).Select(f => f.SecCik!.Value).ToHashSet();

        var download = await sec.GetNportDataSetAsync(quarter.Value.Year, quarter.Value.Quarter, cancellationToken);
        if (!download.TryGetData(out var zipPath))
        {
            return new ItemPlan.Fail(download.Describe());
        }

        string? note = null;
        return new ItemPlan.Write(async (context, token) =>
        {
            var result = BulkWriteResult.Empty;
            var refused = new List<string>();
            var quarantined = new List<string>();
            var read = await NportDataSetReader.ReadAsync(
                zipPath,
                (cik, seriesId) => seriesId is null ? trusts.Contains(cik) : series.Contains(seriesId),
                async (filing, innerToken) =>
                {
                    if (await NportStore.QuarantineIfAbsurdAsync(context, filing.Accession, filing.Cik, filing.Report, filing.Holdings, innerToken) is { } absurd)
                    {
                        quarantined.Add($"{filing.Accession} ({absurd.Reason})");
                        return;
                    }

                    var (stored, refusal) = await FilingSavepoint.TryAsync(
                        context,
                        storeToken => NportStore.StoreAsync(
                            context, filing.Accession, filing.Cik, filing.FilingDate, filing.Report, filing.Holdings, NportXmlParser.Version,
                            $"{quarter}_nport.zip", storeToken),
                        innerToken);
                    result += stored;
                    if (refusal is not null)
                    {
                        refused.Add($"{filing.Accession} ({refusal})");
                    }
                },
                token);
            if (!read.TryGetData(out var filings))
            {
                // Thrown, not returned: the transaction rolls back whatever filings of the zip were already written.
                throw new InvalidDataException($"data set {quarter}: {read.Describe()}");
            }

            if (filings == 0)
            {
                throw new InvalidDataException(
                    $"data set {quarter} holds no filing of the universe's {series.Count} series and {trusts.Count} trusts");
            }

            note = string.Create(CultureInfo.InvariantCulture, $"{filings} filing(s) of the universe's funds read from data set {quarter}");
            if (refused.Count > 0)
            {
                note += string.Create(CultureInfo.InvariantCulture,
                    $"; {refused.Count} refused by the database and skipped: {string.Join("; ", refused.Take(RefusalsNamed))}{(refused.Count > RefusalsNamed ? "; …" : "")}");
            }

            if (quarantined.Count > 0)
            {
                note += string.Create(CultureInfo.InvariantCulture,
                    $"; {quarantined.Count} quarantined, not stored (see GET /api/admin/quarantine): {string.Join("; ", quarantined.Take(RefusalsNamed))}{(quarantined.Count > RefusalsNamed ? "; …" : "")}");
            }

            return result;
        })
        {
            NoteAfterStore = () => note,
        };
    }
}
