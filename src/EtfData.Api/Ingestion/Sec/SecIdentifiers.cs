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
public sealed record SecIdentifierCounts(int Matched, int Changed, int Unmatched)
{
    public string Describe() => $"SEC identifiers: {Matched} matched, {Changed} changed, {Unmatched} not in SEC's ticker maps";
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

        if (changes.Count > 0)
        {
            // One statement for the whole universe (thousands of rows on a first run).
            await using var command = new NpgsqlCommand("""
                UPDATE etf e SET sec_cik = c.cik, sec_series_id = c.series_id, sec_class_id = c.class_id,
                                 sec_series_class_count = c.class_count, updated_at = now()
                FROM unnest(@symbols, @ciks, @series, @classes, @counts) AS c(symbol, cik, series_id, class_id, class_count)
                WHERE e.symbol = c.symbol
                """);
            command.Parameters.Add(new NpgsqlParameter<string[]>("symbols", [.. changes.Select(c => c.Symbol)]));
            command.Parameters.Add(new NpgsqlParameter<long[]>("ciks", [.. changes.Select(c => c.Cik)]));
            command.Parameters.Add(new NpgsqlParameter<string?[]>("series", [.. changes.Select(c => c.Series)]));
            command.Parameters.Add(new NpgsqlParameter<string?[]>("classes", [.. changes.Select(c => c.Class)]));
            command.Parameters.Add(new NpgsqlParameter<int?[]>("counts", [.. changes.Select(c => c.Count)]));
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                command.Connection = (NpgsqlConnection)db.Database.GetDbConnection();
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        return new SecIdentifierCounts(matched, changes.Count, unmatched);
    }
}
