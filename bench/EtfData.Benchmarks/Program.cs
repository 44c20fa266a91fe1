using BenchmarkDotNet.Running;
using EtfData.Benchmarks;

// `write …` is the writer load tool of bench/parts/write.sh; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "write")
{
    return await WriteTool.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(NportParserBenchmark).Assembly).Run(args);
return 0;
