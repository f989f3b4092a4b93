using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Curio.Contracts;
using Curio.Server.Hosting;
using Curio.Server.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Curio.Ui.Tests;

/// <summary>
/// "+ Upload files" → "Import from cloud data" on a folder's page: upload files checked as they are added, errors shown
/// with their locations before anything is submitted, and the jobs the submit starts, checked through the API.
/// </summary>
public sealed class ImportDialogTests(UiServer server) : IClassFixture<UiServer>, IDisposable
{
    private readonly string _media = Directory.CreateTempSubdirectory("curio-ui-media-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_json_and_a_csv_spec_start_two_jobs_and_the_missing_file_is_one_failed_unit()
    {
        var (folder, integration) = await SeedAsync("cams-ok");
        var page = await OpenFormAsync(folder, integration);
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Import from cloud data" });

        // The documented advice comes with the switch, which is on by default.
        var ignore = dialog.GetByRole(AriaRole.Switch, new() { Name = "Ignore individual file errors" });
        await Expect(ignore).ToBeCheckedAsync();
        await Expect(dialog).ToContainTextAsync("individual file errors then do not lead to the whole upload process being aborted");
        await Expect(dialog).ToContainTextAsync("limit uploads to 100 videos and up to 1000 images at a time");

        await dialog.GetByLabel("Add JSON or CSV files").SetInputFilesAsync(
        [
            UploadFiles.Spec("frames.json", """{"images":[{"objectUrl":"a.png"},{"objectUrl":"b.jpg","title":"b"}]}"""),
            UploadFiles.Spec("more.csv", "ObjectUrl,Image title\na.png,again\nmissing.png,gone\n"),
        ]);
        var rows = dialog.GetByTestId("spec-file");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0).GetByTestId("file-status")).ToHaveTextAsync("Valid");
        await Expect(rows.Nth(0).GetByTestId("file-meta")).ToHaveTextAsync(new Regex(@"^\d+ B · JSON · 2 items, 2 URLs$"));
        await Expect(rows.Nth(1).GetByTestId("file-status")).ToHaveTextAsync("Valid");
        await Expect(rows.Nth(1).GetByTestId("file-meta")).ToHaveTextAsync(new Regex(@"^\d+ B · CSV · 2 items, 2 URLs$"));

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Import 2 files" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(page.GetByTestId("import-confirmation")).ToContainTextAsync("2 import jobs started");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "+ Upload files" })).ToBeFocusedAsync();

        var jobs = await FolderJobsAsync(folder);
        Assert.Equal(2, jobs.Count);
        var json = jobs.Single(j => j.FileName == "frames.json");
        Assert.Equal((JobStatus.Done, "json", true, 2, 0, integration.Uuid), (json.Status, json.Format, json.IgnoreErrors, json.UnitsDoneCount, json.UnitsErrorCount, json.IntegrationUuid));
        var csv = jobs.Single(j => j.FileName == "more.csv");
        Assert.Equal((JobStatus.Done, "csv", true, 1, 1), (csv.Status, csv.Format, csv.IgnoreErrors, csv.UnitsDoneCount, csv.UnitsErrorCount));
        Assert.Equal(["missing.png"], Assert.Single(csv.UnitErrors).ObjectUrls);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Errors_show_inline_with_their_locations_and_block_the_submit_until_the_files_are_removed()
    {
        var (folder, integration) = await SeedAsync("cams-broken");
        var page = await OpenFormAsync(folder, integration);
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Import from cloud data" });
        var add = dialog.GetByLabel("Add JSON or CSV files");
        var submit = dialog.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Import") });
        var reason = dialog.GetByTestId("submit-reason");
        var rows = dialog.GetByTestId("spec-file");

        await add.SetInputFilesAsync([UploadFiles.Spec("good.json", """{"images":[{"objectUrl":"a.png"}]}"""), UploadFiles.Spec("broken.csv", "ObjectUrl,Image title\na.png,A\nb c.png,B\n")]);
        var csv = rows.Filter(new() { HasText = "broken.csv" });
        await Expect(csv.GetByTestId("file-status")).ToHaveTextAsync("1 error");
        await Expect(csv.GetByTestId("file-errors")).ToContainTextAsync(new Regex(@"^line 3(, column \d+)?: .*whitespace", RegexOptions.IgnoreCase));
        await Expect(submit).ToBeDisabledAsync();
        await Expect(reason).ToHaveTextAsync("1 file has errors: remove it, or fix and add again, to import the rest.");
        await page.ScreenshotAsync(new() { Path = Screenshots.Path("ui-import.png") });

        // Files are added to those already there; a second broken one is listed with its JSON path.
        await add.SetInputFilesAsync(UploadFiles.Spec("broken.json", """{"images":[{"objectUrl":"a.png"},{"title":"no url"}]}"""));
        var json = rows.Filter(new() { HasText = "broken.json" });
        await Expect(json.GetByTestId("file-errors")).ToContainTextAsync(new Regex(@"^\$\.images\[1\]: "));
        await Expect(json.GetByTestId("file-errors")).ToContainTextAsync("(item #2)");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(reason).ToHaveTextAsync("2 files have errors: remove them, or fix and add again, to import the rest.");

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Remove broken.csv" }).ClickAsync();
        await Expect(submit).ToBeDisabledAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Remove broken.json" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(submit).ToBeEnabledAsync();
        await Expect(submit).ToHaveTextAsync("Import 1 file");
        await Expect(reason).ToBeEmptyAsync();

        // An image is no upload file: the validator says so, and it blocks the submit like any error.
        var png = Path.Combine(_media, "a.png");
        await add.SetInputFilesAsync(new FilePayload { Name = "a.png", MimeType = "image/png", Buffer = await File.ReadAllBytesAsync(png, Ct) });
        await Expect(rows.Filter(new() { HasText = "a.png" }).GetByTestId("file-errors")).ToContainTextAsync("This is not a JSON or CSV upload file");
        await Expect(submit).ToBeDisabledAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Remove a.png" }).ClickAsync();

        // A file over the server's limit is refused before it is read, with the limit and what to do.
        var import = server.Services.GetRequiredService<IOptions<CurioOptions>>().Value.Import;
        var limit = import.MaxSpecBytes;
        import.MaxSpecBytes = 100;
        try
        {
            await add.SetInputFilesAsync(UploadFiles.Spec("big.json", $$"""{"images":[{"objectUrl":"a.png","title":"{{new string('x', 200)}}"}]}"""));
            var big = rows.Filter(new() { HasText = "big.json" });
            await Expect(big.GetByTestId("file-problem")).ToContainTextAsync(new Regex(@"^This file is \d+ B; this server takes upload files of up to 100 B \(Curio:Import:MaxSpecBytes\)\. Split it"));
            await Expect(big.GetByTestId("file-status")).ToHaveTextAsync("Cannot be imported");
        }
        finally
        {
            import.MaxSpecBytes = limit;
        }

        await Expect(submit).ToBeDisabledAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Remove big.json" }).ClickAsync();
        await Expect(submit).ToBeEnabledAsync();

        // An integration deleted meanwhile refuses the submit with the server's word; the file stays, valid, and the
        // list no longer offers the integration.
        var deleted = await server.Api.DeleteAsync(new Uri($"/api/v1/integrations/{integration.Uuid}", UriKind.Relative), Ct);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, deleted.StatusCode);
        await submit.ClickAsync();
        await Expect(reason).ToContainTextAsync($"No integration is named '{integration.Uuid}'");
        await Expect(rows.GetByTestId("file-status")).ToHaveTextAsync("Valid");
        await Expect(dialog.GetByText("There are no integrations yet").Or(dialog.GetByLabel("Integration"))).ToBeVisibleAsync();
        await Expect(dialog.Locator($"option[value='{integration.Uuid}']")).ToHaveCountAsync(0);

        // Nothing was submitted on the way.
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        Assert.Empty(await FolderJobsAsync(folder));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task By_keyboard_alone_with_the_switch_off_the_job_is_all_or_nothing()
    {
        var (folder, integration) = await SeedAsync("cams-strict");
        var page = await server.SignedInPageAsync();
        await page.GotoAsync($"/folders/{folder.Uuid}");
        await Expect(page.GetByTestId("folder-title")).ToHaveTextAsync(folder.Name);

        // Escape closes the dialog and gives the focus back to the button that opened it.
        var opener = page.GetByRole(AriaRole.Button, new() { Name = "+ Upload files" });
        await opener.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var choose = page.GetByRole(AriaRole.Dialog, new() { Name = "Upload files" });
        await Expect(choose.GetByRole(AriaRole.Button, new() { Name = "Import from cloud data" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(choose).ToBeHiddenAsync();
        await Expect(opener).ToBeFocusedAsync();

        await page.Keyboard.PressAsync("Enter");
        await Expect(choose.GetByRole(AriaRole.Button, new() { Name = "Import from cloud data" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Import from cloud data" });
        var select = dialog.GetByLabel("Integration");
        await Expect(select).ToBeFocusedAsync();
        await select.SelectOptionAsync(new SelectOptionValue { Label = $"{integration.Name} (local)" });

        await page.Keyboard.PressAsync("Tab");
        var add = dialog.GetByLabel("Add JSON or CSV files");
        await Expect(add).ToBeFocusedAsync();
        await add.SetInputFilesAsync(UploadFiles.Spec("strict.json", """{"images":[{"objectUrl":"a.png"},{"objectUrl":"nowhere.png"}]}"""));
        await Expect(dialog.GetByTestId("file-status")).ToHaveTextAsync("Valid");

        var ignore = dialog.GetByRole(AriaRole.Switch, new() { Name = "Ignore individual file errors" });
        await ignore.FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Expect(ignore).Not.ToBeCheckedAsync();
        foreach (var name in new[] { "Back", "Cancel", "Import 1 file" })
        {
            await page.Keyboard.PressAsync("Tab");
            await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = name })).ToBeFocusedAsync();
        }

        // Tabbing on wraps around inside the dialog instead of leaving it.
        await page.Keyboard.PressAsync("Tab");
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Close" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Import 1 file" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(page.GetByTestId("import-confirmation")).ToContainTextAsync("1 import job started");

        var job = Assert.Single(await FolderJobsAsync(folder));
        Assert.Equal((JobStatus.Error, false, "strict.json", 1), (job.Status, job.IgnoreErrors, job.FileName, job.UnitsErrorCount));
        await page.Context.CloseAsync();
    }

    public void Dispose() => Directory.Delete(_media, recursive: true);

    /// <summary>A folder and a local integration over a directory holding a.png and b.jpg (made by ffmpeg).</summary>
    private async Task<(Folder Folder, Integration Integration)> SeedAsync(string name)
    {
        UiServer.RequireChromium();
        MediaTools.Require("ffmpeg");
        MediaTools.Ffmpeg("-f lavfi -i testsrc2=size=64x48 -frames:v 1", Path.Combine(_media, "a.png"));
        MediaTools.Ffmpeg("-f lavfi -i testsrc2=size=64x48 -frames:v 1", Path.Combine(_media, "b.jpg"));
        return (await server.FolderAsync(name), await server.LocalIntegrationAsync(_media, name + "-local"));
    }

    /// <summary>Signs in, opens the folder and the dialog's import form, and picks the integration.</summary>
    private async Task<IPage> OpenFormAsync(Folder folder, Integration integration)
    {
        var page = await server.SignedInPageAsync();
        await page.GotoAsync($"/folders/{folder.Uuid}");
        await Expect(page.GetByTestId("folder-title")).ToHaveTextAsync(folder.Name);
        await page.GetByRole(AriaRole.Button, new() { Name = "+ Upload files" }).ClickAsync();
        var choose = page.GetByRole(AriaRole.Dialog, new() { Name = "Upload files" });
        await Expect(choose).ToHaveAttributeAsync("aria-modal", "true");
        await Expect(choose).ToContainTextAsync("/" + folder.Path);
        await choose.GetByRole(AriaRole.Button, new() { Name = "Import from cloud data" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Import from cloud data" });
        await dialog.GetByLabel("Integration").SelectOptionAsync(new SelectOptionValue { Label = $"{integration.Name} (local)" });
        return page;
    }

    /// <summary>The folder's jobs once they have ended, in full (the list has counts only), as the API reports them.</summary>
    private async Task<List<ImportJob>> FolderJobsAsync(Folder folder)
    {
        var page = await server.Api.GetFromJsonAsync($"/api/v1/jobs?folder={folder.Uuid}", CurioJsonContext.Default.PageImportJob, Ct);
        var jobs = new List<ImportJob>();
        foreach (var listed in page!.Results)
        {
            ImportJob job;
            var tries = 0;
            do
            {
                job = (await server.Api.GetFromJsonAsync($"/api/v1/jobs/{listed.JobId}?waitSeconds=10", CurioJsonContext.Default.ImportJob, Ct))!;
            }
            while (job.Status == JobStatus.Pending && ++tries < 12);

            Assert.NotEqual(JobStatus.Pending, job.Status);
            jobs.Add(job);
        }

        return jobs;
    }
}

/// <summary>The import form on a server without integrations points to where they are made, instead of a dead form.</summary>
public sealed class ImportWithoutIntegrationsTests(UiServer server) : IClassFixture<UiServer>
{
    [Fact]
    public async Task Without_integrations_the_form_links_to_the_integrations_page()
    {
        UiServer.RequireChromium();
        var folder = await server.FolderAsync("no-integrations");
        var page = await server.SignedInPageAsync();
        await page.GotoAsync($"/folders/{folder.Uuid}");
        await page.GetByRole(AriaRole.Button, new() { Name = "+ Upload files" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Import from cloud data" }).ClickAsync();

        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Import from cloud data" });
        await Expect(dialog.GetByTestId("no-integrations")).ToContainTextAsync("There are no integrations yet");
        var link = dialog.GetByRole(AriaRole.Link, new() { Name = "add one under Integrations" });
        await Expect(link).ToHaveAttributeAsync("href", "/integrations");
        await Expect(link).ToBeFocusedAsync();
        await Expect(dialog.GetByLabel("Add JSON or CSV files")).ToHaveCountAsync(0);
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Import 0 files" })).ToHaveCountAsync(0);

        // The root "Files" view has no folder to upload into, so no button.
        await page.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Curio" }).ClickAsync();
        await Expect(page.GetByTestId("folder-title")).ToHaveTextAsync("Files");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "+ Upload files" })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
