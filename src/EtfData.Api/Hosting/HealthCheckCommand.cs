using System.Globalization;
using System.Text.RegularExpressions;

namespace EtfData.Api.Hosting;

/// <summary>
/// <c>dotnet EtfData.Api.dll healthcheck [--url URL]</c>: asks a running host's <c>/api/health/ready</c> and exits 0
/// when it answers 2xx, 1 otherwise. The container's health check (the runtime image has no curl); by default it
/// asks the first address of <c>ASPNETCORE_URLS</c> on this machine.
/// </summary>
public static partial class HealthCheckCommand
{
    public const string Verb = "healthcheck";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var at = args.ToList().IndexOf("--url");
        var baseUrl = at >= 0 && at + 1 < args.Count ? args[at + 1] : LocalUrl(Environment.GetEnvironmentVariable("ASPNETCORE_URLS"));
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri))
        {
            await output.WriteLineAsync($"healthcheck: '{baseUrl}' is not a URL.");
            return 2;
        }

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var ready = new Uri(uri, "/api/health/ready");
        try
        {
            using var response = await client.GetAsync(ready);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"healthcheck: {ready} answered {(int)response.StatusCode}."));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await output.WriteLineAsync($"healthcheck: {ready} did not answer: {e.Message}");
            return 1;
        }
    }

    /// <summary>The first listen address, its wildcard host (<c>+</c>, <c>*</c>, <c>0.0.0.0</c>, <c>[::]</c>) as 127.0.0.1.</summary>
    public static string LocalUrl(string? urls)
    {
        var first = (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return first is null ? "http://127.0.0.1:8080" : WildcardHost().Replace(first, "://127.0.0.1");
    }

    [GeneratedRegex(@"://(\+|\*|0\.0\.0\.0|\[::\])(?=:|/|$)")]
    private static partial Regex WildcardHost();
}
