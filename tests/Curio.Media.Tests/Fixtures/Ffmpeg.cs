using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Curio.Media.Tests.Fixtures;

/// <summary>
/// Makes media with the machine's ffmpeg and reads it back with ffprobe, to check our header readers against them.
/// ./test.sh installs ffmpeg (scripts/test-services.sh); without it these tests skip locally and fail under CI=true.
/// </summary>
internal sealed class Ffmpeg : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("curio-media-").FullName;

    private Ffmpeg()
    {
    }

    public static Ffmpeg Require()
    {
        if (Find("ffmpeg") is null || Find("ffprobe") is null)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail("ffmpeg/ffprobe are not on PATH: they must be installed under CI (./test.sh installs them).");
            }

            Assert.Skip("ffmpeg/ffprobe are not on PATH; ./test.sh installs them.");
        }

        return new Ffmpeg();
    }

    /// <summary>Runs ffmpeg with a lavfi source and returns the file it wrote.</summary>
    public byte[] Make(string fileName, string arguments)
    {
        var path = Path.Combine(_directory, fileName);
        Run("ffmpeg", $"-hide_banner -loglevel error -y {arguments} \"{path}\"");
        return File.ReadAllBytes(path);
    }

    /// <summary>ffprobe's view of the first audio stream of a file made by <see cref="Make"/>.</summary>
    public Probe ProbeAudio(string fileName)
    {
        var json = Run("ffprobe", $"-v error -select_streams a:0 -show_streams -show_format -of json \"{Path.Combine(_directory, fileName)}\"");
        using var document = JsonDocument.Parse(json);
        var stream = document.RootElement.GetProperty("streams")[0];
        var format = document.RootElement.GetProperty("format");
        return new Probe(
            stream.GetProperty("codec_name").GetString()!,
            int.Parse(stream.GetProperty("sample_rate").GetString()!, CultureInfo.InvariantCulture),
            stream.GetProperty("channels").GetInt32(),
            double.Parse(format.GetProperty("duration").GetString()!, CultureInfo.InvariantCulture),
            stream.TryGetProperty("bits_per_raw_sample", out var raw) ? int.Parse(raw.GetString()!, CultureInfo.InvariantCulture)
                : stream.GetProperty("bits_per_sample").GetInt32());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists);

    private static string Run(string tool, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} {arguments} did not finish within a minute");
        }

        Assert.True(process.ExitCode == 0, $"{tool} {arguments} failed: {error.GetAwaiter().GetResult()}");
        return output.GetAwaiter().GetResult();
    }
}

/// <summary>What ffprobe says about an audio stream; <see cref="Bits"/> is bits_per_raw_sample, else bits_per_sample.</summary>
internal sealed record Probe(string Codec, int SampleRate, int Channels, double Duration, int Bits);
