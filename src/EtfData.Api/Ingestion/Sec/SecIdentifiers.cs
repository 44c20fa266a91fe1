using System.Globalization;
using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace EtfData.Api.Ingestion.Sec;

/// <summary>What <see cref="SecIdentifiers.ApplyAsync"/> did, for the run note.</summary>
/// <param name="Matched">ETFs found in one of the ticker maps.</param>
/// <param name="Changed">ETFs whose CIK, series, class or class count changed.</param>
/// <param name="Unmatched">ETFs in neither map; their stored identifiers are left as they are.</param>
/// <param name="ObservationsRemoved">N-PORT AUM observations removed because the figures are no longer the ETF's own.</param>
/// <param name="ObservationsAdded">N-PORT AUM observations added from stored filings whose figures became the ETF's own.</param>
public sealed record SecIdentifierCounts(int Matched, int Changed, int Unmatched, int ObservationsRemoved = 0, int ObservationsAdded = 0)
{
    public string Describe() =>
        $"SEC identifiers: {Matched} matched, {Changed} changed, {Unmatched} not in SEC's ticker maps" +
        (ObservationsRemoved + ObservationsAdded > 0
            ? string.Create(CultureInfo.InvariantCulture,
                $"; N-PORT AUM observations re-scoped: {ObservationsRemoved} removed, {ObservationsAdded} added")
            : "");
}

/// <summary>Sets the SEC identifiers of the universe's ETFs from SEC's two ticker maps.</summary>
public static class SecIdentifiers
{
    /// <summary>
    /// For every ETF in <c>etf</c>: from <paramref name="fundClasses"/> (<c>company_tickers_mf.json</c>)
    /// its CIK, series, class and the number of classes its series has there (mutual-fund classes
    /// included); else, for a fund without a series such as a unit investment trust, its CIK from
    /// <paramref name="companies"/> (<c>company_tickers.json</c>) with no series, class or count.
    /// </summary>
    /// <remarks>
    /// Whether a stored filing's figures are an ETF's own depends on these identifiers (see
    /// <see cref="NportStore"/>): a series' net assets are the ETF's own only while the series has one
    /// class. So when an ETF's series, class count or (for a unit investment trust) CIK changes, the
    /// scope of its old and new series' stored filings is decided again as <see cref="NportStore"/> would
    /// decide it now (the report's classes being the classes of its returns), and the ETF's <c>sec-nport</c>
    /// AUM observations are rebuilt from its own winning filings: removed where the figures are now a
    /// series', added where they became its own.
    /// </remarks>
    public static async Task<SecIdentifierCounts> ApplyAsync(
        EtfDataDbContext db, IReadOnlyList<SecTickerEntry> fundClasses, IReadOnlyList<SecTickerEntry> companies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(fundClasses);
        ArgumentNullException.ThrowIfNull(companies);

        var classCounts = fundClasses.Where(c => c.SeriesId is not null)
            .GroupBy(c => c.SeriesId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(c => c.ClassId ?? c.Symbol).Distinct(StringComparer.Ordinal).Count(), StringComparer.Ordinal);
        // A ticker listed twice keeps its first row: the maps are ordered by SEC, not by us.
        var byClass = fundClasses.Where(c => c.SeriesId is not null).DistinctBy(c => c.Symbol, StringComparer.Ordinal)
            .ToDictionary(c => c.Symbol, StringComparer.Ordinal);
        var byCompany = companies.DistinctBy(c => c.Symbol, StringComparer.Ordinal).ToDictionary(c => c.Symbol, StringComparer.Ordinal);

        var etfs = await db.Etfs.AsNoTracking()
            .Select(e => new { e.Symbol, e.SecCik, e.SecSeriesId, e.SecClassId, e.SecSeriesClassCount })
            .ToListAsync(cancellationToken);
        var changes = new List<(string Symbol, long Cik, string? Series, string? Class, int? Count)>();
        int matched = 0, unmatched = 0;
        foreach (var etf in etfs)
        {
            (long Cik, string? Series, string? Class, int? Count) wanted;
            if (byClass.TryGetValue(etf.Symbol, out var fund))
            {
                wanted = (fund.Cik, fund.SeriesId, fund.ClassId, classCounts[fund.SeriesId!]);
            }
            else if (byCompany.TryGetValue(etf.Symbol, out var company))
            {
                wanted = (company.Cik, null, null, null);
            }
            else
            {
                unmatched++;
                continue;
            }

            matched++;
            if (wanted != (etf.SecCik ?? 0, etf.SecSeriesId, etf.SecClassId, etf.SecSeriesClassCount))
            {
                changes.Add((etf.Symbol, wanted.Cik, wanted.Series, wanted.Class, wanted.Count));
            }
        }

        int removed = 0, added = 0;
        if (changes.Count > 0)
        {
            var before = etfs.ToDictionary(e => e.Symbol, StringComparer.Ordinal);
            // A change of class id alone changes nothing the figures depend on.
            var rescoped = changes.Where(c =>
                {
                    var old = before[c.Symbol];
                    return c.Series != old.SecSeriesId || c.Count != old.SecSeriesClassCount || (c.Series is null && c.Cik != old.SecCik);
                })
                .ToList();
            string[] touchedSeries =
            [
                .. rescoped.Select(c => c.Series).Concat(rescoped.Select(c => before[c.Symbol].SecSeriesId)).OfType<string>().Distinct(StringComparer.Ordinal),
            ];

            // One batch, one implicit transaction when the caller has none: the universe's rows (thousands on a first run) at once.
            await using var batch = new NpgsqlBatch();
            var update = new NpgsqlBatchCommand("""
                UPDATE etf e SET sec_cik = c.cik, sec_series_id = c.series_id, sec_class_id = c.class_id,
                                 sec_series_class_count = c.class_count, updated_at = now()
                FROM unnest(@symbols, @ciks, @series, @classes, @counts) AS c(symbol, cik, series_id, class_id, class_count)
                WHERE e.symbol = c.symbol
                """);
            update.Parameters.Add(new NpgsqlParameter<string[]>("symbols", [.. changes.Select(c => c.Symbol)]));
            update.Parameters.Add(new NpgsqlParameter<long[]>("ciks", [.. changes.Select(c => c.Cik)]));
            update.Parameters.Add(new NpgsqlParameter<string?[]>("series", [.. changes.Select(c => c.Series)]));
            update.Parameters.Add(new NpgsqlParameter<string?[]>("classes", [.. changes.Select(c => c.Class)]));
            update.Parameters.Add(new NpgsqlParameter<int?[]>("counts", [.. changes.Select(c => c.Count)]));
            batch.BatchCommands.Add(update);

            // The scope NportStore would give each filing now: the most of its returns' classes and the map's count, 'fund' when 1.
            var scopes = new NpgsqlBatchCommand($"""
                UPDATE nport_filing f SET class_count = n.class_count,
                                          figures_scope = CASE WHEN n.class_count = 1 THEN '{NportSource.FundScope}' ELSE '{NportSource.SeriesScope}' END
                FROM (SELECT g.accession,
                             greatest((SELECT count(DISTINCT r.class_id) FROM nport_class_return r WHERE r.accession = g.accession),
                                      coalesce((SELECT max(e.sec_series_class_count) FROM etf e WHERE e.sec_series_id = g.series_id), 0)) AS class_count
                      FROM nport_filing g
                      WHERE g.is_relevant AND g.series_id = ANY(@touched)) n
                WHERE f.accession = n.accession
                  AND (f.class_count, f.figures_scope) IS DISTINCT FROM
                      (n.class_count, CASE WHEN n.class_count = 1 THEN '{NportSource.FundScope}' ELSE '{NportSource.SeriesScope}' END)
                """);
            scopes.Parameters.Add(new NpgsqlParameter<string[]>("touched", touchedSeries));
            batch.BatchCommands.Add(scopes);

            // The winning filings whose month-end net assets are the ETF's own, as NportStore stores them.
            const string OwnFilings = $"""
                etf e JOIN nport_filing f
                  ON f.is_relevant AND f.superseded_by IS NULL AND f.figures_scope = '{NportSource.FundScope}' AND f.net_assets_usd >= 0
                 AND CASE WHEN e.sec_series_id IS NOT NULL THEN f.series_id = e.sec_series_id ELSE f.series_id IS NULL AND f.cik = e.sec_cik END
                """;
            var delete = new NpgsqlBatchCommand($"""
                DELETE FROM fund_metric_daily m
                WHERE m.source = @source AND m.symbol = ANY(@rescoped)
                  AND NOT EXISTS (SELECT 1 FROM {OwnFilings} WHERE e.symbol = m.symbol AND f.report_period = m.as_of)
                """);
            delete.Parameters.Add(new NpgsqlParameter<string>("source", NportSource.Name));
            delete.Parameters.Add(new NpgsqlParameter<string[]>("rescoped", [.. rescoped.Select(c => c.Symbol)]));
            batch.BatchCommands.Add(delete);

            var insert = new NpgsqlBatchCommand($"""
                INSERT INTO fund_metric_daily (symbol, as_of, source, total_assets_usd)
                SELECT e.symbol, f.report_period, @source, f.net_assets_usd FROM {OwnFilings}
                WHERE e.symbol = ANY(@rescoped)
                ON CONFLICT (symbol, as_of, source) DO UPDATE SET total_assets_usd = EXCLUDED.total_assets_usd
                WHERE fund_metric_daily.total_assets_usd IS DISTINCT FROM EXCLUDED.total_assets_usd
                """);
            insert.Parameters.Add(new NpgsqlParameter<string>("source", NportSource.Name));
            insert.Parameters.Add(new NpgsqlParameter<string[]>("rescoped", [.. rescoped.Select(c => c.Symbol)]));
            batch.BatchCommands.Add(insert);

            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                batch.Connection = (NpgsqlConnection)db.Database.GetDbConnection();
                batch.Transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction;
                await batch.ExecuteNonQueryAsync(cancellationToken);
                removed = delete.RecordsAffected;
                added = insert.RecordsAffected;
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        return new SecIdentifierCounts(matched, changes.Count, unmatched, removed, added);
    }
}
