namespace EtfData.Domain.Analytics;

/// <summary>AUM growth of a fund as of its latest observation, for screens that rank funds by growth.</summary>
public static class AumScreen
{
    /// <summary>
    /// Growth as of the latest observation: the fractions of its <see cref="AumChanges.Series"/> entry
    /// (<c>(AumUsd − FromAumUsd) / FromAumUsd</c>) against the previous observation (at most
    /// <see cref="AumChanges.ToleranceDays"/> days earlier), the latest on or before 7 calendar days
    /// earlier and the latest on or before 30 calendar days earlier (each at most
    /// <see cref="AumChanges.ToleranceDays"/> days before that day). Null where no such observation
    /// exists or its AUM is 0.
    /// </summary>
    /// <param name="observations">AUM observations of one fund in USD, in any order, one per date.</param>
    /// <exception cref="ArgumentException">There is no observation, or two share a date.</exception>
    public static AumGrowth Growth(IEnumerable<(DateOnly Date, decimal AumUsd)> observations)
    {
        var series = AumChanges.Series(observations);
        if (series.Count == 0)
        {
            throw new ArgumentException("AUM growth needs at least one observation.", nameof(observations));
        }

        var latest = series[^1];
        return new AumGrowth(
            latest.Date,
            latest.AumUsd,
            latest.DayOverDay?.Fraction,
            latest.SevenDay?.Fraction,
            latest.ThirtyDay?.Fraction);
    }
}

/// <summary>AUM growth as of a fund's latest observation; growth figures are fractions (0.07 = +7 %).</summary>
/// <param name="AsOf">Date of the latest observation.</param>
/// <param name="AumUsd">AUM of the latest observation in USD.</param>
/// <param name="Growth1d">Against the previous observation when at most <see cref="AumChanges.ToleranceDays"/> days earlier; null when none or its AUM is 0.</param>
/// <param name="Growth7d">Against the latest observation on or before <c>AsOf − 7</c>, dated at most <see cref="AumChanges.ToleranceDays"/> days before it; null when none or its AUM is 0.</param>
/// <param name="Growth30d">Against the latest observation on or before <c>AsOf − 30</c>, dated at most <see cref="AumChanges.ToleranceDays"/> days before it; null when none or its AUM is 0.</param>
public sealed record AumGrowth(DateOnly AsOf, decimal AumUsd, decimal? Growth1d, decimal? Growth7d, decimal? Growth30d);
