using BenchmarkDotNet.Running;
using EtfData.Benchmarks;

// Verbs for the benchmark parts (bench/parts); anything else is BenchmarkDotNet's command line.
if (args is ["holdings-load", .. var rest])
{
    return await HoldingsLoad.RunAsync(rest);
}

BenchmarkSwitcher.FromAssembly(typeof(NportParserBenchmark).Assembly).Run(args);
return 0;
