using EtfData.Api.Hosting;
using EtfData.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EtfData.Api.Endpoints;

/// <summary>A daily bar, USD.</summary>
/// <param name="TradeDate">Exchange-local trading day.</param>
/// <param name="Open">Open.</param>
/// <param name="High">High.</param>
/// <param name="Low">Low.</param>
/// <param name="Close">Close.</param>
/// <param name="AdjClose">Close adjusted for splits and distributions (total-return series).</param>
/// <param name="Volume">Shares traded.</param>
public sealed record PriceBar(DateOnly TradeDate, decimal Open, decimal High, decimal Low, decimal Close, decimal? AdjClose, long? Volume);

/// <summary>Daily bars of one ETF.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="From">First day asked for.</param>
/// <param name="To">Last day asked for.</param>
/// <param name="Adjusted">
/// False: prices as the source serves them — split-adjusted over the whole history, not adjusted for
/// distributions. True: open, high, low and close scaled by adjClose / close, i.e. also adjusted for
/// distributions, comparable with a total-return series.
/// </param>
/// <param name="AsOf">Latest stored trading day of the ETF.</param>
/// <param name="Bars">Bars in date order.</param>
public sealed record PriceSeries(string Symbol, DateOnly From, DateOnly To, bool Adjusted, DateOnly? AsOf, IReadOnlyList<PriceBar> Bars) : ICsvExport
{
    public IEnumerable<object> CsvRows() => Bars;
}

/// <summary>A cash distribution.</summary>
/// <param name="ExDate">Ex-dividend date.</param>
/// <param name="CashAmountUsd">Amount per share, USD.</param>
public sealed record DividendItem(DateOnly ExDate, decimal CashAmountUsd);

/// <summary>Cash distributions of one ETF.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="AsOf">Latest stored trading day of the ETF.</param>
/// <param name="Dividends">Distributions in ex-date order.</param>
/// <param name="TotalCashUsd">Sum of the listed amounts per share, USD.</param>
public sealed record DividendList(string Symbol, DateOnly? AsOf, IReadOnlyList<DividendItem> Dividends, decimal TotalCashUsd) : ICsvExport
{
    public IEnumerable<object> CsvRows() => Dividends;
}

/// <summary>A share split.</summary>
/// <param name="SplitDate">Effective date.</param>
/// <param name="Numerator">New shares…</param>
/// <param name="Denominator">…for this many old shares (4 / 1 = 4-for-1; 1 / 10 = 1-for-10 reverse split).</param>
/// <param name="Ratio">Numerator / denominator.</param>
public sealed record SplitItem(DateOnly SplitDate, decimal Numerator, decimal Denominator, decimal Ratio);

/// <summary>Share splits of one ETF.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="AsOf">Latest stored trading day of the ETF.</param>
/// <param name="Splits">Splits in date order.</param>
public sealed record SplitList(string Symbol, DateOnly? AsOf, IReadOnlyList<SplitItem> Splits) : ICsvExport
{
    public IEnumerable<object> CsvRows() => Splits;
}

public static class PricesApi
{
    public static IEndpointRouteBuilder MapPricesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/etfs/{symbol}").WithTags("Prices").WithCsv()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/prices", GetPricesAsync).WithName("GetPrices");
        group.MapGet("/dividends", GetDividendsAsync).WithName("GetDividends");
        group.MapGet("/splits", GetSplitsAsync).WithName("GetSplits");
        return routes;
    }

    /// <summary>Daily bars between two dates (default: the last year up to the latest bar).</summary>
    /// <param name="symbol" example="SPY">Ticker, case-insensitive.</param>
    /// <param name="from" example="2025-01-02">First day, <c>yyyy-MM-dd</c> (default: one year before <c>to</c>).</param>
    /// <param name="to" example="2025-03-07">Last day, <c>yyyy-MM-dd</c> (default: the latest stored bar).</param>
    /// <param name="adjusted" example="false">true: also adjust open/high/low/close for distributions (default false).</param>
    /// <param name="read">Database (the read replica when one is configured).</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<PriceSeries>, ProblemHttpResult, ValidationProblem>> GetPricesAsync(
        string symbol, DateOnly? from, DateOnly? to, bool? adjusted, ReadDataSource read, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var normalised = errors.Symbol(symbol);
        errors.Range(from, to);
        if (errors.Any)
        {
            return errors.Problem();
        }

        await using var command = read.Source.CreateCommand(PricesSql.Prices);
        command.Parameters.Add(new NpgsqlParameter<string>("symbol", normalised!));
        command.Parameters.Add(new NpgsqlParameter<DateOnly?>("from", from));
        command.Parameters.Add(new NpgsqlParameter<DateOnly?>("to", to));
        var found = false;
        DateOnly? asOf = null;
        var bars = new List<PriceBar>();
        var adjust = adjusted == true;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                found = true;
                asOf = reader.IsDBNull(0) ? null : reader.GetFieldValue<DateOnly>(0);
                if (reader.IsDBNull(1))
                {
                    continue;
                }

                var bar = new PriceBar(
                    reader.GetFieldValue<DateOnly>(1), reader.GetDecimal(2), reader.GetDecimal(3), reader.GetDecimal(4), reader.GetDecimal(5),
                    reader.IsDBNull(6) ? null : reader.GetDecimal(6), reader.IsDBNull(7) ? null : reader.GetInt64(7));
                bars.Add(adjust ? Adjust(bar) : bar);
            }
        }

        if (!found)
        {
            return EtfLookup.NotFound(normalised!);
        }

        var (start, end) = FundSeries.DefaultYear(from, to, asOf);
        return TypedResults.Ok(new PriceSeries(normalised!, start, end, adjust, asOf, bars));
    }

    /// <summary>Cash distributions, ex-date between two dates (default: the whole history).</summary>
    /// <param name="symbol" example="SPY">Ticker, case-insensitive.</param>
    /// <param name="from" example="2025-01-02">First ex-date, <c>yyyy-MM-dd</c>.</param>
    /// <param name="to" example="2025-03-07">Last ex-date, <c>yyyy-MM-dd</c>.</param>
    /// <param name="db">Database.</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<DividendList>, ProblemHttpResult, ValidationProblem>> GetDividendsAsync(
        string symbol, DateOnly? from, DateOnly? to, EtfDataReadDbContext db, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var normalised = errors.Symbol(symbol);
        errors.Range(from, to);
        if (errors.Any)
        {
            return errors.Problem();
        }

        if (await EtfLookup.FindAsync(db, normalised, cancellationToken) is null)
        {
            return EtfLookup.NotFound(normalised!);
        }

        var start = from ?? DateOnly.MinValue;
        var end = to ?? DateOnly.MaxValue;
        var dividends = await db.Dividends.AsNoTracking()
            .Where(d => d.Symbol == normalised && d.ExDate >= start && d.ExDate <= end)
            .OrderBy(d => d.ExDate)
            .Select(d => new DividendItem(d.ExDate, d.CashAmount))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new DividendList(
            normalised!, await LatestBarAsync(db, normalised!, cancellationToken), dividends, dividends.Sum(d => d.CashAmountUsd)));
    }

    /// <summary>Share splits (the whole history).</summary>
    /// <param name="symbol" example="SPY">Ticker, case-insensitive.</param>
    /// <param name="db">Database.</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<SplitList>, ProblemHttpResult, ValidationProblem>> GetSplitsAsync(
        string symbol, EtfDataReadDbContext db, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var normalised = errors.Symbol(symbol);
        if (errors.Any)
        {
            return errors.Problem();
        }

        if (await EtfLookup.FindAsync(db, normalised, cancellationToken) is null)
        {
            return EtfLookup.NotFound(normalised!);
        }

        var splits = await db.Splits.AsNoTracking()
            .Where(s => s.Symbol == normalised)
            .OrderBy(s => s.SplitDate)
            .Select(s => new SplitItem(s.SplitDate, s.Numerator, s.Denominator, s.Numerator / s.Denominator))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new SplitList(normalised!, await LatestBarAsync(db, normalised!, cancellationToken), splits));
    }

    internal static Task<DateOnly?> LatestBarAsync(EtfDataDbContext db, string symbol, CancellationToken cancellationToken) =>
        db.DailyPrices.Where(p => p.Symbol == symbol).MaxAsync(p => (DateOnly?)p.TradeDate, cancellationToken);

    private static PriceBar Adjust(PriceBar bar)
    {
        if (bar.AdjClose is not { } adjClose || bar.Close == 0)
        {
            return bar;
        }

        var factor = adjClose / bar.Close;
        return bar with
        {
            Open = Math.Round(bar.Open * factor, 6),
            High = Math.Round(bar.High * factor, 6),
            Low = Math.Round(bar.Low * factor, 6),
            Close = adjClose,
        };
    }
}
