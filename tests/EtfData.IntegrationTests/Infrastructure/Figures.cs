using Xunit.Abstractions;

namespace EtfData.IntegrationTests.Infrastructure;

/// <summary>
/// What a reliability test measured (cases run, faults injected, requests tried…), written to its output as a
/// <c>figure:</c> line: <c>./etfdata test</c> collects these from the TRX files into <c>.data/test-figures.txt</c>,
/// which the README's Reliability section quotes.
/// </summary>
public static class Figures
{
    public static void Report(ITestOutputHelper output, string figure)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine("figure: " + figure.ReplaceLineEndings(" "));
    }
}
