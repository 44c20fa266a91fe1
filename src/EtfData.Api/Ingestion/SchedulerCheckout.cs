using Npgsql;
using Quartz;

namespace EtfData.Api.Ingestion;

/// <summary>
/// Removes this node's row from <c>qrtz_scheduler_state</c> once its scheduler has shut down cleanly.
/// </summary>
/// <remarks>
/// Quartz's clustered store keeps a node's check-in row after shutdown, and each start generates a
/// new instance id, so the next node to check in saw the old row go stale and logged "ClusterManager:
/// detected 1 failed or restarted instances" after every clean restart — the warning meant for a
/// crashed node. The row stays when the node still owns fired triggers: then the recovery (and its
/// warning) is real.
/// </remarks>
internal sealed class SchedulerCheckout(ISchedulerFactory schedulers, NpgsqlDataSource dataSource, ILogger<SchedulerCheckout> logger)
    : IHostedLifecycleService
{
    private IScheduler? _scheduler;

    public async Task StartingAsync(CancellationToken cancellationToken) =>
        _scheduler = await schedulers.GetScheduler(cancellationToken);

    /// <summary>Runs after every hosted service stopped, the Quartz one (which waits for running jobs) included.</summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (_scheduler is not { Status: SchedulerStatus.Shutdown } scheduler)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(
            "DELETE FROM qrtz_scheduler_state s WHERE s.sched_name = $1 AND s.instance_name = $2 " +
            "AND NOT EXISTS (SELECT 1 FROM qrtz_fired_triggers f WHERE f.sched_name = s.sched_name AND f.instance_name = s.instance_name)");
        command.Parameters.Add(new NpgsqlParameter { Value = scheduler.SchedulerName });
        command.Parameters.Add(new NpgsqlParameter { Value = scheduler.SchedulerInstanceId });
        try
        {
            if (await command.ExecuteNonQueryAsync(cancellationToken) > 0)
            {
                logger.LogDebug("Scheduler node {InstanceId} checked out of the cluster", scheduler.SchedulerInstanceId);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or ObjectDisposedException)
        {
            // Harmless: the next node to check in treats the row as a failed instance, as before.
            logger.LogWarning(ex, "Could not remove scheduler node {InstanceId} from the cluster state", scheduler.SchedulerInstanceId);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
