using System.Runtime.CompilerServices;

namespace Curio.Cli.Tests.Support;

/// <summary>
/// Snapshot checks against checked-in <c>Approved/NAME.approved.txt</c>. On a mismatch, <c>NAME.received.txt</c> is written
/// next to it and the test fails; with <c>CURIO_APPROVE=1</c> the approved file is rewritten instead (review the diff).
/// </summary>
internal static class Approvals
{
    public static void Verify(string received, string name, [CallerFilePath] string callerFile = "")
    {
        var directory = Path.Combine(FindTestsDirectory(callerFile), "Approved");
        var approvedPath = Path.Combine(directory, name + ".approved.txt");
        var receivedPath = Path.Combine(directory, name + ".received.txt");
        var normalized = Normalize(received);

        if (Environment.GetEnvironmentVariable("CURIO_APPROVE") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(approvedPath, normalized);
            File.Delete(receivedPath);
            return;
        }

        var approved = File.Exists(approvedPath) ? Normalize(File.ReadAllText(approvedPath)) : null;
        if (approved == normalized)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, normalized);
        Assert.Fail(approved is null
            ? $"No approved snapshot {approvedPath}; wrote {receivedPath}. Review it, then rename it or run with CURIO_APPROVE=1."
            : $"{name} differs from {approvedPath}; wrote {receivedPath}. Compare them; if the change is right, run with CURIO_APPROVE=1.");
    }

    /// <summary>LF line ends, no trailing spaces (Spectre pads table cells), one final newline.</summary>
    private static string Normalize(string text) =>
        string.Join('\n', text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd())).TrimEnd('\n') + "\n";

    /// <summary>The test project's source folder: the caller's file is in it (or below it).</summary>
    private static string FindTestsDirectory(string callerFile)
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(callerFile)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Curio.Cli.Tests.csproj")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Curio.Cli.Tests.csproj was not found above {callerFile}.");
    }
}
