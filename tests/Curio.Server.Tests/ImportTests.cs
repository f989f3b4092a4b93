using System.Net;
using System.Net.Http.Json;
using Curio.Contracts;

namespace Curio.Server.Tests;

/// <summary>Upload files imported end to end through a local integration over a copy of samples/.</summary>
public sealed class ImportTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private string _root = null!;
    private Integration _local = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = new TestServer();
        _root = Directory.CreateTempSubdirectory("curio-media-").FullName;
        Copy(Repo.Path("samples"), _root);
        _local = await _server.LocalIntegrationAsync(_root);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task The_samples_spec_registers_every_type_with_what_its_headers_and_metadata_say()
    {
        var folder = await _server.FolderAsync("samples");
        var job = await _server.ImportAsync(folder, _local, await File.ReadAllTextAsync(Path.Combine(_root, "specs", "samples.json"), Ct), "samples.json");

        Assert.Equal((JobStatus.Done, 11, 11, 0, 0), (job.Status, job.UnitsTotal, job.UnitsDoneCount, job.UnitsErrorCount, job.UnitsPendingCount));
        Assert.Equal(11, job.ItemsWithNames.Count);
        Assert.True(job.SkipDuplicateUrls);
        var items = (await _server.ItemsAsync(folder)).ToDictionary(i => i.Name);

        var testcard = items["testcard.png"];
        Assert.Equal((ItemType.Image, 320, 240, "image/png", 8828L), (testcard.ItemType, testcard.Width!.Value, testcard.Height!.Value, testcard.MimeType, testcard.FileSize!.Value));
        Assert.Equal("""{"split":"train","source":"ffmpeg testsrc2","captured_at":"2026-01-05T10:00:00Z"}""", testcard.ClientMetadata.GetRawText());
        Assert.Equal(("local", _local.Uuid, job.JobId), (testcard.StorageLocation, testcard.IntegrationHash, testcard.UploadJobId));
        Assert.Equal((480, 270, "image/jpeg"), (items["images/mandelbrot.jpg"].Width!.Value, items["images/mandelbrot.jpg"].Height!.Value, items["images/mandelbrot.jpg"].MimeType));
        Assert.Equal("images/mandelbrot.jpg", items["images/mandelbrot.jpg"].Url);

        var video = items["testsrc.mp4"];
        Assert.Equal((ItemType.Video, 25d, 2d, 320, 180, 50L), (video.ItemType, video.Fps!.Value, video.Duration!.Value, video.Width!.Value, video.Height!.Value, video.FrameCount!.Value));
        Assert.Equal("""{"fps":25,"width":320,"height":180,"duration":2.0,"file_size":20405,"mime_type":"video/mp4"}""", video.MediaMetadata!.Value.GetRawText());

        var walk = items["walk"];
        Assert.Equal((ItemType.ImageGroup, 4, """{"camera":"front"}"""), (walk.ItemType, walk.ChildCount, walk.ClientMetadata.GetRawText()));
        var frames = await _server.GetAsync($"/api/v1/items/{walk.Uuid}/children", CurioJsonContext.Default.PageItem);
        Assert.Equal(["groups/walk/frame-0.jpg", "groups/walk/frame-1.jpg", "groups/walk/frame-2.jpg", "groups/walk/frame-3.jpg"], frames.Results.Select(f => f.Url));
        Assert.All(frames.Results, f => Assert.Equal((ItemType.Image, 160, 120, walk.Uuid), (f.ItemType, f.Width!.Value, f.Height!.Value, f.ParentItem!.Value)));
        Assert.Equal([0, 1, 2, 3], frames.Results.Select(f => f.Position!.Value));

        Assert.Equal((ItemType.ImageSequence, 2, 160, 120), (items["walk-sequence"].ItemType, items["walk-sequence"].ChildCount, items["walk-sequence"].Width!.Value, items["walk-sequence"].Height!.Value));
        Assert.Equal((ItemType.DicomSeries, 3), (items["ct-0001"].ItemType, items["ct-0001"].ChildCount));
        var slices = await _server.GetAsync($"/api/v1/items/{items["ct-0001"].Uuid}/children", CurioJsonContext.Default.PageItem);
        Assert.All(slices.Results, s => Assert.Equal((ItemType.DicomFile, "application/dicom"), (s.ItemType, s.MimeType)));
        Assert.Equal(ItemType.Audio, items["audio/a440.wav"].ItemType);
        Assert.Equal(ItemType.PlainText, items["text/readme.txt"].ItemType);
        Assert.Equal(ItemType.Pdf, items["pdf/hello.pdf"].ItemType);
        Assert.Equal(ItemType.Nifti, items["nifti/phantom.nii.gz"].ItemType);
        Assert.Equal((256, 256), (items["images/rule110.png"].Width!.Value, items["images/rule110.png"].Height!.Value));
    }

    [Fact]
    public async Task A_csv_spec_registers_its_sections_and_groups()
    {
        var folder = await _server.FolderAsync("csv");
        var job = await _server.ImportAsync(folder, _local, await File.ReadAllTextAsync(Path.Combine(_root, "specs", "samples.csv"), Ct), "samples.csv");

        Assert.Equal((JobStatus.Done, 4, "csv"), (job.Status, job.UnitsDoneCount, job.Format));
        var items = await _server.ItemsAsync(folder);
        Assert.Equal(
            [(ItemType.Image, "testcard (from CSV)"), (ItemType.Image, "images/rule110.png"), (ItemType.ImageGroup, "walk (from CSV)"), (ItemType.Video, "video/testsrc.mp4")],
            items.Select(i => (i.ItemType, i.Name)));
    }

    [Fact]
    public async Task A_single_ObjectUrl_column_means_videos_and_an_image_there_fails_as_Encord_says()
    {
        var folder = await _server.FolderAsync("legacy");
        var job = await _server.ImportAsync(folder, _local, "ObjectUrl\nvideo/testsrc.mp4\nimages/testcard.png\n", "legacy.csv");

        Assert.Equal((JobStatus.Done, 1, 1), (job.Status, job.UnitsDoneCount, job.UnitsErrorCount));
        var error = Assert.Single(job.UnitErrors);
        Assert.StartsWith("Expected a video, got a file of type image/png", error.Error, StringComparison.Ordinal);
        Assert.Equal(["images/testcard.png"], error.ObjectUrls);
        Assert.Equal(1, error.UnitIndex);
    }

    [Fact]
    public async Task With_ignore_errors_failed_units_are_listed_and_the_rest_registered()
    {
        var folder = await _server.FolderAsync("errors");
        var job = await _server.ImportAsync(folder, _local, await File.ReadAllTextAsync(Path.Combine(_root, "specs", "with-errors.json"), Ct), ignoreErrors: true);

        Assert.Equal((JobStatus.Done, 1, 2), (job.Status, job.UnitsDoneCount, job.UnitsErrorCount));
        Assert.Equal(["images/testcard.png"], (await _server.ItemsAsync(folder)).Select(i => i.Name));
        Assert.Contains("images/missing.png", job.UnitErrors[0].Error, StringComparison.Ordinal);
        Assert.Equal("Registering image", job.UnitErrors[0].ActionDescription);
        Assert.StartsWith("Expected an image, got a file of type video/mp4", job.UnitErrors[1].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_ignore_errors_one_failure_registers_nothing()
    {
        var folder = await _server.FolderAsync("strict");
        var job = await _server.ImportAsync(folder, _local, await File.ReadAllTextAsync(Path.Combine(_root, "specs", "with-errors.json"), Ct), ignoreErrors: false);

        Assert.Equal((JobStatus.Error, 2, 1), (job.Status, job.UnitsErrorCount, job.UnitsDoneCount));
        Assert.Empty(job.ItemsWithNames);
        Assert.Contains("nothing was registered", Assert.Single(job.Errors), StringComparison.Ordinal);
        Assert.Empty(await _server.ItemsAsync(folder));
    }

    [Fact]
    public async Task Skip_duplicate_urls_makes_a_rerun_register_nothing_and_upsert_replaces_metadata()
    {
        var folder = await _server.FolderAsync("rerun");
        const string Spec = """{"images":[{"objectUrl":"images/testcard.png","clientMetadata":{"v":1}},{"objectUrl":"images/rule110.png"}],"skip_duplicate_urls":true}""";
        await _server.ImportAsync(folder, _local, Spec);

        var again = await _server.ImportAsync(folder, _local, Spec);
        Assert.Equal((2, 2, 0), (again.UnitsDoneCount, again.UnitsSkippedCount, again.ItemsWithNames.Count));
        Assert.Equal(2, (await _server.ItemsAsync(folder)).Count);

        var upsert = await _server.ImportAsync(folder, _local,
            """{"images":[{"objectUrl":"images/testcard.png","clientMetadata":{"v":2}},{"objectUrl":"images/mandelbrot.jpg"}],"skip_duplicate_urls":true,"upsert_metadata":true}""");
        Assert.Equal((2, 1, 0, 1), (upsert.UnitsDoneCount, upsert.UnitsUpdatedCount, upsert.UnitsSkippedCount, upsert.ItemsWithNames.Count));
        var items = await _server.ItemsAsync(folder);
        Assert.Equal(3, items.Count);
        Assert.Equal("""{"v":2}""", items.Single(i => i.Url == "images/testcard.png").ClientMetadata.GetRawText());
    }

    [Fact]
    public async Task Without_skip_duplicate_urls_a_rerun_registers_duplicates()
    {
        var folder = await _server.FolderAsync("dupes");
        const string Spec = """{"images":[{"objectUrl":"images/testcard.png"}]}""";
        await _server.ImportAsync(folder, _local, Spec);
        await _server.ImportAsync(folder, _local, Spec);

        Assert.Equal(2, (await _server.ItemsAsync(folder)).Count);
    }

    [Fact]
    public async Task A_refused_spec_creates_no_job_and_says_where_every_problem_is()
    {
        var folder = await _server.FolderAsync("refused");
        var response = await _server.SubmitAsync(folder, _local,
            """{"images":[{"objectUrl":"images/testcard.png"},{"objectUrl":"a b.png"},{"title":"no url"}],"upsert_metadata":true}""", "bad.json");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await ApiBasicsTests.ProblemAsync(response);
        Assert.Equal(ErrorCodes.SpecInvalid, problem.GetProperty("errorCode").GetString());
        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("code").GetString(), e.GetProperty("location").GetString())).ToList();
        Assert.Equal([("spec.upsert_without_skip", "$.upsert_metadata"), ("spec.url_whitespace", "$.images[1].objectUrl"), ("spec.missing_field", "$.images[2]")], errors);
        Assert.Empty((await _server.GetAsync("/api/v1/jobs", CurioJsonContext.Default.PageImportJob)).Results);
        Assert.Empty(await _server.ItemsAsync(folder));
    }

    [Fact]
    public async Task Validation_reports_problems_without_importing()
    {
        var response = await _server.Client.PostAsync("/api/v1/specs/validate?fileName=x.csv",
            new StringContent("ObjectUrl,Image title\na.png,\n\nb c.png,\n"), Ct);
        await Http.EnsureAsync(response, 200);
        var validation = (await response.Content.ReadFromJsonAsync(CurioJsonContext.Default.SpecValidation, Ct))!;

        Assert.False(validation.Valid);
        Assert.Equal("csv", validation.Format);
        Assert.Equal([("spec.csv_blank_row", 3), ("spec.url_whitespace", 4)], validation.Errors.Select(e => (e.Code, e.Line!.Value)));
    }

    [Fact]
    public async Task Files_outside_the_root_are_never_read()
    {
        var folder = await _server.FolderAsync("escape");
        var job = await _server.ImportAsync(folder, _local, """{"text":[{"objectUrl":"../../../../etc/passwd"},{"objectUrl":"file:///etc/passwd"}]}""");

        Assert.Equal(2, job.UnitsErrorCount);
        Assert.All(job.UnitErrors, e => Assert.Contains("root", e.Error, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_failed_files_csv_has_a_row_per_failed_url_and_neutralises_formulas()
    {
        var folder = await _server.FolderAsync("csv-export");
        var job = await _server.ImportAsync(folder, _local,
            """{"images":[{"objectUrl":"=cmd.png","title":"+SUM(A1)"}],"image_groups":[{"title":"@g","objectUrl_0":"-x.jpg","objectUrl_1":"images/testcard.png"}]}""");

        var csv = await _server.Client.GetStringAsync($"/api/v1/jobs/{job.JobId}/errors.csv", Ct);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("object_url,title,item_type,error,action,subtask_uuid", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("'=cmd.png,'+SUM(A1),image,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("'-x.jpg,'@g,imageGroup,", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("images/testcard.png,'@g,imageGroup,", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_group_from_registered_images_reuses_them_as_frames()
    {
        var folder = await _server.FolderAsync("from-items");
        var first = await _server.ImportAsync(folder, _local, """{"images":[{"objectUrl":"images/testcard.png"},{"objectUrl":"images/rule110.png"}]}""");
        var uuids = first.ItemsWithNames.Select(i => i.ItemUuid).ToList();

        var job = await _server.ImportAsync(folder, _local, $$"""{"imageGroupsFromItems":[{"title":"pair","imageItems":["{{uuids[1]}}","{{uuids[0]}}"]}]}""");

        Assert.Equal(JobStatus.Done, job.Status);
        var group = (await _server.ItemsAsync(folder)).Single(i => i.Name == "pair");
        var frames = await _server.GetAsync($"/api/v1/items/{group.Uuid}/children", CurioJsonContext.Default.PageItem);
        Assert.Equal(["images/rule110.png", "images/testcard.png"], frames.Results.Select(f => f.Url));
    }

    [Fact]
    public async Task Items_page_and_filter_by_type()
    {
        var folder = await _server.FolderAsync("paging");
        await _server.ImportAsync(folder, _local, await File.ReadAllTextAsync(Path.Combine(_root, "specs", "samples.json"), Ct));

        var first = await _server.GetAsync($"/api/v1/folders/{folder.Uuid}/items?pageSize=4", CurioJsonContext.Default.PageItem);
        var second = await _server.GetAsync($"/api/v1/folders/{folder.Uuid}/items?pageSize=4&pageToken={first.NextPageToken}", CurioJsonContext.Default.PageItem);
        Assert.Equal(4, first.Results.Count);
        Assert.Empty(first.Results.Select(i => i.Uuid).Intersect(second.Results.Select(i => i.Uuid)));
        var groups = await _server.GetAsync($"/api/v1/folders/{folder.Uuid}/items?itemTypes=imageGroup&itemTypes=imageSequence", CurioJsonContext.Default.PageItem);
        Assert.Equal(["walk", "walk-sequence"], groups.Results.Select(i => i.Name));
    }

    internal static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
