using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EtfData.FakeUpstream.Yahoo;

namespace EtfData.FakeUpstream.Sec;

/// <summary>
/// The fake SEC EDGAR: ticker maps from <see cref="SecDataset.Funds"/>, per-CIK submissions (columnar,
/// with older filings spilling into <c>filings.files</c> pages), a per-series Atom feed, each filing's
/// <c>primary_doc.xml</c> and a quarterly data set zip, all from the filings visible on the data clock's
/// date. www.sec.gov is served under <see cref="WwwPrefix"/>, data.sec.gov under <see cref="DataPrefix"/>.
/// </summary>
public sealed class SecFake(SecDataset dataset, TimeProvider clock)
{
    public const string Prefix = "/sec";

    /// <summary>Point <c>Sources:Sec:WwwBaseUrl</c> at <c>{fake}/sec/www</c>.</summary>
    public const string WwwPrefix = Prefix + "/www";

    /// <summary>Point <c>Sources:Sec:DataBaseUrl</c> at <c>{fake}/sec/data</c>.</summary>
    public const string DataPrefix = Prefix + "/data";

    /// <summary>EDGAR's throttling page (served with 403), in the shape of the real one.</summary>
    public const string ThresholdPage =
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n"
        + "<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en\" lang=\"en\">\n<head>\n<title>SEC.gov | Request Rate Threshold Exceeded</title>\n</head>\n<body>\n"
        + "<h1>Your Request Originates from an Undeclared Automated Tool</h1>\n"
        + "<p>To allow for equitable access to all users, SEC reserves the right to limit requests originating from undeclared automated tools. "
        + "Your request has been identified as part of a network of automated tools outside of the acceptable policy and will be managed until action is taken to declare your traffic.</p>\n"
        + "<p>Please declare your traffic by updating your user agent to include company specific information.</p>\n"
        + "<p>Reference ID: 0.5c1e3b17.1719301234.1a2b3c4d</p>\n</body>\n</html>\n";

    private static readonly DateTimeOffset TickerMapsModified = new(2024, 1, 2, 6, 0, 0, TimeSpan.Zero);

    /// <summary>What the fake serves; replaceable (the demo's generated dataset, a test's own).</summary>
    public SecDataset Dataset { get; set; } = dataset;

    public TimeProvider Clock { get; } = clock;

    /// <summary>Rows in <c>filings.recent</c> (and per older page); real EDGAR keeps about 1,000 recent.</summary>
    public int RecentPageSize { get; set; } = 1000;

    /// <summary>Renders a filing's <c>primary_doc.xml</c>; <see cref="NportDocuments.PrimaryDoc"/> unless a test supplies its own.</summary>
    public Func<FakeNportFiling, byte[]> RenderPrimaryDoc { get; set; } = NportDocuments.PrimaryDoc;

    /// <summary>Writes a quarterly data set zip; <see cref="NportDocuments.WriteDataSet"/> unless a test supplies its own.</summary>
    public Action<Stream, IEnumerable<FakeNportFiling>> WriteDataSet { get; set; } = NportDocuments.WriteDataSet;

    /// <summary>The data clock's date in New York.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Clock.GetUtcNow(), YahooFake.NewYork).DateTime);

    /// <summary>Filings filed on or before <see cref="Today"/>.</summary>
    public IEnumerable<FakeNportFiling> VisibleFilings() => Dataset.Filings.Where(f => f.FilingDate <= Today);

    /// <summary><c>company_tickers_mf.json</c>: the funds with a series.</summary>
    public SecFile FundTickers()
    {
        var data = new JsonArray();
        foreach (var fund in Dataset.Funds.Where(f => f.SeriesId is not null).OrderBy(f => f.Cik).ThenBy(f => f.SeriesId, StringComparer.Ordinal).ThenBy(f => f.ClassId, StringComparer.Ordinal))
        {
            data.Add(new JsonArray(fund.Cik, fund.SeriesId, fund.ClassId, fund.Symbol));
        }

        var root = new JsonObject { ["fields"] = new JsonArray("cik", "seriesId", "classId", "symbol"), ["data"] = data };
        return SecFile.Json(root, TickerMapsModified);
    }

    /// <summary><c>company_tickers.json</c>: the trusts without a series (UITs such as SPY).</summary>
    public SecFile CompanyTickers()
    {
        var root = new JsonObject();
        var index = 0;
        foreach (var fund in Dataset.Funds.Where(f => f.SeriesId is null))
        {
            root[index++.ToString(CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["cik_str"] = fund.Cik,
                ["ticker"] = fund.Symbol,
                ["title"] = fund.RegistrantName,
            };
        }

        return SecFile.Json(root, TickerMapsModified);
    }

    /// <summary><c>submissions/CIK##########.json</c>; null for a CIK the fake does not know.</summary>
    public SecFile? Submissions(long cik)
    {
        var funds = Dataset.Funds.Where(f => f.Cik == cik).ToList();
        var rows = SubmissionRows(cik);
        if (funds.Count == 0 && rows.Count == 0)
        {
            return null;
        }

        var pageSize = Math.Max(1, RecentPageSize);
        var files = new JsonArray();
        var older = rows.Skip(pageSize).Chunk(pageSize).ToList();
        for (var i = 0; i < older.Count; i++)
        {
            files.Add(new JsonObject
            {
                ["name"] = PageName(cik, i + 1),
                ["filingCount"] = older[i].Length,
                ["filingFrom"] = Iso(older[i][^1].FilingDate),
                ["filingTo"] = Iso(older[i][0].FilingDate),
            });
        }

        var name = funds.FirstOrDefault()?.RegistrantName ?? rows[0].RegistrantName;
        var root = new JsonObject
        {
            ["cik"] = cik.ToString("D10", CultureInfo.InvariantCulture),
            ["entityType"] = "other",
            ["sic"] = "",
            ["sicDescription"] = "",
            ["name"] = name,
            ["tickers"] = new JsonArray([.. funds.Select(f => (JsonNode)JsonValue.Create(f.Symbol))]),
            ["exchanges"] = new JsonArray([.. funds.Select(_ => (JsonNode)JsonValue.Create("NYSE"))]),
            ["fiscalYearEnd"] = "1231",
            ["formerNames"] = new JsonArray(),
            ["filings"] = new JsonObject { ["recent"] = Columns(rows.Take(pageSize).ToList()), ["files"] = files },
        };
        return SecFile.Json(root, LastModified(rows));
    }

    /// <summary>An older page (<c>CIK##########-submissions-001.json</c>); null when there is no such page.</summary>
    public SecFile? SubmissionsPage(string name)
    {
        if (!name.StartsWith("CIK", StringComparison.Ordinal) || name.Length < 13
            || !long.TryParse(name.AsSpan(3, 10), NumberStyles.None, CultureInfo.InvariantCulture, out var cik))
        {
            return null;
        }

        var rows = SubmissionRows(cik);
        var pageSize = Math.Max(1, RecentPageSize);
        var pages = rows.Skip(pageSize).Chunk(pageSize).ToList();
        for (var i = 0; i < pages.Count; i++)
        {
            if (PageName(cik, i + 1) == name)
            {
                return SecFile.Json(Columns([.. pages[i]]), LastModified([.. pages[i]]));
            }
        }

        return null;
    }

    /// <summary>The browse-edgar Atom feed of a series' N-PORT filings, newest first, at most <paramref name="count"/>.</summary>
    public SecFile SeriesFeed(string seriesId, int count)
    {
        var filings = VisibleFilings()
            .Where(f => string.Equals(f.Report.SeriesId, seriesId, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(f => f.FilingDate).ThenByDescending(f => f.Accession, StringComparer.Ordinal)
            .Take(Math.Clamp(count, 1, 100))
            .ToList();
        var text = new StringBuilder();
        text.Append("<?xml version=\"1.0\" encoding=\"ISO-8859-1\" ?>\n  <feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
        text.Append("    <author>\n      <email>webmaster@sec.gov</email>\n      <name>Webmaster</name>\n    </author>\n");
        if (filings.Count > 0)
        {
            var cik = filings[0].FilerCik.ToString("D10", CultureInfo.InvariantCulture);
            text.Append("    <company-info>\n      <cik>").Append(cik).Append("</cik>\n      <conformed-name>")
                .Append(System.Security.SecurityElement.Escape(filings[0].Report.RegistrantName ?? "")).Append("</conformed-name>\n    </company-info>\n");
        }

        foreach (var filing in filings)
        {
            var folder = filing.Accession.Replace("-", "", StringComparison.Ordinal);
            var href = $"https://www.sec.gov/Archives/edgar/data/{filing.FilerCik.ToString(CultureInfo.InvariantCulture)}/{folder}/{filing.Accession}-index.htm";
            text.Append("    <entry>\n")
                .Append("      <category label=\"form type\" scheme=\"https://www.sec.gov/\" term=\"").Append(filing.Report.SubmissionType).Append("\" />\n")
                .Append("      <content type=\"text/xml\">\n")
                .Append("        <accession-number>").Append(filing.Accession).Append("</accession-number>\n")
                .Append("        <act>40</act>\n")
                .Append("        <filing-date>").Append(Iso(filing.FilingDate)).Append("</filing-date>\n")
                .Append("        <filing-href>").Append(href).Append("</filing-href>\n")
                .Append("        <filing-type>").Append(filing.Report.SubmissionType).Append("</filing-type>\n")
                .Append("        <form-name>Monthly Portfolio Investments Report on Form N-PORT (Public)</form-name>\n")
                .Append("      </content>\n")
                .Append("      <id>urn:tag:sec.gov,2008:accession-number=").Append(filing.Accession).Append("</id>\n")
                .Append("      <title>").Append(filing.Report.SubmissionType).Append("  - Monthly Portfolio Investments Report on Form N-PORT (Public)</title>\n")
                .Append("      <updated>").Append(Iso(filing.FilingDate)).Append("T16:00:00-04:00</updated>\n")
                .Append("    </entry>");
        }

        text.Append("</feed>");
        return new SecFile(Encoding.Latin1.GetBytes(text.ToString()), "application/atom+xml", null, null);
    }

    /// <summary>A filing's <c>primary_doc.xml</c> by CIK and accession folder (digits only); null when unknown or not yet filed.</summary>
    public SecFile? PrimaryDoc(long cik, string folder)
    {
        var filing = VisibleFilings().FirstOrDefault(f =>
            f.FilerCik == cik && f.Accession.Replace("-", "", StringComparison.Ordinal) == folder);
        return filing is null ? null : new SecFile(RenderPrimaryDoc(filing), "text/xml", null, null);
    }

    /// <summary>The data set of the filings filed in <paramref name="year"/> q<paramref name="quarter"/> (and visible); null for a quarter that has not begun.</summary>
    public SecFile? QuarterlyDataSet(int year, int quarter)
    {
        if (quarter is < 1 or > 4)
        {
            return null;
        }

        var first = new DateOnly(year, (quarter * 3) - 2, 1);
        if (first > Today)
        {
            return null;
        }

        var last = first.AddMonths(3).AddDays(-1);
        var filings = VisibleFilings().Where(f => f.FilingDate >= first && f.FilingDate <= last).OrderBy(f => f.Accession, StringComparer.Ordinal).ToList();
        using var zip = new MemoryStream();
        WriteDataSet(zip, filings);
        return new SecFile(zip.ToArray(), "application/zip", null, null).WithETag();
    }

    private static string PageName(long cik, int page) =>
        string.Create(CultureInfo.InvariantCulture, $"CIK{cik:D10}-submissions-{page:D3}.json");

    private sealed record Row(string Accession, DateOnly FilingDate, DateOnly? ReportDate, string Form, string PrimaryDocument, string? RegistrantName);

    /// <summary>Every filing of the CIK, newest first: its N-PORT reports, each with an unrelated filing of the same day (a prospectus supplement) that a client must skip.</summary>
    private List<Row> SubmissionRows(long cik)
    {
        var rows = new List<Row>();
        foreach (var filing in VisibleFilings().Where(f => f.FilerCik == cik))
        {
            var form = filing.Report.SubmissionType;
            rows.Add(new Row(filing.Accession, filing.FilingDate, filing.Report.ReportDate, form, $"xslForm{form.Replace("/", "", StringComparison.Ordinal)}_X01/primary_doc.xml", filing.Report.RegistrantName));
            var digits = filing.Accession.Replace("-", "", StringComparison.Ordinal);
            var other = string.Create(CultureInfo.InvariantCulture, $"9999999999-{digits.AsSpan(10, 2)}-{(long.Parse(digits[12..], CultureInfo.InvariantCulture) + 500_000) % 1_000_000:D6}");
            rows.Add(new Row(other, filing.FilingDate, null, "497K", "d123456d497k.htm", filing.Report.RegistrantName));
        }

        return rows.OrderByDescending(r => r.FilingDate).ThenByDescending(r => r.Accession, StringComparer.Ordinal).ToList();
    }

    private static JsonObject Columns(IReadOnlyList<Row> rows)
    {
        JsonArray Column(Func<Row, JsonNode?> value) => new([.. rows.Select(value)]);
        return new JsonObject
        {
            ["accessionNumber"] = Column(r => r.Accession),
            ["filingDate"] = Column(r => Iso(r.FilingDate)),
            ["reportDate"] = Column(r => r.ReportDate is { } d ? Iso(d) : ""),
            ["acceptanceDateTime"] = Column(r => Iso(r.FilingDate) + "T16:00:00.000Z"),
            ["act"] = Column(_ => "40"),
            ["form"] = Column(r => r.Form),
            ["fileNumber"] = Column(_ => "811-00000"),
            ["filmNumber"] = Column(_ => "250000000"),
            ["items"] = Column(_ => ""),
            ["core_type"] = Column(r => r.Form),
            ["size"] = Column(_ => 123456),
            ["isXBRL"] = Column(_ => 0),
            ["isInlineXBRL"] = Column(_ => 0),
            ["primaryDocument"] = Column(r => r.PrimaryDocument),
            ["primaryDocDescription"] = Column(_ => ""),
        };
    }

    private static DateTimeOffset LastModified(IReadOnlyList<Row> rows) =>
        rows.Count == 0 ? TickerMapsModified : new DateTimeOffset(rows.Max(r => r.FilingDate).ToDateTime(new TimeOnly(21, 0)), TimeSpan.Zero);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>A file the fake SEC serves, with the validators a conditional request is checked against.</summary>
public sealed record SecFile(byte[] Body, string ContentType, string? ETag, DateTimeOffset? LastModified)
{
    internal static SecFile Json(JsonNode root, DateTimeOffset lastModified) =>
        new SecFile(Encoding.UTF8.GetBytes(root.ToJsonString(new JsonSerializerOptions { WriteIndented = false })), "application/json", null, lastModified).WithETag();

    /// <summary>An ETag from the content, so an unchanged file keeps its tag.</summary>
    internal SecFile WithETag() => this with { ETag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Body))[..16] + "\"" };
}
