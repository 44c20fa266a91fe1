using System.ComponentModel.DataAnnotations;

namespace EtfData.Api.Ingestion;

/// <summary>How ingestion runs, section <c>Ingestion</c>.</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>
    /// Symbols processed at once within a job. Each upstream's own rate limit and concurrency cap
    /// still apply, so this bounds database connections and memory, not upstream load.
    /// </summary>
    [Range(1, 64)]
    public int MaxParallelism { get; set; } = 4;

    /// <summary>
    /// Optional allow-list (normalised symbols, e.g. <c>SPY,QQQ,BRK.B</c>) that limits the universe
    /// discovery keeps, for small installs. Empty = every ETF in the symbol directory.
    /// </summary>
    public string[] Symbols { get; set; } = [];

    /// <summary>How often a running job refreshes its heartbeat.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A running run whose heartbeat is older than this is marked abandoned.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan AbandonAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Discovery refuses a symbol directory listing fewer ETFs than this share of the active universe
    /// (a truncated file must not deactivate half the database).
    /// </summary>
    [Range(0.0, 1.0)]
    public double MinDirectoryShare { get; set; } = 0.5;

    /// <summary>
    /// A full-history re-sync makes a symbol's stored dividends, splits and daily bars exactly what the
    /// upstream lists, deleting what it no longer lists. It is refused (the item fails, nothing is
    /// written) when it would delete more rows of one kind than this share of the stored ones or
    /// <see cref="MaxDeletionCount"/>, whichever is larger: an upstream's bad day must not erase history.
    /// </summary>
    [Range(0.0, 1.0)]
    public double MaxDeletionShare { get; set; } = 0.1;

    /// <summary>
    /// Rows of one kind a re-sync may always delete, whatever the share: lets a fund with three
    /// dividends lose one that the upstream withdrew (a third of them, above any sane share).
    /// </summary>
    [Range(0, 1000)]
    public int MaxDeletionCount { get; set; } = 1;
}

/// <summary>The scheduler, section <c>Scheduler</c>.</summary>
public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary>Run the scheduler in this process; false for API-only replicas.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Quartz cron of the nightly chain: discovery, prices, AUM, issuer holdings files, flows.</summary>
    [Required]
    public string NightlyCron { get; set; } = "0 0 22 ? * MON-FRI";

    /// <summary>Quartz cron of the weekly chain: the dividends and splits re-sync, then N-PORT holdings.</summary>
    [Required]
    public string WeeklyEventsCron { get; set; } = "0 0 8 ? * SAT";

    /// <summary>Quartz cron of Schwab's holdings pages (weekly: a broker's page changes slowly and the site is a guest's house).</summary>
    [Required]
    public string SchwabHoldingsCron { get; set; } = "0 0 10 ? * SAT";

    /// <summary>Quartz cron of the etfdb profiles (weekly).</summary>
    [Required]
    public string EtfdbCron { get; set; } = "0 0 10 ? * SUN";

    /// <summary>IANA time zone the crons are read in.</summary>
    [Required]
    public string TimeZone { get; set; } = "America/New_York";

    /// <summary>Seconds between cluster check-ins of this node.</summary>
    [Range(1, 300)]
    public int ClusterCheckinSeconds { get; set; } = 15;
}

/// <summary>Admin API, section <c>Admin</c>.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>
    /// Key expected in <c>X-Api-Key</c> (env <c>ETFDATA_ADMIN_API_KEY</c>). Unset: the admin API
    /// does not exist (404).
    /// </summary>
    [MinLength(16, ErrorMessage = "The admin API key must be at least 16 characters.")]
    public string? ApiKey { get; set; }
}
