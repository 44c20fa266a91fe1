using System.Diagnostics;
using System.Text;

namespace EtfData.IntegrationTests.Infrastructure;

/// <summary>The built host run as its own process (<c>dotnet EtfData.Api.dll …</c>) with its output redirected, as a pipe would.</summary>
public static class HostProcess
{
    /// <summary>Runs the host with <paramref name="arguments"/> to its exit and returns its exit code and everything it wrote.</summary>
    public static async Task<HostProcessResult> RunAsync(
        string connectionString, IReadOnlyDictionary<string, string?> settings, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(connectionString, settings, arguments))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The host `{string.Join(' ', arguments)}` was still running after 3 minutes; it was killed.");
        }

        return new HostProcessResult(process.ExitCode, await output, await errors);
    }

    /// <summary>
    /// Starts the host with <paramref name="arguments"/> and leaves it running (e.g. to kill it mid-run);
    /// its output is read and dropped so that a full pipe never blocks it.
    /// </summary>
    public static Process Start(string connectionString, IReadOnlyDictionary<string, string?> settings, params string[] arguments)
    {
        var process = Process.Start(StartInfo(connectionString, settings, arguments))!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static ProcessStartInfo StartInfo(string connectionString, IReadOnlyDictionary<string, string?> settings, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EtfData.Api.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ConnectionStrings__EtfData"] = connectionString;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        foreach (var (key, value) in EtfDataApiFactory.GenerousRateLimits)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return start;
    }
}

/// <summary>How a host process ended: its exit code, its standard output and its standard error.</summary>
public sealed record HostProcessResult(int ExitCode, string Output, string Errors)
{
    /// <summary>Standard output then standard error, for assertions that do not care which stream a line went to.</summary>
    public string AllOutput => Output + Errors;
}
