using System.Globalization;
using EtfData.Domain;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Xunit;

namespace EtfData.IntegrationTests.Storage;

/// <summary>
/// The SQL migrations own the schema and EF Core maps it by hand; these tests make the two agree,
/// so neither can drift from the other without a red test.
/// </summary>
public sealed class ModelMappingTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Every_mapped_property_has_a_column_of_the_same_type_and_nullability()
    {
        await using var db = database.NewDbContext();
        var columns = await ReadColumnsAsync();
        var problems = new List<string>();

        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            var tableColumns = columns.Where(c => c.Table == table).ToDictionary(c => c.Name);
            if (tableColumns.Count == 0)
            {
                problems.Add($"{entity.ClrType.Name}: table {table} does not exist");
                continue;
            }

            foreach (var property in entity.GetProperties())
            {
                var name = property.GetColumnName(store)!;
                if (!tableColumns.Remove(name, out var column))
                {
                    problems.Add($"{table}.{name} ({entity.ClrType.Name}.{property.Name}) has no column");
                    continue;
                }

                if (!string.Equals(property.GetColumnType(), column.Type, StringComparison.Ordinal))
                {
                    problems.Add($"{table}.{name}: model says {property.GetColumnType()}, database has {column.Type}");
                }

                if (property.IsNullable != column.IsNullable)
                {
                    problems.Add($"{table}.{name}: model nullable={property.IsNullable}, database nullable={column.IsNullable}");
                }
            }

            problems.AddRange(tableColumns.Keys.Select(unmapped => $"{table}.{unmapped} is not mapped by {entity.ClrType.Name}"));
        }

        problems.Should().BeEmpty();
    }

    [Fact]
    public async Task Every_mapped_entity_round_trips_through_the_migrated_schema()
    {
        await database.TruncateDataAsync();
        var day = new DateOnly(2025, 3, 14);
        var etf = Samples.Etf("RTRP") with
        {
            InceptionDate = new DateOnly(2001, 5, 15),
            SecCik = 1_100_663,
            SecSeriesId = "S000004310",
            SecClassId = "C000012085",
            SecSeriesClassCount = 2,
            IsActive = false,
            Structure = "ETF",
            IndexTracked = "S&P 500",
            // jsonb keeps its own canonical spelling: a space after each colon and comma
            FieldSources = """{"category": "yahoo", "index_tracked": "etfdb"}""",
        };
        var profile = new EtfSourceProfile
        {
            Symbol = "RTRP", Source = "etfdb", Issuer = "BlackRock", Category = "Large Cap Blend Equities", ExpenseRatio = 0.0003m,
            InceptionDate = new DateOnly(2000, 5, 15), Structure = "ETF", IndexTracked = "S&P 500", AumUsd = 402_034_000_000.25m,
            AumAsOf = day, FetchedAt = Samples.Instant,
        };
        var reportedFlow = new ReportedFlow { Symbol = "RTRP", Source = "etfdb", AsOf = day, WindowName = "1-month", NetFlowUsd = -1_234_567.89m, FetchedAt = Samples.Instant };
        var security = new Security
        {
            Cusip = "037833100", Isin = "US0378331005", Ticker = "AAPL", Exchange = "NASDAQ", Name = "Apple Inc", NameKey = "APPLE INC",
            Sector = "Information Technology", SectorSource = "ishares", Country = "US", AssetClass = "Equity", UpdatedAt = Samples.Instant,
        };
        var price = new DailyPrice("RTRP", day, 561.23m, 563.5m, 558.01m, 562.123456m, 560.987654m, 43_210_987);
        var metric = new FundMetric("RTRP", day, "yahoo", 512_345_678_901.25m, 562.134567m, 911_450_000);
        var dividend = new Dividend("RTRP", day, 1.74505912m);
        var split = new Split("RTRP", day, 1m, 10m);
        var filing = new NportFiling
        {
            Accession = "0001752724-25-123456",
            Cik = 1_100_663,
            SeriesId = "S000004310",
            ReportPeriod = new DateOnly(2025, 1, 31),
            FiscalYearEnd = new DateOnly(2025, 9, 30),
            FiledDate = new DateOnly(2025, 3, 28),
            SubmissionType = "NPORT-P/A",
            IsAmendment = true,
            TotalAssetsUsd = 1_000_000.10m,
            TotalLiabilitiesUsd = 900.90m,
            NetAssetsUsd = 999_000.20m,
            Month1SalesUsd = 1.01m, Month1ReinvestmentUsd = 2.02m, Month1RedemptionUsd = 3.03m,
            Month2SalesUsd = 4.04m, Month2ReinvestmentUsd = 5.05m, Month2RedemptionUsd = 6.06m,
            Month3SalesUsd = 7.07m, Month3ReinvestmentUsd = 8.08m, Month3RedemptionUsd = 9.09m,
            HoldingCount = 1,
            ClassCount = 2,
            FiguresScope = NportSource.SeriesScope,
            IsRelevant = true,
            ParserVersion = 3,
            Source = NportSource.Name,
            SourcePath = "https://www.sec.gov/Archives/edgar/data/1100663/000175272425123456/primary_doc.xml",
            ParsedAt = Samples.Instant,
        };
        var filingReturn = new NportFilingReturn
        {
            Accession = filing.Accession, Position = 1, ClassId = "C000012085", Month1ReturnPct = 1.23456789m, Month2ReturnPct = -2.5m, Month3ReturnPct = 0.00000001m,
        };
        var flow = new FundFlow
        {
            Symbol = "RTRP", TradeDate = day, Method = FlowMethod.Shares, NetFlowUsd = -56_213_456.78m,
            PreviousDate = day.AddDays(-1), AumUsd = 1m, PreviousAumUsd = 2m, NavPerShare = 3.5m, PreviousNavPerShare = 3.25m,
            SharesOutstanding = 100, PreviousSharesOutstanding = 200, Source = "yahoo",
        };

        await using (var db = database.NewDbContext())
        {
            db.Etfs.Add(etf);
            db.DailyPrices.Add(price);
            db.FundMetrics.Add(metric);
            db.Dividends.Add(dividend);
            db.Splits.Add(split);
            db.NportFilings.Add(filing);
            db.FundFlows.Add(flow);
            db.Securities.Add(security);
            await db.SaveChangesAsync();
            db.EtfSourceProfiles.Add(profile);
            db.ReportedFlows.Add(reportedFlow);
            await db.SaveChangesAsync();
            db.NportFilingReturns.Add(filingReturn);
            await db.SaveChangesAsync();
        }

        HoldingSnapshot snapshot;
        IngestionRun run;
        await using (var db = database.NewDbContext())
        {
            snapshot = new HoldingSnapshot { Symbol = "RTRP", AsOf = day, Source = "sec-nport", PositionCount = 1, ParserVersion = 2, FetchedAt = Samples.Instant, NportAccession = filing.Accession,
                Coverage = HoldingCoverage.Full, ContentHash = new string('a', 64), WeightSum = 0.99876543210987m, WeightCheck = "ok",
            };
            run = new IngestionRun
            {
                Job = "prices", Trigger = "cli", StartedAt = Samples.Instant, FinishedAt = Samples.Instant.AddMinutes(3), Status = RunStatus.Partial,
                ItemsTotal = 3, ItemsSucceeded = 2, ItemsFailed = 1, RowsInserted = 10, RowsUpdated = 2, RowsUnchanged = 7, Error = "1 symbol failed", Instance = "host-a",
                HeartbeatAt = Samples.Instant.AddMinutes(2), Symbols = "RTRP,SPY", Backfill = true, ScheduledFor = Samples.Instant,
            };
            db.HoldingSnapshots.Add(snapshot);
            db.IngestionRuns.Add(run);
            await db.SaveChangesAsync();
        }

        snapshot.Id.Should().BePositive("the identity column assigns it");
        run.Id.Should().BePositive();
        var holding = new Holding
        {
            SnapshotId = snapshot.Id, Position = 1, Ticker = "AAPL", Name = "Apple Inc", Cusip = "037833100", Isin = "US0378331005",
            AssetClass = "EC", Sector = "Information Technology", Country = "US", Weight = 0.08373807487551m, Shares = 1_234_567.5m, MarketValueUsd = 271_604_850.00m,
            Lei = "HWUPKR0MPOU8FGXBT394", Title = "Apple Inc", OtherIdentifiers = "Internal: 123", Balance = 1_234_567.5m, Units = "NS",
            UnitsDescription = null, Currency = "JPY", ExchangeRate = 132.19281304m, PayoffProfile = "Long", AssetCategory = "EC",
            AssetCategoryDescription = null, IssuerCategory = "OTHER", IssuerCategoryDescription = "Sovereign fund", FairValueLevel = "1",
            IsRestricted = false, InstrumentKind = NportInstrumentKind.Security, DerivativeCategory = null, ParserVersion = 2,
            SecurityId = security.Id, Exchange = "NASDAQ", Sedol = "2046251",
        };
        var item = new IngestionItem
        {
            RunId = run.Id, Item = "RTRP", Status = ItemStatus.Failed, RowsInserted = 1, RowsUpdated = 2, RowsUnchanged = 3,
            Error = "payload invalid: truncated JSON", Note = "2 null bars skipped", DurationMs = 1234, StartedAt = Samples.Instant,
        };
        await using (var db = database.NewDbContext())
        {
            db.Holdings.Add(holding);
            db.IngestionItems.Add(item);
            await db.SaveChangesAsync();
        }

        await using var read = database.NewDbContext();
        var stored = new object?[]
        {
            await read.Etfs.SingleAsync(), await read.DailyPrices.SingleAsync(), await read.FundMetrics.SingleAsync(),
            await read.Dividends.SingleAsync(), await read.Splits.SingleAsync(), await read.NportFilings.SingleAsync(),
            await read.NportFilingReturns.SingleAsync(),
            await read.FundFlows.SingleAsync(), await read.HoldingSnapshots.SingleAsync(), await read.Holdings.SingleAsync(),
            await read.IngestionRuns.SingleAsync(), await read.IngestionItems.SingleAsync(),
            await read.Securities.SingleAsync(), await read.EtfSourceProfiles.SingleAsync(), await read.ReportedFlows.SingleAsync(),
        };
        // is_latest is the database's (a trigger marks the newest snapshot of its symbol and source), never written by EF.
        var written = new object[]
        {
            etf, price, metric, dividend, split, filing, filingReturn, flow, snapshot with { IsLatest = true }, holding, run, item,
            security, profile, reportedFlow,
        };

        stored.Select(s => s!.GetType()).Should().BeEquivalentTo(read.Model.GetEntityTypes().Select(e => e.ClrType),
            "every mapped entity must be part of the round trip");
        for (var i = 0; i < written.Length; i++)
        {
            stored[i].Should().Be(written[i], "records compare by value, so every column came back as written");
        }

        (await database.ScalarAsync<string>("SELECT method FROM fund_flow_daily")).Should().Be("shares");
        (await database.ScalarAsync<string>("SELECT status FROM ingestion_run")).Should().Be("partial");
    }

    private async Task<List<(string Table, string Name, string Type, bool IsNullable)>> ReadColumnsAsync()
    {
        var result = new List<(string, string, string, bool)>();
        await using var command = database.DataSource.CreateCommand("""
            SELECT table_name, column_name, data_type, numeric_precision, numeric_scale, is_nullable = 'YES'
            FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name NOT LIKE 'qrtz%' AND table_name <> 'schema_migration'
            """);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var type = reader.GetString(2);
            if (type == "numeric" && !reader.IsDBNull(3))
            {
                type = string.Create(CultureInfo.InvariantCulture, $"numeric({reader.GetInt32(3)},{reader.GetInt32(4)})");
            }

            result.Add((reader.GetString(0), reader.GetString(1), type, reader.GetBoolean(5)));
        }

        return result;
    }
}
