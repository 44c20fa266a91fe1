using System.ComponentModel.DataAnnotations;

namespace EtfData.Api.Ingestion.Sec;

/// <summary>How the SEC jobs pick filings, section <c>Ingestion:Sec</c>.</summary>
public sealed class SecIngestionOptions
{
    public const string Section = "Ingestion:Sec";

    /// <summary>How far back <c>holdings --backfill</c> goes, in years of filing dates.</summary>
    [Range(1, 30)]
    public int BackfillYears { get; set; } = 3;

    /// <summary>
    /// For a fund with no stored filing, a run without <c>--backfill</c> takes the filings of this many
    /// recent months (two quarterly reports with the default).
    /// </summary>
    [Range(1, 120)]
    public int FirstRunMonths { get; set; } = 6;

    /// <summary>
    /// Where a series' filings are listed: <c>atom</c> (the series' EDGAR Atom feed: only its own
    /// filings) or <c>submissions</c> (the trust's submissions, every series mixed, each candidate
    /// document read to learn its series; every filing read is remembered, relevant or not).
    /// </summary>
    [RegularExpression("^(atom|submissions)$")]
    public string SeriesFilingsFrom { get; set; } = "atom";
}
