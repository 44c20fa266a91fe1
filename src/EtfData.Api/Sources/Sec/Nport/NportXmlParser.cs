using System.Globalization;
using System.Xml;
using EtfData.Domain;

namespace EtfData.Api.Sources.Sec.Nport;

/// <summary>
/// Streaming parser of an N-PORT <c>primary_doc.xml</c> (sources.md §5): one forward pass of an
/// <see cref="XmlReader"/>, namespace-aware, holding at most one <c>invstOrSec</c> at a time.
/// </summary>
/// <remarks>
/// The reader is synchronous: an async <see cref="XmlReader"/> allocates a task per call (≈ 1.3 KB per
/// holding in bench/results/parsers.md), and every caller already holds the document in memory
/// (<c>SecClient</c> returns its bytes), so a read never waits. The parser's own allocation per holding
/// is constant and small: one reused field buffer, error messages built only when a value is bad, no
/// per-field tasks or closures; what is left grows with the file only as the holdings' own strings.
/// </remarks>
public static class NportXmlParser
{
    /// <summary>Stamped on every stored row this parser produced, so a fixed parser can re-process exactly the old rows.</summary>
    public const int Version = 1;

    public const string Namespace = "http://www.sec.gov/edgar/nport";

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreWhitespace = true,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    /// <summary>
    /// Reads the report from <paramref name="xml"/> (read synchronously: pass a buffered stream), handing
    /// each holding to <paramref name="onHolding"/> as it is read (memory stays constant in the number of
    /// holdings). Malformed or truncated XML, a root other than N-PORT's <c>edgarSubmission</c>, a missing
    /// <c>repPdDate</c> or <c>submissionType</c>, an unparseable number or date, or net assets with zero
    /// holdings give <see cref="SourceResult{T}.Invalid"/> naming what.
    /// </summary>
    /// <remarks>
    /// The verdict comes at the end of the document: <paramref name="onHolding"/> may already have been
    /// called for every holding before the result says <see cref="SourceResult{T}.Invalid"/> (a file cut
    /// short after its 900th position). Callers must buffer the holdings or write them in a transaction
    /// they roll back unless the result is <see cref="SourceResult{T}.Data"/>; nothing of an invalid
    /// report may be kept.
    /// </remarks>
    public static async Task<SourceResult<NportReport>> ParseAsync(
        Stream xml, Func<NportHolding, CancellationToken, ValueTask> onHolding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(xml);
        ArgumentNullException.ThrowIfNull(onHolding);
        try
        {
            using var reader = XmlReader.Create(xml, Settings);
            return await new Parse(reader, onHolding, cancellationToken).RunAsync();
        }
        catch (XmlException ex)
        {
            return new SourceResult<NportReport>.Invalid($"malformed or truncated N-PORT XML (line {ex.LineNumber}, position {ex.LinePosition}): {ex.Message}");
        }
        catch (FormatException ex)
        {
            return new SourceResult<NportReport>.Invalid(ex.Message);
        }
    }

    /// <summary>One pass over one document. Every Read* leaves the reader on the node after the element it read.</summary>
    private sealed class Parse(XmlReader reader, Func<NportHolding, CancellationToken, ValueTask> onHolding, CancellationToken cancellationToken)
    {
        private readonly List<string> _classIds = [];
        private readonly List<NportClassReturn> _returns = [];
        private readonly HoldingFields _fields = new();
        private string? _submissionType;
        private long? _filerCik;
        private long? _registrantCik;
        private string? _registrantName;
        private string? _headerSeriesId;
        private string? _seriesId;
        private string? _seriesName;
        private DateOnly? _reportDate;
        private DateOnly? _fiscalYearEnd;
        private bool _isFinalFiling;
        private decimal? _totalAssets;
        private decimal? _totalLiabilities;
        private decimal? _netAssets;
        private NportMonthFlow _month1 = NportMonthFlow.None;
        private NportMonthFlow _month2 = NportMonthFlow.None;
        private NportMonthFlow _month3 = NportMonthFlow.None;
        private int _holdings;

        public async Task<SourceResult<NportReport>> RunAsync()
        {
            reader.MoveToContent();
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "edgarSubmission" || reader.NamespaceURI != Namespace)
            {
                return Invalid($"root element is {{{reader.NamespaceURI}}}{reader.LocalName}, not N-PORT's {{{Namespace}}}edgarSubmission");
            }

            // The root and formData are walked here rather than by Children: holdings are handed out on
            // the way, and the callback may not complete synchronously.
            if (EnterChildren())
            {
                while (NextChild())
                {
                    switch (reader.LocalName)
                    {
                        case "headerData": Children(ReadHeaderItem); break;
                        case "formData": await ReadFormDataAsync(); break;
                        default: reader.Skip(); break;
                    }
                }

                reader.Read();
            }

            if (_submissionType is null)
            {
                return Invalid("headerData/submissionType is missing");
            }

            if (_reportDate is not { } reportDate)
            {
                return Invalid("genInfo/repPdDate (the date the report is as of) is missing");
            }

            if (_netAssets > 0 && _holdings == 0)
            {
                return Invalid($"net assets of {_netAssets} USD but no holdings (invstOrSecs is empty or missing): an incomplete filing, not an empty fund");
            }

            return new SourceResult<NportReport>.Data(new NportReport
            {
                SubmissionType = _submissionType,
                RegistrantCik = _registrantCik ?? _filerCik,
                RegistrantName = _registrantName,
                SeriesId = _seriesId ?? _headerSeriesId,
                SeriesName = _seriesName,
                ClassIds = _classIds,
                ReportDate = reportDate,
                FiscalYearEnd = _fiscalYearEnd,
                IsFinalFiling = _isFinalFiling,
                TotalAssetsUsd = _totalAssets,
                TotalLiabilitiesUsd = _totalLiabilities,
                NetAssetsUsd = _netAssets,
                Returns = _returns,
                Month1Flow = _month1,
                Month2Flow = _month2,
                Month3Flow = _month3,
                HoldingCount = _holdings,
            });
        }

        private static SourceResult<NportReport>.Invalid Invalid(string reason) => new(reason);

        /// <summary>
        /// On an element: moves to its first child and says true, or past an empty element and says false.
        /// After true, loop on <see cref="NextChild"/> and then <c>Read()</c> past the end element.
        /// </summary>
        private bool EnterChildren()
        {
            var empty = reader.IsEmptyElement;
            reader.Read();
            return !empty;
        }

        /// <summary>
        /// Moves to the next child element in the N-PORT namespace (skipping other nodes and foreign
        /// elements) and says true, or says false on the parent's end element.
        /// </summary>
        private bool NextChild()
        {
            while (reader.NodeType != XmlNodeType.EndElement)
            {
                if (reader.EOF)
                {
                    throw new XmlException("Unexpected end of the document.");
                }

                if (reader.NodeType != XmlNodeType.Element)
                {
                    reader.Read();
                }
                else if (reader.NamespaceURI != Namespace)
                {
                    reader.Skip();
                }
                else
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Visits the child elements of the element the reader is on, then moves past its end. The visitor
        /// consumes the child and says true, or says false to have it skipped.
        /// </summary>
        private void Children(Func<string, bool> visit)
        {
            if (!EnterChildren())
            {
                return;
            }

            while (NextChild())
            {
                if (!visit(reader.LocalName))
                {
                    reader.Skip();
                }
            }

            reader.Read();
        }

        private string Text() => reader.ReadElementContentAsString();

        private bool SkipWith(Action read)
        {
            read();
            reader.Skip();
            return true;
        }

        private static bool Done(Action set)
        {
            set();
            return true;
        }

        private bool ReadHeaderItem(string name) => name switch
        {
            "submissionType" => Done(() => _submissionType = NportValues.Text(Text())),
            "filerInfo" => Done(() => Children(ReadFilerInfoItem)),
            _ => false,
        };

        private bool ReadFilerInfoItem(string name) => name switch
        {
            "filer" => Done(() => Children(n => n == "issuerCredentials" && Done(() => Children(ReadCredentialsItem)))),
            "seriesClassInfo" => Done(() => Children(n => n switch
            {
                "seriesId" => Done(() => _headerSeriesId = NportValues.Text(Text())),
                "classId" => Done(() =>
                {
                    if (NportValues.Text(Text()) is { } classId)
                    {
                        _classIds.Add(classId);
                    }
                }),
                _ => false,
            })),
            _ => false,
        };

        private bool ReadCredentialsItem(string name) =>
            name == "cik" && Done(() => _filerCik = Cik(Text(), "filer cik"));

        private async Task ReadFormDataAsync()
        {
            if (!EnterChildren())
            {
                return;
            }

            while (NextChild())
            {
                switch (reader.LocalName)
                {
                    case "genInfo": Children(ReadGenInfoItem); break;
                    case "fundInfo": Children(ReadFundInfoItem); break;
                    case "invstOrSecs": await ReadHoldingsAsync(); break;
                    default: reader.Skip(); break;
                }
            }

            reader.Read();
        }

        private bool ReadGenInfoItem(string name) => name switch
        {
            "regName" => Done(() => _registrantName = NportValues.Text(Text())),
            "regCik" => Done(() => _registrantCik = Cik(Text(), "genInfo/regCik")),
            "seriesName" => Done(() => _seriesName = NportValues.Text(Text())),
            "seriesId" => Done(() => _seriesId = NportValues.Text(Text())),
            "repPdEnd" => Done(() => _fiscalYearEnd = NportValues.Date(Text(), "genInfo/repPdEnd")),
            "repPdDate" => Done(() => _reportDate = NportValues.Date(Text(), "genInfo/repPdDate")),
            "isFinalFiling" => Done(() => _isFinalFiling = NportValues.Flag(Text(), "genInfo/isFinalFiling") ?? false),
            _ => false,
        };

        private bool ReadFundInfoItem(string name) => name switch
        {
            "totAssets" => Done(() => _totalAssets = NportValues.Decimal(Text(), "fundInfo/totAssets")),
            "totLiabs" => Done(() => _totalLiabilities = NportValues.Decimal(Text(), "fundInfo/totLiabs")),
            "netAssets" => Done(() => _netAssets = NportValues.Decimal(Text(), "fundInfo/netAssets")),
            "returnInfo" => Done(() => Children(n => n == "monthlyTotReturns" && Done(() => Children(ReadReturn)))),
            "mon1Flow" => SkipWith(() => _month1 = Flow("mon1Flow")),
            "mon2Flow" => SkipWith(() => _month2 = Flow("mon2Flow")),
            "mon3Flow" => SkipWith(() => _month3 = Flow("mon3Flow")),
            _ => false,
        };

        private bool ReadReturn(string name) => name == "monthlyTotReturn"
            && SkipWith(() => _returns.Add(new NportClassReturn(
                NportValues.Text(reader.GetAttribute("classId")),
                NportValues.Decimal(reader.GetAttribute("rtn1"), "monthlyTotReturn @rtn1"),
                NportValues.Decimal(reader.GetAttribute("rtn2"), "monthlyTotReturn @rtn2"),
                NportValues.Decimal(reader.GetAttribute("rtn3"), "monthlyTotReturn @rtn3"))));

        private NportMonthFlow Flow(string element) => new(
            NportValues.Decimal(reader.GetAttribute("sales"), element + " @sales"),
            NportValues.Decimal(reader.GetAttribute("reinvestment"), element + " @reinvestment"),
            NportValues.Magnitude(NportValues.Decimal(reader.GetAttribute("redemption"), element + " @redemption")));

        private static long? Cik(string raw, string what) =>
            NportValues.Text(raw) is { } text
                ? long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var cik)
                    ? cik
                    : throw new FormatException($"{what} is not a CIK: '{text}'")
                : null;

        private async Task ReadHoldingsAsync()
        {
            if (!EnterChildren())
            {
                return;
            }

            while (NextChild())
            {
                if (reader.LocalName != "invstOrSec")
                {
                    reader.Skip();
                    continue;
                }

                cancellationToken.ThrowIfCancellationRequested();
                var position = _holdings + 1;
                var holding = ReadHolding(position);
                _holdings = position;
                await onHolding(holding, cancellationToken);
            }

            reader.Read();
        }

        private NportHolding ReadHolding(int position)
        {
            var h = _fields;
            h.Clear();
            if (EnterChildren())
            {
                while (NextChild())
                {
                    ReadHoldingField(h, position);
                }

                reader.Read();
            }

            return h.ToHolding(position);
        }

        private void ReadHoldingField(HoldingFields h, int position)
        {
            switch (reader.LocalName)
            {
                case "name": h.Name = NportValues.Text(Text()); break;
                case "lei": h.Lei = NportValues.Text(Text()); break;
                case "title": h.Title = NportValues.Text(Text()); break;
                case "cusip": h.Cusip = NportValues.Cusip(Text()); break;
                case "balance": h.Balance = HoldingDecimal(Text(), position, "balance"); break;
                case "units": h.Units = NportValues.Text(Text()); break;
                case "descOthUnits": h.UnitsDescription = NportValues.Text(Text()); break;
                case "curCd": h.Currency = NportValues.Text(Text()); break;
                case "valUSD": h.ValueUsd = HoldingDecimal(Text(), position, "valUSD"); break;
                case "pctVal": h.Percent = HoldingDecimal(Text(), position, "pctVal"); break;
                case "payoffProfile": h.PayoffProfile = NportValues.Text(Text()); break;
                case "assetCat": h.AssetCategory = NportValues.Text(Text()); break;
                case "issuerCat": h.IssuerCategory = NportValues.Text(Text()); break;
                case "invCountry": h.Country = NportValues.Text(Text()); break;
                case "isRestrictedSec": h.IsRestricted = HoldingFlag(Text(), position, "isRestrictedSec"); break;
                case "fairValLevel": h.FairValueLevel = NportValues.Text(Text()); break;
                case "currencyConditional":
                    h.Currency = NportValues.Text(reader.GetAttribute("curCd"));
                    h.ExchangeRate = HoldingDecimal(reader.GetAttribute("exchangeRt"), position, "currencyConditional @exchangeRt");
                    reader.Skip();
                    break;
                case "assetConditional":
                    h.AssetCategory = NportValues.Text(reader.GetAttribute("assetCat"));
                    h.AssetCategoryDescription = NportValues.Text(reader.GetAttribute("desc"));
                    reader.Skip();
                    break;
                case "issuerConditional":
                    h.IssuerCategory = NportValues.Text(reader.GetAttribute("issuerCat"));
                    h.IssuerCategoryDescription = NportValues.Text(reader.GetAttribute("desc"));
                    reader.Skip();
                    break;
                case "identifiers":
                    if (EnterChildren())
                    {
                        while (NextChild())
                        {
                            switch (reader.LocalName)
                            {
                                case "isin": h.Isin ??= NportValues.Text(reader.GetAttribute("value")); break;
                                case "ticker": h.Ticker ??= NportValues.Text(reader.GetAttribute("value")); break;
                                case "other": NportValues.AddOther(ref h.OtherIdentifiers, reader.GetAttribute("otherDesc"), reader.GetAttribute("value")); break;
                                default: break;
                            }

                            reader.Skip();
                        }

                        reader.Read();
                    }

                    break;
                case "derivativeInfo":
                    // The first child (fwdDeriv, futrDeriv, swapDeriv, optionSwaptionWarrantDeriv, othDeriv)
                    // carries the category; nested reference instruments below it are not positions.
                    if (EnterChildren())
                    {
                        while (NextChild())
                        {
                            h.DerivativeCategory ??= NportValues.Text(reader.GetAttribute("derivCat")) ?? reader.LocalName;
                            reader.Skip();
                        }

                        reader.Read();
                    }

                    break;
                case "repurchaseAgrmt":
                    h.HasRepoSection = true;
                    reader.Skip();
                    break;
                default: reader.Skip(); break;
            }
        }

        /// <summary><see cref="NportValues.Decimal"/> with the message (naming the position) built only for a bad value.</summary>
        private static decimal? HoldingDecimal(string? raw, int position, string field)
        {
            var text = NportValues.Text(raw);
            if (text is null)
            {
                return null;
            }

            return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                ? value
                : NportValues.Decimal(text, Where(position, field));
        }

        /// <summary><see cref="NportValues.Flag"/> with the message built only for a bad value.</summary>
        private static bool? HoldingFlag(string? raw, int position, string field)
        {
            var text = NportValues.Text(raw);
            if (text is null)
            {
                return null;
            }

            if (text.Equals("Y", StringComparison.OrdinalIgnoreCase) || text.Equals("TRUE", StringComparison.OrdinalIgnoreCase) || text == "1")
            {
                return true;
            }

            if (text.Equals("N", StringComparison.OrdinalIgnoreCase) || text.Equals("FALSE", StringComparison.OrdinalIgnoreCase) || text == "0")
            {
                return false;
            }

            return NportValues.Flag(text, Where(position, field));
        }

        private static string Where(int position, string field) =>
            string.Create(CultureInfo.InvariantCulture, $"invstOrSec {position} {field}");
    }

    /// <summary>The fields of one position while it is read; shared with the data set reader.</summary>
    internal sealed class HoldingFields
    {
        public string? Name;
        public string? Lei;
        public string? Title;
        public string? Cusip;
        public string? Isin;
        public string? Ticker;
        public string? OtherIdentifiers;
        public decimal? Balance;
        public string? Units;
        public string? UnitsDescription;
        public string? Currency;
        public decimal? ExchangeRate;
        public decimal? ValueUsd;
        public decimal? Percent;
        public string? PayoffProfile;
        public string? AssetCategory;
        public string? AssetCategoryDescription;
        public string? IssuerCategory;
        public string? IssuerCategoryDescription;
        public string? Country;
        public bool? IsRestricted;
        public string? FairValueLevel;
        public string? DerivativeCategory;
        public bool HasRepoSection;

        /// <summary>Empties every field, so one instance serves every position of a document.</summary>
        public void Clear()
        {
            Name = Lei = Title = Cusip = Isin = Ticker = OtherIdentifiers = null;
            Balance = ExchangeRate = ValueUsd = Percent = null;
            Units = UnitsDescription = Currency = PayoffProfile = AssetCategory = AssetCategoryDescription = null;
            IssuerCategory = IssuerCategoryDescription = Country = FairValueLevel = DerivativeCategory = null;
            IsRestricted = null;
            HasRepoSection = false;
        }

        public NportHolding ToHolding(int position) => new()
        {
            Position = position,
            Name = Name ?? string.Empty,
            Lei = Lei,
            Title = Title,
            Cusip = Cusip,
            Isin = Isin,
            Ticker = Ticker,
            OtherIdentifiers = OtherIdentifiers,
            Balance = Balance,
            Units = Units,
            UnitsDescription = UnitsDescription,
            Currency = Currency,
            ExchangeRate = ExchangeRate,
            ValueUsd = ValueUsd,
            PercentOfNetAssets = Percent,
            PayoffProfile = PayoffProfile,
            AssetCategory = AssetCategory,
            AssetCategoryDescription = AssetCategoryDescription,
            IssuerCategory = IssuerCategory,
            IssuerCategoryDescription = IssuerCategoryDescription,
            Country = Country,
            IsRestricted = IsRestricted,
            FairValueLevel = FairValueLevel,
            InstrumentKind = NportValues.Kind(DerivativeCategory, HasRepoSection, AssetCategory),
            DerivativeCategory = DerivativeCategory,
        };
    }
}
