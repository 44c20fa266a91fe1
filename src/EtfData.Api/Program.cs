using EtfData.Api.Endpoints;
using EtfData.Api.Hosting;
using EtfData.Api.Ingestion;
using EtfData.Api.Sources;
using EtfData.Api.Storage;
using EtfData.Api.Storage.Migrations;
using Microsoft.Extensions.Options;

if (args is [HealthCheckCommand.Verb, ..])
{
    return await HealthCheckCommand.RunAsync(args[1..], Console.Out);
}

var builder = WebApplication.CreateBuilder(args);
var verb = args.FirstOrDefault(a => !a.StartsWith('-') && !a.Contains('=', StringComparison.Ordinal));
if (verb is "ingest" or "replay" or "migrate" && Environment.GetEnvironmentVariable("Serilog__MinimumLevel__Default") is null)
{
    // The command's own output (progress bar, summary) is what a person reads; keep the log to warnings.
    builder.Configuration["Serilog:MinimumLevel:Default"] = "Warning";
}

builder.AddEtfDataLogging();
builder.WebHost.UseProblemDetailsForKestrelRejections();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddStorage();
builder.Services.AddSources(builder.Configuration);
builder.AddIngestion();
builder.Services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<ServiceOptions>().BindConfiguration(ServiceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section)
    .Configure<IConfiguration>((options, configuration) => options.ApiKey ??= configuration["ETFDATA_ADMIN_API_KEY"])
    .ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddApi();
builder.Services.AddApiSecurity();

var app = builder.Build();

switch (verb)
{
    case "migrate":
        await app.Services.GetRequiredService<Migrator>().MigrateAsync(app.Lifetime.ApplicationStopping);
        return 0;
    case "ingest":
    {
        await app.Services.GetRequiredService<Migrator>().MigrateAsync(CancellationToken.None);
        using var interrupted = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            interrupted.Cancel();
        };
        return await IngestCommand.RunAsync(app.Services, [.. args.SkipWhile(a => a != "ingest").Skip(1)], interrupted.Token);
    }

    case "replay":
    {
        await app.Services.GetRequiredService<Migrator>().MigrateAsync(CancellationToken.None);
        using var interrupted = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            interrupted.Cancel();
        };
        return await ReplayCommand.RunAsync(app.Services, [.. args.SkipWhile(a => a != "replay").Skip(1)], Console.Out, interrupted.Token);
    }

    case not null:
        await Console.Error.WriteLineAsync($"Unknown verb '{verb}'. Verbs: migrate, ingest, replay, healthcheck. Without a verb the service starts.");
        return 2;
}

if (app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.MigrateOnStartup)
{
    // Before anything else touches the database: the scheduler and the endpoints start after this.
    await app.Services.GetRequiredService<Migrator>().MigrateAsync(app.Lifetime.ApplicationStopping);
}

// Runs a crash left open are closed before the scheduler starts; the next run picks up the work.
await app.Services.GetRequiredService<IngestionRunLog>().MarkAbandonedAsync(app.Lifetime.ApplicationStopping);
await app.LogWhenNoDataAsync(app.Lifetime.ApplicationStopping);

app.UseRequestLogging();
app.UseApiSecurity();
app.UseHttpCaching();
app.UseApiErrorHandling();
app.UseRequestGuard();
// Swagger's middleware would match every request's path against its own; only /swagger requests need it.
app.UseWhen(http => http.Request.Path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase), swagger =>
{
    swagger.UseSwagger();
    swagger.UseSwaggerUI(options => options.DocumentTitle = "EtfData API");
});

// The dashboard (wwwroot): `/` is index.html. Static files are not API operations, so the OpenAPI document does not list them.
app.UseDefaultFiles();
app.UseStaticFiles();

app.MapHealthApi();
app.MapEtfsApi();
app.MapPricesApi();
app.MapFlowsApi();
app.MapFlowReconciliationApi();
app.MapHoldingsApi();
app.MapHoldingsAnalyticsApi();
app.MapOverlapApi();
app.MapPortfolioApi();
app.MapFilingsApi();
app.MapSecurityHoldersApi();
app.MapAumApi();
app.MapPremiumApi();
app.MapSignalsApi();
app.MapScreensApi();
app.MapAlertsApi();
app.MapAdminApi();

await app.RunAsync();
return 0;

/// <summary>Entry point; public so that integration tests can host it.</summary>
public partial class Program;
