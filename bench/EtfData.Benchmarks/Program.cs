using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(EtfData.Benchmarks.NportParserBenchmark).Assembly).Run(args);
