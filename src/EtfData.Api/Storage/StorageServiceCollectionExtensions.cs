using EtfData.Api.Storage.Migrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EtfData.Api.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the data source, the DbContext, the migrator, the bulk writer and the data version.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .Configure<IConfiguration>((options, configuration) =>
                {
                options.ConnectionString ??= configuration.GetConnectionString("EtfData") ?? configuration["ETFDATA_DB"];
                options.ReadOnlyConnectionString ??= configuration["ETFDATA_DB_READONLY"];
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton(sp => BuildDataSource(sp, "etfdata"));

        services.AddDbContext<EtfDataDbContext>((sp, options) =>
            options.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>()));

        services.AddSingleton(sp =>
        {
            var readOnly = sp.GetRequiredService<IOptions<StorageOptions>>().Value.ReadOnlyConnectionString;
            return string.IsNullOrWhiteSpace(readOnly)
                ? new ReadDataSource(sp.GetRequiredService<NpgsqlDataSource>(), IsReplica: false)
                : new ReadDataSource(BuildDataSource(sp, "etfdata-read", readOnly), IsReplica: true);
        });

        // Pooled: a request's context is reset and reused rather than built afresh (reads take no tracking state).
        services.AddDbContextPool<EtfDataReadDbContext>((sp, options) => options
            .UseNpgsql(sp.GetRequiredService<ReadDataSource>().Source)
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking));

        services.AddSingleton<Migrator>();
        services.AddSingleton<DataVersion>();
        services.AddHostedService<DataVersionListener>();
        services.AddScoped<BulkWriter>();
        return services;
    }

    /// <summary>Statements each physical connection keeps prepared (least recently used ones are unprepared first).</summary>
    public const int DefaultMaxAutoPrepare = 128;

    /// <summary>Executions of the same SQL on a connection before it is prepared.</summary>
    public const int DefaultAutoPrepareMinUsages = 2;

    /// <summary>
    /// A data source on the configured database; <paramref name="applicationName"/> unless the connection string names one.
    /// Unless the connection string says otherwise: no session reset when a connection goes back to the pool
    /// (<c>No Reset On Close</c>: nothing sets session state it does not undo itself, see <see cref="Migrator"/>),
    /// and automatic preparation of the statements a connection runs repeatedly (<c>Max Auto Prepare</c>,
    /// <c>Auto Prepare Min Usages</c>), so a read is one round trip with no DISCARD ALL and no fresh plan.
    /// </summary>
    public static NpgsqlDataSource BuildDataSource(IServiceProvider services, string applicationName, string? connectionString = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var builder = new NpgsqlDataSourceBuilder(connectionString ?? options.ConnectionString);
        ApplyPerformanceDefaults(builder.ConnectionStringBuilder, connectionString ?? options.ConnectionString);
        ApplyConnectTimeout(builder.ConnectionStringBuilder, connectionString ?? options.ConnectionString, options.ConnectTimeoutSeconds);
        builder.ConnectionStringBuilder.ApplicationName ??= applicationName;
        builder.UseLoggerFactory(services.GetRequiredService<ILoggerFactory>());
        return builder.Build();
    }

    /// <summary>Sets the connect timeout to <paramref name="seconds"/> unless <paramref name="connectionString"/> sets <c>Timeout</c> itself.</summary>
    public static void ApplyConnectTimeout(NpgsqlConnectionStringBuilder builder, string? connectionString, int seconds)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString ?? "" }.Keys
            .Cast<string>().Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()).ToHashSet();
        if (!given.Contains("TIMEOUT"))
        {
            builder.Timeout = seconds;
        }
    }

    /// <summary>Sets the pool's performance settings that <paramref name="connectionString"/> does not set itself.</summary>
    public static void ApplyPerformanceDefaults(NpgsqlConnectionStringBuilder builder, string? connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Keys as the user wrote them, compared without spaces or case (Npgsql accepts "NoResetOnClose" too).
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString ?? "" }.Keys
            .Cast<string>().Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()).ToHashSet();
        if (!given.Contains("NORESETONCLOSE"))
        {
            builder.NoResetOnClose = true;
        }

        if (!given.Contains("MAXAUTOPREPARE"))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        if (!given.Contains("AUTOPREPAREMINUSAGES"))
        {
            builder.AutoPrepareMinUsages = DefaultAutoPrepareMinUsages;
        }
    }
}
