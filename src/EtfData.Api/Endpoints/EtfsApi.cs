using EtfData.Api.Hosting;
using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EtfData.Api.Endpoints;

/// <summary>One page of the ETF universe.</summary>
/// <param name="Items">ETFs of this page, in the requested order.</param>
/// <param name="Page">1-based page number.</param>
/// <param name="PageSize">Rows per page.</param>
/// <param name="Total">ETFs matching the filters, over all pages.</param>
/// <param name="AsOf">Latest trading day among the listed closes; null on an empty page.</param>
public sealed record EtfPage(IReadOnlyList<EtfListItem> Items, int Page, int PageSize, int Total, DateOnly? AsOf) : ICsvExport
{
    public IEnumerable<object> CsvRows() => Items;
}

/// <summary>An ETF with its latest close, AUM and flows.</summary>
/// <param name="Symbol">Ticker, share classes with a dot (<c>BRK.B</c>).</param>
/// <param name="Name">Fund name.</param>
/// <param name="Issuer">Fund family.</param>
/// <param name="Category">Category as the source names it.</param>
/// <param name="AssetClass">Broad asset class.</param>
/// <param name="ExpenseRatio">Annual net expense ratio as a fraction (0.0009 = 0.09 %).</param>
/// <param name="Exchange">Listing exchange.</param>
/// <param name="IsActive">False once the symbol left the listing directory.</param>
/// <param name="LatestClose">Close of the latest stored trading day, USD (split-adjusted as served by the source).</param>
/// <param name="LatestCloseDate">Trading day of <paramref name="LatestClose"/>.</param>
/// <param name="Change1dPct">Close-to-close change of the latest day, in percent (1.5 = +1.5 %).</param>
/// <param name="AumUsd">Latest reported total net assets, USD.</param>
/// <param name="AumDate">The date <paramref name="AumUsd"/> refers to.</param>
/// <param name="Flow5dUsd">Net flow (AUM method) over the ETF's last five trading days, USD; null without flow estimates.</param>
public sealed record EtfListItem(
    string Symbol,
    string Name,
    string? Issuer,
    string? Category,
    string? AssetClass,
    decimal? ExpenseRatio,
    string? Exchange,
    bool IsActive,
    decimal? LatestClose,
    DateOnly? LatestCloseDate,
    decimal? Change1dPct,
    decimal? AumUsd,
    DateOnly? AumDate,
    decimal? Flow5dUsd);

/// <summary>The latest stored daily bar.</summary>
public sealed record LatestBar(DateOnly TradeDate, decimal Open, decimal High, decimal Low, decimal Close, decimal? AdjClose, long? Volume);

/// <summary>A reported figure with the date it refers to and who reported it.</summary>
public sealed record ReportedValue<T>(T Value, DateOnly AsOf, string Source);

/// <summary>Profile of one ETF with its latest price and fund figures.</summary>
/// <param name="Symbol">Ticker, share classes with a dot (<c>BRK.B</c>).</param>
/// <param name="Name">Fund name.</param>
/// <param name="Issuer">Fund family.</param>
/// <param name="Category">Category as the source names it.</param>
/// <param name="AssetClass">Broad asset class.</param>
/// <param name="InceptionDate">Fund inception date.</param>
/// <param name="Exchange">Listing exchange.</param>
/// <param name="SecCik">SEC Central Index Key of the registrant.</param>
/// <param name="SecSeriesId">SEC series id; null for unit investment trusts.</param>
/// <param name="SecClassId">SEC class id.</param>
/// <param name="IsActive">False once the symbol left the listing directory.</param>
/// <param name="FirstSeenAt">When EtfData first saw the symbol.</param>
/// <param name="UpdatedAt">When the profile last changed.</param>
/// <param name="ExpenseRatio">Annual net expense ratio as a fraction (0.0009 = 0.09 %).</param>
/// <param name="LatestPrice">Latest stored daily bar, USD.</param>
/// <param name="AumUsd">Latest reported total net assets, USD.</param>
/// <param name="NavPerShare">Latest reported net asset value per share, USD.</param>
/// <param name="SharesOutstanding">Latest reported shares outstanding.</param>
/// <param name="PremiumDiscountPct">(close − NAV) / NAV × 100 on the latest day with both, percent; source is NAV's.</param>
/// <param name="Flows">Net flows over the last 1, 5 and 20 trading days.</param>
/// <param name="Returns">Total returns (distributions reinvested) up to the latest bar, percent.</param>
/// <param name="TopHoldings">The latest known holdings snapshot (weights as fractions), or null.</param>
/// <param name="AsOf">Latest date among the figures above.</param>
/// <param name="SecSeriesClassCount">Share classes of the SEC series (mutual-fund classes included); above 1, N-PORT figures are the series'.</param>
/// <param name="LatestNportFiling">The latest N-PORT filing served for the fund, labelled <c>series</c> or <c>fund</c>; never the source of AumUsd when series-level.</param>
/// <param name="Structure"><c>ETF</c> (open-end fund) or <c>UIT</c> (unit investment trust).</param>
/// <param name="IndexTracked">The index the fund tracks; null for an active fund or when no source says.</param>
/// <param name="FieldSources">Which source set each descriptive field (<c>issuer</c>, <c>category</c>, <c>expense_ratio</c>, <c>inception_date</c>, <c>structure</c>, <c>index_tracked</c>): <c>sec</c>, <c>issuer</c>, <c>yahoo</c> or <c>etfdb</c>, by that precedence.</param>
/// <param name="OutsideProfiles">The fund as outside sources (etfdb) state it, each labelled by source with its AUM and the date the source gives for it, to compare with the figures above.</param>
/// <param name="ReportedFlows">The latest net flows outside sources report, per source and window, each with its date: compare with Flows (EtfData's own estimates).</param>
public sealed record EtfDetail(
    string Symbol,
    string Name,
    string? Issuer,
    string? Category,
    string? AssetClass,
    decimal? ExpenseRatio,
    DateOnly? InceptionDate,
    string? Exchange,
    long? SecCik,
    string? SecSeriesId,
    string? SecClassId,
    bool IsActive,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset UpdatedAt,
    LatestBar? LatestPrice,
    ReportedValue<decimal>? AumUsd,
    ReportedValue<decimal>? NavPerShare,
    ReportedValue<long>? SharesOutstanding,
    ReportedValue<decimal>? PremiumDiscountPct,
    FlowSummary? Flows,
    ReturnSummary? Returns,
    HoldingsSummary? TopHoldings,
    DateOnly? AsOf,
    int? SecSeriesClassCount,
    NportFilingSummary? LatestNportFiling,
    string? Structure,
    string? IndexTracked,
    IReadOnlyDictionary<string, string> FieldSources,
    IReadOnlyList<OutsideProfile> OutsideProfiles,
    IReadOnlyList<OutsideReportedFlow> ReportedFlows);

/// <summary>An ETF as an outside source states it; not EtfData's own figures.</summary>
/// <param name="Source">Who states it (<c>etfdb</c>).</param>
/// <param name="Issuer">Fund family.</param>
/// <param name="Category">Category.</param>
/// <param name="ExpenseRatio">Expense ratio as a fraction.</param>
/// <param name="InceptionDate">Inception date.</param>
/// <param name="Structure"><c>ETF</c> or <c>UIT</c>.</param>
/// <param name="IndexTracked">Index tracked.</param>
/// <param name="AumUsd">The source's AUM figure, USD.</param>
/// <param name="AumAsOf">The date the source gives for it (etfdb's "Last Updated", which can be years stale).</param>
/// <param name="FetchedAt">When EtfData read it.</param>
public sealed record OutsideProfile(
    string Source, string? Issuer, string? Category, decimal? ExpenseRatio, DateOnly? InceptionDate, string? Structure, string? IndexTracked,
    decimal? AumUsd, DateOnly? AumAsOf, DateTimeOffset FetchedAt);

/// <summary>A net flow an outside source reports over a trailing window.</summary>
/// <param name="Source">Who reports it (<c>etfdb</c>).</param>
/// <param name="WindowName"><c>5-day</c>, <c>1-month</c>, <c>3-month</c>, <c>ytd</c>, <c>1-year</c>, <c>3-year</c>, <c>5-year</c> or <c>10-year</c>.</param>
/// <param name="AsOf">The window's last day.</param>
/// <param name="NetFlowUsd">Net flow, USD.</param>
/// <param name="FetchedAt">When EtfData read it.</param>
public sealed record OutsideReportedFlow(string Source, string WindowName, DateOnly AsOf, decimal NetFlowUsd, DateTimeOffset FetchedAt);

/// <summary>Net flows (AUM method) over the latest trading days, USD.</summary>
/// <param name="AsOf">Latest day with a flow estimate.</param>
/// <param name="Method">How they were estimated.</param>
/// <param name="Flow1dUsd">The latest trading day.</param>
/// <param name="Flow5dUsd">The last 5 trading days.</param>
/// <param name="Flow20dUsd">The last 20 trading days.</param>
public sealed record FlowSummary(DateOnly AsOf, string Method, decimal? Flow1dUsd, decimal? Flow5dUsd, decimal? Flow20dUsd);

/// <summary>Total returns up to the latest bar, percent (null where history is too short).</summary>
public sealed record ReturnSummary(
    DateOnly AsOf, decimal? OneDayPct, decimal? FiveDayPct, decimal? OneMonthPct, decimal? ThreeMonthPct, decimal? YearToDatePct, decimal? OneYearPct);

/// <summary>A position of a holdings snapshot; weight as a fraction of net assets.</summary>
public sealed record HoldingItem(int Position, string? Ticker, string Name, decimal? Weight);

/// <summary>A holdings snapshot: as of when, from which source.</summary>
/// <param name="AsOf">The date the positions are as of.</param>
/// <param name="Source"><c>ishares</c>, <c>spdr</c>, <c>invesco</c>, <c>sec-nport</c>, <c>schwab</c> or <c>yahoo</c>.</param>
/// <param name="PositionCount">Positions in the snapshot; the whole list is at <c>/api/etfs/{symbol}/holdings</c>.</param>
/// <param name="Holdings">The ten largest weights.</param>
/// <param name="Coverage"><c>full</c> (every position) or <c>top</c> (only the largest ones).</param>
public sealed record HoldingsSummary(DateOnly AsOf, string Source, int PositionCount, IReadOnlyList<HoldingItem> Holdings, string Coverage);

/// <summary>The latest N-PORT filing of the ETF's series, labelled with whose figures they are.</summary>
/// <param name="Accession">EDGAR accession number.</param>
/// <param name="ReportDate">The date the report is as of.</param>
/// <param name="FiledDate">The date EDGAR accepted it.</param>
/// <param name="Scope">
/// <c>series</c>: NetAssetsUsd is the whole multi-class series' (all its share classes), not this ETF's AUM;
/// <c>fund</c>: the ETF's own (a single-class series or a unit investment trust).
/// </param>
/// <param name="SeriesId">The SEC series; null for a unit investment trust.</param>
/// <param name="NetAssetsUsd">Net assets on ReportDate, USD, of whatever Scope says.</param>
public sealed record NportFilingSummary(string Accession, DateOnly ReportDate, DateOnly FiledDate, string? Scope, string? SeriesId, decimal? NetAssetsUsd);

/// <summary>The values the list's exact-match filters take, each with how many ETFs have it.</summary>
/// <param name="Total">ETFs in the universe, listed and delisted.</param>
/// <param name="ActiveTotal">Listed ETFs among them.</param>
/// <param name="Categories">Values of <c>category</c>, in ordinal order.</param>
/// <param name="Issuers">Values of <c>issuer</c>, in ordinal order.</param>
/// <param name="AssetClasses">Values of <c>assetClass</c>, in ordinal order.</param>
public sealed record EtfFacets(int Total, int ActiveTotal, IReadOnlyList<FacetValue> Categories, IReadOnlyList<FacetValue> Issuers, IReadOnlyList<FacetValue> AssetClasses);

/// <summary>One value of a filter.</summary>
/// <param name="Value">The value, as <c>/api/etfs</c> matches it (exactly).</param>
/// <param name="Count">ETFs with this value, listed and delisted.</param>
/// <param name="ActiveCount">Listed ETFs with this value (what <c>active=true</c> would list).</param>
public sealed record FacetValue(string Value, int Count, int ActiveCount);

public static class EtfsApi
{
    public const int MaxPageSize = 500;

    public static IEndpointRouteBuilder MapEtfsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/etfs").WithTags("ETFs");
        group.MapGet("/", ListAsync).WithName("ListEtfs").WithCsv();
        // A literal segment outranks {symbol}; no listed ticker is six letters without a class suffix.
        group.MapGet("/facets", GetFacetsAsync).WithName("GetEtfFacets");
        group.MapGet("/{symbol}", GetAsync).WithName("GetEtf").WithCsv()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    /// <summary>Sort keys of <c>/api/etfs</c>; prefix with <c>-</c> for descending.</summary>
    public static readonly IReadOnlyDictionary<string, string> SortColumns = new Dictionary<string, string>
    {
        ["symbol"] = "symbol",
        ["aum"] = "aum_usd",
        ["expenseRatio"] = "expense_ratio",
        ["flow5d"] = "flow5d_usd",
        ["change1d"] = "change1d_pct",
    };

    /// <summary>
    /// The values of the list's <c>category</c>, <c>issuer</c> and <c>assetClass</c> filters over the whole universe,
    /// with how many ETFs (all, and listed) have each: what a client offers as filter choices. ETFs without a value
    /// are counted in the totals only. One statement.
    /// </summary>
    /// <param name="read">Database (the read replica when one is configured).</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Ok<EtfFacets>> GetFacetsAsync(ReadDataSource read, CancellationToken cancellationToken)
    {
        var categories = new List<FacetValue>();
        var issuers = new List<FacetValue>();
        var assetClasses = new List<FacetValue>();
        int total = 0, activeTotal = 0;
        await using var command = read.Source.CreateCommand(EtfListSql.Facets);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var facet = reader.GetString(0);
                var count = reader.GetInt32(2);
                var active = reader.GetInt32(3);
                if (facet == "total")
                {
                    (total, activeTotal) = (count, active);
                    continue;
                }

                var list = facet switch
                {
                    "category" => categories,
                    "issuer" => issuers,
                    _ => assetClasses,
                };
                list.Add(new FacetValue(reader.GetString(1), count, active));
            }
        }

        return TypedResults.Ok(new EtfFacets(total, activeTotal, categories, issuers, assetClasses));
    }

    /// <summary>
    /// Lists ETFs a page at a time with their latest close, 1-day change, AUM and 5-day flow, filtered
    /// and sorted. Every filter is optional; text filters match exactly except <c>q</c>, which searches
    /// symbol and name (case-insensitive).
    /// </summary>
    /// <param name="read">Database (the read replica when one is configured).</param>
    /// <param name="category" example="Large Blend">Exact category, e.g. <c>Large Blend</c>.</param>
    /// <param name="issuer" example="iShares">Exact fund family, e.g. <c>iShares</c>.</param>
    /// <param name="assetClass" example="Equity">Exact asset class, e.g. <c>Equity</c>, <c>Fixed Income</c>.</param>
    /// <param name="minAum" example="1000000000">Minimum latest AUM in USD, e.g. <c>1000000000</c>.</param>
    /// <param name="active" example="true">true: listed ETFs only; false: delisted only; omitted: both.</param>
    /// <param name="q" example="S&amp;P">Free text searched in symbol and name.</param>
    /// <param name="sort" example="-aum">symbol (default), aum, expenseRatio, flow5d or change1d; <c>-aum</c> sorts descending. Missing values sort last.</param>
    /// <param name="page" example="1">1-based page number (default 1).</param>
    /// <param name="pageSize" example="50">Rows per page, 1 to 500 (default 50).</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<EtfPage>, ValidationProblem>> ListAsync(
        ReadDataSource read,
        string? category,
        string? issuer,
        string? assetClass,
        decimal? minAum,
        bool? active,
        string? q,
        string? sort,
        int? page,
        int? pageSize,
        CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var pageNumber = page ?? 1;
        var size = pageSize ?? 50;
        if (pageNumber < 1)
        {
            errors.Add("page", "page must be 1 or more.");
        }

        errors.Between("pageSize", size, 1, MaxPageSize);
        var descending = sort?.StartsWith('-') == true;
        var sortKey = sort?.TrimStart('-') ?? "symbol";
        if (!SortColumns.TryGetValue(sortKey, out var sortColumn))
        {
            errors.Add("sort", $"sort must be one of: {string.Join(", ", SortColumns.Keys)} (prefix - for descending).");
        }

        if (minAum < 0)
        {
            errors.Add("minAum", "minAum must not be negative.");
        }

        if (q?.Length > 100)
        {
            errors.Add("q", "q may be at most 100 characters.");
        }

        if (errors.Any)
        {
            return errors.Problem();
        }

        void AddFilters(Npgsql.NpgsqlCommand target)
        {
            target.Parameters.Add(new Npgsql.NpgsqlParameter<string?>("category", category));
            target.Parameters.Add(new Npgsql.NpgsqlParameter<string?>("issuer", issuer));
            target.Parameters.Add(new Npgsql.NpgsqlParameter<string?>("asset_class", assetClass));
            target.Parameters.Add(new Npgsql.NpgsqlParameter<decimal?>("min_aum", minAum));
            target.Parameters.Add(new Npgsql.NpgsqlParameter<bool?>("active", active));
            target.Parameters.Add(new Npgsql.NpgsqlParameter<string?>("q", string.IsNullOrWhiteSpace(q) ? null : EtfListSql.LikePattern(q.Trim())));
        }

        await using var command = read.Source.CreateCommand(EtfListSql.Build(sortColumn!, descending));
        AddFilters(command);
        command.Parameters.Add(new Npgsql.NpgsqlParameter<int>("limit", size));
        command.Parameters.Add(new Npgsql.NpgsqlParameter<long>("offset", (long)(pageNumber - 1) * size));

        var items = new List<EtfListItem>();
        var total = 0;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(new EtfListItem(
                    reader.GetString(0), reader.GetString(1), ReadOrNull<string>(reader, 2), ReadOrNull<string>(reader, 3), ReadOrNull<string>(reader, 4),
                    ValueOrNull<decimal>(reader, 5), ReadOrNull<string>(reader, 6), reader.GetBoolean(7), ValueOrNull<decimal>(reader, 8),
                    ValueOrNull<DateOnly>(reader, 9), ValueOrNull<decimal>(reader, 10) is { } change ? Math.Round(change, 4) : null,
                    ValueOrNull<decimal>(reader, 11), ValueOrNull<DateOnly>(reader, 12), ValueOrNull<decimal>(reader, 13)));
                total = (int)reader.GetInt64(14);
            }
        }

        if (items.Count == 0 && pageNumber > 1)
        {
            // The window function gives no total on a page past the end: count separately.
            await using var count = read.Source.CreateCommand(EtfListSql.Count);
            AddFilters(count);
            total = (int)(long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        return TypedResults.Ok(new EtfPage(items, pageNumber, size, total, items.Max(i => i.LatestCloseDate)));
    }

    private static T? ReadOrNull<T>(System.Data.Common.DbDataReader reader, int ordinal)
        where T : class =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);

    private static T? ValueOrNull<T>(System.Data.Common.DbDataReader reader, int ordinal)
        where T : struct =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);

    /// <summary>
    /// One ETF: profile, latest daily bar, latest AUM, NAV and shares outstanding, premium/discount,
    /// 1/5/20-day flows, 1d/5d/1m/3m/ytd/1y total returns and the best holdings snapshot, each with
    /// its date and source; structure, index tracked and which source set each descriptive field; and, kept
    /// apart from EtfData's own figures, the fund as outside sources (etfdb) state it — profile, AUM with the
    /// source's date, and the latest reported flows per window.
    /// </summary>
    /// <param name="symbol" example="SPY">Ticker, case-insensitive; <c>BRK-B</c> and <c>BRK.B</c> are the same.</param>
    /// <param name="read">Database (the read replica when one is configured).</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<EtfDetail>, ProblemHttpResult, ValidationProblem>> GetAsync(
        string symbol, ReadDataSource read, CancellationToken cancellationToken)
    {
        if (!EtfSymbol.TryNormalize(symbol, out var normalised))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["symbol"] = ["symbol must be 1-10 letters or digits, optionally a class suffix such as BRK.B."] });
        }

        await using var batch = read.Source.CreateBatch();
        foreach (var sql in EtfDetailSql.All)
        {
            var statement = new Npgsql.NpgsqlBatchCommand(sql);
            statement.Parameters.Add(new Npgsql.NpgsqlParameter<string>("symbol", normalised));
            batch.BatchCommands.Add(statement);
        }

        await using var reader = await batch.InOneSnapshot().ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return EtfLookup.NotFound(normalised);
        }

        var etf = new Etf
        {
            Symbol = reader.GetString(0), Name = reader.GetString(1), Issuer = ReadOrNull<string>(reader, 2), Category = ReadOrNull<string>(reader, 3),
            AssetClass = ReadOrNull<string>(reader, 4), ExpenseRatio = ValueOrNull<decimal>(reader, 5), InceptionDate = ValueOrNull<DateOnly>(reader, 6),
            Exchange = ReadOrNull<string>(reader, 7), SecCik = ValueOrNull<long>(reader, 8), SecSeriesId = ReadOrNull<string>(reader, 9),
            SecClassId = ReadOrNull<string>(reader, 10), IsActive = reader.GetBoolean(11), FirstSeenAt = reader.GetFieldValue<DateTimeOffset>(12),
            UpdatedAt = reader.GetFieldValue<DateTimeOffset>(13), SecSeriesClassCount = ValueOrNull<int>(reader, 14), Structure = ReadOrNull<string>(reader, 15),
            IndexTracked = ReadOrNull<string>(reader, 16), FieldSources = reader.GetString(17),
        };

        await reader.NextResultAsync(cancellationToken);
        var history = new List<DailyPrice>();
        while (await reader.ReadAsync(cancellationToken))
        {
            history.Add(new DailyPrice(
                etf.Symbol, reader.GetFieldValue<DateOnly>(0), reader.GetDecimal(1), reader.GetDecimal(2), reader.GetDecimal(3), reader.GetDecimal(4),
                ValueOrNull<decimal>(reader, 5), ValueOrNull<long>(reader, 6)));
        }

        var bar = history.Count == 0 ? null : history[^1];
        var aum = await ReportedAsync<decimal>(reader, cancellationToken);
        var nav = await ReportedAsync<decimal>(reader, cancellationToken);
        var shares = await ReportedAsync<long>(reader, cancellationToken);

        await reader.NextResultAsync(cancellationToken);
        ReportedValue<decimal>? premiumPct = null;
        if (await reader.ReadAsync(cancellationToken)
            && Domain.Analytics.PremiumDiscount.Of(reader.GetDecimal(2), reader.GetDecimal(3)) is { } fraction)
        {
            premiumPct = new ReportedValue<decimal>(Math.Round(fraction * 100, 4), reader.GetFieldValue<DateOnly>(0), reader.GetString(1));
        }

        await reader.NextResultAsync(cancellationToken);
        var recentFlows = new List<(DateOnly TradeDate, decimal NetFlowUsd)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            recentFlows.Add((reader.GetFieldValue<DateOnly>(0), reader.GetDecimal(1)));
        }

        FlowSummary? flows = null;
        ReturnSummary? returns = null;
        if (bar is not null)
        {
            var set = Domain.Analytics.Returns.Standard(history, bar.TradeDate);
            returns = new ReturnSummary(bar.TradeDate, FundSeries.Pct(set.OneDay), FundSeries.Pct(set.FiveDay), FundSeries.Pct(set.OneMonth),
                FundSeries.Pct(set.ThreeMonth), FundSeries.Pct(set.YearToDate), FundSeries.Pct(set.OneYear));
            if (recentFlows.Count > 0)
            {
                // "The last N trading days" = after the (N+1)-th latest bar.
                decimal? Sum(int n)
                {
                    var after = history.Count > n ? history[history.Count - 1 - n].TradeDate : DateOnly.MinValue;
                    var inWindow = recentFlows.Where(f => f.TradeDate > after).ToList();
                    return inWindow.Count > 0 ? inWindow.Sum(f => f.NetFlowUsd) : null;
                }

                flows = new FlowSummary(recentFlows[0].TradeDate, "aum", Sum(1), Sum(5), Sum(20));
            }
        }

        await reader.NextResultAsync(cancellationToken);
        var snapshots = new List<HoldingSnapshot>();
        while (await reader.ReadAsync(cancellationToken))
        {
            snapshots.Add(new HoldingSnapshot
            {
                Id = reader.GetInt64(0), Symbol = etf.Symbol, AsOf = reader.GetFieldValue<DateOnly>(1), ConfirmedAsOf = ValueOrNull<DateOnly>(reader, 2),
                Coverage = reader.GetString(3), Source = reader.GetString(4), PositionCount = reader.GetInt32(5), IsLatest = true,
            });
        }

        var snapshot = HoldingSnapshots.Best(snapshots);
        await reader.NextResultAsync(cancellationToken);
        var positions = new List<HoldingItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.GetInt64(0) == snapshot?.Id)
            {
                positions.Add(new HoldingItem(reader.GetInt32(1), ReadOrNull<string>(reader, 2), reader.GetString(3), ValueOrNull<decimal>(reader, 4)));
            }
        }

        var holdings = snapshot is null ? null : new HoldingsSummary(snapshot.AsOf, snapshot.Source, snapshot.PositionCount, positions, snapshot.Coverage);

        await reader.NextResultAsync(cancellationToken);
        var profiles = new List<OutsideProfile>();
        while (await reader.ReadAsync(cancellationToken))
        {
            profiles.Add(new OutsideProfile(
                reader.GetString(0), ReadOrNull<string>(reader, 1), ReadOrNull<string>(reader, 2), ValueOrNull<decimal>(reader, 3), ValueOrNull<DateOnly>(reader, 4),
                ReadOrNull<string>(reader, 5), ReadOrNull<string>(reader, 6), ValueOrNull<decimal>(reader, 7), ValueOrNull<DateOnly>(reader, 8),
                reader.GetFieldValue<DateTimeOffset>(9)));
        }

        await reader.NextResultAsync(cancellationToken);
        var reportedRows = new List<OutsideReportedFlow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            reportedRows.Add(new OutsideReportedFlow(
                reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateOnly>(2), reader.GetDecimal(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        var reported = reportedRows
            .OrderBy(r => r.Source, StringComparer.Ordinal).ThenBy(r => WindowOrder(r.WindowName)).ThenBy(r => r.WindowName, StringComparer.Ordinal)
            .ToList();

        // Series-level net assets are never stored as AUM (fund_metric_daily); here they are labelled.
        await reader.NextResultAsync(cancellationToken);
        var nport = await reader.ReadAsync(cancellationToken)
            ? new NportFilingSummary(reader.GetString(0), reader.GetFieldValue<DateOnly>(1), reader.GetFieldValue<DateOnly>(2), ReadOrNull<string>(reader, 3),
                ReadOrNull<string>(reader, 4), ValueOrNull<decimal>(reader, 5))
            : null;

        DateOnly?[] dated = [bar?.TradeDate, aum?.AsOf, nav?.AsOf, shares?.AsOf, premiumPct?.AsOf, flows?.AsOf, holdings?.AsOf];
        return TypedResults.Ok(new EtfDetail(
            etf.Symbol, etf.Name, etf.Issuer, etf.Category, etf.AssetClass, etf.ExpenseRatio, etf.InceptionDate, etf.Exchange,
            etf.SecCik, etf.SecSeriesId, etf.SecClassId, etf.IsActive, etf.FirstSeenAt, etf.UpdatedAt,
            bar is null ? null : new LatestBar(bar.TradeDate, bar.Open, bar.High, bar.Low, bar.Close, bar.AdjClose, bar.Volume),
            aum, nav, shares, premiumPct, flows, returns, holdings, dated.Max(), etf.SecSeriesClassCount, nport,
            etf.Structure, etf.IndexTracked, ParseFieldSources(etf.FieldSources), profiles, reported));
    }

    /// <summary>The next result: one (value, as_of, source) row or none.</summary>
    private static async Task<ReportedValue<T>?> ReportedAsync<T>(System.Data.Common.DbDataReader reader, CancellationToken cancellationToken)
    {
        await reader.NextResultAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ReportedValue<T>(reader.GetFieldValue<T>(0), reader.GetFieldValue<DateOnly>(1), reader.GetString(2))
            : null;
    }

    private static readonly string[] Windows = ["5-day", "1-month", "3-month", "ytd", "1-year", "3-year", "5-year", "10-year"];

    private static int WindowOrder(string window)
    {
        var index = Array.IndexOf(Windows, window);
        return index < 0 ? Windows.Length : index;
    }

    /// <summary><c>etf.field_sources</c> (a JSON object of field → source); empty when it holds anything else.</summary>
    public static IReadOnlyDictionary<string, string> ParseFieldSources(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new Dictionary<string, string>();
        }

        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            return new Dictionary<string, string>();
        }
    }
}
