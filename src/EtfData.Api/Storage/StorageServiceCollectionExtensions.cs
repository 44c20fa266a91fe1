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

        services.AddDbContext<EtfDataReadDbContext>((sp, options) => options
            .UseNpgsql(sp.GetRequiredService<ReadDataSource>().Source)
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking));

        services.AddSingleton<Migrator>();
        services.AddSingleton<DataVersion>();
        services.AddHostedService<DataVersionListener>();
        services.AddScoped<BulkWriter>();
        return services;
    }

    /// <summary>A data source on the configured database; <paramref name="applicationName"/> unless the connection string names one.</summary>
    public static NpgsqlDataSource BuildDataSource(IServiceProvider services, string applicationName, string? connectionString = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var builder = new NpgsqlDataSourceBuilder(connectionString ?? options.ConnectionString);
        builder.ConnectionStringBuilder.ApplicationName ??= applicationName;
        builder.UseLoggerFactory(services.GetRequiredService<ILoggerFactory>());
        return builder.Build();
    }
}
