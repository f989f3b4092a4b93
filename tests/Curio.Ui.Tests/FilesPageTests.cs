using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Curio.Contracts;
using Curio.Server.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Curio.Ui.Tests;

/// <summary>
/// The folder page (items as a virtualised grid and table) and the item page (preview, technical and custom metadata),
/// over real media made with ffmpeg and DICOM samples, imported through a local integration as a user would.
/// </summary>
public sealed partial class FilesPageTests(UiServer server) : IClassFixture<UiServer>
{
    private const string PhotoMetadata = """{ "camera": "front", "score": 0.75, "tags": ["day", "clear"], "rig": { "id": 7, "ok": true }, "note": "Grüße" }""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Grid_and_table_show_a_folders_media_and_each_item_page_previews_it()
    {
        UiServer.RequireChromium();
        MediaTools.Require("ffmpeg");
        // Under the server's temporary data directory, which the fixture deletes.
        var root = Directory.CreateDirectory(Path.Combine(server.DataDirectory, "fixtures", "street-scenes")).FullName;
        MediaTools.Ffmpeg("-f lavfi -i testsrc2=size=640x360:rate=1:duration=1 -frames:v 1", Path.Combine(root, "photo.jpg"));
        MediaTools.Ffmpeg("-f lavfi -i testsrc=size=320x240:rate=1:duration=1 -frames:v 1", Path.Combine(root, "chart.png"));
        MediaTools.Ffmpeg("-f lavfi -i testsrc2=size=320x240:rate=25:duration=2 -c:v libx264 -pix_fmt yuv420p -movflags +faststart", Path.Combine(root, "clip.mp4"));
        MediaTools.Ffmpeg("-f lavfi -i sine=frequency=440:sample_rate=44100:duration=1 -c:a pcm_s16le", Path.Combine(root, "tone.wav"));
        MediaTools.Ffmpeg("-f lavfi -i mandelbrot=size=200x150:rate=1 -frames:v 1", Path.Combine(root, "a.png"));
        MediaTools.Ffmpeg("-f lavfi -i smptebars=size=200x150:rate=1 -frames:v 1", Path.Combine(root, "b.png"));
        foreach (var n in new[] { 1, 2, 3 })
        {
            File.Copy(Path.Combine(Repo.Root, "samples", "dicom", "ct-0001", $"slice-{n}.dcm"), Path.Combine(root, $"slice-{n}.dcm"));
        }

        var local = await server.LocalIntegrationAsync(root, "media-" + Guid.NewGuid().ToString("N")[..6]);
        var folder = await server.FolderAsync("street-scenes");
        var sub = await server.FolderAsync(folder.Path + "/archive");
        var job = await ImportAsync(folder, local, $$"""
            {
              "images": [ { "objectUrl": "photo.jpg", "clientMetadata": {{PhotoMetadata}} }, { "objectUrl": "chart.png" } ],
              "videos": [ { "objectUrl": "clip.mp4" } ],
              "audio": [ { "objectUrl": "tone.wav" } ],
              "dicom_series": [ { "title": "ct", "objectUrl_0": "slice-1.dcm", "objectUrl_1": "slice-2.dcm", "objectUrl_2": "slice-3.dcm" } ],
              "image_groups": [ { "title": "pair", "objectUrl_0": "a.png", "objectUrl_1": "b.png" } ]
            }
            """);
        Assert.True(job is { Status: JobStatus.Done, UnitsErrorCount: 0 }, string.Join("; ", job.UnitErrors.Select(e => e.ToString())));
        var items = (await server.Api.GetFromJsonAsync($"/api/v1/folders/{folder.Uuid}/items", CurioJsonContext.Default.PageItem, Ct))!.Results
            .ToDictionary(i => i.Name);
        Assert.Equal(6, items.Count);

        var page = await server.SignedInPageAsync();
        await page.GotoAsync($"/folders/{folder.Uuid}");
        await Expect(page.GetByTestId("folder-title")).ToHaveTextAsync(folder.Name);
        await Expect(page.GetByTestId("item-count")).ToContainTextAsync("6 items");
        await Expect(page.GetByTestId("item-count")).ToContainTextAsync("2 images");
        await Expect(page.GetByTestId("item-count")).ToContainTextAsync("1 DICOM series");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "archive" })).ToHaveAttributeAsync("href", $"/folders/{sub.Uuid}");

        // The grid: every type with a thumbnail shows it (loaded, not broken); audio shows its icon without asking.
        var grid = page.GetByTestId("item-grid");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Grid" })).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(grid.GetByTestId("item-tile")).ToHaveCountAsync(6);
        foreach (var name in new[] { "photo.jpg", "chart.png", "clip.mp4", "ct", "pair" })
        {
            var tile = Tile(grid, name);
            await Expect(tile).ToHaveAttributeAsync("href", $"/items/{items[name].Uuid}");
            await LoadedAsync(page, tile.GetByTestId("item-thumbnail"));
        }

        var photoWidth = await Tile(grid, "photo.jpg").GetByTestId("item-thumbnail").EvaluateAsync<int>("img => img.naturalWidth");
        Assert.Equal(256, photoWidth); // the server's thumbnail size, not the 640-pixel file
        await Expect(Tile(grid, "tone.wav").GetByTestId("item-icon")).ToBeVisibleAsync();
        await Expect(Tile(grid, "tone.wav").Locator("img")).ToHaveCountAsync(0);
        await Expect(Tile(grid, "clip.mp4")).ToContainTextAsync("Video");
        await page.ScreenshotAsync(new() { Path = Screenshots.Path("ui-grid.png") });

        // The table: type, name, size, MIME and what was measured.
        await page.GetByRole(AriaRole.Button, new() { Name = "Table" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Table" })).ToHaveAttributeAsync("aria-pressed", "true");
        var table = page.GetByTestId("item-table");
        await Expect(table.GetByTestId("item-row")).ToHaveCountAsync(6);
        await ExpectRowAsync(table, "photo.jpg", "Image", Size(items["photo.jpg"].FileSize!.Value), "image/jpeg", "640 × 360", "", "");
        await ExpectRowAsync(table, "chart.png", "Image", Size(items["chart.png"].FileSize!.Value), "image/png", "320 × 240", "", "");
        await ExpectRowAsync(table, "clip.mp4", "Video", Size(items["clip.mp4"].FileSize!.Value), "video/mp4", "320 × 240", "0:02.0", "25 fps · 50 frames");
        await ExpectRowAsync(table, "tone.wav", "Audio", Size(items["tone.wav"].FileSize!.Value), "audio/wav", "", "0:01.0", "44.1 kHz · 16-bit · 1 ch · pcm_s16le");
        await ExpectRowAsync(table, "ct", "DICOM series", Size(items["ct"].FileSize), "application/dicom", Dimensions(items["ct"]), "", "3 frames");
        await ExpectRowAsync(table, "pair", "Image group", Size(items["pair"].FileSize), items["pair"].MimeType ?? "", "", "", "2 frames");
        await page.ScreenshotAsync(new() { Path = Screenshots.Path("ui-table.png") });

        // The choice holds while moving between folders in the same session: a sub-folder chip, then back through the tree.
        await page.GetByRole(AriaRole.Link, new() { Name = "archive" }).ClickAsync();
        await Expect(page.GetByTestId("folder-title")).ToHaveTextAsync("archive");
        await Expect(page.GetByTestId("no-items")).ToBeVisibleAsync();
        await page.GetByTestId("folder-tree").GetByRole(AriaRole.Treeitem, new() { Name = folder.Name, Exact = true }).Locator(":scope > .node").ClickAsync();
        await Expect(page.GetByTestId("item-table").GetByTestId("item-row")).ToHaveCountAsync(6);

        // The image's page: its full picture, its measurements, its import job, and its custom metadata, indented.
        await Row(table, "photo.jpg").GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/items/{items["photo.jpg"].Uuid}$"));
        await Expect(page.GetByTestId("item-title")).ToHaveTextAsync("photo.jpg");
        await Expect(page.GetByTestId("item-crumbs").GetByRole(AriaRole.Link, new() { Name = folder.Name })).ToHaveAttributeAsync("href", $"/folders/{folder.Uuid}");
        var image = page.GetByTestId("preview-image");
        await LoadedAsync(page, image);
        Assert.Equal(640, await image.EvaluateAsync<int>("img => img.naturalWidth"));
        await Expect(Fact(page, "Width")).ToHaveTextAsync("640 px");
        await Expect(Fact(page, "Height")).ToHaveTextAsync("360 px");
        await Expect(Fact(page, "MIME type")).ToHaveTextAsync("image/jpeg");
        await Expect(Fact(page, "URL")).ToHaveTextAsync("photo.jpg");
        await Expect(Fact(page, "Storage location")).ToHaveTextAsync("local");
        await Expect(Fact(page, "Import job").GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", $"/jobs/{job.JobId}");
        var custom = await page.GetByTestId("custom-metadata").TextContentAsync();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(PhotoMetadata), JsonNode.Parse(custom!)), custom);
        Assert.Contains("\n  \"camera\": \"front\"", custom, StringComparison.Ordinal);
        Assert.Contains("\"Grüße\"", custom, StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Screenshots.Path("ui-item.png") });

        // The preview's content route takes the UI's cookie and honours a byte range (players seek with them).
        var range = await page.Context.APIRequest.GetAsync($"/ui/items/{items["clip.mp4"].Uuid}/content", new() { Headers = new Dictionary<string, string> { ["Range"] = "bytes=0-99" } });
        Assert.Equal(206, range.Status);
        Assert.Equal(100, (await range.BodyAsync()).Length);
        Assert.Equal($"bytes 0-99/{items["clip.mp4"].FileSize}", range.Headers["content-range"]);
        using (var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress })
        {
            var refused = await anonymous.GetAsync(new Uri($"/ui/items/{items["clip.mp4"].Uuid}/content", UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        }

        // No custom metadata says so.
        await page.GotoAsync($"/items/{items["chart.png"].Uuid}");
        await Expect(page.GetByTestId("custom-metadata-empty")).ToHaveTextAsync("No custom metadata");

        // The video plays: the element has read its metadata from the streamed file.
        await page.GotoAsync($"/items/{items["clip.mp4"].Uuid}");
        var duration = await MediaDurationAsync(page, page.GetByTestId("preview-video"));
        Assert.InRange(duration, 1.9, 2.1);
        await Expect(Fact(page, "Frame rate")).ToHaveTextAsync("25 fps");
        await Expect(page.GetByTestId("technical-json")).ToContainTextAsync("videoCodec");

        // So does the audio.
        await page.GotoAsync($"/items/{items["tone.wav"].Uuid}");
        Assert.InRange(await MediaDurationAsync(page, page.GetByTestId("preview-audio")), 0.9, 1.1);
        await Expect(Fact(page, "Audio sample rate")).ToHaveTextAsync("44,100 Hz");
        await Expect(Fact(page, "Audio codec")).ToHaveTextAsync("pcm_s16le");

        // The DICOM series: its slices as a strip, the first one rendered; picking another shows that one.
        await page.GotoAsync($"/items/{items["ct"].Uuid}");
        var frames = page.GetByTestId("frame");
        await Expect(frames).ToHaveCountAsync(3);
        await Expect(frames.First).ToHaveAttributeAsync("aria-pressed", "true");
        var slice = page.GetByTestId("preview-dicom");
        await LoadedAsync(page, slice);
        var firstSrc = await slice.GetAttributeAsync("src");
        await frames.Nth(1).ClickAsync();
        await Expect(frames.Nth(1)).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(slice).Not.ToHaveAttributeAsync("src", firstSrc!);
        await LoadedAsync(page, slice);
        await Expect(Fact(page, "DICOM series UID")).ToHaveTextAsync(items["ct"].DicomSeriesUid!);

        // An item that does not exist.
        await page.GotoAsync($"/items/{Guid.NewGuid()}");
        await Expect(page.GetByTestId("item-title")).ToHaveTextAsync("Item not found");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_folder_of_100000_items_scrolls_to_its_end_and_back_with_a_bounded_page()
    {
        UiServer.RequireChromium();
        const int Count = 100_000;

        // Registered through the real import path; a media block per image means no file is read (Encord's rule), so
        // the files need not exist: their thumbnails fail, and the tiles show the type's icon instead.
        var root = Directory.CreateDirectory(Path.Combine(server.DataDirectory, "fixtures", "bulk")).FullName;
        var local = await server.LocalIntegrationAsync(root, "bulk-" + Guid.NewGuid().ToString("N")[..6]);
        var folder = await server.FolderAsync("bulk-100k");
        var spec = new StringBuilder("{\"images\":[");
        for (var i = 0; i < Count; i++)
        {
            spec.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
                $"{{\"objectUrl\":\"{Name(i)}\",\"imageMetadata\":{{\"width\":64,\"height\":48,\"mimeType\":\"image/png\",\"fileSize\":{1000 + i}}}}}");
        }

        var job = await ImportAsync(folder, local, spec.Append("]}").ToString());
        Assert.Equal((JobStatus.Done, Count), (job.Status, job.UnitsDoneCount));

        // The listing's order (oldest first) is the order chunks were committed in, not the upload file's: the expected
        // names at each position come from the API's own pages.
        var names = new List<string>(Count);
        string? token = null;
        do
        {
            var listed = (await server.Api.GetFromJsonAsync(
                $"/api/v1/folders/{folder.Uuid}/items?pageSize=1000{(token is null ? "" : "&pageToken=" + token)}", CurioJsonContext.Default.PageItem, Ct))!;
            names.AddRange(listed.Results.Select(i => i.Name));
            token = listed.NextPageToken;
        }
        while (token is not null);
        Assert.Equal(Count, names.Count);

        var page = await server.SignedInPageAsync();
        await page.GotoAsync($"/folders/{folder.Uuid}");
        await Expect(page.GetByTestId("item-count")).ToContainTextAsync("100,000 items");
        var grid = page.GetByTestId("item-grid");
        await Expect(Tile(grid, names[0]).GetByTestId("item-icon")).ToBeVisibleAsync(); // the failed thumbnail fell back
        Assert.InRange(await grid.GetByTestId("item-tile").CountAsync(), 6, 299);

        // The end, as dragging the scroll bar there would.
        await grid.EvaluateAsync("el => el.scrollTop = el.scrollHeight");
        await Expect(Tile(grid, names[^1])).ToBeInViewportAsync(new() { Timeout = 5_000 });
        Assert.InRange(await grid.GetByTestId("item-tile").CountAsync(), 6, 299);

        // The middle: the row of item 50,000 (rows of six, 172 pixels each, below the grid's 10-pixel padding).
        await grid.EvaluateAsync("el => el.scrollTop = 10 + Math.floor(50000 / 6) * 172");
        await Expect(Tile(grid, names[50_000])).ToBeInViewportAsync(new() { Timeout = 5_000 });
        await Expect(Tile(grid, names[50_000])).ToHaveAttributeAsync("href", new Regex("^/items/[0-9a-f-]{36}$"));
        Assert.InRange(await grid.GetByTestId("item-tile").CountAsync(), 6, 299);

        // The table jumps as well.
        await page.GetByRole(AriaRole.Button, new() { Name = "Table" }).ClickAsync();
        var table = page.GetByTestId("item-table");
        await Expect(Row(table, names[0])).ToBeVisibleAsync();
        await table.EvaluateAsync("el => el.scrollTop = el.scrollHeight");
        await Expect(Row(table, names[^1])).ToBeInViewportAsync(new() { Timeout = 5_000 });
        await Expect(Row(table, names[^1]).Locator("[data-col=size]")).ToHaveTextAsync(Size(1000 + int.Parse(names[^1][4..10], CultureInfo.InvariantCulture)));
        Assert.InRange(await table.GetByTestId("item-row").CountAsync(), 10, 299);
        await page.Context.CloseAsync();
    }

    private static string Name(int i) => $"img-{i:D6}.png";

    private static ILocator Tile(ILocator grid, string name) =>
        grid.GetByTestId("item-tile").Filter(new() { Has = grid.Page.GetByTestId("item-name").GetByText(name, new() { Exact = true }) });

    private static ILocator Row(ILocator table, string name) =>
        table.GetByTestId("item-row").Filter(new() { Has = table.Page.Locator("[data-col=name]").GetByText(name, new() { Exact = true }) });

    private static ILocator Fact(IPage page, string term) => page.GetByTestId("item-facts").Locator($"dd[data-term=\"{term}\"]");

    private static async Task ExpectRowAsync(ILocator table, string name, string type, string size, string mime, string dimensions, string duration, string details)
    {
        var row = Row(table, name);
        await Expect(row.Locator("[data-col=type]")).ToHaveTextAsync(type);
        await Expect(row.Locator("[data-col=size]")).ToHaveTextAsync(size);
        await Expect(row.Locator("[data-col=mime]")).ToHaveTextAsync(mime);
        await Expect(row.Locator("[data-col=dimensions]")).ToHaveTextAsync(dimensions);
        await Expect(row.Locator("[data-col=duration]")).ToHaveTextAsync(duration);
        await Expect(row.Locator("[data-col=details]")).ToHaveTextAsync(details);
    }

    /// <summary>Waits until the image has loaded (lazy ones once in view) and checks it decoded to a picture.</summary>
    private static async Task LoadedAsync(IPage page, ILocator image)
    {
        await image.ScrollIntoViewIfNeededAsync();
        await page.WaitForFunctionAsync("img => img.complete", await image.ElementHandleAsync());
        Assert.True(await image.EvaluateAsync<int>("img => img.naturalWidth") > 0, $"{await image.GetAttributeAsync("src")} did not load");
    }

    /// <summary>The duration a video or audio element read from its source, once it has its metadata.</summary>
    private static async Task<double> MediaDurationAsync(IPage page, ILocator media)
    {
        await page.WaitForFunctionAsync("m => m.readyState >= 1 || m.error", await media.ElementHandleAsync());
        Assert.Null(await media.EvaluateAsync<string?>("m => m.error ? 'media error ' + m.error.code + ': ' + m.error.message : null"));
        return await media.EvaluateAsync<double>("m => m.duration");
    }

    private async Task<ImportJob> ImportAsync(Folder folder, Integration integration, string spec)
    {
        using var content = new StringContent(spec, Encoding.UTF8, "application/json");
        var response = await server.Api.PostAsync(
            new Uri($"/api/v1/folders/{folder.Uuid}/imports?integration={integration.Name}&ignoreErrors=true&fileName=spec.json", UriKind.Relative), content, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Ct));
        var job = (await response.Content.ReadFromJsonAsync(CurioJsonContext.Default.ImportJob, Ct))!;
        for (var i = 0; i < 6; i++)
        {
            var state = (await server.Api.GetFromJsonAsync($"/api/v1/jobs/{job.JobId}?waitSeconds=30", CurioJsonContext.Default.ImportJob, Ct))!;
            if (state.Status != JobStatus.Pending)
            {
                return state;
            }
        }

        throw new TimeoutException($"Import job {job.JobId} did not end within three minutes.");
    }

    private static string Dimensions(Item item) => item is { Width: { } w, Height: { } h } ? $"{w} × {h}" : "";

    /// <summary>What the table should say for a size: bytes under 1 KiB, else one decimal under 10 of the unit.</summary>
    private static string Size(long? bytes)
    {
        if (bytes is not { } size)
        {
            return "";
        }

        if (size < 1024)
        {
            return size.ToString("N0", CultureInfo.InvariantCulture) + " B";
        }

        var (value, unit) = size < 1024 * 1024 ? (size / 1024.0, "KiB") : (size / (1024.0 * 1024), "MiB");
        return value.ToString(value < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " " + unit;
    }
}
