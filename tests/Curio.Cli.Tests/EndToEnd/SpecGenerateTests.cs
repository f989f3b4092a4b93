using System.Text.Json;
using Curio.Cli.Infrastructure;
using Curio.Cli.Tests.Support;
using Curio.Contracts;
using Curio.Core.Specs;

namespace Curio.Cli.Tests.EndToEnd;

/// <summary>
/// <c>curio spec generate</c> against a real server, over a local integration of its own: real images, a video, two
/// DICOM folders (the repository's samples), and files it must skip.
/// </summary>
public sealed class SpecGenerateTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly CurioServerFixture _server;
    private readonly string _media = Directory.CreateTempSubdirectory("curio-e2e-generate-media-").FullName;
    private readonly string _work = Directory.CreateTempSubdirectory("curio-e2e-generate-").FullName;

    public SpecGenerateTests(CurioServerFixture server)
    {
        _server = server;
        _cli.Environment[CliEnvironment.UrlVariable] = server.Url.ToString();
        _cli.Environment[CliEnvironment.TokenVariable] = server.Token;
        var samples = Path.Combine(CurioServerFixture.RepositoryRoot(), "samples");
        Copy(samples, "images/testcard.png", "photos/testcard.png");
        Copy(samples, "images/rule110.png", "photos/rule110.png");
        Copy(samples, "images/mandelbrot.jpg", "photos/night/mandelbrot.JPG");
        Copy(samples, "video/testsrc.mp4", "clips/testsrc.mp4");
        Copy(samples, "dicom/ct-0001/slice-1.dcm", "scans/p1/slice-1.dcm");
        Copy(samples, "dicom/ct-0001/slice-2.dcm", "scans/p1/slice-2.dcm");
        Copy(samples, "dicom/ct-0001/slice-3.dcm", "scans/p1/slice-3.dcm");
        Copy(samples, "dicom/ct-0001/slice-1.dcm", "scans/p2/slice-1.dcm");
        Copy(samples, "dicom/ct-0001/slice-2.dcm", "scans/p2/slice-2.dcm");
        Copy(samples, "dicom/ct-0001/slice-3.dcm", "scans/p2/IM0003"); // no extension: not guessed
        Write("misc/readme", "no extension");
        Write("misc/data.bin", "bytes");
        Write("misc/upload.json", """{"images": []}""");
    }

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_media, recursive: true);
        Directory.Delete(_work, recursive: true);
    }

    private void Copy(string samples, string from, string to)
    {
        var target = Path.Combine(_media, to);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(Path.Combine(samples, from), target);
    }

    private void Write(string to, string content)
    {
        var target = Path.Combine(_media, to);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllText(target, content);
    }

    private async Task<CliResult> Run(params string[] args)
    {
        var result = await _cli.RunAsync(args);
        TestContext.Current.TestOutputHelper?.WriteLine($"$ curio {string.Join(' ', args)}\n{result}");
        return result;
    }

    private async Task<string> IntegrationAsync(string? root = null)
    {
        var name = CurioServerFixture.Unique("gen");
        Assert.Equal(0, (await Run("integrations", "add", "--name", name, "--provider", "local", "--root", root ?? _media)).ExitCode);
        return name;
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private static (SpecReadResult Result, List<SpecUnit> Units) Read(string path)
    {
        var units = new List<SpecUnit>();
        using var stream = File.OpenRead(path);
        var result = SpecReader.Read(stream, new SpecReadOptions { FileName = path }, units.Add);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return (result, units);
    }

    [Fact]
    public async Task A_json_file_holds_every_recognised_file_and_reads_back_valid()
    {
        // Given
        var integration = await IntegrationAsync();
        var spec = Path.Combine(_work, "spec.json");

        // When
        var result = await Run("spec", "generate", "--integration", integration, "--out", spec, "--output", "json");

        // Then
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var summary = Json(result.Out);
        Assert.Equal((integration, "json", 13, 2L), (summary.GetProperty("integration").GetString(), summary.GetProperty("format").GetString(),
            summary.GetProperty("listed").GetInt32(), summary.GetProperty("dicomSeries").GetInt64()));
        var file = Assert.Single(summary.GetProperty("files").EnumerateArray());
        Assert.Equal((spec, 6, 9), (file.GetProperty("path").GetString(), file.GetProperty("entries").GetInt32(), file.GetProperty("urls").GetInt32()));
        var types = summary.GetProperty("types");
        Assert.Equal((3, 1, 5, 0), (types.GetProperty("images").GetInt32(), types.GetProperty("videos").GetInt32(), types.GetProperty("dicom").GetInt32(),
            types.GetProperty("audio").GetInt32()));
        var skipped = summary.GetProperty("skipped");
        Assert.Equal((4, 4, 0, 0), (skipped.GetProperty("total").GetInt32(), skipped.GetProperty("unrecognised").GetInt32(),
            skipped.GetProperty("otherTypes").GetInt32(), skipped.GetProperty("invalidUrls").GetInt32()));

        var (read, units) = Read(spec);
        Assert.Equal((SpecDialect.UserFile, 6, 9), (read.Dialect, read.UnitCount, read.UrlCount));
        var series = units.Where(u => u.Kind == UnitKind.DicomSeries).OrderBy(u => u.Title, StringComparer.Ordinal).ToList();
        Assert.Equal(["scans/p1", "scans/p2"], series.Select(s => s.Title));
        Assert.Equal(["scans/p1/slice-1.dcm", "scans/p1/slice-2.dcm", "scans/p1/slice-3.dcm"], series[0].Objects.Select(o => o.Url));
        Assert.Equal(["photos/night/mandelbrot.JPG", "photos/rule110.png", "photos/testcard.png"],
            units.Where(u => u.Kind == UnitKind.Image).Select(u => u.Title).Order(StringComparer.Ordinal));
        Assert.Equal("clips/testsrc.mp4", units.Single(u => u.Kind == UnitKind.Video).Objects[0].Url);
    }

    [Fact]
    public async Task Csv_files_split_at_max_items_and_each_reads_back_valid()
    {
        // Given
        var integration = await IntegrationAsync();
        var spec = Path.Combine(_work, "spec.csv");

        // When: 2 image groups, a video and 2 series are 5 entries
        var result = await Run("spec", "generate", "--integration", integration, "--group-by-folder", "--max-items", "2", "--out", spec);

        // Then
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        string[] files = [spec, Path.Combine(_work, "spec-2.csv"), Path.Combine(_work, "spec-3.csv")];
        Assert.Equal([2, 2, 1], files.Select(f => Read(f).Result.UnitCount));
        Assert.Equal(9, files.Sum(f => Read(f).Result.UrlCount));
        Assert.False(File.Exists(Path.Combine(_work, "spec-4.csv")));
        Assert.Empty(Directory.GetFiles(_work, ".*")); // no partial files or spools left
        Assert.Contains($"Wrote {files[2]}: 1 entry, ", result.Out, StringComparison.Ordinal);
        Assert.Contains("Files by type: images 3, videos 1, dicom 5 (in 2 image groups and 2 DICOM series).", result.Out, StringComparison.Ordinal);
        Assert.Contains("Skipped 4 objects: 4 unrecognised.", result.Out, StringComparison.Ordinal);
        var groups = files.SelectMany(f => Read(f).Units).Where(u => u.Kind == UnitKind.ImageGroup).OrderBy(u => u.Title, StringComparer.Ordinal).ToList();
        Assert.Equal([("photos", 2), ("photos/night", 1)], groups.Select(g => (g.Title, g.Objects.Count)));
    }

    [Fact]
    public async Task Without_out_one_file_goes_to_stdout_and_the_summary_to_stderr()
    {
        // Given
        var integration = await IntegrationAsync();

        // When
        var result = await Run("spec", "generate", "--integration", integration, "--prefix", "scans", "--type", "dicom");
        var tooMany = await Run("spec", "generate", "--integration", integration, "--max-items", "1");

        // Then
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var series = Json(result.Out).GetProperty("dicom_series");
        Assert.Equal(2, series.GetArrayLength());
        Assert.Equal("scans/p1/slice-1.dcm", series[0].GetProperty("objectUrl_0").GetString());
        Assert.Contains("Listed 6 objects in 'scans' in integration", result.Err, StringComparison.Ordinal);
        Assert.Contains("Skipped 1 object: 1 unrecognised.", result.Err, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, tooMany.ExitCode);
        Assert.Equal("", tooMany.Out);
        Assert.Contains("pass --out FILE", tooMany.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_registers_every_generated_file_and_waits_for_each_job()
    {
        // Given
        var integration = await IntegrationAsync();
        var folder = $"{CurioServerFixture.Unique("gen")}/all";
        Assert.Equal(0, (await Run("folders", "create", folder)).ExitCode);

        // When: three files (two entries each at most), so three jobs
        var result = await Run("spec", "generate", "--integration", integration, "--group-by-folder", "--max-items", "2",
            "--import", "--folder", folder, "--wait", "--output", "json");

        // Then
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var summary = Json(result.Out);
        Assert.True(summary.GetProperty("temporary").GetBoolean());
        var jobs = summary.GetProperty("imports").EnumerateArray().ToList();
        Assert.Equal(3, jobs.Count);
        Assert.All(jobs, j => Assert.Equal("DONE", j.GetProperty("status").GetString()));
        Assert.Equal(5, jobs.Sum(j => j.GetProperty("unitsDoneCount").GetInt32()));
        Assert.All(summary.GetProperty("files").EnumerateArray(), f => Assert.False(File.Exists(f.GetProperty("path").GetString())));

        var client = _server.Client();
        var target = await client.GetFolderByPathAsync(folder, TestContext.Current.CancellationToken);
        var items = new List<Item>();
        await foreach (var item in client.GetItemsAsync(target.Uuid, cancellationToken: TestContext.Current.CancellationToken))
        {
            items.Add(item);
        }

        Assert.Equal(
            [(ItemType.Video, "clips/testsrc.mp4"), (ItemType.ImageGroup, "photos"), (ItemType.ImageGroup, "photos/night"),
             (ItemType.DicomSeries, "scans/p1"), (ItemType.DicomSeries, "scans/p2")],
            items.Select(i => (i.ItemType, i.Name)).OrderBy(i => i.Name, StringComparer.Ordinal));
        var p1 = items.Single(i => i.Name == "scans/p1");
        var slices = new List<string?>();
        await foreach (var child in client.GetChildItemsAsync(p1.Uuid, TestContext.Current.CancellationToken))
        {
            slices.Add(child.Url);
        }

        Assert.Equal(["scans/p1/slice-1.dcm", "scans/p1/slice-2.dcm", "scans/p1/slice-3.dcm"], slices);
    }

    [Fact]
    public async Task Import_without_wait_prints_each_started_job()
    {
        // Given
        var integration = await IntegrationAsync();
        var folder = $"{CurioServerFixture.Unique("gen")}/started";
        Assert.Equal(0, (await Run("folders", "create", folder)).ExitCode);
        var spec = Path.Combine(_work, "kept.json");

        // When
        var result = await Run("spec", "generate", "--integration", integration, "--type", "images", "--out", spec, "--import", "--folder", folder);

        // Then
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("Skipped 10 objects: 4 unrecognised, 6 of other types.", result.Out, StringComparison.Ordinal);
        Assert.Contains($"Started import job ", result.Out, StringComparison.Ordinal);
        Assert.Contains($": 3 units into '{folder}'.", result.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(spec)); // --out files are kept
    }

    [Fact]
    public async Task A_job_that_ends_error_makes_exit_3()
    {
        // Given: a ".png" that is no image fails its unit, so the all-or-nothing job ends ERROR
        var root = Directory.CreateTempSubdirectory("curio-e2e-generate-bad-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(root, "fake.png"), "not an image", TestContext.Current.CancellationToken);
            File.Copy(Path.Combine(CurioServerFixture.RepositoryRoot(), "samples", "images", "testcard.png"), Path.Combine(root, "real.png"));
            var integration = await IntegrationAsync(root);
            var folder = $"{CurioServerFixture.Unique("gen")}/bad";
            Assert.Equal(0, (await Run("folders", "create", folder)).ExitCode);

            // When
            var strict = await Run("spec", "generate", "--integration", integration, "--import", "--folder", folder, "--wait");
            var lenient = await Run("spec", "generate", "--integration", integration, "--import", "--folder", folder, "--wait", "--ignore-errors");

            // Then
            Assert.Equal(ExitCodes.JobFailed, strict.ExitCode);
            Assert.Contains("ERROR", strict.Out, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Ok, lenient.ExitCode);
            Assert.Contains("2 total: 1 done", lenient.Out, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_listing_with_nothing_to_register_and_an_unknown_integration_are_exit_1()
    {
        // Given
        var integration = await IntegrationAsync();

        // When
        var nothing = await Run("spec", "generate", "--integration", integration, "--prefix", "misc");
        var unknown = await Run("spec", "generate", "--integration", CurioServerFixture.Unique("none"));
        var missingFolder = await Run("spec", "generate", "--integration", integration, "--prefix", "no/such/folder");

        // Then
        Assert.Equal((ExitCodes.InvalidInput, ""), (nothing.ExitCode, nothing.Out));
        Assert.Contains("nothing to write: the listing of 'misc' in integration", nothing.Err, StringComparison.Ordinal);
        Assert.Contains("3 objects and none to register (3 unrecognised)", nothing.Err, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, unknown.ExitCode);
        Assert.Contains("integration.not_found", unknown.Err, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, missingFolder.ExitCode);
        Assert.Contains("Folder not found", missingFolder.Err, StringComparison.Ordinal);
    }
}
