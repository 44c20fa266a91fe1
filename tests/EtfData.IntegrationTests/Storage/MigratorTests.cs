using EtfData.Api.Storage.Migrations;
using EtfData.IntegrationTests.Infrastructure;
using FluentAssertions;
using Xunit;

namespace EtfData.IntegrationTests.Storage;

/// <summary>Each test takes its own empty database: the migrator's job is what happens to an empty one.</summary>
public sealed class MigratorTests
{
    [Fact]
    public async Task Migrates_an_empty_database_and_records_every_migration()
    {
        await using var database = await OwnDatabase();

        var report = await database.NewMigrator().MigrateAsync(CancellationToken.None);

        report.Applied.Select(s => s.Version).Should().Equal(Migrator.Embedded.Select(s => s.Version));
        report.Applied.Select(s => s.FileName).Should().StartWith(["0001_schema_v1.sql", "0002_quartz_job_store.sql"]);
        (await database.ScalarAsync<long>("SELECT count(*) FROM schema_migration")).Should().Be(Migrator.Embedded.Count);
        (await database.ScalarAsync<string>("SELECT checksum FROM schema_migration WHERE version = 1"))
            .Should().Be(Migrator.Embedded[0].Checksum).And.HaveLength(64);
        (await database.ScalarAsync<string>("SELECT name FROM schema_migration WHERE version = 2")).Should().Be("quartz_job_store");
        (await database.ScalarAsync<bool>("SELECT bool_and(applied_at > now() - interval '1 hour') FROM schema_migration")).Should().BeTrue();

        // Tables of both migrations exist.
        (await database.ScalarAsync<long>(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN " +
            "('etf','price_daily','fund_metric_daily','dividend','split','holding_snapshot','holding','nport_filing'," +
            "'fund_flow_daily','ingestion_run','ingestion_item','qrtz_job_details','qrtz_triggers','qrtz_locks')"))
            .Should().Be(14);
    }

    [Fact]
    public async Task A_second_run_is_a_no_op()
    {
        await using var database = await OwnDatabase();
        await database.NewMigrator().MigrateAsync(CancellationToken.None);
        var firstAppliedAt = await database.ScalarAsync<DateTime>("SELECT max(applied_at) FROM schema_migration");

        var second = await database.NewMigrator().MigrateAsync(CancellationToken.None);

        second.Applied.Should().BeEmpty();
        second.AlreadyApplied.Should().Be(Migrator.Embedded.Count);
        (await database.ScalarAsync<DateTime>("SELECT max(applied_at) FROM schema_migration")).Should().Be(firstAppliedAt);
        (await database.NewMigrator().GetStatusAsync(CancellationToken.None)).IsCurrent.Should().BeTrue();
    }

    [Fact]
    public async Task Racing_migrators_apply_each_migration_exactly_once()
    {
        await using var database = await OwnDatabase();
        // A slow first migration widens the window in which the racers overlap.
        var scripts = new[]
        {
            MigrationScript.Create("0001_slow_start.sql", "SELECT pg_sleep(0.5); CREATE TABLE race_a (id int PRIMARY KEY);"),
            MigrationScript.Create("0002_counter.sql", "CREATE TABLE race_b (id int PRIMARY KEY); INSERT INTO race_b VALUES (1);"),
        };

        var reports = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => database.NewMigrator().MigrateAsync(scripts, CancellationToken.None))));

        // Plain CREATE TABLE would fail on a second application, so success alone proves the lock;
        // the reports show the work was done once in total.
        reports.Sum(r => r.Applied.Count).Should().Be(2);
        reports.Count(r => r.Applied.Count == 2).Should().Be(1);
        (await database.ScalarAsync<long>("SELECT count(*) FROM schema_migration")).Should().Be(2);
        (await database.ScalarAsync<long>("SELECT count(*) FROM race_b")).Should().Be(1);
    }

    [Fact]
    public async Task Two_hosts_migrating_the_real_schema_together_both_succeed()
    {
        await using var database = await OwnDatabase();

        var reports = await Task.WhenAll(
            Task.Run(() => database.NewMigrator().MigrateAsync(CancellationToken.None)),
            Task.Run(() => database.NewMigrator().MigrateAsync(CancellationToken.None)));

        reports.Sum(r => r.Applied.Count).Should().Be(Migrator.Embedded.Count);
        (await database.ScalarAsync<long>("SELECT count(*) FROM schema_migration")).Should().Be(Migrator.Embedded.Count);
    }

    [Fact]
    public async Task A_changed_checksum_is_refused_naming_the_file()
    {
        await using var database = await OwnDatabase();
        await database.NewMigrator().MigrateAsync(CancellationToken.None);
        await database.ExecuteAsync("UPDATE schema_migration SET checksum = repeat('0', 64) WHERE version = 1");

        var act = () => database.NewMigrator().MigrateAsync(CancellationToken.None);

        (await act.Should().ThrowAsync<MigrationChecksumMismatchException>())
            .Which.Message.Should().Contain("0001_schema_v1.sql").And.Contain("immutable");
    }

    [Fact]
    public async Task An_edited_file_is_refused_before_later_migrations_run()
    {
        await using var database = await OwnDatabase();
        var original = MigrationScript.Create("0001_first.sql", "CREATE TABLE edited (id int);");
        await database.NewMigrator().MigrateAsync([original], CancellationToken.None);

        var edited = MigrationScript.Create("0001_first.sql", "CREATE TABLE edited (id bigint);");
        var next = MigrationScript.Create("0002_next.sql", "CREATE TABLE never_created (id int);");
        var act = () => database.NewMigrator().MigrateAsync([edited, next], CancellationToken.None);

        (await act.Should().ThrowAsync<MigrationChecksumMismatchException>()).Which.Message.Should().Contain("0001_first.sql");
        (await database.ScalarAsync<bool>("SELECT to_regclass('never_created') IS NULL")).Should().BeTrue();
    }

    [Fact]
    public void Line_endings_do_not_change_a_checksum()
    {
        MigrationScript.Create("0001_a.sql", "SELECT 1;\r\nSELECT 2;\r\n").Checksum
            .Should().Be(MigrationScript.Create("0001_a.sql", "SELECT 1;\nSELECT 2;\n").Checksum);
    }

    [Fact]
    public async Task A_failing_migration_is_rolled_back_and_not_recorded()
    {
        await using var database = await OwnDatabase();
        var scripts = new[]
        {
            MigrationScript.Create("0001_good.sql", "CREATE TABLE good (id int);"),
            MigrationScript.Create("0002_bad.sql", "CREATE TABLE half_done (id int); SELECT no_such_function();"),
        };

        var act = () => database.NewMigrator().MigrateAsync(scripts, CancellationToken.None);

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("0002_bad.sql");
        (await database.ScalarAsync<long>("SELECT count(*) FROM schema_migration")).Should().Be(1);
        (await database.ScalarAsync<bool>("SELECT to_regclass('good') IS NOT NULL")).Should().BeTrue();
        (await database.ScalarAsync<bool>("SELECT to_regclass('half_done') IS NULL")).Should().BeTrue();
    }

    [Fact]
    public void Refuses_badly_named_or_clashing_files()
    {
        var badName = () => MigrationScript.Create("1_schema.sql", "SELECT 1");
        badName.Should().Throw<InvalidOperationException>().WithMessage("*1_schema.sql*NNNN_lower_snake_name.sql*");

        var clash = () => MigrationScript.Ordered([
            MigrationScript.Create("0003_a.sql", "SELECT 1"),
            MigrationScript.Create("0003_b.sql", "SELECT 2"),
        ]);
        clash.Should().Throw<InvalidOperationException>().WithMessage("*0003_a.sql, 0003_b.sql*");
    }

    private static Task<TestDatabase> OwnDatabase() => TestDatabase.CreateAsync(migrate: false);
}
