using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace EtfData.Benchmarks;

/// <summary>MB/s = input size / mean time (1 MB = 10^6 bytes), with the input size beside it.</summary>
internal sealed class ThroughputColumn(Func<BenchmarkCase, long> inputBytes) : IColumn
{
    public string Id => nameof(ThroughputColumn);
    public string ColumnName => "MB/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Input megabytes (10^6 bytes) parsed per second: bytes / mean time";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (summary[benchmarkCase]?.ResultStatistics is not { } statistics)
        {
            return "-";
        }

        var bytes = inputBytes(benchmarkCase);
        var seconds = statistics.Mean / 1e9;
        return (bytes / 1e6 / seconds).ToString("0.0", CultureInfo.InvariantCulture)
            + FormattableString.Invariant($" ({bytes / 1e6:0.00} MB)");
    }

    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

/// <summary>Allocated bytes of one operation divided by a count the benchmark names (holdings, bars).</summary>
internal sealed class AllocatedPerItemColumn(string columnName, Func<BenchmarkCase, long> items) : IColumn
{
    public string Id => nameof(AllocatedPerItemColumn) + columnName;
    public string ColumnName => columnName;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Size;
    public string Legend => "Allocated bytes per operation / items in the input (the item count)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (summary[benchmarkCase]?.GcStats is not { } gc || gc.GetBytesAllocatedPerOperation(benchmarkCase) is not { } allocated)
        {
            return "-";
        }

        var count = items(benchmarkCase);
        return FormattableString.Invariant($"{allocated / (double)count:0} B ({count:N0})");
    }

    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
