using System.Text.Json;
using EtfData.Domain;

namespace EtfData.Api.Sources.Yahoo;

/// <summary>
/// Parses a <c>/v10/finance/quoteSummary</c> response (fund modules, either numeric form) into a
/// <see cref="FundProfile"/> and a <see cref="FundMetric"/>. Pure: the clock is a parameter.
/// </summary>
/// <remarks>
/// Field choices (sources.md §2): AUM is <c>summaryDetail.totalAssets</c> (else
/// <c>defaultKeyStatistics.totalAssets</c>), never <c>fundProfile…totalNetAssets</c>, whose scale is
/// unclear. Yahoo does not say which day <c>totalAssets</c> and <c>navPrice</c> refer to; the metric is
/// dated with the exchange-local date of <c>price.regularMarketTime</c>, the last session the quote
/// describes (the fetch time's exchange-local date when that is missing). <c>totalAssets</c> is often
/// days older than that session: the AUM job stores the metric only when
/// <see cref="EtfData.Domain.Analytics.StaleFigures"/> finds it fresh. Fractions stay fractions,
/// rounded to 6 significant digits to drop float32 noise (see <see cref="YahooJson.Fraction(JsonElement)"/>).
/// </remarks>
public static class YahooQuoteSummaryParser
{
    public const string Source = "yahoo";

    /// <summary>The modules an ETF has; others answer 404 for funds.</summary>
    public static readonly IReadOnlyList<string> FundModules =
        ["summaryDetail", "defaultKeyStatistics", "fundProfile", "topHoldings", "price", "quoteType"];

    private const string NoFundamentalsPrefix = "No fundamentals data found";

    /// <summary>True when a 404 body says the requested modules do not exist for the symbol (as opposed to an unknown symbol).</summary>
    public static bool IsModulesNotAvailable(string? errorDescription) =>
        errorDescription?.StartsWith(NoFundamentalsPrefix, StringComparison.Ordinal) == true;

    public static SourceResult<YahooFundSnapshot> Parse(string symbol, ReadOnlyMemory<byte> utf8Json, DateTimeOffset now, IReadOnlyList<string>? requestedModules = null)
    {
        if (!JsonPayload.TryParse(utf8Json, out var document, out var error))
        {
            return new SourceResult<YahooFundSnapshot>.Invalid(error);
        }

        using (document)
        {
            try
            {
                return Parse(symbol, document!.RootElement, now, requestedModules ?? FundModules);
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException or OverflowException)
            {
                return new SourceResult<YahooFundSnapshot>.Invalid("unexpected quoteSummary structure: " + ex.Message);
            }
        }
    }

    public static SourceResult<YahooFundSnapshot> Parse(string symbol, string json, DateTimeOffset now, IReadOnlyList<string>? requestedModules = null) =>
        Parse(symbol, System.Text.Encoding.UTF8.GetBytes(json), now, requestedModules);

    /// <summary>The snapshot of a fund none of whose requested modules exist: a profile of nulls, no metric.</summary>
    public static YahooFundSnapshot NotAvailable(string symbol, DateTimeOffset now, IReadOnlyList<string>? requestedModules = null) =>
        new(
            new FundProfile { Symbol = symbol, Source = Source, FetchedAt = now },
            null,
            new YahooFundDiagnostics { MissingModules = requestedModules ?? FundModules });

    private static SourceResult<YahooFundSnapshot> Parse(string symbol, JsonElement root, DateTimeOffset now, IReadOnlyList<string> requestedModules)
    {
        var (result, errorCode, errorDescription) = YahooJson.Envelope(root, "quoteSummary");
        if (errorCode is not null)
        {
            if (IsModulesNotAvailable(errorDescription))
            {
                return new SourceResult<YahooFundSnapshot>.Data(NotAvailable(symbol, now, requestedModules));
            }

            return errorCode == "Not Found"
                ? new SourceResult<YahooFundSnapshot>.NotFound(errorDescription ?? errorCode)
                : new SourceResult<YahooFundSnapshot>.Invalid($"quoteSummary.error {errorCode}: {errorDescription}");
        }

        if (result is null)
        {
            return new SourceResult<YahooFundSnapshot>.Invalid("quoteSummary.result is missing or empty");
        }

        var summary = result.Child("summaryDetail");
        var statistics = result.Child("defaultKeyStatistics");
        var fundProfile = result.Child("fundProfile");
        var topHoldings = result.Child("topHoldings");
        var price = result.Child("price");
        var quoteType = result.Child("quoteType");

        var payloadSymbol = price.String("symbol") ?? quoteType.String("symbol");
        if (payloadSymbol is not null && !string.Equals(payloadSymbol, EtfSymbol.ToYahoo(symbol), StringComparison.OrdinalIgnoreCase))
        {
            return new SourceResult<YahooFundSnapshot>.Invalid($"payload is for {payloadSymbol}, requested {EtfSymbol.ToYahoo(symbol)}");
        }

        var missing = requestedModules.Where(module => result.Child(module) is null).ToList();
        var skippedRows = 0;
        var holdings = ParseHoldings(topHoldings.Array("holdings"), ref skippedRows);
        var sectors = ParseSectors(topHoldings.Child("sectorWeightings"), ref skippedRows);

        var profile = new FundProfile
        {
            Symbol = symbol,
            Source = Source,
            FetchedAt = now,
            Name = price.String("longName") ?? quoteType.String("longName") ?? price.String("shortName") ?? quoteType.String("shortName"),
            InstrumentType = quoteType.String("quoteType") ?? price.String("quoteType"),
            Issuer = fundProfile.String("family") ?? statistics.String("fundFamily"),
            Category = fundProfile.String("categoryName") ?? statistics.String("category"),
            LegalType = fundProfile.String("legalType") ?? statistics.String("legalType"),
            ExpenseRatio = fundProfile.Child("feesExpensesInvestment").Fraction("annualReportExpenseRatio"),
            HoldingsTurnover = fundProfile.Child("feesExpensesInvestment").Fraction("annualHoldingsTurnover"),
            // fundInceptionDate is UTC midnight of the inception day (921024000 = 1999-03-10T00:00Z for QQQ):
            // take the UTC date; converting to New York time would give the day before.
            InceptionDate = statistics.Int64("fundInceptionDate") is { } inception
                ? DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(inception).UtcDateTime)
                : null,
            Yield = summary.Fraction("yield") ?? statistics.Fraction("yield"),
            AssetMix = ParseAssetMix(topHoldings),
            TopHoldings = holdings,
            SectorWeights = sectors,
        };

        var currency = summary.String("currency") ?? price.String("currency");
        var nonUsd = currency is not null && currency != "USD" ? currency : null;
        var totalAssets = nonUsd is null ? summary.Decimal("totalAssets") ?? statistics.Decimal("totalAssets") : null;
        var nav = nonUsd is null ? summary.Decimal("navPrice") : null;
        var shares = statistics.Int64("sharesOutstanding");

        var clock = ExchangeClock.Create(
            quoteType.String("timeZoneFullName") ?? price.String("exchangeTimezoneName"),
            quoteType.Int64("gmtOffSetMilliseconds") is { } ms ? ms / 1000 : null)
            ?? ExchangeClock.Create("America/New_York", -5 * 3600)!;
        var marketTime = price.Int64("regularMarketTime");
        var asOf = marketTime is { } seconds ? clock.DateOfEpoch(seconds) : clock.DateOf(now);

        FundMetric? metric = totalAssets is null && nav is null && shares is null
            ? null
            // Zero or negative figures are passed on as delivered: the job quarantines them (MarketDataChecks.ScreenMetric).
            : new FundMetric(symbol, asOf, Source, totalAssets, nav, shares);

        return new SourceResult<YahooFundSnapshot>.Data(new YahooFundSnapshot(
            profile,
            metric,
            new YahooFundDiagnostics
            {
                MissingModules = missing,
                AsOfFromFetchTime = marketTime is null && metric is not null,
                NonUsdCurrency = nonUsd,
                SkippedRows = skippedRows,
            }));
    }

    private static List<TopHolding> ParseHoldings(JsonElement? holdings, ref int skipped)
    {
        var list = new List<TopHolding>();
        if (holdings is not { } array)
        {
            return list;
        }

        foreach (var row in array.EnumerateArray())
        {
            JsonElement? item = row;
            var rawTicker = item.String("symbol")?.Trim();
            var name = item.String("holdingName")?.Trim();
            var weight = item.Fraction("holdingPercent");
            if ((name is null && rawTicker is null) || weight is null)
            {
                skipped++;
                continue;
            }

            var ticker = EtfSymbol.TryNormalize(rawTicker, out var normalised) ? normalised : rawTicker;
            list.Add(new TopHolding(list.Count + 1, ticker, name ?? rawTicker!, weight.Value));
        }

        return list;
    }

    /// <summary><c>sectorWeightings</c> is a list of one-key objects (<c>[{"technology":0.5083},…]</c>); a plain object is accepted too.</summary>
    private static List<SectorWeight> ParseSectors(JsonElement? weightings, ref int skipped)
    {
        var list = new List<SectorWeight>();
        IEnumerable<JsonProperty> properties = weightings switch
        {
            { ValueKind: JsonValueKind.Array } array => array.EnumerateArray()
                .Where(item => item.ValueKind == JsonValueKind.Object)
                .SelectMany(item => item.EnumerateObject()),
            { ValueKind: JsonValueKind.Object } map => map.EnumerateObject(),
            _ => [],
        };

        foreach (var property in properties)
        {
            if (YahooJson.Fraction(property.Value) is { } weight)
            {
                list.Add(new SectorWeight(property.Name, weight));
            }
            else
            {
                skipped++;
            }
        }

        return list;
    }

    private static AssetMix? ParseAssetMix(JsonElement? topHoldings)
    {
        var mix = new AssetMix(
            topHoldings.Fraction("stockPosition"),
            topHoldings.Fraction("bondPosition"),
            topHoldings.Fraction("cashPosition"),
            topHoldings.Fraction("preferredPosition"),
            topHoldings.Fraction("convertiblePosition"),
            topHoldings.Fraction("otherPosition"));
        return mix == new AssetMix(null, null, null, null, null, null) ? null : mix;
    }
}
