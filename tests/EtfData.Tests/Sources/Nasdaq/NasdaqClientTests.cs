using EtfData.Api.Sources;
using EtfData.Api.Sources.Nasdaq;
using EtfData.FakeUpstream;
using EtfData.FakeUpstream.Faults;
using EtfData.FakeUpstream.Nasdaq;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace EtfData.Tests.Sources.Nasdaq;

/// <summary>The symbol directory client end to end against the fake upstream over real HTTP.</summary>
public sealed class NasdaqClientTests : IAsyncLifetime
{
    private const string FilePath = "/nasdaq/nasdaqtraded.txt";

    // Wednesday 2025-03-12, 17:30 EDT.
    private readonly FixedTimeProvider _clock = new(new DateTimeOffset(2025, 3, 12, 21, 30, 0, TimeSpan.Zero));
    private FakeUpstreamServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeUpstreamServer.StartAsync(_clock);

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Lists_the_demo_universe_with_exchanges_and_the_files_creation_time()
    {
        await using var host = SourcesHost.ForNasdaq(_fake);

        var directory = (await host.Get<INasdaqSymbolDirectoryClient>().GetEtfsAsync(CancellationToken.None)).ShouldBeData();

        directory.Etfs.Select(e => e.Symbol).Should().Equal(
            "AGG", "BND", "EEM", "EFA", "GLD", "IVV", "IWM", "QQQ", "SCHD", "SPY", "TLT", "VOO", "VTI", "XLF", "XLK");
        directory.Etfs.Where(e => e.Exchange == "Nasdaq").Select(e => e.Symbol).Should().Equal("BND", "QQQ", "TLT");
        directory.Etfs.Where(e => e.Exchange != "Nasdaq").Should().OnlyContain(e => e.Exchange == "NYSE Arca");
        directory.Etfs.Single(e => e.Symbol == "SPY").Name.Should().Be("SPDR S&P 500 ETF Trust");
        directory.FileCreatedAt.Should().Be(new DateTimeOffset(2025, 3, 12, 17, 30, 0, TimeSpan.FromHours(-4)));
        // The fake's other rows: AAPL, MSFT, JPM, BRK.B (stocks), ABR-D, AACT+ (preferred, warrant), ZVZZT (test issue).
        directory.Diagnostics.Should().Be(new SymbolDirectoryDiagnostics(22, 1, 2, 4, 0, 0, 0));
        _fake.Requests.To(FilePath).Should().ContainSingle().Which.Header("User-Agent").Should().Be("EtfData/1.0");
    }

    [Fact]
    public async Task Fake_serves_crlf_lines_and_the_trailer_in_the_real_layout()
    {
        using var http = new HttpClient();

        var text = await http.GetStringAsync(new Uri(_fake.NasdaqBaseUrl + "/nasdaqtraded.txt"));

        var lines = text.Split("\r\n");
        lines[0].Should().Be(NasdaqFake.Header);
        lines.Should().Contain("Y|QQQ|Invesco QQQ Trust, Series 1|Q|G|Y|100|N|N||QQQ|N");
        lines.Should().Contain("Y|SPY|SPDR S&P 500 ETF Trust|P| |Y|100|N||SPY|SPY|N");
        lines.Should().Contain("Y|ZVZZT|NASDAQ TEST STOCK|Q|G| |100|Y|N||ZVZZT|N");
        lines[^2].Should().Be("File Creation Time: 0312202517:30|||||");
        lines[^1].Should().BeEmpty();
        text.Replace("\r\n", "", StringComparison.Ordinal).Should().NotContain("\n");
    }

    [Fact]
    public async Task Symbol_removed_from_the_file_is_no_longer_listed_and_an_added_one_is()
    {
        await using var host = SourcesHost.ForNasdaq(_fake);
        var client = host.Get<INasdaqSymbolDirectoryClient>();

        _fake.Nasdaq.Remove("EEM");
        _fake.Nasdaq.Add(NasdaqListing.Etf("DIA", "SPDR Dow Jones Industrial Average ETF Trust", "P"));
        var changed = (await client.GetEtfsAsync(CancellationToken.None)).ShouldBeData();
        _fake.Nasdaq.Reset();
        var restored = (await client.GetEtfsAsync(CancellationToken.None)).ShouldBeData();

        changed.Etfs.Select(e => e.Symbol).Should().NotContain("EEM").And.Contain("DIA").And.HaveCount(15);
        changed.Etfs.Single(e => e.Symbol == "DIA").Should().Be(new ListedEtf("DIA", "SPDR Dow Jones Industrial Average ETF Trust", "NYSE Arca"));
        restored.Etfs.Select(e => e.Symbol).Should().Contain("EEM").And.NotContain("DIA");
    }

    [Fact]
    public async Task Html_page_with_status_200_is_invalid_and_not_retried()
    {
        _fake.Faults.On(FilePath, Fault.HtmlPage(), times: null);
        await using var host = SourcesHost.ForNasdaq(_fake);

        var result = await host.Get<INasdaqSymbolDirectoryClient>().GetEtfsAsync(CancellationToken.None);

        result.Should().BeOfType<SourceResult<SymbolDirectory>.Invalid>().Which.Reason.Should().Contain("HTML");
        _fake.Requests.To(FilePath).Should().HaveCount(1);
    }

    [Fact]
    public async Task Not_found_is_unavailable_because_the_file_has_one_fixed_address()
    {
        await using var host = SourcesHost.ForNasdaq(_fake, new Dictionary<string, string?> { ["FileName"] = "nasdaqlisted.txt" });

        var result = await host.Get<INasdaqSymbolDirectoryClient>().GetEtfsAsync(CancellationToken.None);

        result.Should().BeOfType<SourceResult<SymbolDirectory>.Unavailable>()
            .Which.Reason.Should().Contain("404").And.Contain("/nasdaq/nasdaqlisted.txt");
    }

    [Fact]
    public async Task Server_errors_are_retried_and_persistent_ones_are_unavailable()
    {
        _fake.Faults.On(FilePath, Fault.ServerError(500), times: 2);
        await using var host = SourcesHost.ForNasdaq(_fake);
        var client = host.Get<INasdaqSymbolDirectoryClient>();

        var recovered = await client.GetEtfsAsync(CancellationToken.None);
        _fake.Faults.On(FilePath, Fault.ServerError(503), times: null);
        var failed = await client.GetEtfsAsync(CancellationToken.None);

        recovered.ShouldBeData().Etfs.Should().HaveCount(15);
        failed.Should().BeOfType<SourceResult<SymbolDirectory>.Unavailable>().Which.Reason.Should().Contain("503");
        _fake.Requests.To(FilePath).Should().HaveCount(3 + 4, "2 failures then success; then the first attempt and 3 retries");
    }

    [Fact]
    public async Task Forbidden_is_unavailable_and_bad_request_is_invalid()
    {
        await using var host = SourcesHost.ForNasdaq(_fake);
        var client = host.Get<INasdaqSymbolDirectoryClient>();

        _fake.Faults.On(FilePath, Fault.Status(403, body: "Forbidden"), times: 1);
        var forbidden = await client.GetEtfsAsync(CancellationToken.None);
        _fake.Faults.On(FilePath, Fault.Status(400, body: "Bad Request"), times: 1);
        var badRequest = await client.GetEtfsAsync(CancellationToken.None);

        forbidden.Should().BeOfType<SourceResult<SymbolDirectory>.Unavailable>();
        badRequest.Should().BeOfType<SourceResult<SymbolDirectory>.Invalid>().Which.Reason.Should().Contain("400");
    }

    [Fact]
    public async Task Truncated_body_is_retried_until_the_whole_file_arrives()
    {
        _fake.Faults.On(FilePath, Fault.TruncatedBody(), times: 1);
        await using var host = SourcesHost.ForNasdaq(_fake);

        var directory = (await host.Get<INasdaqSymbolDirectoryClient>().GetEtfsAsync(CancellationToken.None)).ShouldBeData();

        directory.Etfs.Should().HaveCount(15);
        _fake.Requests.To(FilePath).Should().HaveCount(2);
    }

    [Fact]
    public void Defaults_are_polite_and_options_are_validated()
    {
        var defaults = new NasdaqOptions();
        defaults.BaseUrl.Should().Be("https://www.nasdaqtrader.com/dynamic/SymDir");
        defaults.FileName.Should().Be("nasdaqtraded.txt");
        defaults.MaxConcurrency.Should().Be(1);
        defaults.RequestsPerSecond.Should().Be(0.5);

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSources(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Sources:Nasdaq:BaseUrl"] = "nasdaq", ["Sources:Nasdaq:FileName"] = "../etc/passwd" })
            .Build());
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptions<NasdaqOptions>>().Value;

        act.Should().Throw<OptionsValidationException>()
            .Which.Failures.Should().Contain(f => f.Contains("BaseUrl", StringComparison.Ordinal))
            .And.Contain(f => f.Contains("FileName", StringComparison.Ordinal));
    }
}
