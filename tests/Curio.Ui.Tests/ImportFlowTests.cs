using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Curio.Ui.Tests;

/// <summary>
/// The documented import flow end to end, as one user does it in one browser session and only through the pages:
/// sign in, add an integration, create a folder, import a JSON and a CSV upload file (the CSV with a file that is not
/// there, the "ignore individual file errors" switch on), watch the bell go from spinner to tick while the folder's
/// grid fills by itself, open the job, download its failed-files CSV, open an item.
/// </summary>
public sealed partial class ImportFlowTests(ImportUiServer server) : IClassFixture<ImportUiServer>
{
    [Fact]
    public async Task Sign_in_create_a_folder_import_json_and_csv_follow_the_bell_export_the_failures_and_open_an_item()
    {
        UiServer.RequireChromium();
        using var media = new MediaDirectory();
        await using var origin = await GatedOrigin.StartAsync(media.Path);

        // Sign in through the form (the redirect to it is SignInAndFolderTests').
        var page = await server.SignedInPageAsync();
        await Expect(page.GetByTestId("folder-title")).ToHaveTextAsync("Files");

        // A direct integration (the origin is on 127.0.0.1, so private networks are allowed).
        await page.GetByRole(AriaRole.Link, new() { Name = "Integrations" }).ClickAsync();
        var form = page.GetByTestId("integration-form");
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync("origin");
        await form.GetByLabel("Provider").SelectOptionAsync("direct");
        await form.GetByLabel("Allow private networks").CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Add integration" }).ClickAsync();
        await Expect(page.GetByTestId("integration-created")).ToHaveTextAsync("Added \"origin\".");

        // A folder, made in the tree.
        await page.GetByRole(AriaRole.Link, new() { Name = "Files" }).ClickAsync();
        await page.GetByLabel("New folder").FillAsync("street");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create at root" }).ClickAsync();
        await Expect(page.GetByTestId("folder-title")).ToHaveTextAsync("street");
        await Expect(page.GetByTestId("no-items")).ToBeVisibleAsync();

        // Two upload files: JSON with three images, the last held by the origin until released; CSV with one image
        // and one that is not there. The switch stays on, as the dialog advises.
        await page.GetByRole(AriaRole.Button, new() { Name = "+ Upload files" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Import from cloud data" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Import from cloud data" });
        await dialog.GetByLabel("Integration").SelectOptionAsync(new SelectOptionValue { Label = "origin (direct)" });
        await Expect(dialog.GetByRole(AriaRole.Switch, new() { Name = "Ignore individual file errors" })).ToBeCheckedAsync();
        var missing = origin.UrlOf("missing.jpg");
        await dialog.GetByLabel("Add JSON or CSV files").SetInputFilesAsync(
        [
            UploadFiles.Spec("street.json", $$$"""
                {"images": [
                  {"objectUrl": "{{{origin.UrlOf("a.jpg")}}}", "title": "corner.jpg", "clientMetadata": {"camera": "north", "hour": 7}},
                  {"objectUrl": "{{{origin.UrlOf("b.png")}}}", "title": "sign.png"},
                  {"objectUrl": "{{{origin.UrlOf("c.jpg", gate: "street")}}}", "title": "crossing.jpg"}
                ]}
                """),
            UploadFiles.Spec("more.csv", $"ObjectUrl,Image title\n{origin.UrlOf("d.jpg")},lamp.jpg\n{missing},gone.jpg\n"),
        ]);
        await Expect(dialog.GetByTestId("file-status")).ToHaveTextAsync(["Valid", "Valid"]);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Import 2 files" }).ClickAsync();
        await Expect(page.GetByTestId("import-confirmation")).ToContainTextAsync("2 import jobs started");

        // The bell: the JSON job spins with its progress, the CSV one has its tick and one failure.
        var bell = page.GetByRole(AriaRole.Button, new() { Name = "Import jobs" });
        await bell.ClickAsync();
        var panel = page.GetByRole(AriaRole.Dialog, new() { Name = "Import jobs" });
        var json = panel.GetByTestId("job-row").Filter(new() { HasText = "street.json" });
        var csv = panel.GetByTestId("job-row").Filter(new() { HasText = "more.csv" });
        await Expect(json.GetByTestId("job-state")).ToHaveAttributeAsync("data-state", "running");
        await Expect(json.GetByTestId("job-progress")).ToHaveTextAsync("2 / 3 units");
        await Expect(csv.GetByTestId("job-state")).ToHaveAttributeAsync("data-state", "done");
        await Expect(csv.GetByTestId("job-failed")).ToHaveTextAsync("1 failed");

        // Meanwhile the folder's grid shows what is registered so far, without a reload; the release finishes the job.
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByTestId("item-count")).ToContainTextAsync("3 items");
        origin.Release("street");
        await Expect(page.GetByTestId("item-count")).ToContainTextAsync("4 items");
        await Expect(page.GetByTestId("item-grid").GetByTestId("item-name")).ToHaveCountAsync(4);
        await bell.ClickAsync();
        await Expect(json.GetByTestId("job-state")).ToHaveAttributeAsync("data-state", "done");
        await Expect(json.GetByTestId("job-failed")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("jobs-running")).ToHaveCountAsync(0);

        // The CSV's job: its counts and its one failed file, exported as a CSV with one row for it.
        await csv.GetByRole(AriaRole.Link, new() { Name = "street" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(JobUrl());
        await Expect(page.GetByTestId("job-status")).ToHaveTextAsync("Done");
        await Expect(page.GetByTestId("count-total")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("count-done")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("count-failed")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("unit-error-url")).ToHaveTextAsync([missing]);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download failed files CSV" }).ClickAsync());
        var rows = (await File.ReadAllTextAsync(await download.PathAsync(), Encoding.UTF8, TestContext.Current.CancellationToken))
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("object_url,title,item_type,error,action,subtask_uuid", rows[0]);
        var failed = Assert.Single(rows.Skip(1));
        Assert.StartsWith($"{missing},gone.jpg,image,", failed, StringComparison.Ordinal);

        // Back to the folder through the job's link, and into an item: its picture and its custom metadata.
        await page.GetByTestId("job-folder").ClickAsync();
        await page.GetByTestId("item-grid").GetByRole(AriaRole.Link, new() { Name = "corner.jpg" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "corner.jpg" })).ToBeVisibleAsync();
        var picture = page.GetByTestId("preview").Locator("img");
        await Expect(picture).ToHaveJSPropertyAsync("complete", true);
        Assert.Equal(64, await picture.EvaluateAsync<int>("img => img.naturalWidth"));
        // Stored as PostgreSQL's jsonb keeps it (as Encord documents): shorter keys first.
        await Expect(page.GetByTestId("custom-metadata")).ToHaveTextAsync("{\n  \"hour\": 7,\n  \"camera\": \"north\"\n}");
        await page.Context.CloseAsync();
    }

    [GeneratedRegex("/jobs/[0-9a-f-]{36}$")]
    private static partial Regex JobUrl();
}
