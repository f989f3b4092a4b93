using System.Diagnostics;

namespace Curio.Media.Tests.Dicom;

/// <summary>
/// dcmtk (Debian package dcmtk: dcmdump, dcmconv) and pydicom (Debian package python3-pydicom, for /usr/bin/python3),
/// which ./test.sh installs. Without them the tests that cross-check against them skip, except when CI=true, where
/// they fail.
/// </summary>
internal static class DicomTools
{
    private static readonly Lazy<string?> Python = new(FindPython);

    public static string Dcmtk(string tool) => Find(tool) ?? Missing(tool, "dcmtk");

    /// <summary>A python3 that can import pydicom.</summary>
    public static string Pydicom() => Python.Value ?? Missing("pydicom", "python3-pydicom");

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string file, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }

    private static string Missing(string what, string package)
    {
        var message = $"{what} is not installed; ./test.sh installs the Debian package {package}.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
        return "";
    }

    private static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);

    // Debian's python3-pydicom installs for the system python; a python3 earlier on PATH (pyenv) may lack it.
    private static string? FindPython()
    {
        foreach (var candidate in new[] { "/usr/bin/python3", Find("python3") })
        {
            if (candidate is null || !File.Exists(candidate))
            {
                continue;
            }

            using var check = Process.Start(new ProcessStartInfo(candidate, ["-c", "import pydicom"]) { RedirectStandardError = true, UseShellExecute = false })!;
            check.StandardError.ReadToEnd();
            if (check.WaitForExit(30_000) && check.ExitCode == 0)
            {
                return candidate;
            }
        }

        return null;
    }
}
