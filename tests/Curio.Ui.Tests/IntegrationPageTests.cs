using System.Net;
using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Curio.Ui.Tests;

/// <summary>The integrations page in a real browser: the list, the add form per provider with the API's own validation, delete.</summary>
public sealed class IntegrationPageTests(UiServer server) : IClassFixture<UiServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Integrations_are_added_per_provider_with_inline_errors_listed_and_deleted_unless_in_use()
    {
        var page = await server.SignedInPageAsync();
        var root = Directory.CreateTempSubdirectory("curio-ui-root-").FullName;
        try
        {
            // Nothing imported yet: the bell says so.
            await page.GetByRole(AriaRole.Button, new() { Name = "Import jobs" }).ClickAsync();
            await Expect(page.GetByTestId("job-panel")).ToContainTextAsync("No imports yet");
            await page.Keyboard.PressAsync("Escape");
            await Expect(page.GetByTestId("job-panel")).ToBeHiddenAsync();

            await page.GetByRole(AriaRole.Link, new() { Name = "Integrations" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Integrations", Exact = true })).ToBeVisibleAsync();
            await Expect(page.GetByText("No integrations yet")).ToBeVisibleAsync();
            var form = page.GetByTestId("integration-form");
            var add = form.GetByRole(AriaRole.Button, new() { Name = "Add integration" });
            var error = page.GetByTestId("integration-error");
            var rows = page.GetByTestId("integration-row");

            // Local: a root that does not exist is refused inline, an existing one is listed.
            await form.GetByLabel("Name", new() { Exact = true }).FillAsync("photos");
            await form.GetByLabel("Provider").SelectOptionAsync("local");
            await form.GetByLabel("Root folder").FillAsync("/nonexistent/curio-ui");
            await add.ClickAsync();
            await Expect(error).ToHaveTextAsync("The root folder '/nonexistent/curio-ui' does not exist or is not a folder.");
            await Expect(rows).ToHaveCountAsync(0);
            await form.GetByLabel("Root folder").FillAsync(root);
            await add.ClickAsync();
            await Expect(page.GetByTestId("integration-created")).ToHaveTextAsync("Added \"photos\".");
            await Expect(error).ToHaveCountAsync(0);
            await Expect(Row(page, "photos")).ToContainTextAsync("local");
            await Expect(Row(page, "photos")).ToContainTextAsync(root);
            await Expect(form.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("");

            // Direct, reading private networks too.
            await form.GetByLabel("Name", new() { Exact = true }).FillAsync("web");
            await form.GetByLabel("Provider").SelectOptionAsync("direct");
            await Expect(form.GetByLabel("Root folder")).ToHaveCountAsync(0);
            await form.GetByLabel("Allow private networks").CheckAsync();
            await add.ClickAsync();
            await Expect(Row(page, "web")).ToContainTextAsync("Any http(s) URL, private networks too");

            // S3: half a key pair is refused; s3-compatible needs its endpoint. Secrets never come back.
            await form.GetByLabel("Name", new() { Exact = true }).FillAsync("frames");
            await form.GetByLabel("Provider").SelectOptionAsync("s3");
            await form.GetByRole(AriaRole.Textbox, new() { Name = "Bucket" }).FillAsync("camera-frames");
            await form.GetByLabel("Access key ID").FillAsync("AKIDEXAMPLE");
            await add.ClickAsync();
            await Expect(error).ToHaveTextAsync("Give both --access-key and --secret-key.");
            await form.GetByLabel("Provider").SelectOptionAsync("s3-compatible");
            await form.GetByRole(AriaRole.Textbox, new() { Name = "Bucket" }).FillAsync("camera-frames");
            await form.GetByLabel("Access key ID").FillAsync("AKIDEXAMPLE");
            await form.GetByLabel("Secret access key").FillAsync("wJalrXUtnFEMI-top-secret");
            await Expect(form.GetByLabel("Secret access key")).ToHaveAttributeAsync("type", "password");
            await add.ClickAsync();
            await Expect(error).ToContainTextAsync("An s3-compatible integration needs the store's endpoint");
            await form.GetByRole(AriaRole.Textbox, new() { Name = "Endpoint" }).FillAsync("http://127.0.0.1:9000");
            await form.GetByLabel("Region").FillAsync("eu-west-1");
            await add.ClickAsync();
            await Expect(Row(page, "frames")).ToContainTextAsync("bucket camera-frames · http://127.0.0.1:9000 · eu-west-1");
            await Expect(Row(page, "frames")).ToContainTextAsync("access-key");
            await Expect(form.GetByLabel("Secret access key")).ToHaveValueAsync("");
            Assert.DoesNotContain("top-secret", await page.ContentAsync(), StringComparison.Ordinal);

            // A public S3 bucket.
            await form.GetByLabel("Name", new() { Exact = true }).FillAsync("open-data");
            await form.GetByLabel("Provider").SelectOptionAsync("s3");
            await form.GetByRole(AriaRole.Textbox, new() { Name = "Bucket" }).FillAsync("open-images");
            await form.GetByLabel("Anonymous (public bucket)").CheckAsync();
            await Expect(form.GetByLabel("Access key ID")).ToHaveCountAsync(0);
            await add.ClickAsync();
            await Expect(Row(page, "open-data")).ToContainTextAsync("anonymous");

            // Azure: an account key needs the endpoint; GCS: the key must be a service-account key.
            await form.GetByLabel("Name", new() { Exact = true }).FillAsync("blobs");
            await form.GetByLabel("Provider").SelectOptionAsync("azure");
            await form.GetByLabel("Account key (with the endpoint)").CheckAsync();
            await form.GetByLabel("Account key", new() { Exact = true }).FillAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes("azure-account-key")));
            await add.ClickAsync();
            await Expect(error).ToHaveTextAsync("Give the blob service endpoint with --endpoint, e.g. https://myaccount.blob.core.windows.net.");
            await form.GetByRole(AriaRole.Textbox, new() { Name = "Endpoint" }).FillAsync("https://curioui.blob.core.windows.net");
            await form.GetByRole(AriaRole.Textbox, new() { Name = "Container" }).FillAsync("media");
            await add.ClickAsync();
            await Expect(Row(page, "blobs")).ToContainTextAsync("container media · https://curioui.blob.core.windows.net");
            await Expect(Row(page, "blobs")).ToContainTextAsync("account-key");

            await form.GetByLabel("Name", new() { Exact = true }).FillAsync("gcs-frames");
            await form.GetByLabel("Provider").SelectOptionAsync("gcs");
            await form.GetByLabel("Service-account key (JSON)").FillAsync("{\"type\":\"authorized_user\"}");
            await add.ClickAsync();
            await Expect(error).ToContainTextAsync("is not a service-account key");
            await Expect(rows).ToHaveCountAsync(5);
            await page.Locator("main").EvaluateAsync("main => main.scrollTo(0, 0)");
            await page.ScreenshotAsync(new() { Path = Screenshots.Path("ui-integrations.png") });

            // Delete: an unused one goes; one an import job uses stays, with the API's reason.
            var folder = await server.FolderAsync("uses-photos");
            using var spec = new StringContent("{\"images\":[{\"objectUrl\":\"a.png\",\"imageMetadata\":{\"width\":8,\"height\":8,\"mimeType\":\"image/png\",\"fileSize\":100}}]}",
                Encoding.UTF8, "application/json");
            var submitted = await server.Api.PostAsync(new Uri($"/api/v1/folders/{folder.Uuid}/imports?integration=photos", UriKind.Relative), spec, Ct);
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);

            await Row(page, "web").GetByRole(AriaRole.Button, new() { Name = "Delete web" }).ClickAsync();
            await Row(page, "web").GetByRole(AriaRole.Button, new() { Name = "Confirm deleting web" }).ClickAsync();
            await Expect(Row(page, "web")).ToHaveCountAsync(0);
            await Expect(rows).ToHaveCountAsync(4);
            await Row(page, "photos").GetByRole(AriaRole.Button, new() { Name = "Delete photos" }).ClickAsync();
            await Row(page, "photos").GetByRole(AriaRole.Button, new() { Name = "Confirm deleting photos" }).ClickAsync();
            await Expect(page.GetByTestId("integration-list-error")).ToHaveTextAsync(
                "Items or import jobs still use the integration 'photos'; delete them first.");
            await Expect(Row(page, "photos")).ToHaveCountAsync(1);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static ILocator Row(IPage page, string name) => page.Locator($"[data-testid='integration-row'][data-name='{name}']");
}
