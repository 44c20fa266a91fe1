using EtfData.Api.Hosting;
using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EtfData.Api.Endpoints;

/// <summary>An ETF's net flow over the window.</summary>
/// <param name="Rank">1 = largest inflow (direction in) or largest outflow (direction out).</param>
/// <param name="Symbol">Ticker.</param>
/// <param name="Name">Fund name.</param>
/// <param name="Category">Category.</param>
/// <param name="Issuer">Fund family.</param>
/// <param name="NetFlowUsd">Sum of the daily flow estimates in the window, USD.</param>
/// <param name="StartAumUsd">AUM the window's first flow was measured from, USD.</param>
/// <param name="FlowPctOfAum">NetFlowUsd / StartAumUsd × 100, in percent.</param>
/// <param name="FlowDays">Days of the window with a flow estimate for this ETF.</param>
public sealed record RankedFlow(
    int Rank, string Symbol, string Name, string? Category, string? Issuer, decimal NetFlowUsd, decimal? StartAumUsd, decimal? FlowPctOfAum, int FlowDays);

/// <summary>ETFs ranked by net flow over the latest trading days.</summary>
/// <param name="AsOf">Latest day with flow estimates (the window's last day).</param>
/// <param name="From">First day of the window.</param>
/// <param name="Days">Trading days in the window.</param>
/// <param name="Method"><c>aum</c> or <c>shares</c>: how the daily flows were estimated.</param>
/// <param name="Direction"><c>in</c> (inflows, largest first) or <c>out</c> (outflows, largest first).</param>
/// <param name="Items">The ranking.</param>
public sealed record FlowRanking(DateOnly? AsOf, DateOnly? From, int Days, string Method, string Direction, IReadOnlyList<RankedFlow> Items) : ICsvExport
{
    public IEnumerable<object> CsvRows() => Items;
}

/// <summary>Net flow of a group of ETFs (a category or an issuer) over the window and the one before.</summary>
/// <param name="Group"><c>category</c> or <c>issuer</c>.</param>
/// <param name="Name">The category or issuer (<c>(none)</c> when unknown).</param>
/// <param name="EtfCount">ETFs of the group with flow estimates in the window.</param>
/// <param name="NetFlowUsd">Sum of their flows in the window, USD.</param>
/// <param name="AumWeightedFlowPct">AUM-weighted average of the ETFs' flow as a percent of AUM: Σ flow / Σ start AUM × 100.</param>
/// <param name="PriorNetFlowUsd">Sum of their flows in the window of equal length just before, USD.</param>
/// <param name="ChangeUsd">NetFlowUsd − PriorNetFlowUsd, USD.</param>
public sealed record GroupFlow(
    string Group, string Name, int EtfCount, decimal NetFlowUsd, decimal? AumWeightedFlowPct, decimal? PriorNetFlowUsd, decimal? ChangeUsd);

/// <summary>Net flows by category and by issuer.</summary>
/// <param name="AsOf">Latest day with flow estimates.</param>
/// <param name="From">First day of the window.</param>
/// <param name="PriorFrom">First day of the window before it.</param>
/// <param name="Days">Trading days in each window.</param>
/// <param name="Method">How the daily flows were estimated.</param>
/// <param name="Categories">By category, largest net flow first.</param>
/// <param name="Issuers">By issuer, largest net flow first.</param>
public sealed record CategoryFlows(
    DateOnly? AsOf, DateOnly? From, DateOnly? PriorFrom, int Days, string Method, IReadOnlyList<GroupFlow> Categories, IReadOnlyList<GroupFlow> Issuers) : ICsvExport
{
    public IEnumerable<object> CsvRows() => Categories.Concat(Issuers);
}

/// <summary>One day's estimated net flow with the observations it came from.</summary>
/// <param name="TradeDate">Day of the flow.</param>
/// <param name="PreviousDate">Day of the earlier observation it is measured from.</param>
/// <param name="NetFlowUsd">Estimated net creations (+) or redemptions (−), USD.</param>
/// <param name="AumUsd">AUM observed on the day (AUM method), USD.</param>
/// <param name="PreviousAumUsd">AUM observed on PreviousDate, USD.</param>
/// <param name="NavPerShare">NAV per share on the day, USD.</param>
/// <param name="PreviousNavPerShare">NAV per share on PreviousDate, USD.</param>
/// <param name="SharesOutstanding">Shares outstanding on the day (shares method).</param>
/// <param name="PreviousSharesOutstanding">Shares outstanding on PreviousDate.</param>
/// <param name="FlowPctOfAum">NetFlowUsd / the previous AUM × 100, in percent.</param>
/// <param name="Rolling5dUsd">Sum of this and the 4 previous daily flows, USD.</param>
/// <param name="Rolling20dUsd">Sum of this and the 19 previous daily flows, USD.</param>
/// <param name="CumulativeUsd">Sum of the flows from the range's first day to this one, USD.</param>
public sealed record FlowPoint(
    DateOnly TradeDate, DateOnly PreviousDate, decimal NetFlowUsd, decimal? AumUsd, decimal? PreviousAumUsd, decimal? NavPerShare,
    decimal? PreviousNavPerShare, long? SharesOutstanding, long? PreviousSharesOutstanding, decimal? FlowPctOfAum,
    decimal Rolling5dUsd, decimal Rolling20dUsd, decimal CumulativeUsd);

/// <summary>Daily flow estimates of one ETF by one method.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Method">
/// <c>aum</c>: AUM_t − AUM_prev × NAV_t / NAV_prev; <c>shares</c>: (SO_t − SO_prev) × NAV_t.
/// </param>
/// <param name="AsOf">Latest day with a flow estimate.</param>
/// <param name="CumulativeUsd">Net flow over the whole range, USD.</param>
/// <param name="Days">Flows in the range, in date order.</param>
public sealed record FlowSeries(string Symbol, string Method, DateOnly? AsOf, decimal CumulativeUsd, IReadOnlyList<FlowPoint> Days) : ICsvExport
{
    public IEnumerable<object> CsvRows() => Days;
}

/// <summary>One month's exact flows from an SEC Form N-PORT filing, USD.</summary>
/// <param name="MonthEnd">Last day of the month.</param>
/// <param name="SalesUsd">Shares sold (creations), excluding reinvested distributions.</param>
/// <param name="ReinvestmentUsd">Shares sold through reinvested distributions.</param>
/// <param name="RedemptionUsd">Shares redeemed, as a positive magnitude.</param>
/// <param name="NetNewCashUsd">Net new cash: sales − redemption (the usual "net flow").</param>
/// <param name="NetIncludingReinvestmentUsd">Sales + reinvestment − redemption.</param>
/// <param name="Scope"><c>series</c>: the whole multi-class series' flows, not the ETF's own; <c>fund</c>: the ETF's own.</param>
/// <param name="SeriesId">The SEC series the flows belong to; null for a unit investment trust.</param>
/// <param name="Accession">The filing the month comes from (the latest report covering the month; amendments replace their originals).</param>
/// <param name="ReportDate">That filing's report date.</param>
public sealed record NportMonthlyFlow(
    DateOnly MonthEnd, decimal? SalesUsd, decimal? ReinvestmentUsd, decimal? RedemptionUsd, decimal? NetNewCashUsd, decimal? NetIncludingReinvestmentUsd,
    string? Scope, string? SeriesId, string Accession, DateOnly ReportDate);

/// <summary>Monthly flows of one ETF as its N-PORT filings report them (<c>method=nport-monthly</c>).</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Method"><c>nport-monthly</c>.</param>
/// <param name="Scope">Scope of the latest month: <c>series</c> (the whole multi-class series') or <c>fund</c> (the ETF's own).</param>
/// <param name="AsOf">The latest month end.</param>
/// <param name="NetNewCashUsd">Σ net new cash over the months listed.</param>
/// <param name="Months">Oldest first.</param>
public sealed record NportMonthlyFlowSeries(
    string Symbol, string Method, string? Scope, DateOnly? AsOf, decimal NetNewCashUsd, IReadOnlyList<NportMonthlyFlow> Months) : ICsvExport
{
    public IEnumerable<object> CsvRows() => Months;
}

public static class FlowsApi
{
    public const string NportMonthly = "nport-monthly";
    public const int MaxDays = 250;
    public const int MaxLimit = 200;
    private static readonly string[] Methods = ["aum", "shares"];
    private static readonly string[] EtfMethods = ["aum", "shares", NportMonthly];
    private static readonly string[] Directions = ["in", "out"];

    public static IEndpointRouteBuilder MapFlowsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/flows").WithTags("Flows").WithCsv();
        group.MapGet("/top", GetTopAsync).WithName("GetTopFlows");
        group.MapGet("/categories", GetCategoriesAsync).WithName("GetCategoryFlows");
        routes.MapGroup("/api/etfs/{symbol}").WithTags("Flows").WithCsv().ProducesProblem(StatusCodes.Status404NotFound)
            .MapGet("/flows", GetEtfFlowsAsync).WithName("GetEtfFlows");
        return routes;
    }

    /// <summary>
    /// Daily net flows of one ETF with the AUM, NAV and shares they came from, rolling 5-day and
    /// 20-day sums, flow as a percent of AUM, and the cumulative flow over the range.
    /// </summary>
    /// <param name="symbol" example="SPY">Ticker, case-insensitive.</param>
    /// <param name="from" example="2025-01-02">First day, <c>yyyy-MM-dd</c> (default: the whole history).</param>
    /// <param name="to" example="2025-03-07">Last day, <c>yyyy-MM-dd</c> (default: the latest flow).</param>
    /// <param name="method" example="aum">
    /// <c>aum</c> (default) or <c>shares</c>: daily estimates (answer <c>FlowSeries</c>); <c>nport-monthly</c>: the
    /// exact monthly flows of the N-PORT filings (answer <c>NportMonthlyFlowSeries</c>), series-level where labelled so.
    /// </param>
    /// <param name="read">Database (the read replica when one is configured).</param>
    /// <param name="context">The request (its services give the read DbContext for the N-PORT answer).</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<FlowSeries>, Ok<NportMonthlyFlowSeries>, ProblemHttpResult, ValidationProblem>> GetEtfFlowsAsync(
        string symbol, DateOnly? from, DateOnly? to, string? method, ReadDataSource read, HttpContext context, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var normalised = errors.Symbol(symbol);
        errors.Range(from, to);
        errors.OneOf("method", method, EtfMethods);
        if (errors.Any)
        {
            return errors.Problem();
        }

        if (method == NportMonthly)
        {
            var db = context.RequestServices.GetRequiredService<EtfDataReadDbContext>();
            return await EtfLookup.FindAsync(db, normalised, cancellationToken) is { } etf
                ? TypedResults.Ok(await NportMonthlyAsync(etf, from, to, db, cancellationToken))
                : EtfLookup.NotFound(normalised!);
        }

        var flowMethod = FundSeries.ParseMethod(method);
        var end = to ?? DateOnly.MaxValue;
        var start = from ?? DateOnly.MinValue;
        // Rolling sums need the flows before the range too; the cumulative sum starts with the range.
        await using var command = read.Source.CreateCommand(FlowsSql.EtfFlows);
        command.Parameters.Add(new NpgsqlParameter<string>("symbol", normalised!));
        command.Parameters.Add(new NpgsqlParameter<string>("method", flowMethod == FlowMethod.Shares ? "shares" : "aum"));
        command.Parameters.Add(new NpgsqlParameter<DateOnly>("to", end));
        var found = false;
        var flows = new List<FundFlow>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                found = true;
                if (reader.IsDBNull(0))
                {
                    continue;
                }

                flows.Add(new FundFlow
                {
                    Symbol = normalised!, TradeDate = reader.GetFieldValue<DateOnly>(0), Method = flowMethod, NetFlowUsd = reader.GetDecimal(1),
                    PreviousDate = reader.GetFieldValue<DateOnly>(2), AumUsd = ValueOrNull<decimal>(reader, 3), PreviousAumUsd = ValueOrNull<decimal>(reader, 4),
                    NavPerShare = ValueOrNull<decimal>(reader, 5), PreviousNavPerShare = ValueOrNull<decimal>(reader, 6),
                    SharesOutstanding = ValueOrNull<long>(reader, 7), PreviousSharesOutstanding = ValueOrNull<long>(reader, 8), Source = reader.GetString(9),
                });
            }
        }

        if (!found)
        {
            return EtfLookup.NotFound(normalised!);
        }

        var byDate = flows.ToDictionary(f => f.TradeDate);
        var cumulative = 0m;
        var points = new List<FlowPoint>();
        foreach (var day in Domain.Analytics.FlowWindows.Series(flows).Where(d => d.TradeDate >= start))
        {
            var flow = byDate[day.TradeDate];
            cumulative += day.NetFlowUsd;
            points.Add(new FlowPoint(
                day.TradeDate, flow.PreviousDate, day.NetFlowUsd, flow.AumUsd, flow.PreviousAumUsd, flow.NavPerShare, flow.PreviousNavPerShare,
                flow.SharesOutstanding, flow.PreviousSharesOutstanding, day.FlowPctOfAum is { } pct ? Math.Round(pct, 4) : null,
                day.Rolling5dUsd, day.Rolling20dUsd, cumulative));
        }

        return TypedResults.Ok(new FlowSeries(normalised!, method ?? "aum",
            flows.Count == 0 ? null : flows[^1].TradeDate, cumulative, points));
    }

    private static async Task<NportMonthlyFlowSeries> NportMonthlyAsync(
        Domain.Etf etf, DateOnly? from, DateOnly? to, EtfDataDbContext db, CancellationToken cancellationToken)
    {
        var filings = await Ingestion.Sec.NportStore.FilingsOf(db, etf).Where(f => f.SupersededBy == null)
            .ToListAsync(cancellationToken);
        // Consecutive reports can cover the same month (monthly filers report three months each time):
        // the latest report's figure for a month wins.
        var months = filings
            .SelectMany(f => FilingsApi.Months(f).Select(m => (Filing: f, m.MonthEnd, m.Flow)))
            .Where(m => (from is null || m.MonthEnd >= from) && (to is null || m.MonthEnd <= to))
            .GroupBy(m => m.MonthEnd)
            .Select(g => g.OrderByDescending(m => m.Filing.ReportPeriod).ThenByDescending(m => m.Filing.FiledDate).First())
            .OrderBy(m => m.MonthEnd)
            .Select(m => new NportMonthlyFlow(
                m.MonthEnd, m.Flow.SalesUsd, m.Flow.ReinvestmentUsd, m.Flow.RedemptionUsd, m.Flow.NetNewCashUsd, m.Flow.NetIncludingReinvestmentUsd,
                m.Filing.FiguresScope, m.Filing.SeriesId, m.Filing.Accession, m.Filing.ReportPeriod))
            .ToList();
        return new NportMonthlyFlowSeries(
            etf.Symbol, NportMonthly, months.LastOrDefault()?.Scope, months.LastOrDefault()?.MonthEnd, months.Sum(m => m.NetNewCashUsd ?? 0m), months);
    }

    /// <summary>
    /// ETFs ranked by net flow over the latest <c>days</c> trading days that have flow estimates.
    /// Flows are estimates from reported AUM, NAV and shares outstanding (never volume × price).
    /// </summary>
    /// <param name="category" example="Large Blend">Only this category.</param>
    /// <param name="days" example="5">Trading days in the window, 1 to 250 (default 5).</param>
    /// <param name="limit" example="20">Rows, 1 to 200 (default 20).</param>
    /// <param name="direction" example="in"><c>in</c> (default): largest inflows; <c>out</c>: largest outflows.</param>
    /// <param name="method" example="aum"><c>aum</c> (default) or <c>shares</c>.</param>
    /// <param name="read">Database (the read replica when one is configured).</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<FlowRanking>, ValidationProblem>> GetTopAsync(
        string? category, int? days, int? limit, string? direction, string? method, ReadDataSource read, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        errors.Between("days", days, 1, MaxDays);
        errors.Between("limit", limit, 1, MaxLimit);
        errors.OneOf("direction", direction, Directions);
        errors.OneOf("method", method, Methods);
        if (errors.Any)
        {
            return errors.Problem();
        }

        var window = days ?? 5;
        var flowMethod = method ?? "aum";
        var outflows = direction == "out";
        await using var command = read.Source.CreateCommand(FlowsSql.Top);
        command.Parameters.Add(new NpgsqlParameter<string>("method", flowMethod));
        command.Parameters.Add(new NpgsqlParameter<int>("days", window));
        command.Parameters.Add(new NpgsqlParameter<string?>("category", category));
        DateOnly? from = null, to = null;
        var rows = new List<EtfFlowSums>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                from = ValueOrNull<DateOnly>(reader, 0);
                to = ValueOrNull<DateOnly>(reader, 1);
                if (!reader.IsDBNull(2))
                {
                    rows.Add(new EtfFlowSums(
                        reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                        reader.GetDecimal(6), 0m, ValueOrNull<decimal>(reader, 7), (int)reader.GetInt64(8)));
                }
            }
        }

        var ranked = rows
            .Where(r => outflows ? r.Net < 0 : r.Net > 0)
            .OrderBy(r => outflows ? r.Net : -r.Net)
            .ThenBy(r => r.Symbol, StringComparer.Ordinal)
            .Take(limit ?? 20)
            .Select((r, i) => new RankedFlow(i + 1, r.Symbol, r.Name, r.Category, r.Issuer, r.Net, r.StartAum, Percent(r.Net, r.StartAum), r.FlowDays))
            .ToList();
        return TypedResults.Ok(new FlowRanking(to, from, window, flowMethod, outflows ? "out" : "in", ranked));
    }

    /// <summary>
    /// Net flow by category and by issuer over the latest <c>days</c> trading days, with the number of
    /// ETFs, the AUM-weighted average flow in percent of AUM, and the change against the window before.
    /// </summary>
    /// <param name="days" example="5">Trading days in each window, 1 to 250 (default 5).</param>
    /// <param name="method" example="aum"><c>aum</c> (default) or <c>shares</c>.</param>
    /// <param name="read">Database (the read replica when one is configured).</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<CategoryFlows>, ValidationProblem>> GetCategoriesAsync(
        int? days, string? method, ReadDataSource read, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        errors.Between("days", days, 1, MaxDays);
        errors.OneOf("method", method, Methods);
        if (errors.Any)
        {
            return errors.Problem();
        }

        var window = days ?? 5;
        var flowMethod = method ?? "aum";
        var (from, priorFrom, to) = await WindowAsync(read.Source, flowMethod, window, cancellationToken);
        var rows = from is null ? [] : await SumsAsync(read.Source, flowMethod, priorFrom ?? from.Value, from.Value, to!.Value, null, cancellationToken);
        var inWindow = rows.Where(r => r.FlowDays > 0).ToList();
        return TypedResults.Ok(new CategoryFlows(
            to, from, priorFrom, window, flowMethod,
            Group("category", inWindow, r => r.Category, priorFrom is not null),
            Group("issuer", inWindow, r => r.Issuer, priorFrom is not null)));
    }

    private static List<GroupFlow> Group(string kind, IEnumerable<EtfFlowSums> rows, Func<EtfFlowSums, string?> key, bool hasPrior) =>
        [.. rows.GroupBy(r => key(r) ?? "(none)")
            .Select(g =>
            {
                var net = g.Sum(r => r.Net);
                var startAum = g.Where(r => r.StartAum is not null).Sum(r => r.StartAum!.Value);
                var weightedNet = g.Where(r => r.StartAum is not null).Sum(r => r.Net);
                decimal? prior = hasPrior ? g.Sum(r => r.Prior) : null;
                return new GroupFlow(kind, g.Key, g.Count(), net, Percent(weightedNet, startAum), prior, prior is { } p ? net - p : null);
            })
            .OrderByDescending(g => g.NetFlowUsd)
            .ThenBy(g => g.Name, StringComparer.Ordinal)];

    private static T? ValueOrNull<T>(NpgsqlDataReader reader, int ordinal)
        where T : struct =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);

    private static decimal? Percent(decimal flow, decimal? baseAum) =>
        baseAum is > 0 ? Math.Round(flow / baseAum.Value * 100, 4) : null;

    /// <summary>The latest <paramref name="days"/> days with flow estimates, and the same number before them.</summary>
    private static async Task<(DateOnly? From, DateOnly? PriorFrom, DateOnly? To)> WindowAsync(
        NpgsqlDataSource dataSource, string method, int days, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT DISTINCT trade_date FROM fund_flow_daily WHERE method = @method ORDER BY trade_date DESC LIMIT @n");
        command.Parameters.Add(new NpgsqlParameter<string>("method", method));
        command.Parameters.Add(new NpgsqlParameter<int>("n", days * 2));
        var dates = new List<DateOnly>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            dates.Add(reader.GetFieldValue<DateOnly>(0));
        }

        if (dates.Count == 0)
        {
            return (null, null, null);
        }

        var from = dates[Math.Min(days, dates.Count) - 1];
        DateOnly? priorFrom = dates.Count >= days * 2 ? dates[(days * 2) - 1] : null;
        return (from, priorFrom, dates[0]);
    }

    private sealed record EtfFlowSums(string Symbol, string Name, string? Category, string? Issuer, decimal Net, decimal Prior, decimal? StartAum, int FlowDays);

    private static async Task<List<EtfFlowSums>> SumsAsync(
        NpgsqlDataSource dataSource, string method, DateOnly priorFrom, DateOnly from, DateOnly to, string? category, CancellationToken cancellationToken)
    {
        // The AUM a window's flow is measured against: the AUM before its first flow day
        // (previous_aum_usd, or previous shares × previous NAV for the shares method).
        await using var command = dataSource.CreateCommand("""
            SELECT f.symbol, e.name, e.category, e.issuer,
                   coalesce(sum(f.net_flow_usd) FILTER (WHERE f.trade_date >= @from), 0) AS net,
                   coalesce(sum(f.net_flow_usd) FILTER (WHERE f.trade_date < @from), 0) AS prior,
                   (array_agg(coalesce(f.previous_aum_usd, f.previous_shares_outstanding * f.previous_nav_per_share) ORDER BY f.trade_date)
                        FILTER (WHERE f.trade_date >= @from))[1] AS start_aum,
                   count(*) FILTER (WHERE f.trade_date >= @from) AS flow_days
            FROM fund_flow_daily f
            JOIN etf e ON e.symbol = f.symbol
            WHERE f.method = @method AND f.trade_date BETWEEN @prior_from AND @to
              AND (@category::text IS NULL OR e.category = @category)
            GROUP BY f.symbol, e.name, e.category, e.issuer
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("method", method));
        command.Parameters.Add(new NpgsqlParameter<DateOnly>("prior_from", priorFrom));
        command.Parameters.Add(new NpgsqlParameter<DateOnly>("from", from));
        command.Parameters.Add(new NpgsqlParameter<DateOnly>("to", to));
        command.Parameters.Add(new NpgsqlParameter<string?>("category", category));
        var rows = new List<EtfFlowSums>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new EtfFlowSums(
                reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetDecimal(4), reader.GetDecimal(5), reader.IsDBNull(6) ? null : reader.GetDecimal(6), (int)reader.GetInt64(7)));
        }

        return rows;
    }
}
