using System.Text;
using EtfData.Api.Sources.Sec;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Sources.Sec;

/// <summary>The SEC file cache on a real temporary directory.</summary>
public sealed class SecCacheTests : IDisposable
{
    private const string Key = "data/submissions/CIK0000036405.json";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "etfdata-sec-cache-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Writers_racing_on_one_key_never_leave_validators_beside_another_writers_body()
    {
        // Eight writers (two cache instances each, as the scheduler and a CLI run would be) rewrite one key
        // while a reader watches: whatever it reads, an ETag it is given is the one written with that body.
        var caches = new[] { new SecCache(_root), new SecCache(_root) };
        using var done = new CancellationTokenSource();
        var mismatches = new List<string>();
        var seen = 0;
        var reader = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                if (await caches[0].ReadAsync(Key, CancellationToken.None) is { Validators: { } validators } entry)
                {
                    seen++;
                    var body = Encoding.ASCII.GetString(entry.Body);
                    if (validators.ETag != "\"" + body + "\"")
                    {
                        mismatches.Add(body + " with " + validators.ETag);
                    }
                }
            }
        });

        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            for (var round = 0; round < 40; round++)
            {
                var body = $"writer-{writer}-round-{round}";
                await caches[writer % 2].WriteAsync(Key, Encoding.ASCII.GetBytes(body), new SecCacheValidators("\"" + body + "\"", null), CancellationToken.None);
            }
        })));
        await done.CancelAsync();
        await reader;

        mismatches.Should().BeEmpty();
        var last = await new SecCache(_root).ReadAsync(Key, CancellationToken.None);
        last.Should().NotBeNull();
        if (last!.Validators is { } final)
        {
            final.ETag.Should().Be("\"" + Encoding.ASCII.GetString(last.Body) + "\"");
        }

        seen.Should().BeGreaterThan(0, "the reader saw entries with validators while the writers ran");
        Directory.GetFiles(Path.GetDirectoryName(new SecCache(_root).PathOf(Key))!, "*.tmp").Should().BeEmpty();
    }

    [Fact]
    public async Task A_sidecar_written_before_validators_were_bound_to_the_body_gives_no_validators()
    {
        var cache = new SecCache(_root);
        var path = cache.PathOf(Key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "{}");
        await File.WriteAllTextAsync(path + ".meta.json", "{\"ETag\":\"\\\"abc\\\"\",\"LastModified\":null}");

        var entry = await cache.ReadAsync(Key, CancellationToken.None);

        entry!.Body.Should().Equal("{}"u8.ToArray());
        entry.Validators.Should().BeNull("an unverifiable sidecar costs one unconditional request, never a stale 304");
        (await cache.ValidatorsOfFileAsync(Key, CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task A_committed_file_keeps_its_validators_when_read_in_place()
    {
        var cache = new SecCache(_root);
        var temp = cache.NewTempFile("www/files/dera/data/form-n-port-data-sets/2025q2_nport.zip");
        await File.WriteAllBytesAsync(temp, [1, 2, 3, 4]);

        await cache.CommitAsync(temp, "www/files/dera/data/form-n-port-data-sets/2025q2_nport.zip", new SecCacheValidators("\"z1\"", "Mon, 02 Jun 2025 10:00:00 GMT"), CancellationToken.None);

        (await cache.ValidatorsOfFileAsync("www/files/dera/data/form-n-port-data-sets/2025q2_nport.zip", CancellationToken.None))
            .Should().Be(new SecCacheValidators("\"z1\"", "Mon, 02 Jun 2025 10:00:00 GMT"));
        await File.WriteAllBytesAsync(cache.PathOf("www/files/dera/data/form-n-port-data-sets/2025q2_nport.zip"), [1, 2, 3, 5]);
        (await cache.ValidatorsOfFileAsync("www/files/dera/data/form-n-port-data-sets/2025q2_nport.zip", CancellationToken.None))
            .Should().BeNull("the file is no longer the one the validators came with");
    }
}
