using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using EtfData.Domain;

namespace EtfData.FakeUpstream.Sec;

/// <summary>
/// Renders fake filings in SEC's formats: <c>primary_doc.xml</c> and the quarterly data set zip.
/// Nulls are written the way EDGAR writes them: <c>N/A</c> for text and numbers, <c>000000000</c>
/// for the CUSIP of an equity without one, the element left out where EDGAR leaves it out (a UIT's
/// series id and class list).
/// </summary>
public static class NportDocuments
{
    private const string Ns = "http://www.sec.gov/edgar/nport";
    private const string CommonNs = "http://www.sec.gov/edgar/common";
    private const string NportCommonNs = "http://www.sec.gov/edgar/nportcommon";
    private const string XsiNs = "http://www.w3.org/2001/XMLSchema-instance";
    private const string NotApplicable = "N/A";

    /// <summary>The filing's <c>primary_doc.xml</c>, format-faithful to EDGAR's N-PORT XML.</summary>
    public static byte[] PrimaryDoc(FakeNportFiling filing)
    {
        ArgumentNullException.ThrowIfNull(filing);
        using var buffer = new MemoryStream();
        WritePrimaryDoc(buffer, filing);
        return buffer.ToArray();
    }

    /// <summary>Streams the filing's <c>primary_doc.xml</c> into <paramref name="output"/> (the benchmark writes large ones this way).</summary>
    public static void WritePrimaryDoc(Stream output, FakeNportFiling filing)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(filing);
        var report = filing.Report;
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "  ", CloseOutput = false };
        using var w = XmlWriter.Create(output, settings);
        w.WriteStartDocument();
        w.WriteStartElement("edgarSubmission", Ns);
        w.WriteAttributeString("xmlns", "com", null, CommonNs);
        w.WriteAttributeString("xmlns", "ncom", null, NportCommonNs);
        w.WriteAttributeString("xmlns", "xsi", null, XsiNs);
        w.WriteAttributeString("schemaLocation", XsiNs, Ns + " eis_NPORT_Filer.xsd");

        w.WriteStartElement("headerData", Ns);
        Leaf(w, "submissionType", report.SubmissionType);
        Leaf(w, "isConfidential", "false");
        w.WriteStartElement("filerInfo", Ns);
        w.WriteStartElement("filer", Ns);
        w.WriteStartElement("issuerCredentials", Ns);
        Leaf(w, "cik", Cik(filing.FilerCik));
        Leaf(w, "ccc", "XXXXXXXX");
        w.WriteEndElement();
        w.WriteEndElement();
        if (report.SeriesId is not null)
        {
            w.WriteStartElement("seriesClassInfo", Ns);
            Leaf(w, "seriesId", report.SeriesId);
            foreach (var classId in report.ClassIds)
            {
                Leaf(w, "classId", classId);
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();

        w.WriteStartElement("formData", Ns);
        w.WriteStartElement("genInfo", Ns);
        Leaf(w, "regName", report.RegistrantName ?? NotApplicable);
        Leaf(w, "regCik", Cik(report.RegistrantCik ?? filing.FilerCik));
        Leaf(w, "seriesName", report.SeriesName ?? NotApplicable);
        if (report.SeriesId is not null)
        {
            Leaf(w, "seriesId", report.SeriesId);
        }

        Leaf(w, "repPdEnd", Iso(report.FiscalYearEnd));
        Leaf(w, "repPdDate", Iso(report.ReportDate));
        Leaf(w, "isFinalFiling", report.IsFinalFiling ? "Y" : "N");
        w.WriteEndElement();

        w.WriteStartElement("fundInfo", Ns);
        Leaf(w, "totAssets", Number(report.TotalAssetsUsd));
        Leaf(w, "totLiabs", Number(report.TotalLiabilitiesUsd));
        Leaf(w, "netAssets", Number(report.NetAssetsUsd));
        Leaf(w, "isNonCashCollateral", "N");
        w.WriteStartElement("returnInfo", Ns);
        w.WriteStartElement("monthlyTotReturns", Ns);
        foreach (var r in report.Returns)
        {
            w.WriteStartElement("monthlyTotReturn", Ns);
            if (r.ClassId is not null)
            {
                w.WriteAttributeString("classId", r.ClassId);
            }

            w.WriteAttributeString("rtn1", Number(r.Month1Pct));
            w.WriteAttributeString("rtn2", Number(r.Month2Pct));
            w.WriteAttributeString("rtn3", Number(r.Month3Pct));
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();
        Flow(w, "mon1Flow", report.Month1Flow);
        Flow(w, "mon2Flow", report.Month2Flow);
        Flow(w, "mon3Flow", report.Month3Flow);
        w.WriteEndElement();

        w.WriteStartElement("invstOrSecs", Ns);
        foreach (var h in filing.Holdings)
        {
            Holding(w, h);
        }

        w.WriteEndElement();
        w.WriteStartElement("signature", Ns);
        w.WriteElementString("dateSigned", NportCommonNs, Iso(filing.FilingDate));
        w.WriteElementString("nameOfApplicant", NportCommonNs, report.RegistrantName ?? NotApplicable);
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static void Holding(XmlWriter w, NportHolding h)
    {
        w.WriteStartElement("invstOrSec", Ns);
        Leaf(w, "name", h.Name);
        Leaf(w, "lei", h.Lei ?? NotApplicable);
        Leaf(w, "title", h.Title ?? NotApplicable);
        Leaf(w, "cusip", h.Cusip ?? (h.AssetCategory == "EC" ? "000000000" : NotApplicable));
        w.WriteStartElement("identifiers", Ns);
        if (h.Isin is not null)
        {
            Valued(w, "isin", h.Isin);
        }

        if (h.Ticker is not null)
        {
            Valued(w, "ticker", h.Ticker);
        }

        foreach (var (description, value) in SplitOthers(h.OtherIdentifiers))
        {
            w.WriteStartElement("other", Ns);
            w.WriteAttributeString("otherDesc", description ?? NotApplicable);
            w.WriteAttributeString("value", value);
            w.WriteEndElement();
        }

        w.WriteEndElement();
        Leaf(w, "balance", Number(h.Balance));
        Leaf(w, "units", h.Units ?? NotApplicable);
        if (h.UnitsDescription is not null)
        {
            Leaf(w, "descOthUnits", h.UnitsDescription);
        }

        if (h.ExchangeRate is { } rate)
        {
            w.WriteStartElement("currencyConditional", Ns);
            w.WriteAttributeString("curCd", h.Currency ?? NotApplicable);
            w.WriteAttributeString("exchangeRt", Number(rate));
            w.WriteEndElement();
        }
        else
        {
            Leaf(w, "curCd", h.Currency ?? NotApplicable);
        }

        Leaf(w, "valUSD", Number(h.ValueUsd));
        Leaf(w, "pctVal", Number(h.PercentOfNetAssets));
        Leaf(w, "payoffProfile", h.PayoffProfile ?? NotApplicable);
        Conditional(w, "assetCat", "assetConditional", h.AssetCategory, h.AssetCategoryDescription);
        Conditional(w, "issuerCat", "issuerConditional", h.IssuerCategory, h.IssuerCategoryDescription);
        Leaf(w, "invCountry", h.Country ?? NotApplicable);
        Leaf(w, "isRestrictedSec", h.IsRestricted switch { true => "Y", false => "N", null => NotApplicable });
        Leaf(w, "fairValLevel", h.FairValueLevel ?? NotApplicable);
        if (h.InstrumentKind == NportInstrumentKind.Derivative)
        {
            w.WriteStartElement("derivativeInfo", Ns);
            w.WriteStartElement(DerivativeElement(h.DerivativeCategory), Ns);
            w.WriteAttributeString("derivCat", h.DerivativeCategory ?? "OTH");
            Leaf(w, "unrealizedAppr", Number(h.ValueUsd));
            w.WriteEndElement();
            w.WriteEndElement();
        }
        else if (h.InstrumentKind == NportInstrumentKind.Repo)
        {
            w.WriteStartElement("repurchaseAgrmt", Ns);
            Leaf(w, "transCat", "Repurchase");
            w.WriteEndElement();
        }

        w.WriteStartElement("securityLending", Ns);
        Leaf(w, "isCashCollateral", "N");
        Leaf(w, "isNonCashCollateral", "N");
        Leaf(w, "isLoanByFund", "N");
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static string DerivativeElement(string? category) => category switch
    {
        "FWD" => "fwdDeriv",
        "FUT" => "futrDeriv",
        "SWP" => "swapDeriv",
        "OPT" or "SWO" or "WAR" => "optionSwaptionWarrantDeriv",
        _ => "othDeriv",
    };

    private static void Conditional(XmlWriter w, string plain, string conditional, string? category, string? description)
    {
        if (category == "OTHER" || description is not null)
        {
            w.WriteStartElement(conditional, Ns);
            w.WriteAttributeString(plain, category ?? "OTHER");
            w.WriteAttributeString("desc", description ?? NotApplicable);
            w.WriteEndElement();
        }
        else
        {
            Leaf(w, plain, category ?? NotApplicable);
        }
    }

    private static void Flow(XmlWriter w, string name, NportMonthFlow flow)
    {
        w.WriteStartElement(name, Ns);
        w.WriteAttributeString("redemption", Number(flow.RedemptionUsd));
        w.WriteAttributeString("reinvestment", Number(flow.ReinvestmentUsd));
        w.WriteAttributeString("sales", Number(flow.SalesUsd));
        w.WriteEndElement();
    }

    private static void Leaf(XmlWriter w, string name, string value) => w.WriteElementString(name, Ns, value);

    private static void Valued(XmlWriter w, string name, string value)
    {
        w.WriteStartElement(name, Ns);
        w.WriteAttributeString("value", value);
        w.WriteEndElement();
    }

    /// <summary><see cref="NportHolding.OtherIdentifiers"/> back into (description, value) pairs.</summary>
    private static IEnumerable<(string? Description, string Value)> SplitOthers(string? joined)
    {
        if (joined is null)
        {
            yield break;
        }

        foreach (var item in joined.Split("; "))
        {
            var colon = item.IndexOf(": ", StringComparison.Ordinal);
            yield return colon < 0 ? (null, item) : (item[..colon], item[(colon + 2)..]);
        }
    }

    private static string Cik(long cik) => cik.ToString("D10", CultureInfo.InvariantCulture);

    private static string Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? NotApplicable;

    private static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? NotApplicable;

    /// <summary>
    /// Writes a quarterly Form N-PORT data set zip holding <paramref name="filings"/>: SEC's tables as
    /// tab-separated files with a header line (sources.md §5b), dates as upper-case <c>30-APR-2026</c>,
    /// <c>HOLDING_ID</c>s numbered in report order across the zip, one <c>IDENTIFIERS</c> row per identifier.
    /// </summary>
    public static void WriteDataSet(Stream zip, IEnumerable<FakeNportFiling> filings)
    {
        ArgumentNullException.ThrowIfNull(zip);
        ArgumentNullException.ThrowIfNull(filings);
        var list = filings.ToList();
        var submission = new Table("SUBMISSION", "ACCESSION_NUMBER", "FILING_DATE", "FILE_NUM", "SUB_TYPE", "REPORT_ENDING_PERIOD", "REPORT_DATE", "IS_LAST_FILING");
        var registrant = new Table("REGISTRANT", "ACCESSION_NUMBER", "CIK", "REGISTRANT_NAME", "FILE_NUM", "LEI");
        var info = new Table(
            "FUND_REPORTED_INFO", "ACCESSION_NUMBER", "SERIES_NAME", "SERIES_ID", "SERIES_LEI", "TOTAL_ASSETS", "TOTAL_LIABILITIES", "NET_ASSETS",
            "SALES_FLOW_MON1", "REINVESTMENT_FLOW_MON1", "REDEMPTION_FLOW_MON1",
            "SALES_FLOW_MON2", "REINVESTMENT_FLOW_MON2", "REDEMPTION_FLOW_MON2",
            "SALES_FLOW_MON3", "REINVESTMENT_FLOW_MON3", "REDEMPTION_FLOW_MON3");
        var returns = new Table("MONTHLY_TOTAL_RETURN", "ACCESSION_NUMBER", "MONTHLY_TOTAL_RETURN_ID", "CLASS_ID", "MONTHLY_TOTAL_RETURN1", "MONTHLY_TOTAL_RETURN2", "MONTHLY_TOTAL_RETURN3");
        var holdings = new Table(
            "FUND_REPORTED_HOLDING", "ACCESSION_NUMBER", "HOLDING_ID", "ISSUER_NAME", "ISSUER_LEI", "ISSUER_TITLE", "ISSUER_CUSIP", "BALANCE", "UNIT",
            "OTHER_UNIT_DESC", "CURRENCY_CODE", "CURRENCY_VALUE", "EXCHANGE_RATE", "PERCENTAGE", "PAYOFF_PROFILE", "ASSET_CAT", "OTHER_ASSET",
            "ISSUER_TYPE", "OTHER_ISSUER", "INVESTMENT_COUNTRY", "IS_RESTRICTED_SECURITY", "FAIR_VALUE_LEVEL", "DERIVATIVE_CAT");
        var identifiers = new Table("IDENTIFIERS", "HOLDING_ID", "IDENTIFIERS_ID", "IDENTIFIER_ISIN", "IDENTIFIER_TICKER", "OTHER_IDENTIFIER", "OTHER_IDENTIFIER_DESC");
        var repos = new Table("REPURCHASE_AGREEMENT", "HOLDING_ID", "TRANSACTION_CATEGORY");

        long holdingId = 0, identifierId = 0, returnId = 0;
        foreach (var filing in list)
        {
            var r = filing.Report;
            var accession = filing.Accession;
            submission.Row(accession, DataSetDate(filing.FilingDate), "811-00000", r.SubmissionType, DataSetDate(r.FiscalYearEnd), DataSetDate(r.ReportDate), r.IsFinalFiling ? "Y" : "N");
            registrant.Row(accession, (r.RegistrantCik ?? filing.FilerCik).ToString(CultureInfo.InvariantCulture), r.RegistrantName, "811-00000", null);
            info.Row(
                accession, r.SeriesName ?? NotApplicable, r.SeriesId, null, Cell(r.TotalAssetsUsd), Cell(r.TotalLiabilitiesUsd), Cell(r.NetAssetsUsd),
                Cell(r.Month1Flow.SalesUsd), Cell(r.Month1Flow.ReinvestmentUsd), Cell(r.Month1Flow.RedemptionUsd),
                Cell(r.Month2Flow.SalesUsd), Cell(r.Month2Flow.ReinvestmentUsd), Cell(r.Month2Flow.RedemptionUsd),
                Cell(r.Month3Flow.SalesUsd), Cell(r.Month3Flow.ReinvestmentUsd), Cell(r.Month3Flow.RedemptionUsd));
            foreach (var ret in r.Returns)
            {
                returns.Row(accession, Id(++returnId), ret.ClassId, Cell(ret.Month1Pct), Cell(ret.Month2Pct), Cell(ret.Month3Pct));
            }

            foreach (var h in filing.Holdings)
            {
                var id = Id(++holdingId);
                var otherAsset = h.AssetCategory == "OTHER" || h.AssetCategoryDescription is not null;
                var otherIssuer = h.IssuerCategory == "OTHER" || h.IssuerCategoryDescription is not null;
                holdings.Row(
                    accession, id, h.Name, h.Lei ?? NotApplicable, h.Title ?? NotApplicable, h.Cusip ?? NotApplicable, Cell(h.Balance), h.Units,
                    h.UnitsDescription, h.Currency, Cell(h.ValueUsd), Cell(h.ExchangeRate), Cell(h.PercentOfNetAssets), h.PayoffProfile ?? NotApplicable,
                    otherAsset ? "OTHER" : h.AssetCategory, otherAsset ? h.AssetCategoryDescription : null,
                    otherIssuer ? "OTHER" : h.IssuerCategory, otherIssuer ? h.IssuerCategoryDescription : null,
                    h.Country, h.IsRestricted switch { true => "Y", false => "N", null => null }, h.FairValueLevel ?? NotApplicable,
                    h.InstrumentKind == NportInstrumentKind.Derivative ? h.DerivativeCategory ?? "OTH" : null);
                if (h.Isin is not null)
                {
                    identifiers.Row(id, Id(++identifierId), h.Isin, null, null, null);
                }

                if (h.Ticker is not null)
                {
                    identifiers.Row(id, Id(++identifierId), null, h.Ticker, null, null);
                }

                foreach (var (description, value) in SplitOthers(h.OtherIdentifiers))
                {
                    identifiers.Row(id, Id(++identifierId), null, null, value, description);
                }

                if (h.InstrumentKind == NportInstrumentKind.Repo)
                {
                    repos.Row(id, "Repurchase");
                }
            }
        }

        using var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var table in new[] { submission, registrant, info, returns, holdings, identifiers, repos })
        {
            var entry = archive.CreateEntry(table.Name + ".tsv", CompressionLevel.Fastest);
            // Fixed timestamps: the same filings give the same bytes.
            entry.LastWriteTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            using var stream = entry.Open();
            var bytes = Encoding.UTF8.GetBytes(table.Text.ToString());
            stream.Write(bytes);
        }
    }

    /// <summary>The data set's date spelling: <c>30-APR-2026</c>.</summary>
    public static string? DataSetDate(DateOnly? date) =>
        date?.ToString("dd-MMM-yyyy", CultureInfo.InvariantCulture).ToUpperInvariant();

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string? Cell(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    private sealed class Table
    {
        public Table(string name, params string[] columns)
        {
            Name = name;
            Text.Append(string.Join('\t', columns)).Append('\n');
        }

        public string Name { get; }

        public StringBuilder Text { get; } = new();

        public void Row(params string?[] cells)
        {
            for (var i = 0; i < cells.Length; i++)
            {
                if (i > 0)
                {
                    Text.Append('\t');
                }

                Text.Append(cells[i]?.Replace('\t', ' ').Replace('\n', ' '));
            }

            Text.Append('\n');
        }
    }
}
