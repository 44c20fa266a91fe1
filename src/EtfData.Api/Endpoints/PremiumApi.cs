using EtfData.Api.Hosting;
using EtfData.Api.Storage;
using EtfData.Domain.Analytics;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace EtfData.Api.Endpoints;

/// <summary>Premium/discount to NAV on one trading day.</summary>
/// <param name="Date">Trading day: the close and the NAV are both of this day.</param>
/// <param name="Close">Market close, USD.</param>
/// <param name="NavPerShare">Net asset value per share the source reported for this day, USD.</param>
/// <param name="PremiumDiscountPct">(close − NAV) / NAV × 100, percent (positive = premium), rounded to 4 places; null when the NAV is not positive.</param>
/// <param name="NavSource">Who reported the NAV.</param>
public sealed record PremiumDay(DateOnly Date, decimal Close, decimal NavPerShare, decimal? PremiumDiscountPct, string NavSource);

/// <summary>Premium/discount history of one ETF: only days with a close and a NAV of that same day, never filled in.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="From">First day asked for.</param>
/// <param name="To">Last day asked for.</param>
/// <param name="AsOf">Latest day with both a close and a NAV (the day of the detail's premiumDiscountPct).</param>
/// <param name="Days">Days in date order.</param>
public sealed record PremiumSeries(string Symbol, DateOnly From, DateOnly To, DateOnly? AsOf, IReadOnlyList<PremiumDay> Days) : ICsvExport
{
    public IEnumerable<object> CsvRows() => Days;
}

public static class PremiumApi
{
    public static IEndpointRouteBuilder MapPremiumApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/etfs/{symbol}").WithTags("Prices").WithCsv()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/premium", GetPremiumAsync).WithName("GetPremium");
        return routes;
    }

    /// <summary>
    /// Premium/discount to NAV per trading day (default: the last year up to the latest day with both figures):
    /// each day that has a close and a NAV reported for that same day, (close − NAV) / NAV × 100. When several
    /// sources report a NAV for a day the one the ETF detail's premiumDiscountPct uses is taken (source name
    /// order). A day without a NAV is left out, not filled from another day.
    /// </summary>
    /// <param name="symbol" example="SPY">Ticker, case-insensitive.</param>
    /// <param name="from" example="2025-01-02">First day, <c>yyyy-MM-dd</c> (default: one year before <c>to</c>).</param>
    /// <param name="to" example="2025-03-07">Last day, <c>yyyy-MM-dd</c> (default: the latest day with a close and a NAV).</param>
    /// <param name="read">Database (the read replica when one is configured).</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<PremiumSeries>, ProblemHttpResult, ValidationProblem>> GetPremiumAsync(
        string symbol, DateOnly? from, DateOnly? to, ReadDataSource read, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var normalised = errors.Symbol(symbol);
        errors.Range(from, to);
        if (errors.Any)
        {
            return errors.Problem();
        }

        await using var command = read.Source.CreateCommand(PremiumSql.Days);
        command.Parameters.Add(new NpgsqlParameter<string>("symbol", normalised!));
        command.Parameters.Add(new NpgsqlParameter<DateOnly?>("from", from));
        command.Parameters.Add(new NpgsqlParameter<DateOnly?>("to", to));
        var found = false;
        DateOnly? asOf = null;
        var days = new List<PremiumDay>();
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

                var close = reader.GetDecimal(3);
                var nav = reader.GetDecimal(4);
                days.Add(new PremiumDay(
                    reader.GetFieldValue<DateOnly>(1), close, nav, FundSeries.Pct(PremiumDiscount.Of(close, nav)), reader.GetString(2)));
            }
        }

        if (!found)
        {
            return EtfLookup.NotFound(normalised!);
        }

        var (start, end) = FundSeries.DefaultYear(from, to, asOf);
        return TypedResults.Ok(new PremiumSeries(normalised!, start, end, asOf, days));
    }
}

/// <summary>
/// The premium history in one statement: whether the ETF exists (no row: 404), the latest day with a close and
/// a NAV of that day, and the days of the range, each with the NAV of the source EtfDetailSql.Premium would pick
/// for it (the first by source name). One row with a null day when the range has none.
/// </summary>
internal static class PremiumSql
{
    public const string Days = """
        SELECT l.as_of, d.as_of, d.source, d.close, d.nav_per_share
        FROM etf e
        CROSS JOIN LATERAL (
            SELECT max(m.as_of) AS as_of
            FROM fund_metric_daily m JOIN price_daily p ON p.symbol = m.symbol AND p.trade_date = m.as_of
            WHERE m.symbol = e.symbol AND m.nav_per_share IS NOT NULL
        ) l
        LEFT JOIN LATERAL (
            SELECT DISTINCT ON (m.as_of) m.as_of, m.source, p.close, m.nav_per_share
            FROM fund_metric_daily m JOIN price_daily p ON p.symbol = m.symbol AND p.trade_date = m.as_of
            WHERE m.symbol = e.symbol AND m.nav_per_share IS NOT NULL
              AND m.as_of >= coalesce(@from, (coalesce(@to, l.as_of) - interval '1 year')::date)
              AND m.as_of <= coalesce(@to, l.as_of)
            ORDER BY m.as_of, m.source
        ) d ON true
        WHERE e.symbol = @symbol
        ORDER BY d.as_of
        """;
}
