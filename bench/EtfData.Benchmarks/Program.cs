using BenchmarkDotNet.Running;
using EtfData.Benchmarks;

// Verbs for the benchmark parts (bench/parts): `holdings-load …` (holdings.sh) and `write …` (write.sh);
// anything else is BenchmarkDotNet's command line.
if (args is ["holdings-load", .. var holdingsArgs])
{
    return await HoldingsLoad.RunAsync(holdingsArgs);
}

if (args is ["write", .. var writeArgs])
{
    return await WriteTool.RunAsync(writeArgs);
}

BenchmarkSwitcher.FromAssembly(typeof(NportParserBenchmark).Assembly).Run(args);
return 0;
