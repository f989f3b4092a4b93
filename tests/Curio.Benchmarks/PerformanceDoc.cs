using System.Text;

namespace Curio.Benchmarks;

/// <summary>Replaces the generated section of docs/performance.md for each scenario run, leaving the prose alone.</summary>
internal static class PerformanceDoc
{
    public static void Update(IReadOnlyList<BenchmarkResult> results)
    {
        var path = FindDoc();
        var text = File.ReadAllText(path);
        foreach (var result in results)
        {
            var begin = $"<!-- bench:{result.Key}:begin -->";
            var end = $"<!-- bench:{result.Key}:end -->";
            var block = new StringBuilder()
                .Append(begin).Append('\n')
                .Append($"Measured {TimeProvider.System.GetUtcNow():yyyy-MM-dd} on {Machine.Describe()}.\n\n")
                .Append(result.Markdown.TrimEnd()).Append('\n')
                .Append(end).ToString();
            var start = text.IndexOf(begin, StringComparison.Ordinal);
            var stop = text.IndexOf(end, StringComparison.Ordinal);
            text = start >= 0 && stop > start
                ? text[..start] + block + text[(stop + end.Length)..]
                : text.TrimEnd() + "\n\n" + block + "\n";
        }

        File.WriteAllText(path, text);
        Console.WriteLine($"Updated {path}");
    }

    private static string FindDoc() => Path.Combine(RepositoryRoot(), "docs", "performance.md");

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Curio.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository (Curio.slnx) was not found above " + AppContext.BaseDirectory);
    }
}
