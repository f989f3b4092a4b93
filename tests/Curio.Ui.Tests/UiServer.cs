using System.Net.Http.Headers;
using System.Net.Http.Json;
using Curio.Contracts;
using Curio.Server.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Curio.Ui.Tests;

/// <summary>
/// A real Curio server on Kestrel (127.0.0.1, a free port) over a temporary data directory, and Debian's Chromium driven by
/// Playwright. Without /usr/bin/chromium the tests skip locally and fail under CI=true (./test.sh installs it).
/// </summary>
public sealed class UiServer : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("curio-ui-").FullName;

    public Uri BaseAddress { get; private set; } = null!;

    public FirstRunCredentials Credentials { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The API as the first-run admin (bearer token), for seeding what a test needs without the pages it does not test.</summary>
    public HttpClient Api { get; private set; } = null!;

    /// <summary>The server's services, for seeding what a test needs without going through pages it does not test.</summary>
    public IServiceProvider Services => _factory!.Services;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            return;
        }

        // A free port: without "urls" the server takes its fixed default port, which a second test class (or another
        // checkout's test run) on this machine already holds.
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("Curio:DataDirectory", DataDirectory).UseSetting("urls", "http://127.0.0.1:0"));
        _factory.UseKestrel(0);
        _factory.StartServer();
        BaseAddress = _factory.ClientOptions.BaseAddress;
        Credentials = _factory.Services.GetRequiredService<FirstRunCredentials>();
        Api = new HttpClient { BaseAddress = BaseAddress };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Credentials.Token);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>Skips the test (or fails it under CI=true) when Chromium is missing.</summary>
    public static void RequireChromium()
    {
        if (File.Exists(ChromiumPath))
        {
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"{ChromiumPath} is missing: Chromium must be installed under CI (./test.sh installs it).");
        }

        Assert.Skip($"{ChromiumPath} is missing; install Chromium (./test.sh does) to run the browser tests.");
    }

    public async Task<IPage> NewPageAsync()
    {
        RequireChromium();
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>A new browser context signed in as the first-run admin, on the files page.</summary>
    public async Task<IPage> SignedInPageAsync()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("User name").FillAsync(Credentials.UserName!);
        await page.GetByLabel("Password").FillAsync(Credentials.Password!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("folder-title")).ToBeVisibleAsync();
        return page;
    }

    public async Task<Integration> LocalIntegrationAsync(string root, string name)
    {
        var response = await Api.PostAsJsonAsync("/api/v1/integrations", new CreateIntegrationRequest { Name = name, Provider = "local", Root = root },
            CurioJsonContext.Default.CreateIntegrationRequest, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (await response.Content.ReadFromJsonAsync(CurioJsonContext.Default.Integration, TestContext.Current.CancellationToken))!;
    }

    public async Task<Folder> FolderAsync(string path)
    {
        var response = await Api.PostAsJsonAsync("/api/v1/folders", new CreateFolderRequest { Path = path },
            CurioJsonContext.Default.CreateFolderRequest, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (await response.Content.ReadFromJsonAsync(CurioJsonContext.Default.Folder, TestContext.Current.CancellationToken))!;
    }

    public async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        if (_playwright is not null)
        {
            await Browser.DisposeAsync();
            _playwright.Dispose();
        }

        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the temp cleaner.
        }
    }
}

/// <summary>The repository root (where Curio.slnx is), found from the test's output directory.</summary>
internal static class Repo
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Curio.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Curio.slnx) was not found above " + AppContext.BaseDirectory);
    }
}
