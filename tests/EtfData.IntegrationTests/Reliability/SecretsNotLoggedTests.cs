using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EtfData.FakeUpstream;
using EtfData.Api.Hosting;
using EtfData.Api.Ingestion;
using EtfData.Api.Storage;
using EtfData.FakeUpstream.Faults;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace EtfData.IntegrationTests.Reliability;

/// <summary>
/// Secrets come from files (as Docker secrets are mounted) and never reach the log: the host runs as its own
/// process, as in production, with every log category at Debug, and everything it writes is searched.
/// </summary>
public sealed class SecretsNotLoggedTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_full_run_never_logs_the_admin_key_or_the_database_password()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var role = "etfdata_secret_" + id;
        var database = "etfdata_secret_db_" + id;
        var password = "DbPw-" + Guid.NewGuid().ToString("N");
        var adminKey = "AdminKey-" + Guid.NewGuid().ToString("N");
        var secrets = Directory.CreateTempSubdirectory("etfdata-secrets-");
        var server = await TestPostgres.ServerConnectionStringAsync();
        await ExecuteAsync(server, $"CREATE ROLE \"{role}\" LOGIN PASSWORD '{password}'");
        await ExecuteAsync(server, $"CREATE DATABASE \"{database}\" OWNER \"{role}\"");
        var withoutPassword = new NpgsqlConnectionStringBuilder(server) { Database = database, Username = role, Password = null }.ConnectionString;
        var asSuperuser = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        await using var fake = await FakeUpstreamServer.StartAsync(new TestClock(IngestionHost.FridayAfterClose));
        var lines = new ConcurrentQueue<string>();
        try
        {
            // Secrets as files with the line break `echo … >file` leaves.
            var passwordFile = Path.Combine(secrets.FullName, "db_password");
            var keyFile = Path.Combine(secrets.FullName, "admin_api_key");
            await File.WriteAllTextAsync(passwordFile, password + "\n");
            await File.WriteAllTextAsync(keyFile, adminKey + "\n");
            var port = FreePort();
            var baseUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
            var settings = Settings(fake, withoutPassword, passwordFile, keyFile, baseUrl);

            using (var host = StartHost(settings, lines))
            {
                try
                {
                    using var client = new HttpClient { BaseAddress = baseUrl };
                    await Eventually.UntilAsync(async () =>
                    {
                        host.HasExited.Should().BeFalse("the host should start with its secrets from files; it wrote:\n" + string.Join('\n', lines));
                        try
                        {
                            using var ready = await client.GetAsync("/api/health/ready");
                            return ready.StatusCode == HttpStatusCode.OK;
                        }
                        catch (HttpRequestException)
                        {
                            return false;
                        }
                    }, "the host is ready on the database it reached with the password from its file");

                    // The container's health check verb against the running host.
                    var check = await HostProcess.RunAsync(withoutPassword, new Dictionary<string, string?>(), "healthcheck", "--url", baseUrl.ToString());
                    check.ExitCode.Should().Be(0, check.AllOutput);

                    await RequestsOfAFullRunAsync(client, fake, asSuperuser, adminKey);
                }
                finally
                {
                    await StopAsync(host);
                }
            }

            // A start that fails to connect (a database that does not exist; the test server may trust every
            // password): the connection error must not show the password either.
            var failedStart = new ConcurrentQueue<string>();
            settings["ConnectionStrings:EtfData"] = new NpgsqlConnectionStringBuilder(withoutPassword) { Database = database + "_missing" }.ConnectionString;
            using (var host = StartHost(settings, failedStart))
            {
                try
                {
                    await Eventually.UntilAsync(() => Task.FromResult(host.HasExited), "the host gives up on a database it cannot open");
                    host.ExitCode.Should().NotBe(0);
                }
                finally
                {
                    await StopAsync(host);
                }
            }

            string.Join('\n', failedStart).Should().Contain("does not exist", "the failed start says why");
            foreach (var line in failedStart)
            {
                lines.Enqueue(line);
            }

            var leaks = lines.Where(l => l.Contains(adminKey, StringComparison.Ordinal)
                                         || l.Contains(password, StringComparison.Ordinal)).ToList();
            leaks.Should().BeEmpty("no log line may show the admin key or a database password");
            string.Join('\n', lines).Should().Contain("responded 401").And.Contain("responded 202").And.Contain("HTTP GET");
            Figures.Report(output, $"secrets: {lines.Count} log lines of 2 host processes searched for the admin key and the database password: 0 found");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
            await ExecuteAsync(server, $"DROP ROLE IF EXISTS \"{role}\"");
            secrets.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_admin_key_and_the_database_password_are_read_from_the_files_the_environment_names()
    {
        var secrets = Directory.CreateTempSubdirectory("etfdata-secrets-");
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        try
        {
            // The test server's own password when it has one (so the host can log in), else one Npgsql must quote.
            var server = new NpgsqlConnectionStringBuilder(database.ConnectionString);
            var password = server.Password is { Length: > 0 } given ? given : "pass;word with=specials";
            server.Password = null;
            var passwordFile = Path.Combine(secrets.FullName, "db_password");
            var keyFile = Path.Combine(secrets.FullName, "admin_api_key");
            await File.WriteAllTextAsync(passwordFile, password + "\n");
            await File.WriteAllTextAsync(keyFile, "0123456789abcdef-admin\r\n");
            await using var factory = new EtfDataApiFactory(server.ConnectionString, new Dictionary<string, string?>
            {
                ["ETFDATA_DB_PASSWORD_FILE"] = passwordFile,
                ["ETFDATA_ADMIN_API_KEY_FILE"] = keyFile,
            });
            using var client = factory.CreateClient();
            client.DefaultRequestHeaders.Add("X-Api-Key", "0123456789abcdef-admin");

            new NpgsqlConnectionStringBuilder(factory.Services.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString)
                .Password.Should().Be(password);
            factory.Services.GetRequiredService<IOptions<AdminOptions>>().Value.ApiKey.Should().Be("0123456789abcdef-admin");
            (await client.GetAsync("/api/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
            (await client.GetAsync("/api/admin/jobs")).StatusCode.Should().Be(HttpStatusCode.OK, "the key from the file opens the admin API");
        }
        finally
        {
            secrets.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_connection_string_that_states_a_password_keeps_it()
    {
        SecretFiles.WithPassword("Host=db;Username=etfdata;Password=own", "fromfile").Should().Be("Host=db;Username=etfdata;Password=own");
        new NpgsqlConnectionStringBuilder(SecretFiles.WithPassword("Host=db;Username=etfdata", "a;b='c'")).Password.Should().Be("a;b='c'");
        SecretFiles.WithPassword(null, "x").Should().BeNull();
    }

    [Fact]
    public async Task The_healthcheck_verb_exits_1_when_no_host_answers()
    {
        var port = FreePort();
        var check = await HostProcess.RunAsync("Host=127.0.0.1", new Dictionary<string, string?>(), "healthcheck", "--url", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");

        check.ExitCode.Should().Be(1, check.AllOutput);
        check.Output.Should().Contain("/api/health/ready did not answer");
    }

    /// <summary>Failing admin auth, an admin ingestion run against the fake with a failing item, client errors.</summary>
    private static async Task RequestsOfAFullRunAsync(HttpClient client, FakeUpstreamServer fake, string asSuperuser, string adminKey)
    {
        var funds = fake.Yahoo.Dataset.Funds.Where(f => !f.Symbol.Contains('-', StringComparison.Ordinal))
            .OrderBy(f => f.Symbol, StringComparer.Ordinal).Take(2).ToList();
        await using (var db = new NpgsqlConnection(asSuperuser))
        {
            await db.OpenAsync();
            foreach (var fund in funds)
            {
                await using var insert = new NpgsqlCommand(
                    "INSERT INTO etf (symbol, name, first_seen_at, updated_at) VALUES ($1, $2, now(), now())", db)
                {
                    Parameters = { new() { Value = fund.Symbol }, new() { Value = fund.Name } },
                };
                await insert.ExecuteNonQueryAsync();
            }
        }

        // The second fund's prices fail on every attempt: an item error with the upstream's answer in the log.
        fake.Faults.On($"/yahoo/v8/finance/chart/{funds[1].Symbol}", Fault.ServerError(), times: null);

        using (var noKey = await client.GetAsync("/api/admin/jobs"))
        {
            noKey.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        using (var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/admin/jobs"))
        {
            wrong.Headers.Add("X-Api-Key", adminKey[..^1]);
            using var answer = await client.SendAsync(wrong);
            answer.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        client.DefaultRequestHeaders.Add("X-Api-Key", adminKey);
        using (var jobs = await client.GetAsync("/api/admin/jobs"))
        {
            jobs.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using var run = await client.PostAsJsonAsync("/api/admin/jobs/prices/run",
            new { symbols = funds.Select(f => f.Symbol).ToArray(), backfill = true });
        run.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var runId = (await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetInt64();
        JsonElement detail = default;
        await Eventually.UntilAsync(
            async () => (detail = await client.GetFromJsonAsync<JsonElement>($"/api/admin/runs/{runId}"))
                .GetProperty("run").GetProperty("status").GetString() is not ("queued" or "running"),
            $"admin run {runId} finished");
        detail.GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("item").GetString() == funds[1].Symbol)
            .GetProperty("status").GetString().Should().Be("failed");

        foreach (var path in (string[])["/api/etfs/NOSUCH", $"/api/etfs/{funds[0].Symbol}/prices?from=not-a-date", "/api/etfs", $"/api/etfs/{funds[0].Symbol}"])
        {
            using var answer = await client.GetAsync(path);
            ((int)answer.StatusCode).Should().BeLessThan(500, path);
        }
    }

    private static Dictionary<string, string?> Settings(FakeUpstreamServer fake, string connectionString, string passwordFile, string keyFile, Uri baseUrl)
    {
        var settings = IngestionHost.Settings(fake);
        foreach (var (key, value) in EtfDataApiFactory.GenerousRateLimits)
        {
            settings[key] = value;
        }

        settings["ConnectionStrings:EtfData"] = connectionString;
        settings["ETFDATA_DB_PASSWORD_FILE"] = passwordFile;
        settings["ETFDATA_ADMIN_API_KEY_FILE"] = keyFile;
        settings["ASPNETCORE_URLS"] = baseUrl.ToString().TrimEnd('/');
        settings["ASPNETCORE_ENVIRONMENT"] = "Testing";
        settings["Scheduler:Enabled"] = "true";
        // Every category that could print a connection string or a header, at Debug.
        settings["Serilog:MinimumLevel:Default"] = "Debug";
        foreach (var category in (string[])["Microsoft", "Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "Npgsql", "System.Net.Http.HttpClient", "Quartz"])
        {
            settings[$"Serilog:MinimumLevel:Override:{category}"] = "Debug";
        }

        return settings;
    }

    private static Process StartHost(IReadOnlyDictionary<string, string?> settings, ConcurrentQueue<string> lines)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EtfData.Api.dll"));
        foreach (var variable in (string[])["ETFDATA_DB", "ETFDATA_ADMIN_API_KEY", "ETFDATA_DB_PASSWORD", "Admin__ApiKey", "Storage__ConnectionString"])
        {
            start.Environment.Remove(variable);
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>SIGTERM, as Docker stops a container, so that shutdown logging is searched too; SIGKILL if it hangs.</summary>
    private static async Task StopAsync(Process host)
    {
        if (!host.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", host.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var patience = new CancellationTokenSource(Eventually.Patience);
            try
            {
                await host.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                host.Kill(entireProcessTree: true);
            }
        }

        // Flushes the asynchronous output readers.
        await host.WaitForExitAsync();
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
