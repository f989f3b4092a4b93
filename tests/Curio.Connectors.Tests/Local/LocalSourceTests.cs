using Curio.Connectors.Tests.Support;

namespace Curio.Connectors.Tests.Local;

/// <summary>A root folder with a sibling "outside" folder holding a secret the source must never read.</summary>
public sealed class LocalLayout : IDisposable
{
    public LocalLayout()
    {
        Root = Path.Join(Temp.Path, "root");
        Outside = Path.Join(Temp.Path, "outside");
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Outside);
        Secret = Path.Join(Outside, "secret.txt");
        File.WriteAllText(Secret, "top secret");
        Source = Factory.Create(new IntegrationSettings { Provider = IntegrationSettings.Local, Root = Root });
    }

    public TempDir Temp { get; } = new();

    public string Root { get; }

    public string Outside { get; }

    public string Secret { get; }

    public ObjectSourceFactory Factory { get; } = new();

    public IObjectSource Source { get; }

    /// <summary>A fresh folder under the root, so cases do not see each other's files.</summary>
    public string NewFolder()
    {
        var name = Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(Path.Join(Root, name));
        return name;
    }

    public void Dispose()
    {
        Factory.Dispose();
        Temp.Dispose();
    }
}

public sealed class LocalSourceTests(LocalLayout layout) : IClassFixture<LocalLayout>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IObjectSource Source => layout.Source;

    [Theory]
    [InlineData("../x")]
    [InlineData("a/../../x")]
    [InlineData("/etc/passwd")]
    [InlineData("file:///etc/passwd")]
    [InlineData("file://otherhost/etc/passwd")]
    [InlineData("file:///root/%2e%2e/%2e%2e/etc/passwd")]
    [InlineData("s3://bucket/key.png")]
    [InlineData("http://example.com/a.png")]
    [InlineData("")]
    public void Resolve_refuses_what_is_not_under_the_root(string url)
    {
        var resolution = Source.Resolve(url);

        Assert.Null(resolution.Location);
        Assert.NotNull(resolution.Error);
        Assert.Contains(url, resolution.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_refuses_an_absolute_path_outside_and_names_the_root()
    {
        var resolution = Source.Resolve(layout.Secret);

        Assert.Equal(
            $"{layout.Secret} resolves outside the integration root {layout.Root}; only files under the root are read",
            resolution.Error);
    }

    [Fact]
    public void Resolve_refuses_a_sibling_folder_sharing_the_root_as_a_prefix()
    {
        Assert.Null(Source.Resolve(layout.Root + "-evil/x.png").Location);
        Assert.Null(Source.Resolve("../root-evil/x.png").Location);
    }

    [Theory]
    [InlineData("cams/a.png", "cams/a.png")]
    [InlineData("./cams/a.png", "cams/a.png")]
    [InlineData("cams/../b.png", "b.png")]
    [InlineData("cams/a%20b.png", "cams/a%20b.png")]
    public void Resolve_takes_relative_paths_literally_under_the_root(string url, string key)
    {
        var location = Source.Resolve(url).Location;

        Assert.NotNull(location);
        Assert.Equal(url, location.Url);
        Assert.Equal(key, location.Key);
    }

    [Fact]
    public void Resolve_takes_absolute_paths_and_file_urls_under_the_root()
    {
        Assert.Equal("cams/a b.png", Source.Resolve(Path.Join(layout.Root, "cams/a b.png")).Location?.Key);
        Assert.Equal("cams/a b.png", Source.Resolve($"file://{layout.Root}/cams/a%20b.png").Location?.Key);
        Assert.Equal("cams/a b.png", Source.Resolve($"file://localhost{layout.Root}/cams/a%20b.png").Location?.Key);
        Assert.Equal("cams/a b.png", Source.Resolve($"FILE://LOCALHOST{layout.Root}/cams/a%20b.png").Location?.Key);
    }

    [Fact]
    public async Task Percent_encoded_file_url_reads_the_decoded_name()
    {
        var folder = layout.NewFolder();
        await File.WriteAllTextAsync(Path.Join(layout.Root, folder, "a b%.txt"), "hello", Ct);

        var head = await ReadHeadAsync($"file://{layout.Root}/{folder}/a%20b%25.txt");

        Assert.Equal("hello"u8.ToArray(), head.Bytes.ToArray());
    }

    [Fact]
    public async Task Symlinked_file_pointing_outside_is_refused()
    {
        var folder = layout.NewFolder();
        File.CreateSymbolicLink(Path.Join(layout.Root, folder, "link.txt"), layout.Secret);

        await AssertRefusedAsync($"{folder}/link.txt");
    }

    [Fact]
    public async Task Relative_symlink_climbing_out_is_refused()
    {
        var folder = layout.NewFolder();
        File.CreateSymbolicLink(Path.Join(layout.Root, folder, "link.txt"), "../../outside/secret.txt");

        await AssertRefusedAsync($"{folder}/link.txt");
    }

    [Fact]
    public async Task File_under_a_symlinked_folder_pointing_outside_is_refused()
    {
        var folder = layout.NewFolder();
        Directory.CreateSymbolicLink(Path.Join(layout.Root, folder, "linkdir"), layout.Outside);

        await AssertRefusedAsync($"{folder}/linkdir/secret.txt");
    }

    [Fact]
    public async Task Symlink_swapped_in_after_resolve_is_refused()
    {
        var folder = layout.NewFolder();
        var path = Path.Join(layout.Root, folder, "swap.txt");
        await File.WriteAllTextAsync(path, "harmless", Ct);
        var location = Source.Resolve($"{folder}/swap.txt").Location;
        Assert.NotNull(location);
        Assert.Equal("harmless"u8.ToArray(), (await Source.ReadHeadAsync(location, 100, Ct)).Bytes.ToArray());

        File.Delete(path);
        File.CreateSymbolicLink(path, layout.Secret);

        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => Source.ReadHeadAsync(location, 100, Ct).AsTask());
        Assert.Equal(ObjectErrorKind.Refused, error.Kind);
    }

    [Fact]
    public async Task Hand_built_location_cannot_climb_out()
    {
        var location = new ObjectLocation("sneaky", "../outside/secret.txt");

        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => Source.ReadHeadAsync(location, 100, Ct).AsTask());

        Assert.Equal(ObjectErrorKind.Refused, error.Kind);
    }

    [Fact]
    public async Task Symlinks_inside_the_root_are_followed()
    {
        var folder = layout.NewFolder();
        var real = Path.Join(layout.Root, folder, "real");
        Directory.CreateDirectory(real);
        await File.WriteAllTextAsync(Path.Join(real, "data.txt"), "inside", Ct);
        File.CreateSymbolicLink(Path.Join(layout.Root, folder, "alias.txt"), "real/data.txt");
        Directory.CreateSymbolicLink(Path.Join(layout.Root, folder, "aliasdir"), real);

        Assert.Equal("inside"u8.ToArray(), (await ReadHeadAsync($"{folder}/alias.txt")).Bytes.ToArray());
        Assert.Equal("inside"u8.ToArray(), (await ReadHeadAsync($"{folder}/aliasdir/data.txt")).Bytes.ToArray());
    }

    [Fact]
    public async Task A_folder_is_NotFound_and_says_it_is_a_folder()
    {
        var folder = layout.NewFolder();
        var location = Source.Resolve(folder).Location!;

        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => Source.StatAsync(location, Ct).AsTask());

        Assert.Equal(ObjectErrorKind.NotFound, error.Kind);
        Assert.Contains("is a folder", error.Message, StringComparison.Ordinal);
        Assert.Contains(folder, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_file_message_says_where_it_looked()
    {
        var location = Source.Resolve("nope/missing.png").Location!;

        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => Source.StatAsync(location, Ct).AsTask());

        Assert.Equal(
            $"File not found: nope/missing.png (looked for {layout.Root}/nope/missing.png under the integration root)",
            error.Message);
    }

    [Fact]
    public async Task Unreadable_file_is_AccessDenied()
    {
        if (Environment.IsPrivilegedProcess || OperatingSystem.IsWindows())
        {
            Assert.Skip("Needs Unix permissions and an unprivileged user; root reads anything.");
        }

        var folder = layout.NewFolder();
        var path = Path.Join(layout.Root, folder, "locked.txt");
        await File.WriteAllTextAsync(path, "x", Ct);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.None);
        }

        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => ReadHeadAsync($"{folder}/locked.txt"));

        Assert.Equal(ObjectErrorKind.AccessDenied, error.Kind);
        Assert.Contains($"{folder}/locked.txt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stat_gives_the_modification_time()
    {
        var folder = layout.NewFolder();
        var path = Path.Join(layout.Root, folder, "a.txt");
        await File.WriteAllTextAsync(path, "abc", Ct);
        var written = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);
        File.SetLastWriteTimeUtc(path, written.UtcDateTime);

        var stat = await Source.StatAsync(Source.Resolve($"{folder}/a.txt").Location!, Ct);

        Assert.Equal(3, stat.Size);
        Assert.Equal(written, stat.LastModified);
    }

    [Fact]
    public async Task Signed_url_is_null()
    {
        Assert.Null(await Source.GetSignedUrlAsync(new ObjectLocation("a.txt", "a.txt"), TimeSpan.FromMinutes(5), Ct));
    }

    private async Task<ObjectHead> ReadHeadAsync(string url)
    {
        var resolution = Source.Resolve(url);
        Assert.True(resolution.Location is not null, resolution.Error);
        return await Source.ReadHeadAsync(resolution.Location, 1024, Ct);
    }

    private async Task AssertRefusedAsync(string url)
    {
        // The path is lexically inside the root; only the link makes it escape, so Resolve lets it through.
        var location = Source.Resolve(url).Location;
        Assert.NotNull(location);

        var errors = new[]
        {
            await Assert.ThrowsAsync<ObjectSourceException>(() => Source.ReadHeadAsync(location, 100, Ct).AsTask()),
            await Assert.ThrowsAsync<ObjectSourceException>(() => Source.ReadRangeAsync(location, 0, new byte[10], Ct).AsTask()),
            await Assert.ThrowsAsync<ObjectSourceException>(() => Source.StatAsync(location, Ct).AsTask()),
        };
        foreach (var error in errors)
        {
            Assert.Equal(ObjectErrorKind.Refused, error.Kind);
            Assert.Equal($"{url} resolves outside the integration root {layout.Root}; only files under the root are read", error.Message);
        }
    }
}
