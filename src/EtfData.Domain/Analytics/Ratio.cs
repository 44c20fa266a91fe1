namespace EtfData.Domain.Analytics;

/// <summary>Quotients as the answers state them.</summary>
public static class Ratio
{
    /// <summary>Decimal places of a ratio in an answer: decimal division gives 28 digits (2/3 = 0.6666666666666666666666666667).</summary>
    public const int Decimals = 10;

    /// <summary><paramref name="value"/> rounded to <see cref="Decimals"/> places, half away from zero.</summary>
    public static decimal Round(decimal value) => Math.Round(value, Decimals, MidpointRounding.AwayFromZero);

    /// <summary><c>numerator / denominator</c> rounded to <see cref="Decimals"/> places; null when the denominator is 0.</summary>
    public static decimal? Of(decimal numerator, decimal denominator) => denominator == 0m ? null : Round(numerator / denominator);
}
