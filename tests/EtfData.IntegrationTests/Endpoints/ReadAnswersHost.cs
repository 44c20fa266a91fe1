using System.Collections.Concurrent;
using System.Diagnostics;
using EtfData.IntegrationTests.Infrastructure;
using Npgsql;
using Xunit;
using static EtfData.IntegrationTests.Infrastructure.NportSamples;

namespace EtfData.IntegrationTests.Endpoints;

/// <summary>
/// The real host over a database seeded with fixed rows (no clock-dependent values): IVV with 14 months of
/// bars, AUM/NAV/shares from two sources, daily flows, an N-PORT filing with its holdings snapshot, etfdb's
/// profile and reported flows; SPY with bars only; VOO and IJH with nothing but their profile. Every round
/// trip the host makes to its database is recorded (Npgsql's tracing), so tests can count them per request.
/// </summary>
public sealed class ReadAnswersHost : IAsyncLifetime, IDisposable
{
    private readonly ApiHost api = new();
    private readonly ConcurrentQueue<string> commands = new();
    private ActivityListener? listener;
    private string databaseName = "";

    public HttpClient Client => api.Client;

    public IServiceProvider Services => api.Factory.Services;

    public EtfDataApiFactory Factory => api.Factory;

    public async Task InitializeAsync()
    {
        await api.InitializeAsync();
        databaseName = new NpgsqlConnectionStringBuilder(api.Database.ConnectionString).Database!;
        await SeedAsync(api.Database);
        listener = new ActivityListener
        {
            // Npgsql traces each command (a batch of statements is one command: one round trip).
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                // Other test classes run in parallel on databases of their own.
                if (activity.Tags.Any(t => t.Value == databaseName) && activity.Tags.FirstOrDefault(t => t.Key is "db.statement" or "db.query.text").Value is { } text)
                {
                    commands.Enqueue(text);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
    }

    public async Task DisposeAsync()
    {
        listener?.Dispose();
        await api.DisposeAsync();
    }

    public void Dispose() => listener?.Dispose();

    /// <summary>GETs <paramref name="path"/> and returns the response with the statements the host sent to its database meanwhile.</summary>
    public async Task<(HttpResponseMessage Response, IReadOnlyList<string> Commands)> GetCountingAsync(string path)
    {
        // A warm-up request first: start-up work (e.g. a type's first load) is not the request's.
        (await Client.GetAsync(path)).Dispose();
        commands.Clear();
        var response = await Client.GetAsync(path);
        await response.Content.LoadIntoBufferAsync();
        return (response, [.. commands]);
    }

    private static async Task SeedAsync(TestDatabase database)
    {
        await SeedUniverseAsync(database);
        await StoreAsync(database, "0001752724-25-100001", IsharesCik, new DateOnly(2025, 5, 28), Report(IvvSeries, [IvvClass], 500_000_000.55m), parserVersion: 2);
        await database.ExecuteAsync("""
            UPDATE etf SET structure = 'ETF', index_tracked = 'S&P 500', inception_date = DATE '2000-05-15',
                   field_sources = '{"category": "yahoo", "index_tracked": "etfdb", "structure": "sec"}'::jsonb
             WHERE symbol = 'IVV';
            UPDATE etf SET structure = 'UIT', is_active = true, expense_ratio = 0.000945 WHERE symbol = 'SPY';
            UPDATE etf SET is_active = false, first_seen_at = TIMESTAMPTZ '2024-01-02 03:04:05.678+00' WHERE symbol = 'IJH';

            -- Weekday bars from 2024-01-02 to 2025-03-07; prices with six decimals, some without adj_close or volume.
            INSERT INTO price_daily (symbol, trade_date, open, high, low, close, adj_close, volume)
            SELECT s.symbol, d::date,
                   round(400 + s.k * 50 + (n % 37) * 0.25 + n * 0.1, 6),
                   round(401.5 + s.k * 50 + (n % 37) * 0.25 + n * 0.1, 6),
                   round(398.75 + s.k * 50 + (n % 37) * 0.25 + n * 0.1, 6),
                   round(400.123457 + s.k * 50 + (n % 41) * 0.3 + n * 0.1, 6),
                   CASE WHEN n % 29 = 0 THEN NULL ELSE round((400.123457 + s.k * 50 + (n % 41) * 0.3 + n * 0.1) * (0.95 + n * 0.0001), 6) END,
                   CASE WHEN n % 31 = 0 THEN NULL ELSE 1000000 + n * 1234 END
              FROM (VALUES ('IVV', 0), ('SPY', 1)) s(symbol, k),
                   LATERAL (SELECT d, row_number() OVER (ORDER BY d) AS n
                              FROM generate_series(DATE '2024-01-02', DATE '2025-03-07', INTERVAL '1 day') d
                             WHERE extract(isodow FROM d) < 6) days;

            -- AUM, NAV and shares from yahoo on the last 30 weekdays; NAV alone from ishares every fifth of them.
            INSERT INTO fund_metric_daily (symbol, as_of, source, total_assets_usd, nav_per_share, shares_outstanding)
            SELECT 'IVV', p.trade_date, 'yahoo', 500000000000 + m * 1234567.89, round(p.close * 1.0002, 6), 1000000000 + m * 1000
              FROM (SELECT trade_date, close, row_number() OVER (ORDER BY trade_date) AS m
                      FROM price_daily WHERE symbol = 'IVV' AND trade_date > DATE '2025-01-24') p;
            INSERT INTO fund_metric_daily (symbol, as_of, source, nav_per_share)
            SELECT 'IVV', trade_date, 'ishares', round(close * 0.9997, 6)
              FROM price_daily WHERE symbol = 'IVV' AND trade_date > DATE '2025-01-24' AND extract(day FROM trade_date)::int % 5 = 0;
            -- An older yahoo AUM on SPY's side, so the list has two AUMs to sort.
            INSERT INTO fund_metric_daily (symbol, as_of, source, total_assets_usd) VALUES ('SPY', DATE '2025-03-06', 'yahoo', 600000000000.25);

            -- AUM-method flows for IVV's last 25 days (the first yahoo day has no previous observation).
            INSERT INTO fund_flow_daily (symbol, trade_date, method, net_flow_usd, previous_date, aum_usd, previous_aum_usd,
                                         nav_per_share, previous_nav_per_share, shares_outstanding, previous_shares_outstanding, source)
            SELECT symbol, as_of, 'aum', ((m % 7) - 3) * 1234567.01, prev_date, total_assets_usd, prev_aum, nav_per_share, prev_nav,
                   shares_outstanding, prev_shares, 'yahoo'
              FROM (SELECT symbol, as_of, total_assets_usd, nav_per_share, shares_outstanding,
                           lag(as_of) OVER w AS prev_date, lag(total_assets_usd) OVER w AS prev_aum,
                           lag(nav_per_share) OVER w AS prev_nav, lag(shares_outstanding) OVER w AS prev_shares,
                           row_number() OVER w AS m
                      FROM fund_metric_daily WHERE symbol = 'IVV' AND source = 'yahoo' WINDOW w AS (ORDER BY as_of)) x
             WHERE prev_date IS NOT NULL AND m > 5;

            INSERT INTO etf_source_profile (symbol, source, issuer, category, expense_ratio, inception_date, structure, index_tracked, aum_usd, aum_as_of, fetched_at)
            VALUES ('IVV', 'etfdb', 'BlackRock', 'Large Cap Blend Equities', 0.0003, DATE '2000-05-15', 'ETF', 'S&P 500', 584000000000, DATE '2025-03-27',
                    TIMESTAMPTZ '2025-04-02 12:00:00+00');
            INSERT INTO reported_flow (symbol, source, as_of, window_name, net_flow_usd, fetched_at) VALUES
                ('IVV', 'etfdb', DATE '2025-03-14', '1-month', 1000, TIMESTAMPTZ '2025-04-02 12:00:00+00'),
                ('IVV', 'etfdb', DATE '2025-03-28', '1-month', 2600000, TIMESTAMPTZ '2025-04-02 12:00:00+00'),
                ('IVV', 'etfdb', DATE '2025-03-28', '5-day', -40000, TIMESTAMPTZ '2025-04-02 12:00:00+00'),
                ('IVV', 'etfdb', DATE '2025-03-28', '1-year', 123456789.5, TIMESTAMPTZ '2025-04-02 12:00:00+00');
            UPDATE holding_snapshot SET checked_at = TIMESTAMPTZ '2025-05-29 00:00:00+00';
            ANALYZE;
            """);
    }
}
