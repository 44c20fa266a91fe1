using EtfData.Domain;

namespace EtfData.IntegrationTests.Infrastructure;

/// <summary>Small builders for rows the tests store.</summary>
public static class Samples
{
    public static readonly DateTimeOffset Instant = new(2025, 3, 14, 21, 5, 0, TimeSpan.Zero);

    public static Etf Etf(string symbol, string? name = null) => new()
    {
        Symbol = symbol,
        Name = name ?? $"{symbol} Test Fund",
        Issuer = "Test Issuer",
        Category = "Large Blend",
        AssetClass = "Equity",
        ExpenseRatio = 0.0009m,
        Exchange = "NYSE Arca",
        FirstSeenAt = Instant,
        UpdatedAt = Instant,
    };

    /// <summary>A plausible bar whose prices derive from the day number, so every row differs.</summary>
    public static DailyPrice Bar(string symbol, DateOnly day, decimal close) =>
        new(symbol, day, close - 1m, close + 1.5m, close - 2m, close, close - 0.5m, 1_000_000 + day.DayNumber);
}
