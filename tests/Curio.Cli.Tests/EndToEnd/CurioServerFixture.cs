using Curio.Cli.Tests.EndToEnd;
using Curio.Sdk;
using Curio.Server;
using Curio.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

[assembly: AssemblyFixture(typeof(CurioServerFixture))]

namespace Curio.Cli.Tests.EndToEnd;

/// <summary>
/// One real Curio server for the end-to-end tests: Kestrel on a free loopback port, a temporary data directory, and a
/// temporary media folder with a few of the repository's samples. Tests share it, so each uses its own names.
/// Imports are paced at 500 units/s in chunks of 50, so a big job is still running when a test cancels it.
/// </summary>
public sealed class CurioServerFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("curio-e2e-data-").FullName;

    /// <summary>A local integration's root: images/testcard.png, images/rule110.png, video/testsrc.mp4, groups/walk/frame-0..3.jpg.</summary>
    public string MediaRoot { get; } = Directory.CreateTempSubdirectory("curio-e2e-media-").FullName;

    public Uri Url { get; private set; } = null!;

    public string Token { get; private set; } = null!;

    public CurioClient Client() => new(Url, Token);

    public async ValueTask InitializeAsync()
    {
        foreach (var file in new[] { "images/testcard.png", "images/rule110.png", "video/testsrc.mp4", "groups/walk/frame-0.jpg", "groups/walk/frame-1.jpg",
            "groups/walk/frame-2.jpg", "groups/walk/frame-3.jpg" })
        {
            var target = Path.Combine(MediaRoot, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(RepositoryRoot(), "samples", file), target);
        }

        _app = CurioHost.Build(
            ["--urls=http://127.0.0.1:0", $"--Curio:DataDirectory={DataDirectory}", "--Curio:Import:MaxUnitsPerSecond=500", "--Curio:Import:ChunkUnits=50"],
            builder => builder.Logging.ClearProviders());
        await _app.StartAsync();
        Url = new Uri(_app.Urls.First());
        Token = _app.Services.GetRequiredService<FirstRunCredentials>().Token
            ?? throw new InvalidOperationException("A new data directory must give first-run credentials.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(DataDirectory, recursive: true);
        Directory.Delete(MediaRoot, recursive: true);
    }

    /// <summary>A name no other test uses.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    public static string RepositoryRoot()
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
