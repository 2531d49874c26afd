using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/FocusController.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
