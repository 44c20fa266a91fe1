using System.Reflection;
using EtfData.RawReference;
using Npgsql;

// Usage: ETFDATA_DB=<connection string> dotnet EtfData.RawReference.dll --urls http://127.0.0.1:5180
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var connectionString = builder.Configuration["ETFDATA_DB"]
    ?? throw new InvalidOperationException("Set ETFDATA_DB to the benchmark database's connection string.");
var dataSourceBuilder = new NpgsqlDataSourceBuilder(connectionString);
dataSourceBuilder.ConnectionStringBuilder.ApplicationName = "etfdata-rawref";
await using var dataSource = dataSourceBuilder.Build();

var app = builder.Build();
// Every IReferenceEndpoints in this assembly maps its routes: one file per API resource.
foreach (var type in Assembly.GetExecutingAssembly().GetTypes()
             .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IReferenceEndpoints).IsAssignableFrom(t)))
{
    ((IReferenceEndpoints)Activator.CreateInstance(type)!).Map(app, dataSource);
}

app.MapGet("/ref/health", () => "ok");
await app.RunAsync();
