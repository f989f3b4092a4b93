using System.Net;
using Curio.Connectors.Direct;
using Curio.Connectors.Tests.Support;

namespace Curio.Connectors.Tests.Direct;

/// <summary>Which URLs a direct source accepts and which addresses it will connect to, redirects included.</summary>
public sealed class DirectSsrfTests(OriginFixture fixture) : DirectTestBase(fixture), IClassFixture<OriginFixture>
{
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
}
