using EtfData.Domain;

namespace EtfData.Api.Sources.Sec.Nport;

/// <summary>A filing read from a quarterly Form N-PORT data set, with its holdings.</summary>
public sealed record NportDataSetFiling(string Accession, long Cik, DateOnly FilingDate, NportReport Report, IReadOnlyList<NportHolding> Holdings);

/// <summary>
/// Reads SEC's quarterly Form N-PORT data set zip (tab-separated tables joined by
/// <c>ACCESSION_NUMBER</c>) straight from the archive, without unpacking it to disk.
/// </summary>
public static class NportDataSetReader
{
    /// <summary>
    /// Hands every filing whose (CIK, series id) <paramref name="wanted"/> accepts to <paramref name="onFiling"/>.
    /// Columns are mapped by header name; a missing table or column gives <see cref="SourceResult{T}.Invalid"/>
    /// naming it. Returns the number of filings handed over.
    /// </summary>
    public static Task<SourceResult<int>> ReadAsync(
        string zipPath,
        Func<long, string?, bool> wanted,
        Func<NportDataSetFiling, CancellationToken, Task> onFiling,
        CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}
