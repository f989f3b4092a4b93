using System.Globalization;

namespace Curio.Benchmarks;

internal static class BenchmarkCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["parse-child", var file])
        {
            return ParseBenchmark.Child(file);
        }

        // The first word that is neither an option nor an option's value.
        var scenario = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal) || args[i - 1] is "--no-write" or "--keep"))
            .FirstOrDefault() ?? "all";
        var items = Option(args, "--items", 500_000);
        var urls = Option(args, "--urls", 1_000_000);
        // --reuse DIR: a directory a run with --keep left; the filter scenario then skips the import and the plain table.
        var reuse = StringOption(args, "--reuse");
        var work = reuse ?? Directory.CreateTempSubdirectory("curio-bench-").FullName;
        var results = new List<BenchmarkResult>();
        try
        {
            if (scenario is "all" or "parse")
            {
                results.Add(await ParseBenchmark.RunAsync(work, urls));
            }

            if (scenario is "all" or "import")
            {
                results.Add(await ImportBenchmark.RunAsync(work, items));
            }

            if (scenario is "all" or "s3-import")
            {
                results.Add(await S3ImportBenchmark.RunAsync(work, Option(args, "--objects", 20_000)));
            }

            if (scenario is "all" or "probe")
            {
                results.Add(await ProbeBenchmark.RunAsync(work, StringOption(args, "--units")));
            }

            // On the PostgreSQL named by --postgres (a server connection string; each run makes and drops its databases).
            var postgres = StringOption(args, "--postgres") ?? Environment.GetEnvironmentVariable("CURIO_TEST_POSTGRES");
            if (scenario is "postgres-import" || (scenario is "all" && postgres is not null))
            {
                results.Add(await PostgresImportBenchmark.RunAsync(work, items,
                    postgres ?? throw new InvalidOperationException("postgres-import needs --postgres \"Host=..;Username=..;Database=postgres\".")));
            }

            if (scenario is "all" or "filter")
            {
                results.AddRange(await FilterBenchmark.RunAsync(
                    work, Option(args, "--filter-items", 1_000_000), Option(args, "--iterations", 200), Option(args, "--updates", 50_000), reuse is not null));
            }
        }
        finally
        {
            // --keep leaves the databases for EXPLAIN QUERY PLAN and the like.
            if (args.Contains("--keep") || reuse is not null)
            {
                Console.WriteLine($"Kept {work}");
            }
            else
            {
                Directory.Delete(work, recursive: true);
            }
        }

        foreach (var result in results)
        {
            Console.WriteLine(result.Markdown);
        }

        if (!args.Contains("--no-write"))
        {
            PerformanceDoc.Update(results);
        }

        return 0;
    }

    private static int Option(string[] args, string name, int fallback) =>
        StringOption(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private static string? StringOption(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}

internal sealed record BenchmarkResult(string Key, string Markdown);
