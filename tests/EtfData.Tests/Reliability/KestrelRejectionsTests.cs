using System.Text;
using System.Text.Json;
using EtfData.Api.Hosting;
using FluentAssertions;
using Xunit;

namespace EtfData.Tests.Reliability;

public sealed class KestrelRejectionsTests
{
    [Fact]
    public void Kestrels_empty_400_becomes_a_problem_details_with_the_same_status_line_and_headers()
    {
        var rejection = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\nDate: Thu, 26 Nov 2026 14:39:40 GMT\r\nServer: Kestrel\r\n\r\n"u8;

        var rewritten = Encoding.ASCII.GetString(KestrelRejections.Rewrite(rejection)!);

        var split = rewritten.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = rewritten[..split].Split("\r\n");
        var body = rewritten[(split + 4)..];
        head.Should().Equal(
            "HTTP/1.1 400 Bad Request", "Connection: close", "Date: Thu, 26 Nov 2026 14:39:40 GMT", "Server: Kestrel",
            "Content-Type: application/problem+json", $"Content-Length: {Encoding.UTF8.GetByteCount(body)}");
        using var problem = JsonDocument.Parse(body);
        problem.RootElement.GetProperty("status").GetInt32().Should().Be(400);
        problem.RootElement.GetProperty("title").GetString().Should().Be("Bad Request");
        problem.RootElement.GetProperty("detail").GetString().Should().Contain("NUL");
    }

    [Fact]
    public void A_414_keeps_its_status_and_says_why()
    {
        var rewritten = KestrelRejections.Rewrite("HTTP/1.1 414 URI Too Long\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8)!;

        var text = Encoding.ASCII.GetString(rewritten);
        text.Should().StartWith("HTTP/1.1 414 URI Too Long\r\n");
        text.Should().Contain("\"status\":414").And.Contain("longer than the server accepts");
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")]
    [InlineData("HTTP/1.1 404 Not Found\r\nContent-Type: application/problem+json\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 12\r\nConnection: close\r\n\r\n")]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n{}")]
    [InlineData("{\"symbol\":\"SPY\"}")]
    [InlineData("")]
    public void Anything_else_passes_through(string written) =>
        KestrelRejections.Rewrite(Encoding.ASCII.GetBytes(written)).Should().BeNull();
}
