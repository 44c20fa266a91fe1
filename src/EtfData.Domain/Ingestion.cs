namespace EtfData.Domain;

/// <summary>Outcome of a job run.</summary>
public enum RunStatus
{
    Running,
    Succeeded,
    /// <summary>Some items failed, the others were stored.</summary>
    Partial,
    Failed,
    /// <summary>The process died mid-run; marked at the next start-up.</summary>
    Abandoned,
}

/// <summary>Outcome of one item (usually a symbol) within a run.</summary>
public enum ItemStatus
{
    Succeeded,
    Failed,
    Skipped,
}

/// <summary>One execution of an ingestion job (table <c>ingestion_run</c>).</summary>
public sealed record IngestionRun
{
    public long Id { get; init; }
    public required string Job { get; init; }
    /// <summary>What started it: <c>schedule</c>, <c>admin</c>, <c>cli</c>.</summary>
    public required string Trigger { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public RunStatus Status { get; init; }
    public int ItemsTotal { get; init; }
    public int ItemsSucceeded { get; init; }
    public int ItemsFailed { get; init; }
    public long RowsInserted { get; init; }
    public long RowsUpdated { get; init; }
    public long RowsUnchanged { get; init; }
    public string? Error { get; init; }
    public string? Instance { get; init; }
}

/// <summary>What a run did for one item (table <c>ingestion_item</c>).</summary>
public sealed record IngestionItem
{
    public required long RunId { get; init; }
    public required string Item { get; init; }
    public ItemStatus Status { get; init; }
    public long RowsInserted { get; init; }
    public long RowsUpdated { get; init; }
    public long RowsUnchanged { get; init; }
    public string? Error { get; init; }
    public int DurationMs { get; init; }
    public DateTimeOffset StartedAt { get; init; }
}
