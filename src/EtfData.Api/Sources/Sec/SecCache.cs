using System.Globalization;
using System.Text.Json;

namespace EtfData.Api.Sources.Sec;

/// <summary>What a cached file was served with, for the next conditional request.</summary>
internal sealed record SecCacheValidators(string? ETag, string? LastModified);

/// <summary>
/// Downloaded SEC files on disk, by a relative key (<c>www/files/company_tickers.json</c>), each with a
/// <c>.meta.json</c> sidecar holding its ETag / Last-Modified. Files are written to a temporary name and
/// renamed into place, the body before its validators, so a crash never pairs a new validator with an
/// old body (which a 304 would then serve).
/// </summary>
internal sealed class SecCache(string root)
{
    public string Root { get; } = root;

    public string PathOf(string key) => Path.Combine(Root, key.Replace('/', Path.DirectorySeparatorChar));

    public bool Contains(string key) => File.Exists(PathOf(key));

    public async Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(PathOf(key), cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public SecCacheValidators? ValidatorsOf(string key)
    {
        if (!Contains(key))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<SecCacheValidators>(File.ReadAllText(PathOf(key) + ".meta.json"));
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            return null;
        }
    }

    public async Task WriteAsync(string key, ReadOnlyMemory<byte> body, SecCacheValidators validators, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        var temp = TempPathFor(path);
        await File.WriteAllBytesAsync(temp, body, cancellationToken);
        await CommitAsync(temp, key, validators, cancellationToken);
    }

    /// <summary>A temporary file next to <paramref name="key"/>'s place, for a streamed download; then <see cref="CommitAsync"/>.</summary>
    public string NewTempFile(string key) => TempPathFor(PathOf(key));

    public async Task CommitAsync(string temp, string key, SecCacheValidators validators, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        File.Move(temp, path, overwrite: true);
        var metaTemp = TempPathFor(path + ".meta.json");
        await File.WriteAllTextAsync(metaTemp, JsonSerializer.Serialize(validators), cancellationToken);
        File.Move(metaTemp, path + ".meta.json", overwrite: true);
    }

    private static string TempPathFor(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path + "." + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture) + ".tmp";
    }
}
