namespace EtfData.Api.Sources.Nasdaq;

/// <summary>An ETF as the symbol directory lists it.</summary>
/// <param name="Symbol">Normalised ticker (<see cref="Domain.EtfSymbol"/>), e.g. <c>SPY</c>, <c>BRK.B</c>.</param>
/// <param name="Name">Security name, trimmed.</param>
/// <param name="Exchange">Listing exchange by name (<c>NYSE Arca</c>, <c>Nasdaq</c>, …); an unknown code is kept as it came.</param>
public sealed record ListedEtf(string Symbol, string Name, string Exchange);

/// <summary>The ETFs of one symbol directory file.</summary>
/// <param name="Etfs">ETF rows, ordered by symbol, one per symbol.</param>
/// <param name="FileCreatedAt">The file's own as-of time from its trailer (US Eastern); null when the trailer's time did not parse.</param>
/// <param name="Diagnostics">What was dropped and why.</param>
public sealed record SymbolDirectory(IReadOnlyList<ListedEtf> Etfs, DateTimeOffset? FileCreatedAt, SymbolDirectoryDiagnostics Diagnostics);

/// <summary>Row counts of one parse, for the ingestion run record.</summary>
/// <param name="DataRows">Rows between the header and the trailer.</param>
/// <param name="TestIssuesDropped">Rows with <c>Test Issue = Y</c>.</param>
/// <param name="UnsupportedSymbolsSkipped">Preferreds, warrants, units, rights and other symbols that are not a plain or class-share ticker.</param>
/// <param name="NonEtfRows">Rows with the ETF flag <c>N</c>.</param>
/// <param name="BlankEtfFlagRows">Rows whose ETF flag is neither <c>Y</c> nor <c>N</c> (blank in the real file); not taken as ETFs.</param>
/// <param name="MalformedRowsSkipped">Rows with a different number of fields than the header.</param>
/// <param name="DuplicateSymbolsSkipped">ETF rows whose normalised symbol was already listed.</param>
public sealed record SymbolDirectoryDiagnostics(
    int DataRows,
    int TestIssuesDropped,
    int UnsupportedSymbolsSkipped,
    int NonEtfRows,
    int BlankEtfFlagRows,
    int MalformedRowsSkipped,
    int DuplicateSymbolsSkipped);
