using System.Diagnostics;

namespace Curio.Server.Tests;

/// <summary>
/// ffmpeg and dcmtk, run to make fixtures at test time. ./test.sh installs them (scripts/test-services.sh); without
/// them a test skips locally and fails under CI=true.
/// </summary>
internal static class MediaTools
{
    public static void Require(params string[] tools)
    {
        var missing = tools.Where(t => Find(t) is null).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"{string.Join(", ", missing)} not on PATH: they must be installed under CI (./test.sh installs them).");
        }

        Assert.Skip($"{string.Join(", ", missing)} not on PATH; ./test.sh installs them.");
    }

    /// <summary>Runs ffmpeg quietly, writing <paramref name="output"/>.</summary>
    public static void Ffmpeg(string arguments, string output) => Run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", .. Split(arguments), output]);

    public static void Run(string tool, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} {string.Join(' ', arguments)} did not finish within two minutes");
        }

        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} failed: {error.GetAwaiter().GetResult()}");
    }

    private static string[] Split(string arguments) => arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists);
}
