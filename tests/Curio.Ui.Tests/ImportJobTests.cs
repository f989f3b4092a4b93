using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Curio.Contracts;
using Curio.Server.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Curio.Ui.Tests;

/// <summary>A browser-test server that cuts imports into chunks of two units, so a job shows progress between its first chunk and its last.</summary>
public sealed class ImportUiServer() : UiServer(new Dictionary<string, string?> { ["Curio:Import:ChunkUnits"] = "2" });

/// <summary>
/// The import jobs in a real browser: the bell (spinner with progress, tick, cross, live), the job page (counts,
/// failed files, the CSV), cancel. An import is held running by a direct integration whose origin answers one file
/// only when the test releases it, so nothing depends on timing.
/// </summary>
public sealed class ImportJobTests(ImportUiServer server) : IClassFixture<ImportUiServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_bell_follows_an_import_from_spinner_to_tick_and_its_page_lists_and_exports_the_failed_files()
    {
        UiServer.RequireChromium();
        using var media = new MediaDirectory();
        await using var origin = await GatedOrigin.StartAsync(media.Path);
        await server.LocalIntegrationAsync(media.Path, "bell-local");
        await DirectIntegrationAsync("bell-origin");
        var strictFolder = await server.FolderAsync("bell-strict");
        var camerasFolder = await server.FolderAsync("bell-cameras");

        // All or nothing with a missing file: the job fails.
        var failed = await SubmitAsync(strictFolder, "bell-local", ["a.jpg", "gone.jpg"], "strict.json", ignoreErrors: false);
        Assert.Equal(JobStatus.Error, (await EndedAsync(failed.JobId)).Status);

        // Six files in chunks of two: the first two chunks (one missing file among them) end, the last waits on its held file.
        string[] urls = [origin.UrlOf("a.jpg"), origin.UrlOf("b.png"), origin.UrlOf("c.jpg"), origin.UrlOf("missing-1.jpg"),
            origin.UrlOf("missing-2.png"), origin.UrlOf("d.jpg", gate: "bell")];
        var held = await SubmitAsync(camerasFolder, "bell-origin", urls, "cameras.json", ignoreErrors: true);

        var page = await server.SignedInPageAsync();
        var bell = page.GetByRole(AriaRole.Button, new() { Name = "Import jobs" });
        await Expect(page.GetByTestId("jobs-running")).ToHaveTextAsync("Running: 1");

        // The keyboard opens it (Enter), focus moves into the panel, Escape closes it and gives focus back.
        await bell.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var panel = page.GetByRole(AriaRole.Dialog, new() { Name = "Import jobs" });
        await Expect(panel).ToBeFocusedAsync();
        await Expect(bell).ToHaveAttributeAsync("aria-expanded", "true");
        var heldRow = panel.Locator($"[data-job='{held.JobId}']");
        var failedRow = panel.Locator($"[data-job='{failed.JobId}']");
        await Expect(heldRow.GetByTestId("job-state")).ToHaveAttributeAsync("data-state", "running");
        await Expect(heldRow.GetByTestId("job-progress")).ToHaveTextAsync("4 / 6 units");
        await Expect(heldRow).ToContainTextAsync("bell-cameras");
        await Expect(heldRow).ToContainTextAsync("cameras.json");
        await Expect(heldRow).ToContainTextAsync("just now");
        await Expect(failedRow.GetByTestId("job-state")).ToHaveAttributeAsync("data-state", "failed");
        await Expect(failedRow).ToContainTextAsync("bell-strict");
        await Expect(panel.GetByTestId("job-row").First).ToHaveAttributeAsync("data-job", held.JobId.ToString()); // newest first
        await page.Keyboard.PressAsync("Escape");
        await Expect(panel).ToBeHiddenAsync();
        await Expect(bell).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(bell).ToBeFocusedAsync();

        // The running job's page, then the release: it turns done by itself, no reload.
        await bell.ClickAsync();
        await heldRow.GetByRole(AriaRole.Link, new() { Name = "bell-cameras" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/jobs/{held.JobId}$"));
        await Expect(panel).ToBeHiddenAsync();
        await Expect(page.GetByTestId("job-status")).ToHaveTextAsync("Processing");
        await Expect(page.GetByTestId("job-progress")).ToHaveTextAsync("4 / 6 units");
        await Expect(page.GetByTestId("count-failed")).ToHaveTextAsync("1");
        origin.Release("bell");
        await Expect(page.GetByTestId("job-status")).ToHaveTextAsync("Done");
        await Expect(page.GetByTestId("job-state").First).ToHaveAttributeAsync("data-state", "done");
        await Expect(page.GetByTestId("count-total")).ToHaveTextAsync("6");
        await Expect(page.GetByTestId("count-done")).ToHaveTextAsync("4");
        await Expect(page.GetByTestId("count-failed")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("count-pending")).ToHaveTextAsync("0");
        await Expect(page.GetByTestId("unit-error-url")).ToHaveTextAsync([urls[3], urls[4]]);
        await Expect(page.GetByTestId("unit-error-message")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("job-folder")).ToHaveTextAsync("/bell-cameras");
        await Expect(page.GetByTestId("job-folder")).ToHaveAttributeAsync("href", $"/folders/{camerasFolder.Uuid}");
        await Expect(page.GetByTestId("job-integration")).ToHaveTextAsync("bell-origin (direct)");
        await Expect(page.GetByTestId("job-file")).ToHaveTextAsync("cameras.json · JSON");
        await Expect(page.GetByTestId("job-ignore-errors")).ToContainTextAsync("Yes");
        await Expect(page.GetByTestId("job-items").Locator("li")).ToHaveCountAsync(4);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel…" })).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Screenshots.Path("ui-job.png") });

        // The export: the API's CSV, byte for byte, under its file name; a header and one row per failed file.
        var api = await server.Api.GetByteArrayAsync(new Uri($"/api/v1/jobs/{held.JobId}/errors.csv", UriKind.Relative), Ct);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download failed files CSV" }).ClickAsync());
        Assert.Equal($"curio-import-{held.JobId}-failed-files.csv", download.SuggestedFilename);
        var csv = await File.ReadAllBytesAsync(await download.PathAsync(), Ct);
        Assert.Equal(api, csv);
        var lines = Encoding.UTF8.GetString(csv).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("object_url,title,item_type,error,action,subtask_uuid", lines[0]);
        Assert.Equal([urls[3], urls[4]], lines.Skip(1).Select(l => l.Split(',')[0]));

        // The bell has followed: a tick with "2 failed" and its own export, the cross of the failed job, nothing running.
        await bell.ClickAsync();
        await Expect(heldRow.GetByTestId("job-state")).ToHaveAttributeAsync("data-state", "done");
        await Expect(heldRow.GetByTestId("job-failed")).ToHaveTextAsync("2 failed");
        await Expect(failedRow.GetByTestId("job-state")).ToHaveAttributeAsync("data-state", "failed");
        await Expect(page.GetByTestId("jobs-running")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Screenshots.Path("ui-bell.png") });
        var fromBell = await page.RunAndWaitForDownloadAsync(() => heldRow.GetByRole(AriaRole.Link, new() { Name = "Download failed files CSV" }).ClickAsync());
        Assert.Equal(api, await File.ReadAllBytesAsync(await fromBell.PathAsync(), Ct));

        // The failed job's page: the cross, all or nothing.
        await failedRow.GetByRole(AriaRole.Link, new() { Name = "bell-strict" }).ClickAsync();
        await Expect(page.GetByTestId("job-status")).ToHaveTextAsync("Failed");
        await Expect(page.GetByTestId("job-state").First).ToHaveAttributeAsync("data-state", "failed");
        await Expect(page.GetByTestId("job-ignore-errors")).ToContainTextAsync("all or nothing");
        await Expect(page.GetByTestId("unit-error-url")).ToHaveTextAsync(["gone.jpg"]);

        await page.GotoAsync($"/jobs/{Guid.NewGuid()}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Job not found" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_running_import_is_cancelled_from_its_page()
    {
        UiServer.RequireChromium();
        using var media = new MediaDirectory();
        await using var origin = await GatedOrigin.StartAsync(media.Path);
        await DirectIntegrationAsync("cancel-origin");
        var folder = await server.FolderAsync("cancel-me");
        var job = await SubmitAsync(folder, "cancel-origin", [origin.UrlOf("a.jpg", gate: "never"), origin.UrlOf("b.png")], "held.json", ignoreErrors: true);

        var page = await server.SignedInPageAsync();
        await page.GotoAsync($"/jobs/{job.JobId}");
        await Expect(page.GetByTestId("job-status")).ToHaveTextAsync("Processing");
        await Expect(page.GetByTestId("job-progress")).ToHaveTextAsync("0 / 2 units");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel…" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel import" }).ClickAsync();

        await Expect(page.GetByTestId("job-status")).ToHaveTextAsync("Cancelled");
        await Expect(page.GetByTestId("job-state").First).ToHaveAttributeAsync("data-state", "cancelled");
        await Expect(page.GetByTestId("count-cancelled")).ToHaveTextAsync("2");
        Assert.Equal(JobStatus.Cancelled, (await EndedAsync(job.JobId)).Status);
    }

    private async Task DirectIntegrationAsync(string name)
    {
        var response = await server.Api.PostAsJsonAsync("/api/v1/integrations",
            new CreateIntegrationRequest { Name = name, Provider = "direct", AllowPrivateNetworks = true }, CurioJsonContext.Default.CreateIntegrationRequest, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
    }

    private async Task<ImportJob> SubmitAsync(Folder folder, string integration, IEnumerable<string> urls, string fileName, bool ignoreErrors)
    {
        var spec = "{\"images\":[" + string.Join(",", urls.Select(u => $"{{\"objectUrl\":\"{u}\"}}")) + "]}";
        using var content = new StringContent(spec, Encoding.UTF8, "application/json");
        var response = await server.Api.PostAsync(
            new Uri($"/api/v1/folders/{folder.Uuid}/imports?integration={integration}&ignoreErrors={ignoreErrors}&fileName={fileName}", UriKind.Relative), content, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync(CurioJsonContext.Default.ImportJob, Ct))!;
    }

    /// <summary>Long polls the API until the job ends.</summary>
    private async Task<ImportJob> EndedAsync(Guid job)
    {
        for (var i = 0; i < 12; i++)
        {
            var state = (await server.Api.GetFromJsonAsync(new Uri($"/api/v1/jobs/{job}?waitSeconds=10", UriKind.Relative), CurioJsonContext.Default.ImportJob, Ct))!;
            if (state.Status != JobStatus.Pending)
            {
                return state;
            }
        }

        throw new TimeoutException($"Job {job} did not end within two minutes.");
    }
}

/// <summary>Real images made with ffmpeg (a.jpg, b.png, c.jpg, d.jpg) in a temporary folder, deleted after the test.</summary>
internal sealed class MediaDirectory : IDisposable
{
    public MediaDirectory()
    {
        MediaTools.Require("ffmpeg");
        Path = Directory.CreateTempSubdirectory("curio-ui-media-").FullName;
        MediaTools.Ffmpeg("-f lavfi -i color=c=0x2456d6:s=64x48 -frames:v 1", System.IO.Path.Combine(Path, "a.jpg"));
        MediaTools.Ffmpeg("-f lavfi -i color=c=0xb42318:s=32x32 -frames:v 1", System.IO.Path.Combine(Path, "b.png"));
        MediaTools.Ffmpeg("-f lavfi -i color=c=0x1a7f37:s=80x60 -frames:v 1", System.IO.Path.Combine(Path, "c.jpg"));
        MediaTools.Ffmpeg("-f lavfi -i color=c=0x141a24:s=48x48 -frames:v 1", System.IO.Path.Combine(Path, "d.jpg"));
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
