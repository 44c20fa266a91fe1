using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using EtfData.Api.Sources.Web;

namespace EtfData.Api.Sources.Schwab;

/// <summary>
/// Reads the Schwab research portal's ETF holdings page and its holdings-module answers (sources.md §6). No real page
/// was ever recorded, so the parser is strict: anything of the documented structure it cannot find is
/// <see cref="SourceResult{T}.Invalid"/> naming it; an "as of -" page with no rows is the portal's empty template
/// (<see cref="SourceResult{T}.NotFound"/>).
/// </summary>
public static partial class SchwabHoldingsParser
{
    /// <summary>Every selector, pattern, column name and JSON path this parser depends on.</summary>
    internal static class Layout
    {
        /// <summary>The module's container; the module API names it as <c>ModuleID</c>.</summary>
        public const string Container = "#holdingsTableContainer";

        public const string Table = "table";
        public const string Rows = "tr";

        /// <summary>The header row is the first row of <c>th</c> cells, in a thead or not; data rows hold only <c>td</c>.</summary>
        public const string HeaderCell = "th";
        public const string Cell = "td";

        public const string Symbol = "Symbol";
        public const string Description = "Description";
        public const string Weight = "Portfolio Weight";
        public const string Shares = "Shares Held";
        public const string MarketValue = "Market Value";

        public static readonly IReadOnlyList<string> Columns = [Symbol, Description, Weight, Shares, MarketValue];

        /// <summary>The module answer is JavaScript: <c>this.apiReturn = {…};</c>.</summary>
        public const string ModulePrefix = "this.apiReturn";

        /// <summary>Rows at <c>module.c[0].c[1].c[]</c>; a row's cell i holds its text at <c>c[i].c[0]</c>, in <see cref="Columns"/> order.</summary>
        public const string ModuleRowsPath = "module.c[0].c[1].c";
    }

    [GeneratedRegex(@"var\s+gSymbolWSODIssue\s*=\s*'(?<value>\d+)'", RegexOptions.CultureInvariant)]
    private static partial Regex WsodIssuePattern();

    [GeneratedRegex(@"WSDOM\.Page\.sessionID\s*=\s*WSOD_DATA\.sessionID\s*\|\|\s*'(?<value>[^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex SessionIdPattern();

    [GeneratedRegex(@"\bas of\s+(?<value>\S+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AsOfPattern();

    [GeneratedRegex(@"\bPage\s+(?<page>\d+)\s+of\s+(?<count>\d+)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PagerPattern();

    public static SourceResult<SchwabHoldingsPage> ParsePage(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        using var document = new HtmlParser().ParseDocument(html);
        var scripts = string.Join('\n', document.Scripts.Select(s => s.Text));
        var wsodIssue = WsodIssuePattern().Match(scripts);
        if (!wsodIssue.Success)
        {
            return Invalid("gSymbolWSODIssue missing");
        }

        var sessionId = SessionIdPattern().Match(scripts);
        if (!sessionId.Success)
        {
            return Invalid("WSDOM.Page.sessionID missing");
        }

        var container = document.QuerySelector(Layout.Container);
        if (container is null)
        {
            return Invalid($"holdings container ({Layout.Container}) missing");
        }

        var containerText = DisplayNumbers.Normalize(container.TextContent);
        var asOfText = AsOfPattern().Match(containerText);
        if (!asOfText.Success)
        {
            return Invalid("'as of' date missing");
        }

        var asOfReading = DisplayNumbers.TryParseDate(asOfText.Groups["value"].Value, out var asOf);
        var table = container.QuerySelectorAll(Layout.Table).FirstOrDefault(t => Headers(t).Contains(Layout.Symbol));
        if (asOfReading == DisplayReading.Placeholder && (table is null || !DataRows(table).Any()))
        {
            return new SourceResult<SchwabHoldingsPage>.NotFound("Schwab holdings page: empty 'as of -' template");
        }

        if (asOfReading != DisplayReading.Value)
        {
            return Invalid($"'as of' date '{asOfText.Groups["value"].Value}' unreadable");
        }

        var pager = PagerPattern().Match(containerText);
        if (!pager.Success)
        {
            return Invalid("pager ('Page n of m') missing");
        }

        var pageNumber = int.Parse(pager.Groups["page"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var pageCount = int.Parse(pager.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (pageNumber < 1 || pageNumber > pageCount)
        {
            return Invalid($"pager 'Page {pageNumber} of {pageCount}' inconsistent");
        }

        if (table is null)
        {
            return Invalid($"holdings table (a {Layout.Table} headed '{Layout.Symbol}') missing");
        }

        var headers = Headers(table);
        var missing = Layout.Columns.Where(c => !headers.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            return Invalid("holdings columns missing: " + string.Join(", ", missing));
        }

        var positions = Layout.Columns.Select(c => headers.IndexOf(c)).ToArray();
        var rows = new List<SchwabHolding>();
        var number = 0;
        foreach (var tr in DataRows(table))
        {
            number++;
            var cells = tr.Children.Where(c => c.LocalName == Layout.Cell).Select(td => DisplayNumbers.Normalize(td.TextContent)).ToList();
            if (cells.Count != headers.Count)
            {
                return Invalid($"holdings row {number} has {cells.Count} cells for {headers.Count} columns");
            }

            var row = ReadRow(positions.Select(p => cells[p]).ToList(), number);
            if (row is SourceResult<SchwabHolding>.Invalid invalid)
            {
                return new SourceResult<SchwabHoldingsPage>.Invalid(invalid.Reason);
            }

            rows.Add(((SourceResult<SchwabHolding>.Data)row).Value);
        }

        if (rows.Count == 0)
        {
            return Invalid("holdings table has no rows");
        }

        var session = new SchwabSession(wsodIssue.Groups["value"].Value, sessionId.Groups["value"].Value);
        return new SourceResult<SchwabHoldingsPage>.Data(new SchwabHoldingsPage(asOf, pageNumber, pageCount, session, rows));
    }

    /// <summary>The rows of a holdings-module answer (<c>this.apiReturn = {…};</c>) for a further page.</summary>
    public static SourceResult<IReadOnlyList<SchwabHolding>> ParseModuleRows(string javascript)
    {
        ArgumentNullException.ThrowIfNull(javascript);
        var text = javascript.Trim();
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (!text.StartsWith(Layout.ModulePrefix, StringComparison.Ordinal) || equals < 0)
        {
            return ModuleInvalid($"answer does not start with '{Layout.ModulePrefix} ='");
        }

        var json = text[(equals + 1)..].Trim().TrimEnd(';').TrimEnd();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            return ModuleInvalid("answer is not JSON: " + ex.Message);
        }

        using (document)
        {
            if (!TryWalk(document.RootElement, out var rowsElement))
            {
                return ModuleInvalid($"rows ({Layout.ModuleRowsPath}) missing");
            }

            var rows = new List<SchwabHolding>();
            var number = 0;
            foreach (var rowElement in rowsElement.EnumerateArray())
            {
                number++;
                var cells = new List<string>();
                if (rowElement.ValueKind != JsonValueKind.Object
                    || !rowElement.TryGetProperty("c", out var cellElements)
                    || cellElements.ValueKind != JsonValueKind.Array)
                {
                    return ModuleInvalid($"row {number} has no cells");
                }

                foreach (var cell in cellElements.EnumerateArray())
                {
                    if (cell.ValueKind != JsonValueKind.Object
                        || !cell.TryGetProperty("c", out var content)
                        || content.ValueKind != JsonValueKind.Array
                        || content.GetArrayLength() == 0
                        || content[0].ValueKind != JsonValueKind.String)
                    {
                        return ModuleInvalid($"row {number} cell {cells.Count + 1} has no text at c[0]");
                    }

                    cells.Add(DisplayNumbers.Normalize(content[0].GetString()));
                }

                if (cells.Count != Layout.Columns.Count)
                {
                    return ModuleInvalid($"row {number} has {cells.Count} cells for {Layout.Columns.Count} columns");
                }

                var row = ReadRow(cells, number);
                if (row is SourceResult<SchwabHolding>.Invalid invalid)
                {
                    return ModuleInvalid(invalid.Reason);
                }

                rows.Add(((SourceResult<SchwabHolding>.Data)row).Value);
            }

            // Further pages are only asked for while the pager says they exist; an empty one is drift, not the end.
            return rows.Count == 0
                ? ModuleInvalid($"rows ({Layout.ModuleRowsPath}) empty")
                : new SourceResult<IReadOnlyList<SchwabHolding>>.Data(rows);
        }
    }

    private static List<string> Headers(IElement table) =>
        table.QuerySelectorAll(Layout.Rows)
            .FirstOrDefault(tr => tr.Children.Any(c => c.LocalName == Layout.HeaderCell))?
            .Children.Where(c => c.LocalName == Layout.HeaderCell)
            .Select(th => DisplayNumbers.Normalize(th.TextContent))
            .ToList() ?? [];

    private static IEnumerable<IElement> DataRows(IElement table) =>
        table.QuerySelectorAll(Layout.Rows).Where(tr =>
            tr.Children.Any(c => c.LocalName == Layout.Cell) && !tr.Children.Any(c => c.LocalName == Layout.HeaderCell));

    private static bool TryWalk(JsonElement root, out JsonElement rows)
    {
        rows = default;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("module", out var node))
        {
            return false;
        }

        foreach (var index in (int[])[0, 1])
        {
            if (node.ValueKind != JsonValueKind.Object
                || !node.TryGetProperty("c", out var children)
                || children.ValueKind != JsonValueKind.Array
                || children.GetArrayLength() <= index)
            {
                return false;
            }

            node = children[index];
        }

        if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty("c", out rows) || rows.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        return true;
    }

    /// <summary>Cells in <see cref="Layout.Columns"/> order.</summary>
    private static SourceResult<SchwabHolding> ReadRow(List<string> cells, int number)
    {
        var (symbol, name, weightText, sharesText, valueText) = (cells[0], cells[1], cells[2], cells[3], cells[4]);
        if (name.Length == 0)
        {
            return new SourceResult<SchwabHolding>.Invalid($"holdings row {number}: {Layout.Description} empty");
        }

        if (DisplayNumbers.TryParsePercent(weightText, out var weight) != DisplayReading.Value)
        {
            return new SourceResult<SchwabHolding>.Invalid($"holdings row {number}: {Layout.Weight} '{weightText}' unreadable");
        }

        var sharesReading = DisplayNumbers.TryParseAmount(sharesText, out var shares);
        if (sharesReading == DisplayReading.Unreadable)
        {
            return new SourceResult<SchwabHolding>.Invalid($"holdings row {number}: {Layout.Shares} '{sharesText}' unreadable");
        }

        var valueReading = DisplayNumbers.TryParseAmount(valueText, out var marketValue);
        if (valueReading == DisplayReading.Unreadable)
        {
            return new SourceResult<SchwabHolding>.Invalid($"holdings row {number}: {Layout.MarketValue} '{valueText}' unreadable");
        }

        var ticker = DisplayNumbers.IsPlaceholder(symbol) ? null : symbol;
        return new SourceResult<SchwabHolding>.Data(new SchwabHolding(
            ticker,
            name,
            weight,
            sharesReading == DisplayReading.Value ? shares : null,
            valueReading == DisplayReading.Value ? marketValue : null));
    }

    private static SourceResult<SchwabHoldingsPage>.Invalid Invalid(string reason) => new("Schwab holdings page: " + reason);

    private static SourceResult<IReadOnlyList<SchwabHolding>>.Invalid ModuleInvalid(string reason) => new("Schwab holdings module: " + reason);
}
