var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/api/health", () => TypedResults.Ok(new { status = "ok" }));
await app.RunAsync();

/// <summary>Entry point; public so that integration tests can host it.</summary>
public partial class Program;
