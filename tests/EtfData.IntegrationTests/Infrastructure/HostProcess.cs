using System.Diagnostics;
using System.Text;

namespace EtfData.IntegrationTests.Infrastructure;

/// <summary>The built host run as its own process (<c>dotnet EtfData.Api.dll …</c>) with its output redirected, as a pipe would.</summary>
public static class HostProcess
{
    /// <summary>Runs the host with <paramref name="arguments"/> and returns its exit code and everything it wrote (stdout, then stderr).</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(
        string connectionString, IReadOnlyDictionary<string, string?> settings, params string[] arguments)
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
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(patience.Token);
        return (process.ExitCode, await output, await errors);
    }
}
