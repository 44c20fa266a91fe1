using System.Xml;
using EtfData.Domain;

namespace EtfData.Api.Sources.Sec.Nport;

/// <summary>
/// Streaming parser of an N-PORT <c>primary_doc.xml</c> (sources.md §5): one forward pass of an async
/// <see cref="XmlReader"/>, namespace-aware, holding at most one <c>invstOrSec</c> at a time.
/// </summary>
public static class NportXmlParser
{
    /// <summary>Stamped on every stored row this parser produced, so a fixed parser can re-process exactly the old rows.</summary>
    public const int Version = 1;

    public const string Namespace = "http://www.sec.gov/edgar/nport";

    private static readonly XmlReaderSettings Settings = new()
    {
        Async = true,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreWhitespace = true,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    /// <summary>
    /// Reads the report from <paramref name="xml"/>, handing each holding to <paramref name="onHolding"/> as it
    /// is read (memory stays constant in the number of holdings). Malformed or truncated XML, a root other
    /// than N-PORT's <c>edgarSubmission</c>, a missing <c>repPdDate</c> or <c>submissionType</c>, an
    /// unparseable number or date, or net assets with zero holdings give <see cref="SourceResult{T}.Invalid"/>
    /// naming what.
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

    /// <summary>One pass over one document. Every Read*Async leaves the reader on the node after the element it read.</summary>
    private sealed class Parse(XmlReader reader, Func<NportHolding, CancellationToken, ValueTask> onHolding, CancellationToken cancellationToken)
    {
        private readonly List<string> _classIds = [];
        private readonly List<NportClassReturn> _returns = [];
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
            await reader.MoveToContentAsync();
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "edgarSubmission" || reader.NamespaceURI != Namespace)
            {
                return Invalid($"root element is {{{reader.NamespaceURI}}}{reader.LocalName}, not N-PORT's {{{Namespace}}}edgarSubmission");
            }

            await ChildrenAsync(name => name switch
            {
                "headerData" => ChildrenAsync(ReadHeaderItemAsync),
                "formData" => ChildrenAsync(ReadFormDataItemAsync),
                _ => null,
            });

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
        /// Visits the child elements of the element the reader is on, then moves past its end. The visitor
        /// returns the task that consumes the child, or null to skip it.
        /// </summary>
        private async Task ChildrenAsync(Func<string, Task?> visit)
        {
            if (reader.IsEmptyElement)
            {
                await reader.ReadAsync();
                return;
            }

            await reader.ReadAsync();
            while (reader.NodeType != XmlNodeType.EndElement)
            {
                if (reader.EOF)
                {
                    throw new XmlException("Unexpected end of the document.");
                }

                if (reader.NodeType != XmlNodeType.Element)
                {
                    await reader.ReadAsync();
                    continue;
                }

                var task = reader.NamespaceURI == Namespace ? visit(reader.LocalName) : null;
                if (task is null)
                {
                    await reader.SkipAsync();
                }
                else
                {
                    await task;
                }
            }

            await reader.ReadAsync();
        }

        private Task<string> TextAsync() => reader.ReadElementContentAsStringAsync();

        private async Task SkipWithAsync(Action read)
        {
            read();
            await reader.SkipAsync();
        }

        private Task? ReadHeaderItemAsync(string name) => name switch
        {
            "submissionType" => SetAsync(async () => _submissionType = NportValues.Text(await TextAsync())),
            "filerInfo" => ChildrenAsync(ReadFilerInfoItemAsync),
            _ => null,
        };

        private Task? ReadFilerInfoItemAsync(string name) => name switch
        {
            "filer" => ChildrenAsync(n => n == "issuerCredentials" ? ChildrenAsync(ReadCredentialsItemAsync) : null),
            "seriesClassInfo" => ChildrenAsync(n => n switch
            {
                "seriesId" => SetAsync(async () => _headerSeriesId = NportValues.Text(await TextAsync())),
                "classId" => SetAsync(async () =>
                {
                    if (NportValues.Text(await TextAsync()) is { } classId)
                    {
                        _classIds.Add(classId);
                    }
                }),
                _ => null,
            }),
            _ => null,
        };

        private Task? ReadCredentialsItemAsync(string name) =>
            name == "cik" ? SetAsync(async () => _filerCik = Cik(await TextAsync(), "filer cik")) : null;

        private Task? ReadFormDataItemAsync(string name) => name switch
        {
            "genInfo" => ChildrenAsync(ReadGenInfoItemAsync),
            "fundInfo" => ChildrenAsync(ReadFundInfoItemAsync),
            "invstOrSecs" => ChildrenAsync(n => n == "invstOrSec" ? ReadHoldingAsync() : null),
            _ => null,
        };

        private Task? ReadGenInfoItemAsync(string name) => name switch
        {
            "regName" => SetAsync(async () => _registrantName = NportValues.Text(await TextAsync())),
            "regCik" => SetAsync(async () => _registrantCik = Cik(await TextAsync(), "genInfo/regCik")),
            "seriesName" => SetAsync(async () => _seriesName = NportValues.Text(await TextAsync())),
            "seriesId" => SetAsync(async () => _seriesId = NportValues.Text(await TextAsync())),
            "repPdEnd" => SetAsync(async () => _fiscalYearEnd = NportValues.Date(await TextAsync(), "genInfo/repPdEnd")),
            "repPdDate" => SetAsync(async () => _reportDate = NportValues.Date(await TextAsync(), "genInfo/repPdDate")),
            "isFinalFiling" => SetAsync(async () => _isFinalFiling = NportValues.Flag(await TextAsync(), "genInfo/isFinalFiling") ?? false),
            _ => null,
        };

        private Task? ReadFundInfoItemAsync(string name) => name switch
        {
            "totAssets" => SetAsync(async () => _totalAssets = NportValues.Decimal(await TextAsync(), "fundInfo/totAssets")),
            "totLiabs" => SetAsync(async () => _totalLiabilities = NportValues.Decimal(await TextAsync(), "fundInfo/totLiabs")),
            "netAssets" => SetAsync(async () => _netAssets = NportValues.Decimal(await TextAsync(), "fundInfo/netAssets")),
            "returnInfo" => ChildrenAsync(n => n == "monthlyTotReturns" ? ChildrenAsync(ReadReturnAsync) : null),
            "mon1Flow" => SkipWithAsync(() => _month1 = Flow("mon1Flow")),
            "mon2Flow" => SkipWithAsync(() => _month2 = Flow("mon2Flow")),
            "mon3Flow" => SkipWithAsync(() => _month3 = Flow("mon3Flow")),
            _ => null,
        };

        private Task? ReadReturnAsync(string name) => name == "monthlyTotReturn"
            ? SkipWithAsync(() => _returns.Add(new NportClassReturn(
                NportValues.Text(reader.GetAttribute("classId")),
                NportValues.Decimal(reader.GetAttribute("rtn1"), "monthlyTotReturn @rtn1"),
                NportValues.Decimal(reader.GetAttribute("rtn2"), "monthlyTotReturn @rtn2"),
                NportValues.Decimal(reader.GetAttribute("rtn3"), "monthlyTotReturn @rtn3"))))
            : null;

        private NportMonthFlow Flow(string element) => new(
            NportValues.Decimal(reader.GetAttribute("sales"), element + " @sales"),
            NportValues.Decimal(reader.GetAttribute("reinvestment"), element + " @reinvestment"),
            NportValues.Magnitude(NportValues.Decimal(reader.GetAttribute("redemption"), element + " @redemption")));

        private static async Task SetAsync(Func<Task> read) => await read();

        private static long? Cik(string raw, string what) =>
            NportValues.Text(raw) is { } text
                ? long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var cik)
                    ? cik
                    : throw new FormatException($"{what} is not a CIK: '{text}'")
                : null;

        private async Task ReadHoldingAsync()
        {
            cancellationToken.ThrowIfCancellationRequested();
            var position = _holdings + 1;
            var holding = new HoldingFields();
            var where = $"invstOrSec {position}";

            if (reader.IsEmptyElement)
            {
                await reader.ReadAsync();
            }
            else
            {
                await reader.ReadAsync();
                while (reader.NodeType != XmlNodeType.EndElement)
                {
                    if (reader.EOF)
                    {
                        throw new XmlException("Unexpected end of the document.");
                    }

                    if (reader.NodeType != XmlNodeType.Element || reader.NamespaceURI != Namespace)
                    {
                        await (reader.NodeType == XmlNodeType.Element ? reader.SkipAsync() : reader.ReadAsync());
                        continue;
                    }

                    await ReadHoldingFieldAsync(holding, where);
                }

                await reader.ReadAsync();
            }

            _holdings = position;
            await onHolding(holding.ToHolding(position), cancellationToken);
        }

        private async Task ReadHoldingFieldAsync(HoldingFields h, string where)
        {
            switch (reader.LocalName)
            {
                case "name": h.Name = NportValues.Text(await TextAsync()); break;
                case "lei": h.Lei = NportValues.Text(await TextAsync()); break;
                case "title": h.Title = NportValues.Text(await TextAsync()); break;
                case "cusip": h.Cusip = NportValues.Cusip(await TextAsync()); break;
                case "balance": h.Balance = NportValues.Decimal(await TextAsync(), where + " balance"); break;
                case "units": h.Units = NportValues.Text(await TextAsync()); break;
                case "descOthUnits": h.UnitsDescription = NportValues.Text(await TextAsync()); break;
                case "curCd": h.Currency = NportValues.Text(await TextAsync()); break;
                case "valUSD": h.ValueUsd = NportValues.Decimal(await TextAsync(), where + " valUSD"); break;
                case "pctVal": h.Percent = NportValues.Decimal(await TextAsync(), where + " pctVal"); break;
                case "payoffProfile": h.PayoffProfile = NportValues.Text(await TextAsync()); break;
                case "assetCat": h.AssetCategory = NportValues.Text(await TextAsync()); break;
                case "issuerCat": h.IssuerCategory = NportValues.Text(await TextAsync()); break;
                case "invCountry": h.Country = NportValues.Text(await TextAsync()); break;
                case "isRestrictedSec": h.IsRestricted = NportValues.Flag(await TextAsync(), where + " isRestrictedSec"); break;
                case "fairValLevel": h.FairValueLevel = NportValues.Text(await TextAsync()); break;
                case "currencyConditional":
                    h.Currency = NportValues.Text(reader.GetAttribute("curCd"));
                    h.ExchangeRate = NportValues.Decimal(reader.GetAttribute("exchangeRt"), where + " currencyConditional @exchangeRt");
                    await reader.SkipAsync();
                    break;
                case "assetConditional":
                    h.AssetCategory = NportValues.Text(reader.GetAttribute("assetCat"));
                    h.AssetCategoryDescription = NportValues.Text(reader.GetAttribute("desc"));
                    await reader.SkipAsync();
                    break;
                case "issuerConditional":
                    h.IssuerCategory = NportValues.Text(reader.GetAttribute("issuerCat"));
                    h.IssuerCategoryDescription = NportValues.Text(reader.GetAttribute("desc"));
                    await reader.SkipAsync();
                    break;
                case "identifiers": await ChildrenAsync(n => ReadIdentifier(n, h)); break;
                case "derivativeInfo":
                    // The first child (fwdDeriv, futrDeriv, swapDeriv, optionSwaptionWarrantDeriv, othDeriv)
                    // carries the category; nested reference instruments below it are not positions.
                    await ChildrenAsync(n =>
                    {
                        h.DerivativeCategory ??= NportValues.Text(reader.GetAttribute("derivCat")) ?? n;
                        return null;
                    });
                    break;
                case "repurchaseAgrmt":
                    h.HasRepoSection = true;
                    await reader.SkipAsync();
                    break;
                default: await reader.SkipAsync(); break;
            }
        }

        private Task? ReadIdentifier(string name, HoldingFields h)
        {
            switch (name)
            {
                case "isin": h.Isin ??= NportValues.Text(reader.GetAttribute("value")); break;
                case "ticker": h.Ticker ??= NportValues.Text(reader.GetAttribute("value")); break;
                case "other": NportValues.AddOther(ref h.OtherIdentifiers, reader.GetAttribute("otherDesc"), reader.GetAttribute("value")); break;
                default: break;
            }

            return null;
        }
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
