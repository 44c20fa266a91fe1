using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using EtfData.Api.Sources.Web;

namespace EtfData.Api.Sources.Etfdb;

/// <summary>
/// Reads an etfdb.com fund page (<c>/etf/{SYMBOL}/</c>). Strict: a label, block or value it cannot find or read makes
/// the page <see cref="SourceResult{T}.Invalid"/> naming what is missing — layout drift is never guessed around.
/// </summary>
public static class EtfdbProfileParser
{
    /// <summary>Every selector, label and mapping this parser depends on.</summary>
    internal static class Layout
    {
        public const string Body = "#etf-ticker-body";

        /// <summary>Label/value rows: the first span is the label, the last the value.</summary>
        public const string KeyValueRows = "div.ticker-assets div.row, ul.list-unstyled li";

        public const string LastUpdated = "div.profile-container .data-timestamp time[datetime]";
        public const string LastUpdatedAttribute = "datetime";
        public const string NetFlows = "span.net-fund-flow";
        public const string NetFlowClass = "net-fund-flow";

        public const string Issuer = "Issuer";
        public const string Structure = "Structure";
        public const string ExpenseRatio = "Expense Ratio";
        public const string Inception = "Inception";
        public const string IndexTracked = "Index Tracked";
        public const string Category = "Category";
        public const string Aum = "AUM";

        public static readonly IReadOnlyDictionary<string, EtfdbStructure> Structures =
            new Dictionary<string, EtfdbStructure>(StringComparer.OrdinalIgnoreCase)
            {
                ["ETF"] = EtfdbStructure.Etf,
                ["UIT"] = EtfdbStructure.Uit,
            };

        /// <summary>The window classes the flows block carries, in page order; "custom-range" is an empty widget slot.</summary>
        public static readonly IReadOnlyList<string> FlowWindows =
            ["5-day", "1-month", "3-month", "6-month", "1-year", "3-year", "5-year", "10-year"];
    }

    public static SourceResult<EtfdbProfile> Parse(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        using var document = new HtmlParser().ParseDocument(html);
        var body = document.QuerySelector(Layout.Body);
        if (body is null)
        {
            return Invalid($"fund body ({Layout.Body}) missing");
        }

        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in body.QuerySelectorAll(Layout.KeyValueRows))
        {
            var spans = row.Children.Where(c => c.LocalName == "span").ToList();
            if (spans.Count < 2)
            {
                continue;
            }

            // First occurrence wins: the vitals block precedes the comparison widgets that reuse labels.
            fields.TryAdd(DisplayNumbers.Normalize(spans[0].TextContent), DisplayNumbers.Normalize(spans[^1].TextContent));
        }

        var missing = new[] { Layout.Issuer, Layout.Structure, Layout.ExpenseRatio, Layout.Inception, Layout.IndexTracked, Layout.Category, Layout.Aum }
            .Where(label => !fields.ContainsKey(label))
            .ToList();
        if (missing.Count > 0)
        {
            return Invalid("rows missing: " + string.Join(", ", missing));
        }

        var issuer = fields[Layout.Issuer];
        var category = fields[Layout.Category];
        if (issuer.Length == 0 || category.Length == 0)
        {
            return Invalid(issuer.Length == 0 ? "Issuer is empty" : "Category is empty");
        }

        if (!Layout.Structures.TryGetValue(fields[Layout.Structure], out var structure))
        {
            return Invalid($"Structure '{fields[Layout.Structure]}' is neither ETF nor UIT");
        }

        if (DisplayNumbers.TryParsePercent(fields[Layout.ExpenseRatio], out var expenseRatio) != DisplayReading.Value)
        {
            return Invalid($"Expense Ratio '{fields[Layout.ExpenseRatio]}' unreadable");
        }

        if (DisplayNumbers.TryParseDate(fields[Layout.Inception], out var inception) != DisplayReading.Value)
        {
            return Invalid($"Inception '{fields[Layout.Inception]}' unreadable");
        }

        if (DisplayNumbers.TryParseAmount(fields[Layout.Aum], out var aum) != DisplayReading.Value)
        {
            return Invalid($"AUM '{fields[Layout.Aum]}' unreadable");
        }

        var indexTracked = fields[Layout.IndexTracked];
        var index = DisplayNumbers.IsPlaceholder(indexTracked) ? null : indexTracked;

        var stamp = document.QuerySelector(Layout.LastUpdated)?.GetAttribute(Layout.LastUpdatedAttribute);
        if (stamp is null)
        {
            return Invalid($"AUM date ({Layout.LastUpdated}) missing");
        }

        if (DisplayNumbers.TryParseDate(stamp, out var aumAsOf) != DisplayReading.Value)
        {
            return Invalid($"AUM date '{stamp}' unreadable");
        }

        var flows = ReadFlows(document);
        return flows.TryGetData(out var netFlows)
            ? new SourceResult<EtfdbProfile>.Data(new EtfdbProfile(issuer, category, expenseRatio, inception, structure, index, aum, aumAsOf, netFlows))
            : flows.AsFailure<EtfdbProfile>();
    }

    private static SourceResult<IReadOnlyList<EtfdbNetFlow>> ReadFlows(IDocument document)
    {
        var spans = document.QuerySelectorAll(Layout.NetFlows);
        if (spans.Length == 0)
        {
            return new SourceResult<IReadOnlyList<EtfdbNetFlow>>.Invalid($"fund flows ({Layout.NetFlows}) missing");
        }

        var flows = new List<EtfdbNetFlow>();
        foreach (var window in Layout.FlowWindows)
        {
            var span = spans.FirstOrDefault(s => s.ClassList.Contains(window));
            if (span is null)
            {
                return new SourceResult<IReadOnlyList<EtfdbNetFlow>>.Invalid($"fund flow window '{window}' missing");
            }

            // "<b>1 Month Net Flows:</b> 681.05 M": the figure is the text after the label; USD without a "$".
            var label = span.QuerySelector("b")?.TextContent ?? string.Empty;
            var figure = span.TextContent.Replace(label, string.Empty, StringComparison.Ordinal);
            var reading = DisplayNumbers.TryParseAmount(figure, out var netFlow);
            if (reading == DisplayReading.Unreadable)
            {
                return new SourceResult<IReadOnlyList<EtfdbNetFlow>>.Invalid($"fund flow '{window}' value '{DisplayNumbers.Normalize(figure)}' unreadable");
            }

            if (reading == DisplayReading.Value)
            {
                flows.Add(new EtfdbNetFlow(window, netFlow));
            }
        }

        return new SourceResult<IReadOnlyList<EtfdbNetFlow>>.Data(flows);
    }

    private static SourceResult<EtfdbProfile>.Invalid Invalid(string reason) => new("etfdb page: " + reason);
}
