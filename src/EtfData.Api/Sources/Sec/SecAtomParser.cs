using System.Xml;

namespace EtfData.Api.Sources.Sec;

/// <summary>
/// EDGAR's browse-edgar Atom feed of one series' filings: <c>feed/entry/content</c> with
/// <c>accession-number</c>, <c>filing-date</c> and <c>filing-type</c>. Only N-PORT entries are kept.
/// </summary>
public static class SecAtomParser
{
    private const string AtomNamespace = "http://www.w3.org/2005/Atom";

    public static SourceResult<IReadOnlyList<SecFilingRef>> Parse(ReadOnlyMemory<byte> body)
    {
        var document = new XmlDocument { XmlResolver = null };
        try
        {
            using var stream = new MemoryStream(body.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document.Load(reader);
        }
        catch (XmlException ex)
        {
            return new SourceResult<IReadOnlyList<SecFilingRef>>.Invalid("series Atom feed: malformed XML: " + ex.Message);
        }

        if (document.DocumentElement is not { LocalName: "feed", NamespaceURI: AtomNamespace } feed)
        {
            return new SourceResult<IReadOnlyList<SecFilingRef>>.Invalid(
                "series Atom feed: expected an Atom <feed>, got <" + (document.DocumentElement?.Name ?? "nothing") + ">");
        }

        var refs = new List<SecFilingRef>();
        foreach (var entry in feed.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == "entry" && e.NamespaceURI == AtomNamespace))
        {
            var content = entry.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == "content");
            string? Field(string name) => content?.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == name)?.InnerText.Trim();
            var type = Field("filing-type");
            if (type is null || !SecSubmissionsParser.NportForms.Contains(type))
            {
                continue;
            }

            var accession = Field("accession-number");
            if (string.IsNullOrEmpty(accession) || SecSubmissionsParser.ParseDate(Field("filing-date")) is not { } filed)
            {
                return new SourceResult<IReadOnlyList<SecFilingRef>>.Invalid("series Atom feed: an entry lacks its accession number or filing date");
            }

            refs.Add(new SecFilingRef(accession, type, filed, null));
        }

        return new SourceResult<IReadOnlyList<SecFilingRef>>.Data(
            refs.OrderByDescending(f => f.FilingDate).ThenByDescending(f => f.Accession, StringComparer.Ordinal).ToList());
    }
}
