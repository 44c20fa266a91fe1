namespace EtfData.Domain;

/// <summary>Outcome of a job run.</summary>
public enum RunStatus
{
    /// <summary>Accepted (e.g. from the admin API) and waiting for a worker.</summary>
    Queued,
    Running,
    Succeeded,
    /// <summary>Some items failed, the others were stored.</summary>
    Partial,
    Failed,
    /// <summary>The process died mid-run; marked at the next start-up.</summary>
    Abandoned,
    /// <summary>
    /// Every item looked fine, but the outcome cannot be true: e.g. a prices run after an NYSE session
    /// in which no active symbol received that session's bar (an upstream outage that looks like success).
    /// </summary>
    Suspect,
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
    /// <summary>Process that runs it: <c>machine/pid/start ticks</c>.</summary>
    public string? Instance { get; init; }
    /// <summary>Refreshed while the run works; a stale heartbeat means its process died.</summary>
    public DateTimeOffset? HeartbeatAt { get; init; }
    /// <summary>Comma-separated symbols the run was limited to; null = the whole active universe.</summary>
    public string? Symbols { get; init; }
    /// <summary>True when the run asked upstreams for whole histories instead of recent days.</summary>
    public bool Backfill { get; init; }
    /// <summary>The scheduler trigger's fire time, for scheduled runs: one fire, one run.</summary>
    public DateTimeOffset? ScheduledFor { get; init; }
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
    /// <summary>Why the item failed; null unless <see cref="Status"/> is failed.</summary>
    public string? Error { get; init; }
    /// <summary>What else is worth knowing (e.g. null bars skipped upstream, a module not available, why it was skipped).</summary>
    public string? Note { get; init; }
    public int DurationMs { get; init; }
    public DateTimeOffset StartedAt { get; init; }
}
