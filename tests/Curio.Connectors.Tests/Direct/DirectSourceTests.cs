using System.Diagnostics;
using System.Net;
using Curio.Connectors.Direct;
using Curio.Connectors.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Curio.Connectors.Tests.Direct;

public sealed class DirectSourceTests(OriginFixture fixture) : IClassFixture<OriginFixture>, IDisposable
{
    private static readonly ObjectSourceOptions Fast = new()
    {
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        MaxRetryDelay = TimeSpan.FromMilliseconds(20),
    };

    private readonly List<ObjectSourceFactory> _factories = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestOrigin Origin => fixture.Origin;

    [Theory]
    [InlineData("ftp://example.com/a.png")]
    [InlineData("file:///etc/passwd")]
    [InlineData("s3://bucket/a.png")]
    [InlineData("cams/a.png")]
    [InlineData("/abs/a.png")]
    [InlineData("http://")]
    [InlineData("")]
    public void Resolve_refuses_anything_but_absolute_http_urls(string url)
    {
        var resolution = Create().Resolve(url);

        Assert.Null(resolution.Location);
        Assert.Contains($"'{url}'", resolution.Error, StringComparison.Ordinal);
        Assert.Contains("direct integrations read http(s) URLs", resolution.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://example.com/a.png")]
    [InlineData("https://bucket.s3.amazonaws.com/a.png?X-Amz-Signature=abc")]
    public void Resolve_accepts_http_and_https(string url)
    {
        Assert.Equal(url, Create().Resolve(url).Location?.Url);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task Default_source_refuses_loopback_with_a_helpful_message(string host)
    {
        var key = NewKey();
        Origin.Objects[key] = [1, 2, 3];
        var url = $"http://{host}:{Origin.Port}/o/{key}";

        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => HeadAsync(Create(allowPrivate: false), url));

        Assert.Equal(ObjectErrorKind.Refused, error.Kind);
        Assert.False(error.IsTransient);
        Assert.StartsWith($"{url} resolves to ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(
            ", a loopback address; direct integrations read only public addresses unless created with --allow-private-networks",
            error.Message,
            StringComparison.Ordinal);
        Assert.Equal(0, Origin.HitsOf($"/o/{key}"));
    }

    [Fact]
    public async Task Literal_ip_message_names_the_address()
    {
        var url = $"http://127.0.0.1:{Origin.Port}/o/x";

        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => HeadAsync(Create(allowPrivate: false), url));

        Assert.Equal(
            $"{url} resolves to 127.0.0.1, a loopback address; direct integrations read only public addresses unless created with --allow-private-networks",
            error.Message);
    }

    [Fact]
    public async Task Allowing_private_networks_reads_loopback()
    {
        var key = NewKey();
        Origin.Objects[key] = [1, 2, 3];

        var head = await HeadAsync(Create(allowPrivate: true), $"http://localhost:{Origin.Port}/o/{key}");

        Assert.Equal(new byte[] { 1, 2, 3 }, head.Bytes.ToArray());
    }

    [Fact]
    public async Task Redirect_to_a_forbidden_address_is_refused()
    {
        var key = NewKey();
        Origin.Objects[key] = [7, 8, 9];
        var onlyTwoIsForbidden = Create(
            allowPrivate: false,
            classify: a => a.Equals(IPAddress.Parse("127.0.0.2")) ? AddressCategory.Loopback : AddressCategory.Public);
        var allowedTarget = $"http://127.0.0.1:{Origin.Port}/o/{key}";
        var forbiddenTarget = $"http://127.0.0.2:{Origin.Port}/o/{key}";

        // Control: the same source follows a redirect to an allowed address.
        var head = await HeadAsync(onlyTwoIsForbidden, RedirectTo(allowedTarget));
        Assert.Equal(new byte[] { 7, 8, 9 }, head.Bytes.ToArray());

        var url = RedirectTo(forbiddenTarget);
        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => HeadAsync(onlyTwoIsForbidden, url));

        Assert.Equal(ObjectErrorKind.Refused, error.Kind);
        Assert.Equal(
            $"{url} redirects to {forbiddenTarget}, which resolves to 127.0.0.2, a loopback address; " +
            "direct integrations read only public addresses unless created with --allow-private-networks",
            error.Message);
    }

    [Fact]
    public async Task Redirect_loops_stop_after_the_limit()
    {
        var url = $"{Origin.BaseUrl}/redirect?to=%2Fredirect%3Fto%3D%252Fredirect";
        var source = Create(options: Fast with { MaxRedirects = 1 });

        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => HeadAsync(source, url));

        Assert.Equal(ObjectErrorKind.Failed, error.Kind);
        Assert.Equal($"{url} redirected more than 1 times; direct integrations follow at most 1 redirects", error.Message);
    }

    [Fact]
    public async Task Relative_redirects_are_followed_with_the_range_kept()
    {
        var key = NewKey();
        var content = TestBytes.Pattern(50_000);
        Origin.Objects[key] = content;
        var source = Create();
        var location = source.Resolve(RedirectTo($"/o/{key}")).Location!;
        var buffer = new byte[100];

        var read = await source.ReadRangeAsync(location, 40_000, buffer, Ct);

        Assert.Equal(100, read);
        Assert.Equal(content.AsSpan(40_000, 100).ToArray(), buffer);
    }

    [Fact]
    public async Task Redirect_to_another_scheme_is_not_followed()
    {
        var url = RedirectTo("ftp://example.com/a.png");

        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => HeadAsync(Create(), url));

        Assert.Equal(ObjectErrorKind.Failed, error.Kind);
        Assert.Equal(
            $"{url} redirects to ftp://example.com/a.png, which is not an http(s) URL; direct integrations follow redirects to http(s) only",
            error.Message);
    }

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
        var factory = new ObjectSourceFactory(
            timeProvider: clock,
            options: Fast with { RequestTimeout = TimeSpan.FromHours(1), MaxRetryDelay = TimeSpan.FromMinutes(1) });
        _factories.Add(factory);
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

    public void Dispose()
    {
        foreach (var factory in _factories)
        {
            factory.Dispose();
        }
    }

    private static string NewKey() => $"direct/{Guid.NewGuid():N}.bin";

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<ObjectHead> HeadAsync(IObjectSource source, string url)
    {
        var resolution = source.Resolve(url);
        Assert.True(resolution.Location is not null, resolution.Error);
        return await source.ReadHeadAsync(resolution.Location, 1024, Ct);
    }

    private string RedirectTo(string target) => $"{Origin.BaseUrl}/redirect?to={Uri.EscapeDataString(target)}";

    private IObjectSource Create(bool allowPrivate = true, ObjectSourceOptions? options = null, Func<IPAddress, AddressCategory>? classify = null)
    {
        var factory = new ObjectSourceFactory(null, null, options ?? Fast, classify ?? AddressClassifier.Classify);
        _factories.Add(factory);
        return factory.Create(new IntegrationSettings { Provider = IntegrationSettings.Direct, AllowPrivateNetworks = allowPrivate });
    }
}
