using System.Diagnostics;
using System.Text;

namespace Curio.Benchmarks;

/// <summary>
/// One file of each probed kind, made with ffmpeg at benchmark time (PDF, NIfTI and DICOM come from samples/), so the
/// repository carries no large media. The benchmark copies each file many times under distinct names: what a probe
/// costs depends on the file's layout, not on its pixels, and duplicates are found by URL, so copies are as good as
/// distinct files.
/// </summary>
internal sealed class ProbeFixtures
{
    private ProbeFixtures(string directory, string samples)
    {
        Png = Path.Combine(directory, "image.png");
        Jpeg = Path.Combine(directory, "image.jpg");
        Video = Path.Combine(directory, "video.mp4");
        Wav = Path.Combine(directory, "audio.wav");
        M4a = Path.Combine(directory, "audio.m4a");
        Text = Path.Combine(directory, "notes.txt");
        Pdf = Path.Combine(samples, "pdf", "hello.pdf");
        Nifti = Path.Combine(samples, "nifti", "phantom.nii.gz");
        DicomSlices = [.. Enumerable.Range(1, 3).Select(i => Path.Combine(samples, "dicom", "ct-0001", $"slice-{i}.dcm"))];
    }

    public string Png { get; }

    public string Jpeg { get; }

    public string Video { get; }

    public string Wav { get; }

    public string M4a { get; }

    public string Text { get; }

    public string Pdf { get; }

    public string Nifti { get; }

    public IReadOnlyList<string> DicomSlices { get; }

    public static async Task<ProbeFixtures> MakeAsync(string directory)
    {
        Directory.CreateDirectory(directory);
        var fixtures = new ProbeFixtures(directory, Path.Combine(PerformanceDoc.RepositoryRoot(), "samples"));
        const string picture = "testsrc2=size=640x480";
        await FfmpegAsync("-f", "lavfi", "-i", picture, "-frames:v", "1", fixtures.Png);
        await FfmpegAsync("-f", "lavfi", "-i", picture, "-frames:v", "1", "-q:v", "3", fixtures.Jpeg);
        // A key frame every 2 s, as a camera or a transcoder would write (x264's default of 250 frames gives one key
        // frame for the whole clip). The index (moov) stays at the end, ffmpeg's default, so ffprobe must seek for it.
        await FfmpegAsync("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-t", "10",
            "-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "50", fixtures.Video);
        // Speech-like 10 s mono at 16 kHz: a WAV is read from its header, an M4A (AAC) goes to ffprobe.
        const string tone = "sine=frequency=440:sample_rate=16000:duration=10";
        await FfmpegAsync("-f", "lavfi", "-i", tone, "-c:a", "pcm_s16le", fixtures.Wav);
        await FfmpegAsync("-f", "lavfi", "-i", tone, "-c:a", "aac", "-b:a", "64k", fixtures.M4a);
        await File.WriteAllTextAsync(fixtures.Text, Prose(), new UTF8Encoding(false));
        foreach (var sample in (string[])[fixtures.Pdf, fixtures.Nifti, .. fixtures.DicomSlices])
        {
            if (!File.Exists(sample))
            {
                throw new FileNotFoundException("A sample the probe benchmark copies is missing.", sample);
            }
        }

        return fixtures;
    }

    /// <summary>About 16 KB of plain UTF-8 lines, with a few non-ASCII letters so the encoding check has work to do.</summary>
    private static string Prose()
    {
        var words = new[] { "frame", "label", "camera", "night", "rain", "sensor", "élan", "straße", "crossing", "queue" };
        var text = new StringBuilder();
        for (var line = 0; text.Length < 16_000; line++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{line:D4}:");
            for (var w = 0; w < 9; w++)
            {
                text.Append(' ').Append(words[(line * 7 + w * 3) % words.Length]);
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static async Task FfmpegAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])["-v", "error", "-y", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("ffmpeg is needed to make the probe fixtures (and ffprobe by the server): apt-get install ffmpeg.", ex);
        }

        using (process)
        {
            var errors = process.StandardError.ReadToEndAsync();
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"ffmpeg {string.Join(' ', arguments)} failed: {await errors}");
            }
        }
    }
}
