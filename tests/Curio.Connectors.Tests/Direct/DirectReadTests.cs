using System.Diagnostics;
using Curio.Connectors.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Curio.Connectors.Tests.Direct;

/// <summary>Reads against awkward origins: retries, status mapping, Range-ignoring servers, timeouts.</summary>
public sealed class DirectReadTests(OriginFixture fixture) : DirectTestBase(fixture), IClassFixture<OriginFixture>
{
    [Fact]
    public async Task Two_503s_then_200_succeeds_on_the_third_attempt()
    {
        var path = $"/flaky/2/{Guid.NewGuid():N}";

        var head = await HeadAsync(Create(options: Fast), Origin.BaseUrl + path);

        Assert.Equal("ok"u8.ToArray(), head.Bytes.ToArray());
        Assert.Equal(3, Origin.HitsOf(path));
    }

    [Fact]
    public async Task Connection_dropped_mid_body_is_retried()
    {
        var path = $"/reset/1/{Guid.NewGuid():N}";

        var head = await HeadAsync(Create(options: Fast), Origin.BaseUrl + path);

        Assert.Equal("ok"u8.ToArray(), head.Bytes.ToArray());
        Assert.Equal(2, Origin.HitsOf(path));
    }

    [Fact]
    public async Task Retry_after_is_waited_out_on_the_injected_clock()
    {
        var path = $"/throttle/10/{Guid.NewGuid():N}";
        var clock = new FakeTimeProvider();
        var factory = Track(new ObjectSourceFactory(
            timeProvider: clock,
            options: Fast with { RequestTimeout = TimeSpan.FromHours(1), MaxRetryDelay = TimeSpan.FromMinutes(1) }));
        var source = factory.Create(new IntegrationSettings { Provider = IntegrationSettings.Direct, AllowPrivateNetworks = true });

        var read = HeadAsync(source, Origin.BaseUrl + path);
        var advanced = TimeSpan.Zero;
        while (!read.IsCompleted && advanced < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(10, Ct);
            clock.Advance(TimeSpan.FromSeconds(1));
            advanced += TimeSpan.FromSeconds(1);
        }

        Assert.Equal("ok"u8.ToArray(), (await read).Bytes.ToArray());
        // Without Retry-After the 1 ms backoff would have finished after the first second.
        Assert.True(advanced >= TimeSpan.FromSeconds(10), $"finished after {advanced} of fake time");
        // And the wait ran on the fake clock, not the real one.
        Assert.True(advanced < TimeSpan.FromMinutes(1), $"finished after {advanced} of fake time");
        Assert.Equal(2, Origin.HitsOf(path));
    }

    [Fact]
    public async Task Endless_503s_give_Unavailable_after_the_configured_attempts()
    {
        var path = $"/status/503/{Guid.NewGuid():N}";
        var url = Origin.BaseUrl + path;

        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => HeadAsync(Create(options: Fast with { MaxAttempts = 4 }), url));

        Assert.Equal(ObjectErrorKind.Unavailable, error.Kind);
        Assert.True(error.IsTransient);
        Assert.Equal($"{url} is unavailable after 4 attempts; last: HTTP 503 Service Unavailable", error.Message);
        Assert.Equal(4, Origin.HitsOf(path));
    }

    [Theory]
    [InlineData(404, ObjectErrorKind.NotFound)]
    [InlineData(410, ObjectErrorKind.NotFound)]
    [InlineData(401, ObjectErrorKind.AccessDenied)]
    [InlineData(403, ObjectErrorKind.AccessDenied)]
    [InlineData(400, ObjectErrorKind.Failed)]
    public async Task Final_statuses_map_to_error_kinds_without_retrying(int status, ObjectErrorKind kind)
    {
        var path = $"/status/{status}/{Guid.NewGuid():N}";
        var url = Origin.BaseUrl + path;

        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => HeadAsync(Create(options: Fast), url));

        Assert.Equal(kind, error.Kind);
        Assert.Contains(url, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, Origin.HitsOf(path));
    }

    [Fact]
    public async Task Forbidden_message_mentions_expired_signatures()
    {
        var url = $"{Origin.BaseUrl}/status/403/{Guid.NewGuid():N}";

        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => HeadAsync(Create(), url));

        Assert.Equal($"access denied (HTTP 403) for {url}; if the URL is pre-signed it may have expired", error.Message);
    }

    [Fact]
    public async Task Server_ignoring_range_still_yields_only_max_bytes_and_the_size()
    {
        var key = NewKey();
        var content = TestBytes.Pattern(5 * 1024 * 1024);
        Origin.Objects[key] = content;
        var source = Create();
        var location = source.Resolve($"{Origin.BaseUrl}/norange/{key}").Location!;

        var head = await source.ReadHeadAsync(location, 1000, Ct);
        var buffer = new byte[100];
        var read = await source.ReadRangeAsync(location, 70_000, buffer, Ct);

        Assert.Equal(content.AsSpan(0, 1000).ToArray(), head.Bytes.ToArray());
        Assert.Equal(content.Length, head.Size);
        Assert.Equal(100, read);
        Assert.Equal(content.AsSpan(70_000, 100).ToArray(), buffer);
    }

    [Fact]
    public async Task Size_is_minus_one_when_the_server_ignores_range_and_sends_no_length()
    {
        var key = NewKey();
        Origin.Objects[key] = TestBytes.Pattern(3000);

        var head = await HeadAsync(Create(), $"{Origin.BaseUrl}/chunked/{key}");

        Assert.Equal(1024, head.Bytes.Length);
        Assert.Equal(-1, head.Size);
    }

    [Fact]
    public async Task Stat_falls_back_to_a_range_get_when_head_is_refused()
    {
        var key = NewKey();
        Origin.Objects[key] = TestBytes.Pattern(4321);
        var source = Create();

        var stat = await source.StatAsync(source.Resolve($"{Origin.BaseUrl}/nohead/{key}").Location!, Ct);

        Assert.Equal(4321, stat.Size);
        Assert.Equal("application/octet-stream", stat.ContentType);
        Assert.Equal(new DateTimeOffset(2025, 4, 1, 12, 0, 0, TimeSpan.Zero), stat.LastModified);
        Assert.Equal(2, Origin.HitsOf($"/nohead/{key}"));
    }

    [Fact]
    public async Task Hanging_origin_times_out_as_Unavailable()
    {
        var url = $"{Origin.BaseUrl}/hang/{Guid.NewGuid():N}";
        var source = Create(options: Fast with { RequestTimeout = TimeSpan.FromMilliseconds(300), MaxAttempts = 2 });
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => HeadAsync(source, url));

        Assert.Equal(ObjectErrorKind.Unavailable, error.Kind);
        Assert.Equal($"{url} is unavailable after 2 attempts; last: no complete answer within 0.3 s", error.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Callers_cancellation_is_not_turned_into_an_error()
    {
        var source = Create();
        var location = source.Resolve($"{Origin.BaseUrl}/hang/{Guid.NewGuid():N}").Location!;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => source.ReadHeadAsync(location, 10, cts.Token).AsTask());
    }

    [Fact]
    public async Task Closed_port_is_Unavailable_after_retries()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}/o/x";

        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => HeadAsync(Create(options: Fast), url));

        Assert.Equal(ObjectErrorKind.Unavailable, error.Kind);
        Assert.StartsWith($"{url} is unavailable after 3 attempts; last: connection failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listing_is_not_supported()
    {
        var error = await Assert.ThrowsAsync<ObjectSourceException>(async () =>
        {
            await foreach (var _ in Create().ListAsync("", Ct))
            {
            }
        });

        Assert.Equal(ObjectErrorKind.Failed, error.Kind);
        Assert.Equal("A direct integration cannot list objects; give every URL in the upload file.", error.Message);
    }

    [Fact]
    public async Task Signed_url_is_the_url_itself()
    {
        var source = Create();
        var location = source.Resolve("https://example.com/a.png?sig=1").Location!;

        Assert.Equal(new Uri("https://example.com/a.png?sig=1"), await source.GetSignedUrlAsync(location, TimeSpan.FromMinutes(1), Ct));
    }

    [Fact]
    public async Task Hand_built_location_with_another_scheme_is_refused()
    {
        var error = await Assert.ThrowsAsync<ObjectSourceException>(
            () => Create().ReadHeadAsync(new ObjectLocation("x", "file:///etc/passwd"), 10, Ct).AsTask());

        Assert.Equal(ObjectErrorKind.Refused, error.Kind);
    }
}
