using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Curio.Benchmarks;

/// <summary>
/// Probe throughput per media type, through the real import path: for each type, an upload file of N units of that
/// type with no metadata block (so the server reads and measures every object) is imported into a fresh server
/// process, once from a local folder and once from moto, and timed from the first byte sent to DONE.
/// </summary>
internal static class ProbeBenchmark
{
    public static async Task<BenchmarkResult> RunAsync(string work, string? unitsOption)
    {
        // Fixtures and copies go under the benchmark's own gitignored work/ folder, not /tmp: they are large.
        var root = Path.Combine(PerformanceDoc.RepositoryRoot(), "tests", "Curio.Benchmarks", "work", "probe");
        var fixtures = await ProbeFixtures.MakeAsync(Path.Combine(root, "fixtures"));
        var cases = Cases(fixtures, unitsOption);
        var copies = Path.Combine(root, "local");
        var (bucket, motoNotRun) = await ProbeBucket.OpenAsync();
        var rows = new List<ProbeRow>();
        try
        {
            foreach (var c in cases.Where(c => c.LocalUnits > 0 || c.MotoUnits > 0))
            {
                Console.WriteLine($"probe {c.Key}: {c.LocalUnits:N0} (local) and {c.MotoUnits:N0} (moto) units of {c.Label}");
                ProbeMeasurement? local = null, moto = null;
                if (c.LocalUnits > 0)
                {
                    CopyLocally(c, copies);
                    local = await MeasureAsync(c, c.LocalUnits, work, "local", new { name = "local", provider = "local", root = copies }, path => path);
                }

                if (bucket is not null && c.MotoUnits > 0)
                {
                    moto = await MeasureOnMotoAsync(c, work, bucket);
                }

                rows.Add(new ProbeRow(c, local, moto));
            }
        }
        finally
        {
            if (bucket is not null)
            {
                await bucket.DisposeAsync();
            }

            if (Directory.Exists(copies))
            {
                Directory.Delete(copies, recursive: true);
            }
        }

        return new BenchmarkResult("probe", Table(rows, motoNotRun));
    }

    /// <summary>
    /// The rows, in table order. N differs by side where a header is all that is read: a local folder answers such
    /// probes 20 to 70 times faster than moto, so one N would make one side last under a second or the other minutes.
    /// <c>--units</c> sets N for both sides, for every row (a bare number) or per key (<c>video=50,png=0</c>; 0 skips).
    /// </summary>
    private static List<ProbeCase> Cases(ProbeFixtures f, string? unitsOption)
    {
        var noKeyFrames = new[] { "--Curio:Probing:KeyFrames", "false" };
        var cases = new List<ProbeCase>
        {
            new("png", $"image, PNG 640x480 ({Size(f.Png)})", "images", "png", [f.Png], 20_000, 5_000),
            new("jpeg", $"image, JPEG 640x480 ({Size(f.Jpeg)})", "images", "jpeg", [f.Jpeg], 20_000, 5_000),
            new("video", $"video, MP4 H.264 640x360 25 fps 10 s, key frames listed (default) ({Size(f.Video)})", "videos", "video", [f.Video], 200, 200),
            new("video-nokeys", "video, the same file, `Curio:Probing:KeyFrames=false`", "videos", "video", [f.Video], 200, 200) { Settings = noKeyFrames },
            new("wav", $"audio, WAV PCM 16 kHz mono 10 s, header ({Size(f.Wav)})", "audio", "wav", [f.Wav], 5_000, 1_000),
            new("m4a", $"audio, M4A AAC 64 kb/s 10 s, ffprobe ({Size(f.M4a)})", "audio", "m4a", [f.M4a], 300, 300),
            new("text", $"text, UTF-8 ({Size(f.Text)})", "text", "text", [f.Text], 20_000, 2_000),
            new("pdf", $"PDF, samples/pdf/hello.pdf ({Size(f.Pdf)})", "pdf", "pdf", [f.Pdf], 20_000, 2_000),
            new("nifti", $"NIfTI, samples/nifti/phantom.nii.gz ({Size(f.Nifti)})", "nifti", "nifti", [f.Nifti], 20_000, 2_000),
            new("dicom", $"DICOM series of 3 slices, samples/dicom/ct-0001 (3 x {Size(f.DicomSlices[0])})", "dicom_series", "dicom", f.DicomSlices, 5_000, 500),
        };

        foreach (var entry in (unitsOption ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (key, value) = entry.Split('=') is [var k, var v] ? (k, v) : (null, entry);
            var units = int.Parse(value, CultureInfo.InvariantCulture);
            var matched = cases.FindAll(c => key is null || c.Key == key);
            if (matched.Count == 0)
            {
                throw new ArgumentException($"--units: '{key}' is none of {string.Join(", ", cases.Select(c => c.Key))}.");
            }

            foreach (var c in matched)
            {
                cases[cases.IndexOf(c)] = c with { LocalUnits = units, MotoUnits = units };
            }
        }

        return cases;
    }

    /// <summary>Copies the unit's files once per prefix (the two video rows share theirs).</summary>
    private static void CopyLocally(ProbeCase c, string copies)
    {
        var done = Path.Combine(copies, c.Prefix, $".copied-{c.LocalUnits}");
        if (File.Exists(done))
        {
            return;
        }

        for (var i = 0; i < c.LocalUnits; i++)
        {
            var paths = c.UnitPaths(i);
            for (var k = 0; k < paths.Count; k++)
            {
                var target = Path.Combine(copies, paths[k]);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(c.Files[k], target, overwrite: true);
            }
        }

        File.WriteAllText(done, "");
    }

    private static async Task<ProbeMeasurement> MeasureOnMotoAsync(ProbeCase c, string work, ProbeBucket bucket)
    {
        var bodies = c.Files.Select(File.ReadAllBytes).ToList();
        var objects = Enumerable.Range(0, c.MotoUnits).SelectMany(i => c.UnitPaths(i).Select((key, k) => (key, bodies[k]))).ToList();
        await bucket.PutAsync(objects);
        try
        {
            return await MeasureAsync(c, c.MotoUnits, work, "moto", bucket.Integration, path => $"s3://{bucket.Name}/{path}");
        }
        finally
        {
            await bucket.EmptyAsync();
        }
    }

    private static async Task<ProbeMeasurement> MeasureAsync(ProbeCase c, int units, string work, string side, object integration, Func<string, string> url)
    {
        var spec = Path.Combine(work, $"probe-{c.Key}-{side}.json");
        WriteSpec(spec, c, units, url);
        var data = Directory.CreateDirectory(Path.Combine(work, $"probe-{c.Key}-{side}-data")).FullName;
        await using var server = await BenchServer.StartAsync(data, c.Settings);
        // The load average would count the server's own ffprobe runs; the machine's busy time less ours does not.
        var (cpu, busy, self) = (server.CpuTime, Machine.MachineBusyTime(), Environment.CpuUsage.TotalTime);
        var run = await server.ImportAsync(spec, integration);
        cpu = server.CpuTime - cpu;
        busy = Machine.MachineBusyTime() - busy;
        self = Environment.CpuUsage.TotalTime - self;
        var others = Math.Max(0, (busy - cpu - self) / (run.Total * Environment.ProcessorCount));
        run.EnsureAllDone(units);

        // Shown, not checked: a glance at one item tells whether the server really measured (fps, keyFrames, numPages...).
        using var page = JsonDocument.Parse(await server.Client.GetStringAsync($"/api/v1/jobs/{run.Job.JobId}/items?pageSize=1"));
        var first = page.RootElement.GetProperty("results")[0].GetProperty("itemUuid").GetString();
        var sample = await server.Client.GetStringAsync($"/api/v1/items/{first}");
        Console.WriteLine($"  {side}: {Machine.Seconds(run.Total)}, {Rate(units, run.Total)} units/s, server CPU {Machine.Seconds(cpu)}, other processes {others * 100:0}% of the machine");
        Console.WriteLine($"  one item: {(sample.Length > 900 ? sample[..900] + "..." : sample)}");
        return new ProbeMeasurement(units, run.Total, cpu, others);
    }

    private static void WriteSpec(string path, ProbeCase c, int units, Func<string, string> url)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteStartArray(c.SpecKey);
        for (var i = 0; i < units; i++)
        {
            var paths = c.UnitPaths(i);
            json.WriteStartObject();
            if (paths.Count == 1)
            {
                json.WriteString("objectUrl", url(paths[0]));
            }
            else
            {
                json.WriteString("title", Path.GetDirectoryName(paths[0])!.Replace('\\', '/'));
                for (var k = 0; k < paths.Count; k++)
                {
                    json.WriteString($"objectUrl_{k}", url(paths[k]));
                }
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string Table(List<ProbeRow> rows, string? motoNotRun)
    {
        var table = new StringBuilder()
            .Append("| media (one unit) | local: N | units/s | MB/s | CPU ms/unit | moto: N | units/s | MB/s | CPU ms/unit |\n")
            .Append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var row in rows)
        {
            var unitBytes = row.Case.Files.Sum(f => new FileInfo(f).Length);
            table.Append(CultureInfo.InvariantCulture, $"| {row.Case.Label} | {Cells(unitBytes, row.Local)} | {Cells(unitBytes, row.Moto)} |\n");
        }

        table.Append('\n')
            .Append("A unit is one file (a DICOM unit is a series of 3 files). Timed from the first byte of the upload file to the job's DONE, ")
            .Append("one fresh server process per cell (embedded SQLite, defaults: 2 workers x 16 units at once, 1,000 units per chunk). ")
            .Append("MB/s is the size of the units' files (10^6 bytes) per second, not the bytes read. ")
            .Append("CPU is the server process's plus that of the ffprobe runs it started, per unit; moto's own CPU is not in it.");
        // Other work on the machine (other builds and tests) takes cores from the server: it shows here.
        table.Append(Others("local", rows.Select(r => r.Local), "")).Append(Others("moto", rows.Select(r => r.Moto), " (moto among them)"));

        if (motoNotRun is not null)
        {
            table.Append(CultureInfo.InvariantCulture, $" moto: not run, {motoNotRun}.");
        }

        return table.Append('\n').ToString();
    }

    private static string Others(string side, IEnumerable<ProbeMeasurement?> cells, string including)
    {
        var shares = cells.OfType<ProbeMeasurement>().Select(m => m.Others).ToList();
        return shares.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
            $" During the {side} cells, other processes{including} used {shares.Min() * 100:0}% to {shares.Max() * 100:0}% of the machine's {Environment.ProcessorCount} cores.");
    }

    private static string Cells(long unitBytes, ProbeMeasurement? m) => m is null
        ? "not run | not run | not run | not run"
        : string.Create(CultureInfo.InvariantCulture,
            $"{m.Units:N0} | {Rate(m.Units, m.Elapsed)} | {Rate(m.Units * (double)unitBytes / 1e6, m.Elapsed)} | {m.Cpu.TotalMilliseconds / m.Units:0.00}");

    /// <summary>Whole numbers from 100 up, more decimals below, so that small rates keep two significant digits.</summary>
    private static string Rate(double count, TimeSpan elapsed)
    {
        var rate = count / elapsed.TotalSeconds;
        return rate.ToString(rate >= 100 ? "N0" : rate >= 1 ? "N1" : "N2", CultureInfo.InvariantCulture);
    }

    private static string Size(string file)
    {
        var bytes = new FileInfo(file).Length;
        return bytes >= 1000
            ? (bytes / 1000.0).ToString("N0", CultureInfo.InvariantCulture) + " KB"
            : bytes.ToString(CultureInfo.InvariantCulture) + " B";
    }
}

/// <summary>One row: a media kind, the file(s) one unit copies, and the server's extra settings.</summary>
/// <param name="Key">Its name for <c>--units</c>.</param>
/// <param name="Label">The table's first column.</param>
/// <param name="SpecKey">The upload file's array for the type.</param>
/// <param name="Prefix">The folder (or key prefix) its copies go to; rows of the same files share one.</param>
/// <param name="Files">The fixture files of one unit: one, or a DICOM series' slices.</param>
/// <param name="LocalUnits">N from the local folder.</param>
/// <param name="MotoUnits">N from moto.</param>
internal sealed record ProbeCase(string Key, string Label, string SpecKey, string Prefix, IReadOnlyList<string> Files, int LocalUnits, int MotoUnits)
{
    public string[] Settings { get; init; } = [];

    /// <summary>Distinct paths, relative to the root or bucket, for unit <paramref name="index"/>; file names are kept (".nii.gz").</summary>
    public IReadOnlyList<string> UnitPaths(int index) => Files.Count == 1
        ? [$"{Prefix}/{index:D6}-{Path.GetFileName(Files[0])}"]
        : [.. Files.Select(f => $"{Prefix}/series-{index:D5}/{Path.GetFileName(f)}")];
}

/// <summary>One cell of the table.</summary>
/// <param name="Units">N.</param>
/// <param name="Elapsed">From the first byte of the upload file to DONE.</param>
/// <param name="Cpu">The server's CPU time meanwhile, its ffprobe runs included.</param>
/// <param name="Others">The share of all cores that processes other than the benchmark and its server used meanwhile (moto among them on its side).</param>
internal sealed record ProbeMeasurement(int Units, TimeSpan Elapsed, TimeSpan Cpu, double Others);

internal sealed record ProbeRow(ProbeCase Case, ProbeMeasurement? Local, ProbeMeasurement? Moto);
