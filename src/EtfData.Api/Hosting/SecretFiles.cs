using EtfData.Api.Ingestion;
using EtfData.Api.Storage;
using Npgsql;

namespace EtfData.Api.Hosting;

/// <summary>
/// Secrets come from the environment or from files (Docker / Kubernetes secrets), never from a checked-in
/// file: the admin key from <c>ETFDATA_ADMIN_API_KEY</c> or the file named by <c>ETFDATA_ADMIN_API_KEY_FILE</c>
/// (<c>Admin:ApiKeyFile</c>), the database password from <c>ETFDATA_DB_PASSWORD</c> or the file named by
/// <c>ETFDATA_DB_PASSWORD_FILE</c> (<c>Storage:PasswordFile</c>). Error messages name the variable and the
/// path, never the content.
/// </summary>
public static class SecretFiles
{
    public static IServiceCollection AddSecretFiles(this IServiceCollection services)
    {
        services.AddOptions<AdminOptions>().PostConfigure<IConfiguration>((options, configuration) =>
        {
            // An empty variable (Compose's ${ETFDATA_ADMIN_API_KEY:-}) counts as unset: the admin API stays off.
            if (string.IsNullOrEmpty(options.ApiKey))
            {
                options.ApiKey = Read(configuration, "ETFDATA_ADMIN_API_KEY_FILE", "Admin:ApiKeyFile");
            }
        });

        services.AddOptions<StorageOptions>().PostConfigure<IConfiguration>((options, configuration) =>
        {
            var password = configuration["ETFDATA_DB_PASSWORD"] is { Length: > 0 } fromEnvironment
                ? fromEnvironment
                : Read(configuration, "ETFDATA_DB_PASSWORD_FILE", "Storage:PasswordFile");
            if (password is null)
            {
                return;
            }

            options.ConnectionString = WithPassword(options.ConnectionString, password);
            options.ReadOnlyConnectionString = WithPassword(options.ReadOnlyConnectionString, password);
        });
        return services;
    }

    /// <summary>A connection string that states no password gets this one; one that states its own keeps it.</summary>
    public static string? WithPassword(string? connectionString, string password)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.Password))
        {
            return connectionString;
        }

        builder.Password = password;
        return builder.ConnectionString;
    }

    /// <summary>The file's content without its trailing line break (as <c>echo secret &gt; file</c> writes it), or null when no file is named.</summary>
    private static string? Read(IConfiguration configuration, string variable, string key)
    {
        var (name, path) = configuration[variable] is { Length: > 0 } fromVariable ? (variable, fromVariable)
            : configuration[key] is { Length: > 0 } fromKey ? (key, fromKey)
            : (null, null);
        if (path is null)
        {
            return null;
        }

        try
        {
            var secret = File.ReadAllText(path).TrimEnd('\r', '\n');
            return secret.Length > 0 ? secret : throw new InvalidOperationException($"{name} names {path}, which is empty.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{name} names {path}, which cannot be read: {e.GetType().Name}.", e);
        }
    }
}
