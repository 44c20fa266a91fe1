using EtfData.Api.Endpoints;
using EtfData.Api.Hosting;
using EtfData.Api.Sources;
using EtfData.Api.Storage;
using EtfData.Api.Storage.Migrations;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
builder.AddEtfDataLogging();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddStorage();
builder.Services.AddSources(builder.Configuration);
builder.Services.AddApi();

var app = builder.Build();
var verb = args.FirstOrDefault(a => !a.StartsWith('-') && !a.Contains('=', StringComparison.Ordinal));

if (verb == "migrate")
{
    await app.Services.GetRequiredService<Migrator>().MigrateAsync(app.Lifetime.ApplicationStopping);
    return 0;
}

if (verb is not null)
{
    await Console.Error.WriteLineAsync($"Unknown verb '{verb}'. Verbs: migrate. Without a verb the service starts.");
    return 2;
}

if (app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.MigrateOnStartup)
{
    // Before anything else touches the database: the scheduler and the endpoints start after this.
    await app.Services.GetRequiredService<Migrator>().MigrateAsync(app.Lifetime.ApplicationStopping);
}

app.UseRequestLogging();
app.UseApiErrorHandling();
app.UseSwagger();
app.UseSwaggerUI(options => options.DocumentTitle = "EtfData API");

app.MapHealthApi();
app.MapEtfsApi();

await app.RunAsync();
return 0;

/// <summary>Entry point; public so that integration tests can host it.</summary>
public partial class Program;
