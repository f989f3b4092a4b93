using System.Diagnostics;

namespace Curio.Media.Tests.Fixtures;

/// <summary>
/// Debian's image tools in a scratch folder: ffmpeg makes images, exiftool (libimage-exiftool-perl) sets their EXIF
/// orientation, cjxl/jxlinfo (libjxl-tools) and heif-enc/heif-info (libheif-examples) re-encode them. ./test.sh
/// installs them (scripts/test-services.sh); without one, the tests that need it skip locally and fail under CI=true.
/// </summary>
internal sealed class ImageTools : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("curio-images-").FullName;

    private ImageTools()
    {
    }

    /// <param name="tools">Each tool with the Debian package that brings it.</param>
    public static ImageTools Require(params (string Tool, string Package)[] tools)
    {
        var missing = tools.Where(t => Find(t.Tool) is null).ToList();
        if (missing.Count > 0)
        {
            var message = $"{string.Join(", ", missing.Select(t => t.Tool))} not on PATH; ./test.sh installs the Debian packages "
                + string.Join(", ", missing.Select(t => t.Package).Distinct()) + ".";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Assert.Skip(message);
        }

        return new ImageTools();
    }

    public string PathOf(string fileName) => Path.Combine(_directory, fileName);

    public byte[] Read(string fileName) => File.ReadAllBytes(PathOf(fileName));

    public void Write(string fileName, byte[] bytes) => File.WriteAllBytes(PathOf(fileName), bytes);

    public void Copy(string from, string to) => File.Copy(PathOf(from), PathOf(to), overwrite: true);

    /// <summary>Runs a tool in the scratch folder (file names are relative to it) and returns what it printed.</summary>
    public string Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} {string.Join(' ', arguments)} did not finish within a minute");
        }

        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} failed: {error.GetAwaiter().GetResult()}");
        return output.GetAwaiter().GetResult();
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists);
}
