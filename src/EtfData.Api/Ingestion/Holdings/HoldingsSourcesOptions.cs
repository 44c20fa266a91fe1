using System.ComponentModel.DataAnnotations;

namespace EtfData.Api.Ingestion.Holdings;

/// <summary>Holdings from issuer files and Schwab, section <c>Ingestion:HoldingsSources</c>.</summary>
public sealed class HoldingsSourcesOptions
{
    public const string Section = "Ingestion:HoldingsSources";

    /// <summary>
    /// Largest |Σ weight − 1| of a full snapshot still marked <c>ok</c> (cash, futures and rounding lines included);
    /// beyond it the snapshot is stored and flagged <c>off</c>.
    /// </summary>
    [Range(0.0, 1.0)]
    public decimal WeightTolerance { get; set; } = HoldingsSnapshotStore.DefaultWeightTolerance;
}
