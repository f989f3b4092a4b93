using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Curio.Connectors.S3;
using Curio.Connectors.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Curio.Connectors.Tests.S3;

/// <summary>
/// S3's answers played from a script between the AWSSDK and the network (no emulator): retries bounded by our options
/// with the SDK's own retries off, error kinds and messages, 416 and range-ignoring stores, timeouts, signing.
/// </summary>
public sealed class S3FaultTests : IDisposable
{
    private const string Url = "s3://bucket/dir/photo.png";
    private const string Endpoint = "http://127.0.0.1:9";
    private const string Secret = "wJalrXUtnFEMI-secret-never-in-messages";

    private static readonly ObjectSourceOptions Fast = new() { RetryBaseDelay = TimeSpan.Zero, MaxAttempts = 3 };
    private static readonly byte[] Content = TestBytes.Pattern(1000);

    private readonly List<IDisposable> _owned = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ObjectLocation Location => new(Url, "bucket/dir/photo.png");

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, "SlowDown")]
    [InlineData(HttpStatusCode.ServiceUnavailable, null)]
    [InlineData(HttpStatusCode.InternalServerError, "InternalError")]
    [InlineData(HttpStatusCode.BadGateway, null)]
    [InlineData(HttpStatusCode.GatewayTimeout, null)]
    [InlineData(HttpStatusCode.TooManyRequests, null)]
    [InlineData(HttpStatusCode.BadRequest, "RequestTimeout")]
    public async Task Transient_errors_are_tried_MaxAttempts_times_then_reported_Unavailable(HttpStatusCode status, string? code)
    {
        var http = S3TestHttp.Scripted((_, _) => S3TestHttp.Error(status, code));
        var source = Source(http);

        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => source.ReadHeadAsync(Location, 100, Ct).AsTask());

        Assert.Equal(ObjectErrorKind.Unavailable, error.Kind);
        Assert.StartsWith($"{Url} is unavailable after 3 attempts; last: S3 answered {(int)status}", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, http.Requests.Count);
    }

    [Fact]
    public async Task A_transient_error_then_success_gives_the_bytes()
    {
        var http = S3TestHttp.Scripted((_, n) => n == 1 ? S3TestHttp.Error(HttpStatusCode.ServiceUnavailable, "SlowDown") : S3TestHttp.Partial(Content, 0, 100));
        var source = Source(http);

        var head = await source.ReadHeadAsync(Location, 100, Ct);

        Assert.Equal(Content.AsSpan(0, 100).ToArray(), head.Bytes.ToArray());
        Assert.Equal(Content.Length, head.Size);
        Assert.Equal("image/png", head.ContentType);
        Assert.Equal(2, http.Requests.Count);
    }

    [Fact]
    public async Task Listing_pages_are_retried_one_by_one()
    {
        var http = S3TestHttp.Scripted((_, n) => n switch
        {
            1 => Listing(["a", "b"], next: "t1"),
            2 => S3TestHttp.Error(HttpStatusCode.ServiceUnavailable, "SlowDown"),
            _ => Listing(["c"], next: null),
        });
        var source = Source(http);

        var keys = await source.ListAsync("s3://bucket/", Ct).Select(e => e.Key).ToListAsync(Ct);

        Assert.Equal(["a", "b", "c"], keys);
        Assert.Equal(3, http.Requests.Count);
        Assert.Contains("continuation-token=t1", http.Requests.Last(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, "AccessDenied", S3Errors.AccessDeniedProblem)]
    [InlineData(HttpStatusCode.Forbidden, null, S3Errors.AccessDeniedProblem)]
    [InlineData(HttpStatusCode.Forbidden, "AllAccessDisabled", S3Errors.AccessDeniedProblem)]
    [InlineData(HttpStatusCode.Forbidden, "InvalidAccessKeyId", S3Errors.KeysRejectedProblem)]
    [InlineData(HttpStatusCode.Forbidden, "SignatureDoesNotMatch", S3Errors.KeysRejectedProblem)]
    [InlineData(HttpStatusCode.BadRequest, "ExpiredToken", "the session token has expired; give the integration new credentials")]
    [InlineData(HttpStatusCode.Unauthorized, null, "the credentials were rejected")]
    public async Task Access_errors_are_final_and_say_what_to_fix(HttpStatusCode status, string? code, string problem)
    {
        // S3 quotes the string to sign (with the access key id) in SignatureDoesNotMatch; none of it may reach a message.
        var http = S3TestHttp.Scripted((_, _) => S3TestHttp.Error(status, code, message: $"scripted AKIDTEST {Secret}"));
        var source = Source(http);

        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => source.StatAsync(Location, Ct).AsTask());

        Assert.Equal(ObjectErrorKind.AccessDenied, error.Kind);
        Assert.Equal($"Access denied by bucket policy or credentials: {Url} ({problem})", error.Message);
        Assert.Single(http.Requests);
    }

    [Theory]
    [InlineData("NoSuchKey", "the bucket bucket has no object with this key")]
    [InlineData("NoSuchBucket", "the bucket bucket does not exist")]
    [InlineData(null, "no such object in the bucket bucket, or no such bucket")]
    public async Task Missing_objects_and_buckets_are_NotFound(string? code, string problem)
    {
        var http = S3TestHttp.Scripted((_, _) => S3TestHttp.Error(HttpStatusCode.NotFound, code));
        var source = Source(http);

        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => source.ReadRangeAsync(Location, 0, new byte[10], Ct).AsTask());

        Assert.Equal(ObjectErrorKind.NotFound, error.Kind);
        Assert.Equal($"Object not found: {Url} ({problem})", error.Message);
        Assert.Single(http.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.MovedPermanently, "PermanentRedirect")]
    [InlineData(HttpStatusCode.BadRequest, "AuthorizationHeaderMalformed")]
    public async Task A_bucket_in_another_region_asks_for_the_region(HttpStatusCode status, string code)
    {
        var http = S3TestHttp.Scripted((_, _) => S3TestHttp.Error(status, code));
        var source = Source(http);

        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => source.ReadHeadAsync(Location, 10, Ct).AsTask());

        Assert.Equal(ObjectErrorKind.Failed, error.Kind);
        Assert.Equal($"{Url}: the bucket bucket is not in the region us-east-1; set the integration's region to the bucket's", error.Message);
        Assert.Single(http.Requests);
    }

    [Fact]
    public async Task Other_errors_fail_with_s3s_code_and_message()
    {
        var http = S3TestHttp.Scripted((_, _) => S3TestHttp.Error(HttpStatusCode.BadRequest, "InvalidArgument", "Invalid range"));
        var source = Source(http);

        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => source.ReadHeadAsync(Location, 10, Ct).AsTask());

        Assert.Equal(ObjectErrorKind.Failed, error.Kind);
        Assert.Equal($"{Url}: S3 answered 400 InvalidArgument: Invalid range", error.Message);
    }

    [Fact]
    public async Task Connection_failures_are_retried_then_Unavailable()
    {
        var http = S3TestHttp.Scripted((_, _, _) =>
            Task.FromException<HttpResponseMessage>(new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused))));
        var source = Source(http);

        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => source.ReadHeadAsync(Location, 10, Ct).AsTask());

        Assert.Equal(ObjectErrorKind.Unavailable, error.Kind);
        Assert.StartsWith($"{Url} is unavailable after 3 attempts; last: connection failed", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, http.Requests.Count);
    }

    [Fact]
    public async Task A_hung_store_costs_RequestTimeout_per_attempt()
    {
        var http = S3TestHttp.Scripted(async (_, _, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return S3TestHttp.Whole(Content);
        });
        var source = Source(http, Fast with { RequestTimeout = TimeSpan.FromMilliseconds(200), MaxAttempts = 2 });

        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => source.ReadHeadAsync(Location, 10, Ct).AsTask());

        Assert.Equal(ObjectErrorKind.Unavailable, error.Kind);
        Assert.Equal($"{Url} is unavailable after 2 attempts; last: no complete answer within 0.2 s", error.Message);
        Assert.Equal(2, http.Requests.Count);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_an_error()
    {
        var http = S3TestHttp.Scripted(async (_, _, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return S3TestHttp.Whole(Content);
        });
        var source = Source(http);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(100);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => source.ReadHeadAsync(Location, 10, cts.Token).AsTask());
        Assert.Single(http.Requests);
    }

    [Fact]
    public async Task A_head_is_one_ranged_get_and_its_size_comes_from_content_range()
    {
        var http = S3TestHttp.Scripted((_, _) => S3TestHttp.Partial(Content, 0, 100));
        var source = Source(http);

        var head = await source.ReadHeadAsync(Location, 100, Ct);

        Assert.Equal(Content.Length, head.Size);
        Assert.Equal("GET 127.0.0.1:9/bucket/dir/photo.png bytes=0-99", Assert.Single(http.Requests).Replace("?x-id=GetObject", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_endpoint_path_precedes_the_bucket_in_requests_and_the_region_is_signed_for()
    {
        var http = S3TestHttp.Scripted((_, _) => S3TestHttp.Partial(Content, 0, 10));
        var settings = new IntegrationSettings { Provider = IntegrationSettings.S3Compatible, Endpoint = "http://127.0.0.1:9/storage/s3/", Region = "eu-de" };
        var source = Source(http, settings: settings);
        var location = source.Resolve("http://127.0.0.1:9/storage/s3/bucket/dir/photo.png").Location!;

        await source.ReadHeadAsync(location, 10, Ct);
        var signed = await source.GetSignedUrlAsync(location, TimeSpan.FromMinutes(1), Ct);

        Assert.StartsWith("GET 127.0.0.1:9/storage/s3/bucket/dir/photo.png", Assert.Single(http.Requests), StringComparison.Ordinal);
        Assert.NotNull(signed);
        Assert.Equal("/storage/s3/bucket/dir/photo.png", signed.AbsolutePath);
        Assert.Contains("%2Feu-de%2Fs3%2Faws4_request", signed.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_total_in_content_range_is_size_minus_one()
    {
        var http = S3TestHttp.Scripted((_, _) =>
        {
            var response = S3TestHttp.Partial(Content, 0, 10);
            response.Content.Headers.Remove("Content-Range");
            response.Content.Headers.TryAddWithoutValidation("Content-Range", "bytes 0-9/*");
            return response;
        });
        var source = Source(http);

        var head = await source.ReadHeadAsync(Location, 10, Ct);

        Assert.Equal(-1, head.Size);
        Assert.Equal(10, head.Bytes.Length);
    }

    [Fact]
    public async Task A_416_is_the_end_of_the_object_not_an_error()
    {
        var http = S3TestHttp.Scripted((_, _) => S3TestHttp.Error(HttpStatusCode.RequestedRangeNotSatisfiable, "InvalidRange"));
        var source = Source(http);

        var read = await source.ReadRangeAsync(Location, 5000, new byte[10], Ct);
        var head = await source.ReadHeadAsync(Location, 10, Ct);

        Assert.Equal(0, read);
        Assert.Equal(0, head.Size);
        Assert.True(head.Bytes.IsEmpty);
        Assert.Equal(2, http.Requests.Count);
    }

    [Fact]
    public async Task A_store_that_ignores_ranges_still_gives_the_right_bytes()
    {
        var http = S3TestHttp.Scripted((_, _) => S3TestHttp.Whole(Content));
        var source = Source(http);

        var head = await source.ReadHeadAsync(Location, 100, Ct);
        var buffer = new byte[50];
        var read = await source.ReadRangeAsync(Location, 300, buffer, Ct);
        var past = await source.ReadRangeAsync(Location, 5000, buffer, Ct);

        Assert.Equal(Content.AsSpan(0, 100).ToArray(), head.Bytes.ToArray());
        Assert.Equal(Content.Length, head.Size);
        Assert.Equal(50, read);
        Assert.Equal(Content.AsSpan(300, 50).ToArray(), buffer);
        Assert.Equal(0, past);
    }

    [Fact]
    public async Task A_range_answer_that_starts_elsewhere_is_a_failure()
    {
        var http = S3TestHttp.Scripted((_, _) => S3TestHttp.Partial(Content, 10, 20));
        var source = Source(http);

        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => source.ReadRangeAsync(Location, 0, new byte[20], Ct).AsTask());

        Assert.Equal(ObjectErrorKind.Failed, error.Kind);
        Assert.Equal(
            $"{Url}: the store answered a range request with Content-Range 'bytes 10-29/1000', expected bytes starting at 0", error.Message);
    }

    [Fact]
    public async Task A_zero_byte_head_is_a_stat()
    {
        var http = S3TestHttp.Scripted((request, _) =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
            response.Content.Headers.ContentLength = 1234;
            response.Content.Headers.TryAddWithoutValidation("Content-Type", "video/mp4");
            response.Content.Headers.LastModified = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
            return response;
        });
        var source = Source(http);

        var head = await source.ReadHeadAsync(Location, 0, Ct);
        var stat = await source.StatAsync(Location, Ct);

        Assert.Equal(1234, head.Size);
        Assert.Equal(new ObjectStat(1234, "video/mp4", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)), stat);
        Assert.All(http.Requests, r => Assert.StartsWith("HEAD ", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Folder_markers_are_not_listed_and_urls_are_canonical()
    {
        var http = S3TestHttp.Scripted((_, _) => Listing(["dir/", "dir/a b+c.png", "dir/sub/"], next: null));
        var source = Source(http);

        var entries = await source.ListAsync("s3://bucket/dir/", Ct).ToListAsync(Ct);

        var entry = Assert.Single(entries);
        Assert.Equal(new ObjectEntry("s3://bucket/dir/a%20b%2Bc.png", "dir/a b+c.png", 3, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)), entry);
        Assert.Contains("prefix=dir%2F", Assert.Single(http.Requests), StringComparison.Ordinal);
        Assert.Contains("encoding-type=url", Assert.Single(http.Requests), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Url_encoded_listings_are_decoded_the_way_s3_encodes_them()
    {
        // S3 may send a space as '+' and always sends '+' as %2B; a control character cannot appear in XML unencoded.
        var http = S3TestHttp.Scripted((_, _) => Listing(["dir/a+b%2Bc.png", "dir/ctl%01.png", "dir/%C3%BC%20%25.png", "dir%2F"], next: null, urlEncoded: true));
        var source = Source(http);

        var entries = await source.ListAsync("s3://bucket/dir", Ct).ToListAsync(Ct);

        Assert.Equal(["dir/a b+c.png", "dir/ctl\u0001.png", "dir/ü %.png"], entries.Select(e => e.Key));
        Assert.Equal(["s3://bucket/dir/a%20b%2Bc.png", "s3://bucket/dir/ctl%01.png", "s3://bucket/dir/%C3%BC%20%25.png"], entries.Select(e => e.Url));
    }

    [Fact]
    public async Task A_refused_listing_prefix_surfaces_on_enumeration()
    {
        var http = S3TestHttp.Scripted((_, _) => Listing([], next: null));
        var source = Source(http);

        var listing = source.ListAsync("photos/", Ct);
        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => listing.ToListAsync(Ct).AsTask());

        Assert.Equal(ObjectErrorKind.Refused, error.Kind);
        Assert.Empty(http.Requests);
    }

    [Fact]
    public async Task Signed_urls_are_v4_presigned_gets_on_the_endpoint_and_carry_no_secret()
    {
        var source = Source(S3TestHttp.Scripted((_, _) => S3TestHttp.Whole(Content)));

        var url = await source.GetSignedUrlAsync(new ObjectLocation("s3://bucket/a b/ü.png", "bucket/a b/ü.png"), TimeSpan.FromMinutes(5), Ct);

        Assert.NotNull(url);
        Assert.StartsWith("http://127.0.0.1:9/bucket/a%20b/%C3%BC.png?", url.AbsoluteUri, StringComparison.Ordinal);
        // The SDK measures the lifetime from its own clock reading, a moment after ours.
        var expires = Regex.Match(url.Query, "X-Amz-Expires=([0-9]+)");
        Assert.InRange(int.Parse(expires.Groups[1].Value, CultureInfo.InvariantCulture), 295, 300);
        Assert.Contains("X-Amz-Credential=AKIDTEST%2F", url.Query, StringComparison.Ordinal);
        Assert.Contains("X-Amz-Signature=", url.Query, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, url.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signed_urls_without_an_endpoint_are_https_in_the_region_and_carry_a_session_token()
    {
        var settings = new IntegrationSettings { Provider = IntegrationSettings.S3, Region = "eu-west-1" };
        var secrets = new IntegrationSecrets { AccessKey = "AKIDTEST", SecretKey = Secret, SessionToken = "session-token" };
        var source = Source(S3TestHttp.Scripted((_, _) => S3TestHttp.Whole(Content)), settings: settings, secrets: secrets);

        var url = await source.GetSignedUrlAsync(Location, TimeSpan.FromHours(1), Ct);

        Assert.NotNull(url);
        Assert.Equal("https", url.Scheme);
        Assert.Equal("bucket.s3.eu-west-1.amazonaws.com", url.Host);
        Assert.Contains("X-Amz-Security-Token=session-token", url.Query, StringComparison.Ordinal);
        Assert.Contains("%2Feu-west-1%2Fs3%2Faws4_request", url.Query, StringComparison.Ordinal);
        Assert.Equal($"bucket/dir/photo.png", source.Resolve(url.GetLeftPart(UriPartial.Path)).Location?.Key);
    }

    [Fact]
    public async Task Anonymous_integrations_hand_out_the_plain_object_url()
    {
        var settings = new IntegrationSettings { Provider = IntegrationSettings.S3Compatible, Endpoint = "https://obs.eu-de.otc.t-systems.com", Anonymous = true };
        var source = Source(S3TestHttp.Scripted((_, _) => S3TestHttp.Whole(Content)), settings: settings, secrets: new IntegrationSecrets());

        var url = await source.GetSignedUrlAsync(new ObjectLocation("s3://bucket/a b.png", "bucket/a b.png"), TimeSpan.FromMinutes(5), Ct);

        Assert.Equal(new Uri("https://obs.eu-de.otc.t-systems.com/bucket/a%20b.png"), url);
    }

    [Fact]
    public async Task Signed_url_lifetimes_beyond_seven_days_are_refused()
    {
        var source = Source(S3TestHttp.Scripted((_, _) => S3TestHttp.Whole(Content)));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => source.GetSignedUrlAsync(Location, TimeSpan.FromDays(8), Ct).AsTask());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => source.GetSignedUrlAsync(Location, TimeSpan.Zero, Ct).AsTask());
    }

    [Fact]
    public void The_factory_makes_both_providers_as_disposable_sources()
    {
        using var factory = new ObjectSourceFactory();
        var secrets = new IntegrationSecrets { AccessKey = "AKIDTEST", SecretKey = Secret };

        var s3 = factory.Create(new IntegrationSettings { Provider = IntegrationSettings.S3, Region = "eu-central-1" }, secrets);
        var compatible = factory.Create(new IntegrationSettings { Provider = IntegrationSettings.S3Compatible, Endpoint = "https://minio.example.com" }, secrets);

        Assert.Equal("s3", s3.Provider);
        Assert.Equal("s3-compatible", compatible.Provider);
        Assert.Equal("bucket/k", s3.Resolve("https://bucket.s3.eu-central-1.amazonaws.com/k").Location?.Key);
        Assert.Equal("bucket/k", compatible.Resolve("https://minio.example.com/bucket/k").Location?.Key);
        Assert.IsAssignableFrom<IDisposable>(s3);
        ((IDisposable)s3).Dispose();
        ((IDisposable)compatible).Dispose();
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }

    private S3ObjectSource Source(
        S3TestHttp http, ObjectSourceOptions? options = null, IntegrationSettings? settings = null, IntegrationSecrets? secrets = null)
    {
        var source = new S3ObjectSource(
            settings ?? new IntegrationSettings { Provider = IntegrationSettings.S3, Endpoint = Endpoint, PathStyle = true },
            secrets ?? new IntegrationSecrets { AccessKey = "AKIDTEST", SecretKey = Secret },
            options ?? Fast,
            TimeProvider.System,
            NullLogger.Instance,
            http);
        _owned.Add(source);
        _owned.Add(http);
        return source;
    }

    private static HttpResponseMessage Listing(string[] keys, string? next, bool urlEncoded = false)
    {
        var contents = string.Concat(keys.Select(k =>
            $"<Contents><Key>{System.Security.SecurityElement.Escape(k)}</Key><LastModified>2026-01-02T03:04:05.000Z</LastModified><ETag>\"e\"</ETag><Size>{(k.EndsWith('/') || k.EndsWith("%2F", StringComparison.Ordinal) ? 0 : 3)}</Size><StorageClass>STANDARD</StorageClass></Contents>"));
        var truncated = next is null ? "<IsTruncated>false</IsTruncated>" : $"<IsTruncated>true</IsTruncated><NextContinuationToken>{next}</NextContinuationToken>";
        var xml = $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>bucket</Name><KeyCount>{keys.Length}</KeyCount><MaxKeys>1000</MaxKeys>{(urlEncoded ? "<EncodingType>url</EncodingType>" : "")}{truncated}{contents}</ListBucketResult>";
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(xml, System.Text.Encoding.UTF8, "application/xml") };
    }
}
