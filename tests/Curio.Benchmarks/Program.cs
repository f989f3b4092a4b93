using Curio.Benchmarks;

// dotnet run -c Release --project tests/Curio.Benchmarks -- [all|import|parse] [--items N] [--urls N] [--no-write]
return await BenchmarkCommand.RunAsync(args);
