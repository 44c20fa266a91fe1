using System.ComponentModel.DataAnnotations;

namespace EtfData.Api.Storage;

/// <summary>Database settings, section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>
    /// Npgsql connection string. Taken, in order, from <c>Storage:ConnectionString</c>,
    /// <c>ConnectionStrings:EtfData</c> (env <c>ConnectionStrings__EtfData</c>) and env <c>ETFDATA_DB</c>.
    /// </summary>
    [Required(ErrorMessage = "No database connection string: set ETFDATA_DB or ConnectionStrings__EtfData.")]
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Optional connection string of a read-only server (a PostgreSQL streaming replica of the
    /// primary). When set, every read endpoint reads there and nothing writes there; ingestion,
    /// migrations and admin actions keep using <see cref="ConnectionString"/>. Env
    /// <c>Storage__ReadOnlyConnectionString</c> or <c>ETFDATA_DB_READONLY</c>.
    /// </summary>
    public string? ReadOnlyConnectionString { get; set; }

    /// <summary>
    /// Seconds to wait for a connection to the database (Npgsql <c>Timeout</c>, unless the connection
    /// string sets it). Kept short so that while the database is down a request fails fast with 503
    /// instead of hanging on a server that does not answer.
    /// </summary>
    [Range(1, 120)]
    public int ConnectTimeoutSeconds { get; set; } = 5;

    /// <summary>Apply pending migrations when the host starts (default true).</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>How long a starting instance waits for another one that is migrating.</summary>
    [Range(1, 3600)]
    public int MigrationLockTimeoutSeconds { get; set; } = 300;
}
