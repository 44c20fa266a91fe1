using CsvHelper;

namespace EtfData.Api.Sources.Issuers;

/// <summary>Reads an issuer CSV into raw rows with CsvHelper, keeping empty lines (they end sections).</summary>
internal static class IssuerCsv
{
    private static readonly CsvReaderOptions Options = new()
    {
        HasHeader = false,
        SkipEmptyLines = false,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        MalformedData = CsvMalformedDataHandling.Throw,
        AllowLineBreaksInQuotes = true,
    };

    /// <summary>All rows of the file, or null and the reason when the CSV itself is malformed.</summary>
    public static List<string?[]>? TryReadRows(ReadOnlyMemory<byte> utf8, out string? error)
    {
        if (utf8.Span.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        var rows = new List<string?[]>();
        try
        {
            using var reader = CsvReader.Create(utf8, Options);
            while (reader.Read())
            {
                var row = new string?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.GetString(i);
                }

                rows.Add(row);
            }
        }
        catch (CsvFormatException ex)
        {
            error = "malformed CSV: " + ex.Message;
            return null;
        }

        error = null;
        return rows;
    }
}
