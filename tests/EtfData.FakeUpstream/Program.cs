namespace EtfData.FakeUpstream;

// A namespaced entry point: .NET 10 makes a top-level Program public, which would clash with the
// API host's Program in test projects that reference both.
internal static class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        await app.RunAsync();
    }
}
