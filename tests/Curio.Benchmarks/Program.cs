using Curio.Benchmarks;

// dotnet run -c Release --project tests/Curio.Benchmarks -- [all|import|parse|s3-import|filter] [--items N] [--urls N] [--objects N] [--filter-items N] [--iterations N] [--updates N] [--no-write] [--keep] [--reuse DIR]
return await BenchmarkCommand.RunAsync(args);
