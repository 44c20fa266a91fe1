using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EtfData.Api.Storage;

/// <summary>
/// The context every read endpoint takes: the same model as <see cref="EtfDataDbContext"/>, without
/// change tracking, on <see cref="ReadDataSource"/> — the read-only replica when
/// <see cref="StorageOptions.ReadOnlyConnectionString"/> names one, the primary otherwise. Writers
/// (ingestion, admin) never take it.
/// </summary>
public sealed class EtfDataReadDbContext(DbContextOptions<EtfDataReadDbContext> options) : EtfDataDbContext(options);

/// <summary>
/// The data source read endpoints that use raw Npgsql take: the read-only replica when one is
/// configured, the primary otherwise.
/// </summary>
/// <param name="Source">Connections for reads only.</param>
/// <param name="IsReplica">True when reads go to a separate read-only server.</param>
public sealed record ReadDataSource(NpgsqlDataSource Source, bool IsReplica);
