using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace EtfData.IntegrationTests.Infrastructure;

/// <summary>
/// A PostgreSQL cluster of one test class's own (initdb in a temporary directory, trust authentication
/// on 127.0.0.1), so that the test may stop and start the server under a running host without
/// disturbing any other class. Needs the server binaries (<c>./etfdata test</c> installs them); as root
/// the server runs as the <c>postgres</c> system user, as <c>./etfdata</c> does.
/// </summary>
public sealed class DedicatedPostgres : IAsyncDisposable
{
    private readonly string bin;
    private readonly string directory;

    private DedicatedPostgres(string bin, string directory, int port)
    {
        this.bin = bin;
        this.directory = directory;
        Port = port;
    }

    public int Port { get; }

    private string DataDirectory => Path.Combine(directory, "data");

    /// <summary>Connection string to database <paramref name="database"/> of this cluster.</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database }.ConnectionString;

    public static async Task<DedicatedPostgres> StartAsync()
    {
        var bin = FindBinaries();
        var directory = Directory.CreateTempSubdirectory("etfdata-dedicated-pg-").FullName;
        var cluster = new DedicatedPostgres(bin, directory, FreePort());
        if (IsRoot)
        {
            await RunAsync("chown", "postgres:", directory);
        }

        await cluster.AsServerUserAsync("initdb", "-D", cluster.DataDirectory, "-U", "postgres", "-E", "UTF8", "--locale=C", "-A", "trust");
        await File.AppendAllTextAsync(Path.Combine(cluster.DataDirectory, "postgresql.conf"), string.Join('\n',
            "", "listen_addresses = '127.0.0.1'", $"port = {cluster.Port.ToString(CultureInfo.InvariantCulture)}",
            $"unix_socket_directories = '{directory}'", "fsync = off", "synchronous_commit = off", "full_page_writes = off", "max_connections = 100", ""));
        await cluster.StartServerAsync();
        return cluster;
    }

    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary><c>pg_ctl stop -m fast</c>: open sessions are ended (admin shutdown), the port closes.</summary>
    public Task StopServerAsync() => AsServerUserAsync("pg_ctl", "stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "60");

    /// <summary><c>pg_ctl start</c> on the same port, waiting until it accepts connections.</summary>
    public Task StartServerAsync() =>
        AsServerUserAsync("pg_ctl", "start", "-D", DataDirectory, "-w", "-t", "60", "-l", Path.Combine(directory, "server.log"));

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await AsServerUserAsync("pg_ctl", "stop", "-D", DataDirectory, "-m", "immediate", "-w", "-t", "60");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        Directory.Delete(directory, recursive: true);
    }

    private Task AsServerUserAsync(string tool, params string[] arguments) =>
        IsRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(bin, tool), .. arguments])
            : RunAsync(Path.Combine(bin, tool), arguments);

    private static bool IsRoot => Environment.UserName == "root";

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        // pg_ctl start leaves the server holding its inherited output; read to exit, not to end of stream.
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            var said = await Task.WhenAny(Task.WhenAll(output, errors), Task.Delay(TimeSpan.FromSeconds(5))) == Task.WhenAll(output, errors)
                ? (await output) + (await errors)
                : "";
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {said}");
        }
    }

    private static string FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable("ETFDATA_PG_BINDIR");
        var candidates = new List<string>();
        if (configured is { Length: > 0 })
        {
            candidates.Add(configured);
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), CultureInfo.InvariantCulture, out var major) ? major : 0)
                .Select(d => Path.Combine(d, "bin")));
        }

        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries));
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException(
                "PostgreSQL server binaries (initdb, pg_ctl) not found: run the tests with ./etfdata test, which installs them, or set ETFDATA_PG_BINDIR.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
