using System.Data.Common;
using EtfData.Api.Ingestion.Holdings;
using EtfData.Api.Ingestion.Jobs;
using EtfData.Api.Ingestion.Sec;
using EtfData.Api.Storage;
using Microsoft.Extensions.Options;
using Quartz;
using Quartz.Impl;

namespace EtfData.Api.Ingestion;

public static class IngestionServiceCollectionExtensions
{
    public const string NightlyChain = "nightly";
    public const string WeeklyEventsChain = "weekly-events";
    public const string WeeklySchwabChain = "weekly-schwab";
    public const string WeeklyEtfdbChain = "weekly-etfdb";

    /// <summary>Quartz scheduler name, shared by every node of the cluster (<c>qrtz_*.sched_name</c>).</summary>
    public const string SchedulerName = "etfdata";

    /// <summary>The chains the scheduler fires, and the ingestion jobs each runs in order.</summary>
    public static IReadOnlyDictionary<string, string[]> Chains { get; } = new Dictionary<string, string[]>
    {
        [NightlyChain] = [JobNames.Discovery, JobNames.Prices, JobNames.Aum, JobNames.HoldingsIssuer, JobNames.Flows],
        [WeeklyEventsChain] = [JobNames.Dividends, JobNames.Splits, JobNames.Holdings],
        [WeeklySchwabChain] = [JobNames.HoldingsSchwab],
        [WeeklyEtfdbChain] = [JobNames.Etfdb],
    };

    /// <summary>Each chain's cron, from <see cref="SchedulerOptions"/>.</summary>
    private static readonly Dictionary<string, Func<SchedulerOptions, string>> ChainCrons = new Dictionary<string, Func<SchedulerOptions, string>>
    {
        [NightlyChain] = o => o.NightlyCron,
        [WeeklyEventsChain] = o => o.WeeklyEventsCron,
        [WeeklySchwabChain] = o => o.SchwabHoldingsCron,
        [WeeklyEtfdbChain] = o => o.EtfdbCron,
    };

    /// <summary>
    /// Ingestion jobs, the run log, and Quartz with a clustered PostgreSQL job store. The scheduler
    /// starts with the host unless <c>Scheduler:Enabled</c> is false (API-only replicas); even then it
    /// is built, so the admin API can queue runs that a worker of the cluster picks up.
    /// </summary>
    public static WebApplicationBuilder AddIngestion(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SchedulerOptions>().BindConfiguration(SchedulerOptions.Section).ValidateDataAnnotations()
            .Validate(o => TryFindTimeZone(o.TimeZone) is not null, "Scheduler:TimeZone is not a known time zone.")
            .Validate(o => CronExpression.TryParse(o.NightlyCron, out _), "Scheduler:NightlyCron is not a valid Quartz cron expression.")
            .Validate(o => CronExpression.TryParse(o.WeeklyEventsCron, out _), "Scheduler:WeeklyEventsCron is not a valid Quartz cron expression.")
            .Validate(o => CronExpression.TryParse(o.SchwabHoldingsCron, out _), "Scheduler:SchwabHoldingsCron is not a valid Quartz cron expression.")
            .Validate(o => CronExpression.TryParse(o.EtfdbCron, out _), "Scheduler:EtfdbCron is not a valid Quartz cron expression.")
            .ValidateOnStart();

        services.AddSingleton<IngestionRunLog>();
        services.AddSingleton<IngestionRunner>();
        services.AddSingleton<IIngestionJob, DiscoveryJob>();
        services.AddSingleton<IIngestionJob, PricesJob>();
        services.AddSingleton<IIngestionJob, DividendsJob>();
        services.AddSingleton<IIngestionJob, SplitsJob>();
        services.AddSingleton<IIngestionJob, AumJob>();
        services.AddSingleton<IIngestionJob, FlowsJob>();
        services.AddOptions<SecIngestionOptions>().BindConfiguration(SecIngestionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IIngestionJob, HoldingsJob>();
        services.AddSingleton<IIngestionJob, NportBulkJob>();
        services.AddOptions<HoldingsSourcesOptions>().BindConfiguration(HoldingsSourcesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IIngestionJob, IssuerHoldingsJob>();
        services.AddSingleton<IIngestionJob, SchwabHoldingsJob>();
        services.AddSingleton<IIngestionJob, EtfdbJob>();
        services.AddSingleton<IRunCheck, PricesSessionCheck>();
        services.AddSingleton<ManualFunds>();

        // Quartz gets a data source of its own (same server and settings): its job store disposes the
        // data source when the scheduler shuts down, and the host still needs the application's after
        // that (SchedulerCheckout, runs closing during shutdown).
        services.AddSingleton<DbDataSource>(sp => StorageServiceCollectionExtensions.BuildDataSource(sp, "etfdata-scheduler"));

        builder.AddQuartz(quartz =>
        {
            // Every node shares the name; clustering gives each its own generated instance id.
            quartz.ConfigureScheduler(scheduler => scheduler.InstanceName = SchedulerName);
            // Jobs parallelise their own items; a few threads let chains and admin runs proceed side by side.
            quartz.UseDefaultThreadPool(4);
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(dataSource => dataSource.UseRegisteredDataSource = true);
                store.UseClustering();
                store.UseSerializer<SystemTextJsonObjectSerializer>();
                // The tables are ours (migration 0002); Quartz only checks them.
                store.ConfigureStore(options =>
                {
                    options.TablePrefix = "qrtz_";
                    options.SchemaProvisioning = SchemaProvisioning.Validate;
                });
            });

            foreach (var job in JobNames.All)
            {
                quartz.AddJob<IngestionQuartzJob>(j => j.WithIdentity(job, "ingestion").StoreDurably()
                    .WithDescription($"Ingestion job {job}").UsingJobData(IngestionQuartzJob.JobsKey, job));
            }

            foreach (var (chain, jobs) in Chains)
            {
                quartz.AddJob<IngestionQuartzJob>(j => j.WithIdentity(chain, "ingestion").StoreDurably()
                    .WithDescription(string.Join(" → ", jobs)).UsingJobData(IngestionQuartzJob.JobsKey, string.Join(',', jobs)));
            }

            // Misfire policy: a fire missed while every node was down runs once as soon as a node is
            // back (FireAndProceed), then the schedule continues; several missed fires collapse into one.
            foreach (var chain in Chains.Keys)
            {
                quartz.AddTrigger((sp, trigger) =>
                {
                    var options = sp.GetRequiredService<IOptions<SchedulerOptions>>().Value;
                    trigger.WithIdentity(chain, "schedule").ForJob(chain, "ingestion")
                        .WithCronSchedule(ChainCrons[chain](options), cron => cron.InTimeZone(TryFindTimeZone(options.TimeZone)!)
                            .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed));
                });
            }
        });

        services.AddOptions<ClusteringOptions>()
            .Configure<IOptions<SchedulerOptions>>((clustering, scheduler) =>
                clustering.CheckinInterval = TimeSpan.FromSeconds(scheduler.Value.ClusterCheckinSeconds));

        builder.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        services.AddHostedService<SchedulerCheckout>();
        services.AddOptions<QuartzHostedServiceOptions>()
            .Configure<IOptions<SchedulerOptions>>((hosted, scheduler) => hosted.AutoStart = scheduler.Value.Enabled);
        return builder;
    }

    private static TimeZoneInfo? TryFindTimeZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
}
