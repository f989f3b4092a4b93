using Curio.Connectors.Tests.Support;

namespace Curio.Connectors.Tests;

/// <summary>
/// What every <see cref="IObjectSource"/> must do, whatever it reads from. A provider's test class derives from
/// this, implements the hooks and runs every case unchanged; provider-specific behaviour (confinement, SSRF,
/// retries) belongs in the provider's own test class.
/// </summary>
/// <remarks>
/// Test instances are created per case; keep expensive state (servers, buckets, emulators) in a class fixture.
/// Keys come from <see cref="NewKey"/>, so cases never share objects and a shared store needs no cleanup between
/// cases. Only provider-neutral facts are asserted: content types and modification times may be null.
/// </remarks>
public abstract class ObjectSourceCompliance
{
    private const int Small = 100;
    private const int Medium = 10_000;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The source under test, configured so it can read what <see cref="PutObjectAsync"/> stores.</summary>
    protected abstract IObjectSource Source { get; }

    /// <summary>Stores <paramref name="content"/> at <paramref name="key"/> (slash-separated) and returns the spec URL that names it.</summary>
    protected abstract Task<string> PutObjectAsync(string key, byte[] content, CancellationToken cancellationToken);

    /// <summary>The spec URL <see cref="PutObjectAsync"/> would return for <paramref name="key"/>; used for objects that do not exist.</summary>
    protected abstract string UrlFor(string key);

    /// <summary>
    /// Content bytes the store has sent so far, to prove a head read does not fetch the whole object; null where
    /// that cannot be observed (the check is then skipped).
    /// </summary>
    protected virtual long? BytesServed => null;

    /// <summary>The argument of <see cref="IObjectSource.ListAsync"/> that lists the objects under <paramref name="keyPrefix"/> (which ends in '/').</summary>
    protected virtual string ListPrefixFor(string keyPrefix) => UrlFor(keyPrefix);

    /// <summary>False for a source that cannot list (direct URLs); the listing cases are then skipped.</summary>
    protected virtual bool CanList => true;

    /// <summary>True when <see cref="IObjectSource.GetSignedUrlAsync"/> must give a URL (cloud providers).</summary>
    protected virtual bool Signs => false;

    /// <summary>Fetches a signed URL the way a browser would; a provider whose URLs point at the real cloud rewrites them here.</summary>
    protected virtual async Task<byte[]> FetchSignedAsync(Uri url, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        return await http.GetByteArrayAsync(url, cancellationToken);
    }

    protected static string NewKey(string name = "object.bin") => $"compliance/{Guid.NewGuid():N}/{name}";

    [Fact]
    public async Task Resolve_accepts_the_url_it_was_given()
    {
        var url = await PutObjectAsync(NewKey(), TestBytes.Pattern(Small), Ct);

        var resolution = Source.Resolve(url);

        Assert.Null(resolution.Error);
        Assert.NotNull(resolution.Location);
        Assert.Equal(url, resolution.Location.Url);
    }

    [Fact]
    public async Task Head_of_a_small_object_returns_all_bytes_and_the_size()
    {
        var content = TestBytes.Pattern(Small);
        var location = await PutAsync(content);

        var head = await Source.ReadHeadAsync(location, 4096, Ct);

        Assert.Equal(content, head.Bytes.ToArray());
        Assert.Equal(Small, head.Size);
    }

    [Fact]
    public async Task Head_of_a_larger_object_is_cut_at_max_bytes()
    {
        var content = TestBytes.Pattern(Medium);
        var location = await PutAsync(content);

        var head = await Source.ReadHeadAsync(location, 1000, Ct);

        Assert.Equal(content.AsSpan(0, 1000).ToArray(), head.Bytes.ToArray());
        Assert.Equal(Medium, head.Size);
    }

    [Fact]
    public async Task Ranged_read_returns_the_bytes_at_the_offset()
    {
        var content = TestBytes.Pattern(Medium);
        var location = await PutAsync(content);
        var buffer = new byte[500];

        var read = await Source.ReadRangeAsync(location, 1234, buffer, Ct);

        Assert.Equal(500, read);
        Assert.Equal(content.AsSpan(1234, 500).ToArray(), buffer);
    }

    [Fact]
    public async Task Ranged_read_across_the_end_returns_the_rest()
    {
        var content = TestBytes.Pattern(Medium);
        var location = await PutAsync(content);
        var buffer = new byte[500];

        var read = await Source.ReadRangeAsync(location, Medium - 100, buffer, Ct);

        Assert.Equal(100, read);
        Assert.Equal(content.AsSpan(Medium - 100).ToArray(), buffer.AsSpan(0, 100).ToArray());
    }

    [Fact]
    public async Task Ranged_read_at_or_past_the_end_returns_zero()
    {
        var location = await PutAsync(TestBytes.Pattern(Medium));
        var buffer = new byte[10];

        Assert.Equal(0, await Source.ReadRangeAsync(location, Medium, buffer, Ct));
        Assert.Equal(0, await Source.ReadRangeAsync(location, Medium * 2, buffer, Ct));
    }

    [Fact]
    public async Task Empty_object_has_size_zero_and_no_bytes()
    {
        var location = await PutAsync([]);

        var head = await Source.ReadHeadAsync(location, 1024, Ct);
        var stat = await Source.StatAsync(location, Ct);
        var read = await Source.ReadRangeAsync(location, 0, new byte[16], Ct);

        Assert.Equal(0, head.Bytes.Length);
        Assert.Equal(0, head.Size);
        Assert.Equal(0, stat.Size);
        Assert.Equal(0, read);
    }

    [Fact]
    public async Task Stat_gives_the_size()
    {
        var location = await PutAsync(TestBytes.Pattern(Medium));

        var stat = await Source.StatAsync(location, Ct);

        Assert.Equal(Medium, stat.Size);
    }

    [Fact]
    public async Task Missing_object_is_NotFound_and_the_message_names_the_url()
    {
        var url = UrlFor(NewKey("missing.bin"));
        var location = Source.Resolve(url).Location;
        Assert.NotNull(location);

        var head = await Assert.ThrowsAsync<ObjectSourceException>(() => Source.ReadHeadAsync(location, 10, Ct).AsTask());
        var range = await Assert.ThrowsAsync<ObjectSourceException>(() => Source.ReadRangeAsync(location, 0, new byte[10], Ct).AsTask());
        var stat = await Assert.ThrowsAsync<ObjectSourceException>(() => Source.StatAsync(location, Ct).AsTask());

        foreach (var error in new[] { head, range, stat })
        {
            Assert.Equal(ObjectErrorKind.NotFound, error.Kind);
            Assert.Contains(url, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Head_of_a_large_object_reads_only_the_head()
    {
        const int size = 5 * 1024 * 1024;
        const int maxBytes = 64 * 1024;
        var content = TestBytes.Pattern(size);
        var location = await PutAsync(content);
        var before = BytesServed;

        var head = await Source.ReadHeadAsync(location, maxBytes, Ct);

        Assert.Equal(size, head.Size);
        Assert.Equal(content.AsSpan(0, maxBytes).ToArray(), head.Bytes.ToArray());
        if (before is { } start && BytesServed is { } end)
        {
            Assert.InRange(end - start, maxBytes, 2L * maxBytes);
        }
    }

    [Fact]
    public async Task Fifty_parallel_reads_all_get_their_own_bytes()
    {
        const int size = 256 * 1024;
        var content = TestBytes.Pattern(size);
        var location = await PutAsync(content);

        var reads = Enumerable.Range(0, 50).Select(async i =>
        {
            var offset = i * 4099L % (size - 1000);
            var buffer = new byte[1000];
            var read = await Source.ReadRangeAsync(location, offset, buffer, Ct);
            Assert.Equal(1000, read);
            Assert.Equal(content.AsSpan((int)offset, 1000).ToArray(), buffer);
            var head = await Source.ReadHeadAsync(location, 100 + i, Ct);
            Assert.Equal(content.AsSpan(0, 100 + i).ToArray(), head.Bytes.ToArray());
        });

        await Task.WhenAll(reads);
    }

    [Fact]
    public async Task Keys_with_spaces_unicode_and_reserved_characters_round_trip()
    {
        var content = TestBytes.Pattern(Small, seed: 7);
        var url = await PutObjectAsync(NewKey("a dir/ünïcødé + plus & amp #1 (x) 100%.bin"), content, Ct);

        Assert.False(url.Contains(' ', StringComparison.Ordinal), $"{url} has a space; spec URLs may not.");
        var resolution = Source.Resolve(url);
        Assert.True(resolution.Location is not null, resolution.Error);
        var head = await Source.ReadHeadAsync(resolution.Location, 4096, Ct);
        Assert.Equal(content, head.Bytes.ToArray());
    }

    [Fact]
    public async Task Listing_streams_every_object_under_the_prefix_with_urls_that_resolve()
    {
        if (!CanList)
        {
            Assert.Skip("This source cannot list.");
        }

        var prefix = $"compliance/{Guid.NewGuid():N}/list/";
        var expected = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var i = 0; i < 23; i++)
        {
            var relative = i % 5 == 0 ? $"sub/deeper/file-{i:D2}.bin" : i == 3 ? "with space ü.bin" : $"file-{i:D2}.bin";
            var content = TestBytes.Pattern(10 + i, seed: (uint)i + 1);
            expected[relative] = content;
            await PutObjectAsync(prefix + relative, content, Ct);
        }

        await PutObjectAsync($"compliance/{Guid.NewGuid():N}/elsewhere.bin", TestBytes.Pattern(5), Ct);

        var seen = new Dictionary<string, ObjectEntry>(StringComparer.Ordinal);
        await foreach (var entry in Source.ListAsync(ListPrefixFor(prefix), Ct))
        {
            var relative = entry.Key[(entry.Key.IndexOf("/list/", StringComparison.Ordinal) + "/list/".Length)..];
            Assert.True(seen.TryAdd(relative, entry), $"{relative} was listed twice");
        }

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), seen.Keys.Order(StringComparer.Ordinal));
        foreach (var (relative, entry) in seen)
        {
            Assert.Equal(expected[relative].Length, entry.Size);
            var resolution = Source.Resolve(entry.Url);
            Assert.True(resolution.Location is not null, resolution.Error);
            var head = await Source.ReadHeadAsync(resolution.Location, 4096, Ct);
            Assert.Equal(expected[relative], head.Bytes.ToArray());
        }
    }

    [Fact]
    public async Task Signed_url_serves_the_object()
    {
        var content = TestBytes.Pattern(Medium, seed: 3);
        var location = await PutAsync(content);

        var signed = await Source.GetSignedUrlAsync(location, TimeSpan.FromMinutes(5), Ct);

        if (signed is null)
        {
            Assert.False(Signs, "A cloud source must sign URLs.");
            return;
        }

        Assert.Equal(content, await FetchSignedAsync(signed, Ct));
    }

    private async Task<ObjectLocation> PutAsync(byte[] content)
    {
        var url = await PutObjectAsync(NewKey(), content, Ct);
        var resolution = Source.Resolve(url);
        Assert.True(resolution.Location is not null, resolution.Error);
        return resolution.Location;
    }
}
