using System.Globalization;
using System.Text.Json;

namespace EtfData.Api.Sources.Sec;

/// <summary>An older page of a registrant's submissions (<c>filings.files[]</c>).</summary>
/// <param name="Name">File name under <c>data.sec.gov/submissions/</c> (<c>CIK0000884394-submissions-001.json</c>).</param>
/// <param name="FilingFrom">Earliest filing date on the page.</param>
/// <param name="FilingTo">Latest filing date on the page.</param>
public sealed record SecSubmissionsPage(string Name, DateOnly? FilingFrom, DateOnly? FilingTo);

/// <summary>The N-PORT filings of one submissions document and the older pages it points to.</summary>
public sealed record SecSubmissions(IReadOnlyList<SecFilingRef> Filings, IReadOnlyList<SecSubmissionsPage> OlderPages);

/// <summary>
/// data.sec.gov submissions JSON: <c>filings.recent</c> is columnar (parallel arrays zipped by index);
/// an older page (<c>filings.files[].name</c>) holds the same columns at its top level.
/// </summary>
public static class SecSubmissionsParser
{
    /// <summary>The forms that are Form N-PORT reports.</summary>
    public static readonly IReadOnlySet<string> NportForms = new HashSet<string>(StringComparer.Ordinal) { "NPORT-P", "NPORT-P/A" };

    /// <summary><c>CIK##########.json</c>: the N-PORT rows of <c>filings.recent</c> and the list of older pages.</summary>
    public static SourceResult<SecSubmissions> Parse(ReadOnlyMemory<byte> utf8)
    {
        if (!JsonPayload.TryParse(utf8, out var document, out var error))
        {
            return new SourceResult<SecSubmissions>.Invalid(error);
        }

        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("filings", out var filings) || filings.ValueKind != JsonValueKind.Object
                || !filings.TryGetProperty("recent", out var recent))
            {
                return new SourceResult<SecSubmissions>.Invalid("submissions: no filings.recent");
            }

            var rows = ReadColumns(recent);
            if (rows is SourceResult<IReadOnlyList<SecFilingRef>>.Data { Value: var refs })
            {
                var pages = new List<SecSubmissionsPage>();
                if (filings.TryGetProperty("files", out var files) && files.ValueKind == JsonValueKind.Array)
                {
                    foreach (var file in files.EnumerateArray())
                    {
                        if (file.ValueKind == JsonValueKind.Object && file.TryGetProperty("name", out var name) && name.GetString() is { Length: > 0 } pageName)
                        {
                            pages.Add(new SecSubmissionsPage(pageName, DateOf(file, "filingFrom"), DateOf(file, "filingTo")));
                        }
                    }
                }

                return new SourceResult<SecSubmissions>.Data(new SecSubmissions(refs, pages));
            }

            return rows.AsFailure<SecSubmissions>();
        }
    }

    /// <summary>An older page (<c>CIK…-submissions-001.json</c>): the columns at the top level.</summary>
    public static SourceResult<IReadOnlyList<SecFilingRef>> ParsePage(ReadOnlyMemory<byte> utf8)
    {
        if (!JsonPayload.TryParse(utf8, out var document, out var error))
        {
            return new SourceResult<IReadOnlyList<SecFilingRef>>.Invalid(error);
        }

        using (document)
        {
            return ReadColumns(document!.RootElement);
        }
    }

    private static SourceResult<IReadOnlyList<SecFilingRef>> ReadColumns(JsonElement columns)
    {
        if (columns.ValueKind != JsonValueKind.Object)
        {
            return new SourceResult<IReadOnlyList<SecFilingRef>>.Invalid("submissions: filings are not an object of columns");
        }

        string[] required = ["accessionNumber", "filingDate", "form"];
        var missing = required.Where(c => !columns.TryGetProperty(c, out var column) || column.ValueKind != JsonValueKind.Array).ToList();
        if (missing.Count > 0)
        {
            return new SourceResult<IReadOnlyList<SecFilingRef>>.Invalid("submissions: missing column " + string.Join(", ", missing));
        }

        var accessions = columns.GetProperty("accessionNumber");
        var filingDates = columns.GetProperty("filingDate");
        var forms = columns.GetProperty("form");
        var reportDates = columns.TryGetProperty("reportDate", out var r) && r.ValueKind == JsonValueKind.Array ? r : default;
        var count = accessions.GetArrayLength();
        if (filingDates.GetArrayLength() != count || forms.GetArrayLength() != count
            || (reportDates.ValueKind == JsonValueKind.Array && reportDates.GetArrayLength() != count))
        {
            return new SourceResult<IReadOnlyList<SecFilingRef>>.Invalid("submissions: columns of different lengths");
        }

        var refs = new List<SecFilingRef>();
        for (var i = 0; i < count; i++)
        {
            var form = forms[i].GetString();
            if (form is null || !NportForms.Contains(form))
            {
                continue;
            }

            var accession = accessions[i].GetString();
            if (accession is null || ParseDate(filingDates[i].GetString()) is not { } filed)
            {
                return new SourceResult<IReadOnlyList<SecFilingRef>>.Invalid($"submissions: {form} row {i} lacks an accession number or filing date");
            }

            var reported = reportDates.ValueKind == JsonValueKind.Array ? ParseDate(reportDates[i].GetString()) : null;
            refs.Add(new SecFilingRef(accession, form, filed, reported));
        }

        return new SourceResult<IReadOnlyList<SecFilingRef>>.Data(refs);
    }

    private static DateOnly? DateOf(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? ParseDate(value.GetString()) : null;

    internal static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
