using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace EtfData.Api.Storage.Migrations;

/// <summary>One versioned SQL file, <c>NNNN_name.sql</c>, embedded in the host.</summary>
public sealed partial record MigrationScript(int Version, string Name, string FileName, string Sql, string Checksum)
{
    private const string ResourcePrefix = "migrations/";

    [GeneratedRegex("^(?<version>[0-9]{4})_(?<name>[a-z0-9_]+)\\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex FileNamePattern();

    /// <summary>Builds a script from its file name and text; the checksum ignores CRLF/LF differences.</summary>
    public static MigrationScript Create(string fileName, string sql)
    {
        var match = FileNamePattern().Match(fileName);
        if (!match.Success)
        {
            throw new InvalidOperationException(
                $"Migration file '{fileName}' must be named NNNN_lower_snake_name.sql.");
        }

        var normalised = sql.Replace("\r\n", "\n", StringComparison.Ordinal);
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));
        return new MigrationScript(
            int.Parse(match.Groups["version"].Value, NumberStyles.None, CultureInfo.InvariantCulture),
            match.Groups["name"].Value,
            fileName,
            normalised,
            checksum);
    }

    /// <summary>The migrations embedded in an assembly (<c>LogicalName="migrations/…"</c>), in version order.</summary>
    public static IReadOnlyList<MigrationScript> LoadEmbedded(Assembly assembly)
    {
        var scripts = new List<MigrationScript>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"Resource {resource} vanished.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            scripts.Add(Create(resource[ResourcePrefix.Length..], reader.ReadToEnd()));
        }

        return Ordered(scripts);
    }

    /// <summary>Sorts by version and refuses two files with one version.</summary>
    public static IReadOnlyList<MigrationScript> Ordered(IEnumerable<MigrationScript> scripts)
    {
        var ordered = scripts.OrderBy(s => s.Version).ToList();
        var clash = ordered.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new InvalidOperationException(
                $"Two migrations share version {clash.Key}: {string.Join(", ", clash.Select(s => s.FileName))}.");
        }

        return ordered;
    }
}
