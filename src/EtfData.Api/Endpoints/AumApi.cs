using EtfData.Api.Hosting;
using EtfData.Api.Storage;
using EtfData.Domain;
using EtfData.Domain.Analytics;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace EtfData.Api.Endpoints;

/// <summary>One AUM observation with its changes against earlier real observations.</summary>
/// <param name="Date">The date the AUM refers to.</param>
/// <param name="AumUsd">Total net assets, USD.</param>
/// <param name="DayOverDayUsd">Change since the previous observation, USD; null when that observation is more than 5 calendar days earlier (the flow rule's gap: a longer span is not a day).</param>
/// <param name="DayOverDayPct">The same in percent of the previous observation.</param>
/// <param name="PreviousDate">Date of the previous observation the day-over-day change is measured from; null when there is none within 5 days.</param>
/// <param name="SevenDayUsd">Change against the latest observation on or before Date − 7 calendar days, when it is dated at most 5 days before that day (so the change spans 7 to 12 days); else null. USD.</param>
/// <param name="SevenDayPct">The same in percent.</param>
/// <param name="ThirtyDayUsd">Change against the latest observation on or before Date − 30 calendar days, when it is dated at most 5 days before that day (a span of 30 to 35 days); else null. USD.</param>
/// <param name="ThirtyDayPct">The same in percent.</param>
public sealed record AumPoint(
    DateOnly Date, decimal AumUsd, decimal? DayOverDayUsd, decimal? DayOverDayPct, DateOnly? PreviousDate,
    decimal? SevenDayUsd, decimal? SevenDayPct, decimal? ThirtyDayUsd, decimal? ThirtyDayPct);

/// <summary>Observed AUM of one ETF. Changes are computed only between real observations, never interpolated.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Source">Who reported the observations (one source per series).</param>
/// <param name="AsOf">Date of the latest observation.</param>
/// <param name="Points">Observations in the range, in date order.</param>
public sealed record AumSeries(string Symbol, string? Source, DateOnly? AsOf, IReadOnlyList<AumPoint> Points) : ICsvExport
{
    public IEnumerable<object> CsvRows() => Points;
}

/// <summary>
/// Management-fee estimate over a period, two ways, accrued daily with the day count actual/365
/// (each calendar day from From to the day before To costs AUM × ExpenseRatio / 365).
/// </summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="ExpenseRatio">Annual expense ratio as a fraction.</param>
/// <param name="From">Start of the period, its first accrual day.</param>
/// <param name="To">End of the period, the day after its last accrual day.</param>
/// <param name="Days">Calendar days accrued, To − From.</param>
/// <param name="DayCount">Day count convention of both fees: <c>actual/365</c> (calendar days over a 365-day year, leap years included).</param>
/// <param name="YearFraction">Days / 365.</param>
/// <param name="BeginAumUsd">Latest AUM observation on or before From, USD.</param>
/// <param name="EndAumUsd">Latest AUM observation on or before To, USD.</param>
/// <param name="SimpleAverageAumUsd">(Begin + End) / 2, USD.</param>
/// <param name="TimeWeightedAverageAumUsd">Mean of the daily AUM (each day the latest observation on or before it), USD.</param>
/// <param name="SimpleFeeUsd">SimpleAverageAumUsd × ExpenseRatio × Days / 365, USD.</param>
/// <param name="TimeWeightedFeeUsd">Σ over the days of AUM(day) × ExpenseRatio / 365 (daily accrual), USD.</param>
/// <param name="AsOf">Date of the latest AUM observation used.</param>
public sealed record FeeReport(
    string Symbol, decimal ExpenseRatio, DateOnly From, DateOnly To, int Days, string DayCount, decimal YearFraction, decimal BeginAumUsd, decimal EndAumUsd,
    decimal SimpleAverageAumUsd, decimal TimeWeightedAverageAumUsd, decimal SimpleFeeUsd, decimal TimeWeightedFeeUsd, DateOnly AsOf);

public static class AumApi
{
    public static IEndpointRouteBuilder MapAumApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/etfs/{symbol}").WithTags("AUM").WithCsv()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/aum", GetAumAsync).WithName("GetAum");
        group.MapGet("/fees", GetFeesAsync).WithName("GetFees");
        return routes;
    }

    /// <summary>
    /// Observed AUM with day-over-day, 7-day and 30-day changes (absolute and percent), between real
    /// observations only. Day over day: against the previous observation when it is at most 5 calendar
    /// days earlier (the flow rule's gap), else none. 7-day / 30-day: against the latest observation on
    /// or before 7 / 30 days earlier, when it is dated no more than 5 days before that day, else none.
    /// </summary>
    /// <param name="symbol" example="SPY">Ticker, case-insensitive.</param>
    /// <param name="from" example="2025-01-02">First date, <c>yyyy-MM-dd</c> (default: the whole history).</param>
    /// <param name="to" example="2025-03-07">Last date, <c>yyyy-MM-dd</c> (default: the latest observation).</param>
    /// <param name="source" example="yahoo">Reporting source: <c>yahoo</c>, <c>ishares</c>, <c>spdr</c>, <c>invesco</c>, <c>sec-nport</c> or <c>schwab</c> (default: the one with the latest observation); another is a 400.</param>
    /// <param name="read">Database (the read replica when one is configured).</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<AumSeries>, ProblemHttpResult, ValidationProblem>> GetAumAsync(
        string symbol, DateOnly? from, DateOnly? to, string? source, ReadDataSource read, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var normalised = errors.Symbol(symbol);
        errors.Range(from, to);
        errors.OneOf("source", source, HoldingSources.Preference);
        if (errors.Any)
        {
            return errors.Problem();
        }

        await using var command = read.Source.CreateCommand(AumSql.Series);
        command.Parameters.Add(new NpgsqlParameter<string>("symbol", normalised!));
        command.Parameters.Add(new NpgsqlParameter<string?>("source", source));
        var found = false;
        string? chosen = null;
        var observations = new List<(DateOnly Date, decimal AumUsd)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                found = true;
                chosen = reader.IsDBNull(0) ? null : reader.GetString(0);
                if (!reader.IsDBNull(1))
                {
                    observations.Add((reader.GetFieldValue<DateOnly>(1), reader.GetDecimal(2)));
                }
            }
        }

        if (!found)
        {
            return EtfLookup.NotFound(normalised!);
        }

        var start = from ?? DateOnly.MinValue;
        var end = to ?? DateOnly.MaxValue;
        var points = AumChanges.Series(observations)
            .Where(c => c.Date >= start && c.Date <= end)
            .Select(c => new AumPoint(
                c.Date, c.AumUsd,
                c.DayOverDay?.AbsoluteUsd, FundSeries.Pct(c.DayOverDay?.Fraction), c.DayOverDay?.FromDate,
                c.SevenDay?.AbsoluteUsd, FundSeries.Pct(c.SevenDay?.Fraction),
                c.ThirtyDay?.AbsoluteUsd, FundSeries.Pct(c.ThirtyDay?.Fraction)))
            .ToList();
        return TypedResults.Ok(new AumSeries(normalised!, chosen, observations.Count == 0 ? null : observations[^1].Date, points));
    }

    /// <summary>
    /// Management fee over a period, accrued daily as funds accrue it (day count actual/365): the
    /// time-weighted fee Σ over the calendar days from <c>from</c> to the day before <c>to</c> of
    /// AUM(day) × expense ratio / 365, AUM(day) being the latest observation on or before that day, and
    /// the simple fee (begin + end) / 2 × expense ratio × days / 365 side by side. They differ when
    /// money arrives mid-period.
    /// </summary>
    /// <param name="symbol" example="SPY">Ticker, case-insensitive.</param>
    /// <param name="from" example="2025-01-02">Start, <c>yyyy-MM-dd</c> (default: one month before <c>to</c>, or the first observation if later).</param>
    /// <param name="to" example="2025-03-07">End, <c>yyyy-MM-dd</c> (default: the latest AUM observation).</param>
    /// <param name="db">Database.</param>
    /// <param name="cancellationToken">Request abort.</param>
    public static async Task<Results<Ok<FeeReport>, ProblemHttpResult, ValidationProblem>> GetFeesAsync(
        string symbol, DateOnly? from, DateOnly? to, EtfDataReadDbContext db, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var normalised = errors.Symbol(symbol);
        errors.Range(from, to);
        if (from is { } f && to is { } t && f == t)
        {
            errors.Add("from", "from must be before to.");
        }

        if (errors.Any)
        {
            return errors.Problem();
        }

        var etf = await EtfLookup.FindAsync(db, normalised, cancellationToken);
        if (etf is null)
        {
            return EtfLookup.NotFound(normalised!);
        }

        if (etf.ExpenseRatio is not { } expenseRatio)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No expense ratio",
                detail: $"No expense ratio is known for {etf.Symbol} yet; the AUM job reports it.");
        }

        var (_, observations) = await FundSeries.AumAsync(db, etf.Symbol, null, cancellationToken);
        if (observations.Count == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No AUM observations",
                detail: $"No AUM has been reported for {etf.Symbol} yet.");
        }

        var end = to ?? observations[^1].Date;
        // The default month starts no earlier than the history does; an explicit from must.
        // A to in January of year 1 has no month before it (AddMonths would throw).
        var monthBefore = end >= DateOnly.MinValue.AddMonths(1) ? end.AddMonths(-1) : DateOnly.MinValue;
        var start = from ?? (monthBefore < observations[0].Date ? observations[0].Date : monthBefore);
        if (start >= end && from is null && to is null)
        {
            // Nothing the client sent is wrong: the history is a single day, too short for any period.
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not enough AUM history",
                detail: $"{etf.Symbol} has AUM for {observations[0].Date:yyyy-MM-dd} only; a fee estimate needs a period of at least one day.");
        }

        if (start >= end)
        {
            errors.Add(from is null ? "to" : "from", from is null
                ? $"to must be after the first AUM observation of {etf.Symbol}, {observations[0].Date:yyyy-MM-dd}."
                : "from must be before to.");
            return errors.Problem();
        }

        if (observations[0].Date > start)
        {
            errors.Add("from", $"The first AUM observation of {etf.Symbol} is {observations[0].Date:yyyy-MM-dd}; from must not be earlier.");
            return errors.Problem();
        }

        var estimate = Fees.Estimate(expenseRatio, observations, start, end);
        return TypedResults.Ok(new FeeReport(
            etf.Symbol, expenseRatio, estimate.From, estimate.To, estimate.Days, estimate.DayCount, estimate.YearFraction, estimate.BeginAumUsd, estimate.EndAumUsd,
            estimate.SimpleAverageAumUsd, estimate.TimeWeightedAverageAumUsd, estimate.SimpleFeeUsd, estimate.TimeWeightedFeeUsd,
            observations.Last(o => o.Date <= end).Date));
    }
}
