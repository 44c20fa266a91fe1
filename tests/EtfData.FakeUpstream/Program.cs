using EtfData.FakeUpstream;

// Standalone, for the offline demo: dotnet run --project tests/EtfData.FakeUpstream -- --urls http://127.0.0.1:5099
// then point e.g. Sources__Yahoo__BaseUrl at http://127.0.0.1:5099/yahoo and Sources__Yahoo__CookieUrl at http://127.0.0.1:5099/yahoo/consent.
var app = FakeUpstreamApp.Build(args, new FakeUpstreamState(TimeProvider.System));
await app.RunAsync();
