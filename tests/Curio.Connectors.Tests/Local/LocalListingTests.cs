using Curio.Connectors.Tests.Support;

namespace Curio.Connectors.Tests.Local;

public sealed class LocalListingTests(LocalLayout layout) : IClassFixture<LocalLayout>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IObjectSource Source => layout.Source;

    [Fact]
    public async Task Lists_files_recursively_and_skips_escaping_links_and_hidden_files()
    {
        var folder = layout.NewFolder();
        var dir = Path.Join(layout.Root, folder);
        Write(dir, "a.txt", 1);
        Write(dir, "sub/b.txt", 2);
        Write(dir, "sub/deep/c.txt", 3);
        Write(dir, ".hidden", 4);
        Write(dir, ".git/config", 5);
        File.CreateSymbolicLink(Path.Join(dir, "link-in.txt"), Path.Join(dir, "sub/b.txt"));
        File.CreateSymbolicLink(Path.Join(dir, "link-out.txt"), layout.Secret);
        File.CreateSymbolicLink(Path.Join(dir, "dangling.txt"), Path.Join(dir, "gone.txt"));
        Directory.CreateSymbolicLink(Path.Join(dir, "linkdir-out"), layout.Outside);
        Directory.CreateSymbolicLink(Path.Join(dir, "loop"), dir);

        var entries = await ListAsync(folder);

        Assert.Equal(
            [$"{folder}/a.txt", $"{folder}/link-in.txt", $"{folder}/sub/b.txt", $"{folder}/sub/deep/c.txt"],
            entries.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal(2, entries.Single(e => e.Key.EndsWith("link-in.txt", StringComparison.Ordinal)).Size);
        Assert.Equal(3, entries.Single(e => e.Key.EndsWith("c.txt", StringComparison.Ordinal)).Size);
    }

    [Fact]
    public async Task Listed_urls_resolve_and_read()
    {
        var folder = layout.NewFolder();
        var dir = Path.Join(layout.Root, folder);
        Write(dir, "x/one.bin", 10);
        Write(dir, "file:/two.bin", 20);

        foreach (var entry in await ListAsync(folder + "/"))
        {
            var location = Source.Resolve(entry.Url).Location;
            Assert.NotNull(location);
            Assert.Equal(entry.Key, location.Key);
            var head = await Source.ReadHeadAsync(location, 100, Ct);
            Assert.Equal(entry.Size, head.Size);
        }
    }

    [Fact]
    public async Task Empty_prefix_lists_the_whole_root()
    {
        var folder = layout.NewFolder();
        Write(Path.Join(layout.Root, folder), "whole.txt", 1);

        var entries = await ListAsync("");

        Assert.Contains(entries, e => e.Key == $"{folder}/whole.txt");
    }

    [Fact]
    public async Task Listing_is_streamed_and_can_stop_early()
    {
        var folder = layout.NewFolder();
        for (var i = 0; i < 300; i++)
        {
            Write(Path.Join(layout.Root, folder), $"f{i:D3}.txt", 1);
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Source.ListAsync(folder, cts.Token))
            {
                if (++seen == 10)
                {
                    await cts.CancelAsync();
                }
            }
        });
        Assert.Equal(10, seen);
    }

    [Theory]
    [InlineData("../")]
    [InlineData("/etc")]
    public async Task Prefix_outside_the_root_is_refused(string prefix)
    {
        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => ListAsync(prefix));

        Assert.Equal(ObjectErrorKind.Refused, error.Kind);
    }

    [Fact]
    public async Task Prefix_through_a_link_out_of_the_root_is_refused()
    {
        var folder = layout.NewFolder();
        Directory.CreateSymbolicLink(Path.Join(layout.Root, folder, "out"), layout.Outside);

        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => ListAsync($"{folder}/out"));

        Assert.Equal(ObjectErrorKind.Refused, error.Kind);
    }

    [Fact]
    public async Task Missing_prefix_folder_is_NotFound()
    {
        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => ListAsync("no-such-folder"));

        Assert.Equal(ObjectErrorKind.NotFound, error.Kind);
        Assert.Contains("no-such-folder", error.Message, StringComparison.Ordinal);
    }

    private static void Write(string dir, string relative, int length)
    {
        var path = Path.Join(dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, TestBytes.Pattern(length));
    }

    private async Task<List<ObjectEntry>> ListAsync(string prefix)
    {
        var entries = new List<ObjectEntry>();
        await foreach (var entry in Source.ListAsync(prefix, Ct))
        {
            entries.Add(entry);
        }

        return entries;
    }
}
