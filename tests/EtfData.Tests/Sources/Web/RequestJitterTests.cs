using System.Net;
using EtfData.Api.Sources.Etfdb;
using EtfData.Api.Sources.Web;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace EtfData.Tests.Sources.Web;

/// <summary>The random pause before each request to a scraped upstream, driven by a fake clock.</summary>
public sealed class RequestJitterTests
{
    [Fact]
    public async Task A_request_waits_its_drawn_jitter_on_the_injected_clock_before_it_is_sent()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 7, 22, 0, 0, TimeSpan.Zero));
        var stub = new StubUpstream(_ => (HttpStatusCode.NotFound, "none"));
        // Drawn fraction 0.5 of a 10 s maximum: a 5 s pause.
        await using var services = ScrapedSourcesHost.Build(stub, clock, new RequestJitter(clock, () => 0.5),
            new Dictionary<string, string?> { [EtfdbOptions.SectionName + ":MaxJitter"] = "00:00:10" });
        var client = services.GetRequiredService<IEtfdbClient>();

        var call = client.GetProfileAsync("SPY", CancellationToken.None);
        await Task.Delay(50);
        stub.Requests.Should().BeEmpty();
        clock.Advance(TimeSpan.FromSeconds(4.9));
        await Task.Delay(50);
        stub.Requests.Should().BeEmpty("4.9 s of the 5 s pause have passed");

        clock.Advance(TimeSpan.FromSeconds(0.2));
        await call.WaitAsync(TimeSpan.FromSeconds(30));
        stub.Requests.Should().ContainSingle().Which.Uri.AbsoluteUri.Should().Be("http://etfdb.test/etf/SPY/");
    }

    [Fact]
    public async Task No_jitter_configured_sends_at_once_and_etfdb_defaults_are_polite()
    {
        var options = new EtfdbOptions();
        options.RequestsPerSecond.Should().Be(0.5);
        options.MaxConcurrency.Should().Be(1);
        options.MaxJitter.Should().BePositive();
        options.UserAgent.Should().StartWith("Mozilla/5.0");

        var clock = new FakeTimeProvider();
        var jitter = new RequestJitter(clock, () => 0.99);
        await jitter.WaitAsync(TimeSpan.Zero, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }
}
