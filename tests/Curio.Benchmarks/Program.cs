using Curio.Benchmarks;

// dotnet run -c Release --project tests/Curio.Benchmarks -- [all|import|parse|s3-import] [--items N] [--urls N] [--objects N] [--no-write]
return await BenchmarkCommand.RunAsync(args);
