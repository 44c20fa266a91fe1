using EtfData.Api.Hosting;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Reliability;

public sealed class HealthCheckCommandTests
{
    [Theory]
    [InlineData("http://+:8080", "http://127.0.0.1:8080")]
    [InlineData("http://*:8080;https://*:8443", "http://127.0.0.1:8080")]
    [InlineData("http://0.0.0.0:5080", "http://127.0.0.1:5080")]
    [InlineData("http://[::]:5080", "http://127.0.0.1:5080")]
    [InlineData("http://127.0.0.1:5080", "http://127.0.0.1:5080")]
    [InlineData("http://localhost:5000", "http://localhost:5000")]
    [InlineData(null, "http://127.0.0.1:8080")]
    [InlineData("", "http://127.0.0.1:8080")]
    public void Asks_the_first_listen_address_on_this_machine(string? urls, string expected) =>
        HealthCheckCommand.LocalUrl(urls).Should().Be(expected);

    [Fact]
    public async Task A_malformed_url_is_bad_usage()
    {
        using var output = new StringWriter();
        (await HealthCheckCommand.RunAsync(["--url", "not a url"], output)).Should().Be(2);
        output.ToString().Should().Contain("'not a url' is not a URL");
    }
}
