using System.Globalization;
using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace EtfData.IntegrationTests.Infrastructure;

/// <summary>A Serilog sink that keeps every event; the host adds sinks registered as services to its logger.</summary>
public sealed class CapturingSink : ILogEventSink
{
    public ConcurrentQueue<LogEvent> Events { get; } = new();

    public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);

    /// <summary>The message as the host's console sink writes it (<c>{Message:lj}</c>: strings unquoted).</summary>
    public static string Render(LogEvent logEvent)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        new MessageTemplateTextFormatter("{Message:lj}", CultureInfo.InvariantCulture).Format(logEvent, text);
        return text.ToString();
    }

    /// <summary>Events whose <c>SourceContext</c> (logger category) is <paramref name="source"/>.</summary>
    public List<LogEvent> From(string source) =>
        [.. Events.Where(e => e.Properties.TryGetValue("SourceContext", out var value) && value is ScalarValue { Value: string s } && s == source)];
}
