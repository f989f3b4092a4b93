using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Curio.Ui.Tests;

/// <summary>The import flow's first pages in a real browser: sign-in, the folder tree (create, nest, rename), sign-out.</summary>
public sealed partial class SignInAndFolderTests(UiServer server) : IClassFixture<UiServer>
{
    [Fact]
    public async Task Api_without_a_token_still_answers_401_problem_and_ui_pages_redirect_to_sign_in()
    {
        UiServer.RequireChromium();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        var api = await http.GetAsync(new Uri("/api/v1/folders", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);

        var page = await http.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/signin", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_manage_folders_and_sign_out()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(SignInUrl());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Curio" })).ToBeVisibleAsync();

        // A wrong password is refused with a message, and the form stays.
        await page.GetByLabel("User name").FillAsync(server.Credentials.UserName!);
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByTestId("signin-error")).ToHaveTextAsync("The user name or password is wrong.");
        await page.ScreenshotAsync(new() { Path = Screenshots.Path("ui-signin.png") });

        // The right one lands on the files page; the keyboard alone is enough (Enter submits).
        await page.GetByLabel("User name").FillAsync(server.Credentials.UserName!);
        await page.GetByLabel("Password").FillAsync(server.Credentials.Password!);
        await page.GetByLabel("Password").PressAsync("Enter");
        await Expect(page.GetByTestId("folder-title")).ToHaveTextAsync("Files");
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync(server.Credentials.UserName!);

        // The UI's cookie (HttpOnly, SameSite=Strict) is not an API credential: /api/v1 still wants a bearer token.
        var api = await page.Context.APIRequest.GetAsync("/api/v1/folders");
        Assert.Equal(401, api.Status);
        Assert.Contains(await page.Context.CookiesAsync(), c => c is { Name: "curio_ui", HttpOnly: true, SameSite: SameSiteAttribute.Strict });

        // A root folder, selected once made.
        var name = page.GetByLabel("New folder");
        await name.FillAsync("cams");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create at root" }).ClickAsync();
        await Expect(page.GetByTestId("folder-title")).ToHaveTextAsync("cams");
        var tree = page.GetByTestId("folder-tree");
        await Expect(tree.GetByRole(AriaRole.Button, new() { Name = "cams", Exact = true })).ToHaveAttributeAsync("aria-current", "true");

        // Nested under the selected one, typed and submitted with Enter.
        await name.FillAsync("front");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create in cams" })).ToBeEnabledAsync();
        await name.PressAsync("Enter");
        await Expect(page.GetByTestId("folder-path")).ToHaveTextAsync("/cams/front");
        await Expect(tree.GetByRole(AriaRole.Button, new() { Name = "Collapse cams" })).ToHaveAttributeAsync("aria-expanded", "true");

        // A second child, then renaming it to the first one's name is refused inline; another name works.
        await page.GetByRole(AriaRole.Link, new() { Name = "Curio" }).ClickAsync();
        await tree.GetByRole(AriaRole.Button, new() { Name = "cams", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("folder-title")).ToHaveTextAsync("cams");
        await name.FillAsync("rear");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create in cams" }).ClickAsync();
        await Expect(page.GetByTestId("folder-path")).ToHaveTextAsync("/cams/rear");

        await page.GetByRole(AriaRole.Button, new() { Name = "Rename \"rear\"" }).ClickAsync();
        var rename = page.GetByLabel("Rename \"rear\"");
        await Expect(rename).ToBeFocusedAsync();
        await rename.FillAsync("front");
        await rename.PressAsync("Enter");
        await Expect(page.GetByTestId("rename-error")).ToContainTextAsync("already has a folder named 'front'");

        await rename.FillAsync("back");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByTestId("folder-title")).ToHaveTextAsync("back");
        await Expect(page.GetByTestId("folder-path")).ToHaveTextAsync("/cams/back");
        await Expect(tree.GetByRole(AriaRole.Button, new() { Name = "back", Exact = true })).ToBeVisibleAsync();
        await Expect(tree.GetByRole(AriaRole.Button, new() { Name = "rear", Exact = true })).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Screenshots.Path("ui-files.png") });

        // A name already taken at creation is refused inline too.
        await tree.GetByRole(AriaRole.Button, new() { Name = "cams", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("folder-title")).ToHaveTextAsync("cams");
        await name.FillAsync("back");
        await name.PressAsync("Enter");
        await Expect(page.GetByTestId("create-error")).ToContainTextAsync("already has a folder named 'back'");

        // Sign-out clears the cookie: the files page sends to sign-in again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(SignInUrl());
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(SignInUrl());
        await page.Context.CloseAsync();
    }

    [GeneratedRegex("/signin")]
    private static partial Regex SignInUrl();
}
