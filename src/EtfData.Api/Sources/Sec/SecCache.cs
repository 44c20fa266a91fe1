using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace EtfData.Api.Sources.Sec;

/// <summary>What a cached file was served with, for the next conditional request.</summary>
internal sealed record SecCacheValidators(string? ETag, string? LastModified);

/// <summary>A cached body with the validators it was served with; null validators when none can be trusted for it.</summary>
internal sealed record SecCacheEntry(byte[] Body, SecCacheValidators? Validators);

/// <summary>The <c>.meta.json</c> sidecar: the validators and the length and SHA-256 of the body they belong to.</summary>
internal sealed record SecCacheMeta(string? ETag, string? LastModified, long Length, string Sha256);

/// <summary>
/// Downloaded SEC files on disk, by a relative key (<c>www/files/company_tickers.json</c>), each with a
/// <c>.meta.json</c> sidecar holding its ETag / Last-Modified. Body and sidecar are each written to a temporary
/// name and renamed into place, but two renames are not one: writers of the same key (the scheduler and a CLI
/// run, two items) can interleave them, and a crash can fall between them. So the sidecar names the body it
/// belongs to by length and SHA-256, and validators are only used with that body; any other pairing is read
/// as "no validators" and the next request is unconditional. A 304 can therefore never serve a body other
/// than the one its validators came with.
/// </summary>
/// <remarks>
/// The body stays a plain file under its own name (the quarterly data set zips are opened in place, hundreds
/// of MB), which is why the validators cannot share its file.
/// </remarks>
internal sealed class SecCache(string root)
{
    public string Root { get; } = root;

    public string PathOf(string key) => Path.Combine(Root, key.Replace('/', Path.DirectorySeparatorChar));

    public bool Contains(string key) => File.Exists(PathOf(key));

    /// <summary>The cached body and, when the sidecar belongs to exactly this body, its validators; null when not cached.</summary>
    public async Task<SecCacheEntry?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        byte[] body;
        try
        {
            body = await File.ReadAllBytesAsync(PathOf(key), cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        var meta = ReadMeta(key);
        var belongs = meta is not null && meta.Length == body.Length && meta.Sha256 == Hash(SHA256.HashData(body));
        return new SecCacheEntry(body, belongs ? new SecCacheValidators(meta!.ETag, meta.LastModified) : null);
    }

    /// <summary>
    /// The validators of a cached file read in place (a data set zip), when its sidecar belongs to the file now
    /// under the key; null otherwise. Reads the whole file to check.
    /// </summary>
    public async Task<SecCacheValidators?> ValidatorsOfFileAsync(string key, CancellationToken cancellationToken)
    {
        if (ReadMeta(key) is not { } meta)
        {
            return null;
        }

        try
        {
            await using var file = new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, useAsync: true);
            if (file.Length != meta.Length)
            {
                return null;
            }

            var hash = Hash(await SHA256.HashDataAsync(file, cancellationToken));
            return hash == meta.Sha256 ? new SecCacheValidators(meta.ETag, meta.LastModified) : null;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
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

    /// <summary>Moves <paramref name="temp"/> into <paramref name="key"/>'s place with a sidecar bound to its content.</summary>
    public async Task CommitAsync(string temp, string key, SecCacheValidators validators, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(validators);
        SecCacheMeta meta;
        await using (var file = new FileStream(temp, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
        {
            meta = new SecCacheMeta(validators.ETag, validators.LastModified, file.Length, Hash(await SHA256.HashDataAsync(file, cancellationToken)));
        }

        var path = PathOf(key);
        var metaTemp = TempPathFor(path + ".meta.json");
        await File.WriteAllTextAsync(metaTemp, JsonSerializer.Serialize(meta), cancellationToken);
        File.Move(temp, path, overwrite: true);
        File.Move(metaTemp, path + ".meta.json", overwrite: true);
    }

    private SecCacheMeta? ReadMeta(string key)
    {
        try
        {
            return JsonSerializer.Deserialize<SecCacheMeta>(File.ReadAllText(PathOf(key) + ".meta.json")) is { Sha256: not null } meta ? meta : null;
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Hash(byte[] sha256) => Convert.ToHexStringLower(sha256);

    private static string TempPathFor(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path + "." + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture) + ".tmp";
    }
}
