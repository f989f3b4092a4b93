using System.Diagnostics;
using System.Text;
using Curio.Connectors.Tests.Support;
using Curio.Testing.FakeGcs;
using Microsoft.AspNetCore.Http;

namespace Curio.Connectors.Tests.Gcs;

/// <summary>
/// GCS behaviour beyond the compliance suite: paging, access and existence errors, the retry loop being the only
/// one (faults injected through <see cref="FakeGcsServer.Intercept"/>), service-account tokens and signatures.
/// Tests in a class run one at a time, so a test may set the shared server's hooks; it resets them when done.
/// </summary>
public sealed class GcsSourceTests : IClassFixture<FakeGcsFixture>, IDisposable
{
    private static readonly ObjectSourceOptions Fast = new()
    {
        MaxAttempts = 3,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
    };

    private readonly FakeGcsFixture _fixture;
    private readonly List<IDisposable> _disposables = [];

    public GcsSourceTests(FakeGcsFixture fixture)
    {
        _fixture = fixture;
        Server.Intercept = null;
        Server.RequireAuth = false;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FakeGcsServer Server => _fixture.Server;

    private string Bucket => _fixture.Bucket;

    [Fact]
    public void The_factory_makes_a_gcs_source()
    {
        Assert.Equal("gcs", Anonymous().Provider);
    }

    [Fact]
    public async Task Listing_asks_for_pages_of_the_configured_size_and_skips_folder_markers()
    {
        var prefix = $"paging/{Guid.NewGuid():N}/";
        for (var i = 0; i < 23; i++)
        {
            Server.Put(Bucket, $"{prefix}{(i % 4 == 0 ? "sub/" : "")}item-{i:D2}.bin", TestBytes.Pattern(i + 1));
        }

        Server.Put(Bucket, prefix + "sub/", []);
        Server.Put(Bucket, prefix.TrimEnd('/') + "-sibling.bin", [1]);
        var listRequests = new List<string>();
        Server.Intercept = context =>
        {
            if (context.Request.Path.Value == $"/storage/v1/b/{Bucket}/o")
            {
                lock (listRequests)
                {
                    listRequests.Add(context.Request.QueryString.Value ?? "");
                }
            }

            return Task.FromResult(false);
        };
        var source = Anonymous(Fast with { ListPageSize = 7 });

        var entries = new List<ObjectEntry>();
        await foreach (var entry in source.ListAsync($"gs://{Bucket}/{prefix}", Ct))
        {
            entries.Add(entry);
        }

        // 24 objects under the prefix (the marker included) make pages of 7, 7, 7 and 3.
        Assert.Equal(4, listRequests.Count);
        Assert.All(listRequests, query => Assert.Contains("maxResults=7", query, StringComparison.Ordinal));
        Assert.Equal(23, entries.Count);
        Assert.DoesNotContain(entries, e => e.Key.EndsWith('/'));
        Assert.All(entries, e =>
        {
            Assert.StartsWith(prefix, e.Key, StringComparison.Ordinal);
            Assert.Equal($"gs://{Bucket}/{e.Key}", e.Url);
            Assert.NotNull(e.LastModified);
        });
        Assert.Equal(Enumerable.Range(1, 23).Select(i => (long)i), entries.Select(e => e.Size).Order());
        Assert.Empty(Server.UnhandledRequests);
    }

    [Fact]
    public async Task Listing_a_bare_prefix_needs_a_bucket_setting()
    {
        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => ListAllAsync(Anonymous(), "photos/"));

        Assert.Equal(ObjectErrorKind.Refused, error.Kind);
        Assert.Contains("is not a URL prefix; list with gs://bucket/prefix", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listing_the_whole_bucket_by_an_empty_prefix_under_a_bucket_setting()
    {
        var bucket = $"curio-{Guid.NewGuid():N}";
        Server.Put(bucket, "one.bin", [1]);
        Server.Put(bucket, "two/three.bin", [2, 3]);

        var entries = await ListAllAsync(Anonymous(bucket: bucket), "");

        Assert.Equal(["one.bin", "two/three.bin"], entries.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Denied_bucket_is_AccessDenied_naming_what_to_fix_without_retrying()
    {
        var bucket = $"curio-{Guid.NewGuid():N}";
        Server.Put(bucket, "secret.bin", [1, 2, 3]);
        Server.DenyAccess(bucket);
        using var account = new TestServiceAccount(Server.TokenUri);
        var url = $"gs://{bucket}/secret.bin";
        var anonymous = Anonymous();
        var withKey = WithServiceAccount(account);

        var before = Server.RequestCount;
        var head = await Assert.ThrowsAsync<ObjectSourceException>(() => HeadAsync(anonymous, url));
        Assert.Equal(1, Server.RequestCount - before);
        var stat = await Assert.ThrowsAsync<ObjectSourceException>(() => anonymous.StatAsync(anonymous.Resolve(url).Location!, Ct).AsTask());
        var list = await Assert.ThrowsAsync<ObjectSourceException>(() => ListAllAsync(anonymous, $"gs://{bucket}/"));
        var keyed = await Assert.ThrowsAsync<ObjectSourceException>(() => HeadAsync(withKey, url));

        foreach (var error in new[] { head, stat, list })
        {
            Assert.Equal(ObjectErrorKind.AccessDenied, error.Kind);
            Assert.Contains("the bucket does not allow anonymous reads; give the integration a service-account key", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(ObjectErrorKind.AccessDenied, keyed.Kind);
        Assert.Equal(
            $"Access denied by bucket policy or credentials: {url} (access denied by the bucket's IAM policy or the service account's roles; "
            + "grant it Storage Object Viewer on the bucket)",
            keyed.Message);
    }

    [Fact]
    public async Task Missing_bucket_is_NotFound()
    {
        var bucket = $"curio-missing-{Guid.NewGuid():N}";
        var url = $"gs://{bucket}/x.bin";
        var source = Anonymous();

        var head = await Assert.ThrowsAsync<ObjectSourceException>(() => HeadAsync(source, url));
        var stat = await Assert.ThrowsAsync<ObjectSourceException>(() => source.StatAsync(source.Resolve(url).Location!, Ct).AsTask());
        var list = await Assert.ThrowsAsync<ObjectSourceException>(() => ListAllAsync(source, $"gs://{bucket}/"));

        Assert.All(new[] { head, stat, list }, error => Assert.Equal(ObjectErrorKind.NotFound, error.Kind));
        Assert.Contains("The specified bucket does not exist.", list.Message, StringComparison.Ordinal);
        Assert.Contains(url, head.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_503_then_OK_is_retried_once_and_succeeds()
    {
        var name = $"flaky-{Guid.NewGuid():N}.bin";
        var content = TestBytes.Pattern(3000);
        Server.Put(Bucket, name, content);
        var hits = FailFirst(name, 1, StatusCodes.Status503ServiceUnavailable);
        var source = Anonymous(Fast);

        var head = await HeadAsync(source, $"gs://{Bucket}/{name}");

        Assert.Equal(content.AsSpan(0, 1024).ToArray(), head.Bytes.ToArray());
        Assert.Equal(3000, head.Size);
        Assert.Equal(2, hits());
    }

    [Fact]
    public async Task Metadata_and_listing_503s_are_retried_by_our_loop_too()
    {
        var name = $"flaky-meta-{Guid.NewGuid():N}.bin";
        Server.Put(Bucket, name, TestBytes.Pattern(10));
        var source = Anonymous(Fast);
        var hits = FailFirst(name, 1, StatusCodes.Status503ServiceUnavailable);

        var stat = await source.StatAsync(source.Resolve($"gs://{Bucket}/{name}").Location!, Ct);

        Assert.Equal(10, stat.Size);
        Assert.Equal(2, hits());

        var listHits = 0;
        Server.Intercept = async context =>
        {
            if (context.Request.Path.Value == $"/storage/v1/b/{Bucket}/o" && Interlocked.Increment(ref listHits) == 1)
            {
                await JsonErrorAsync(context, StatusCodes.Status503ServiceUnavailable);
                return true;
            }

            return false;
        };

        var entries = await ListAllAsync(source, $"gs://{Bucket}/{name}");

        Assert.Equal([name], entries.Select(e => e.Key));
        Assert.Equal(2, listHits);
    }

    [Fact]
    public async Task Endless_503s_make_exactly_MaxAttempts_requests_on_every_path()
    {
        var name = $"down-{Guid.NewGuid():N}.bin";
        var url = $"gs://{Bucket}/{name}";
        Server.Put(Bucket, name, TestBytes.Pattern(10));
        var requests = 0;
        Server.Intercept = async context =>
        {
            Interlocked.Increment(ref requests);
            await JsonErrorAsync(context, StatusCodes.Status503ServiceUnavailable);
            return true;
        };
        var source = Anonymous(Fast);
        var location = source.Resolve(url).Location!;

        async Task<ObjectSourceException> Attempt(Func<Task> call)
        {
            Volatile.Write(ref requests, 0);
            var error = await Assert.ThrowsAsync<ObjectSourceException>(call);
            Assert.Equal(3, Volatile.Read(ref requests));
            Assert.Equal(ObjectErrorKind.Unavailable, error.Kind);
            return error;
        }

        var head = await Attempt(() => source.ReadHeadAsync(location, 100, Ct).AsTask());
        await Attempt(() => source.ReadRangeAsync(location, 5, new byte[3], Ct).AsTask());
        await Attempt(() => source.StatAsync(location, Ct).AsTask());
        await Attempt(() => ListAllAsync(source, $"gs://{Bucket}/"));

        Assert.Equal($"{url} is unavailable after 3 attempts; last: Google Cloud Storage answered 503: Backend Error", head.Message);
    }

    [Fact]
    public async Task Connection_dropped_mid_body_is_retried()
    {
        var name = $"reset-{Guid.NewGuid():N}.bin";
        var content = TestBytes.Pattern(500);
        Server.Put(Bucket, name, content);
        var hits = 0;
        Server.Intercept = async context =>
        {
            if (!IsMediaOf(context, name) || Interlocked.Increment(ref hits) > 1)
            {
                return false;
            }

            context.Response.StatusCode = StatusCodes.Status206PartialContent;
            context.Response.Headers.ContentRange = "bytes 0-99/500";
            context.Response.ContentLength = 100;
            await context.Response.Body.WriteAsync(new byte[10], context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            context.Abort();
            return true;
        };
        var source = Anonymous(Fast);
        var buffer = new byte[100];

        var read = await source.ReadRangeAsync(source.Resolve($"gs://{Bucket}/{name}").Location!, 0, buffer, Ct);

        Assert.Equal(100, read);
        Assert.Equal(content.AsSpan(0, 100).ToArray(), buffer);
        Assert.Equal(2, hits);
    }

    [Fact]
    public async Task Hanging_server_times_out_as_Unavailable()
    {
        var name = $"hang-{Guid.NewGuid():N}.bin";
        Server.Put(Bucket, name, [1]);
        Server.Intercept = async context =>
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return true;
        };
        var url = $"gs://{Bucket}/{name}";
        var source = Anonymous(Fast with { RequestTimeout = TimeSpan.FromMilliseconds(300), MaxAttempts = 2 });
        var clock = Stopwatch.StartNew();

        var head = await Assert.ThrowsAsync<ObjectSourceException>(() => HeadAsync(source, url));
        var stat = await Assert.ThrowsAsync<ObjectSourceException>(() => source.StatAsync(source.Resolve(url).Location!, Ct).AsTask());

        Assert.Equal($"{url} is unavailable after 2 attempts; last: no complete answer within 0.3 s", head.Message);
        Assert.Equal(head.Message, stat.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(1000), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Empty_object_answered_with_200_instead_of_416_has_size_zero()
    {
        var name = $"empty-{Guid.NewGuid():N}.bin";
        Server.Put(Bucket, name, []);
        Server.Intercept = context =>
        {
            if (!IsMediaOf(context, name))
            {
                return Task.FromResult(false);
            }

            context.Response.ContentLength = 0;
            return Task.FromResult(true);
        };
        var source = Anonymous();
        var location = source.Resolve($"gs://{Bucket}/{name}").Location!;

        var head = await source.ReadHeadAsync(location, 100, Ct);
        var read = await source.ReadRangeAsync(location, 0, new byte[10], Ct);

        Assert.Equal(0, head.Size);
        Assert.True(head.Bytes.IsEmpty);
        Assert.Equal(0, read);
    }

    [Fact]
    public async Task A_range_ignored_by_the_server_still_gives_the_right_bytes()
    {
        var name = $"norange-{Guid.NewGuid():N}.bin";
        var content = TestBytes.Pattern(200_000);
        Server.Put(Bucket, name, content);
        Server.Intercept = async context =>
        {
            if (!IsMediaOf(context, name))
            {
                return false;
            }

            context.Response.ContentLength = content.Length;
            await context.Response.Body.WriteAsync(content, context.RequestAborted).AsTask().ContinueWith(_ => { }, TaskScheduler.Default);
            return true;
        };
        var source = Anonymous();
        var location = source.Resolve($"gs://{Bucket}/{name}").Location!;
        var buffer = new byte[100];

        var head = await source.ReadHeadAsync(location, 1000, Ct);
        var read = await source.ReadRangeAsync(location, 150_000, buffer, Ct);

        Assert.Equal(content.AsSpan(0, 1000).ToArray(), head.Bytes.ToArray());
        Assert.Equal(content.Length, head.Size);
        Assert.Equal(100, read);
        Assert.Equal(content.AsSpan(150_000, 100).ToArray(), buffer);
    }

    [Fact]
    public async Task Head_of_zero_bytes_reads_only_metadata()
    {
        var name = $"meta-{Guid.NewGuid():N}.json";
        Server.Put(Bucket, name, TestBytes.Pattern(321), "application/json");
        var source = Anonymous();
        var served = Server.BytesServed;

        var head = await source.ReadHeadAsync(source.Resolve($"gs://{Bucket}/{name}").Location!, 0, Ct);

        Assert.Equal(321, head.Size);
        Assert.Equal("application/json", head.ContentType);
        Assert.Equal(served, Server.BytesServed);
    }

    [Fact]
    public async Task Stat_gives_size_content_type_and_update_time()
    {
        var name = $"stat-{Guid.NewGuid():N}.png";
        Server.Put(Bucket, name, TestBytes.Pattern(77), "image/png");
        var source = Anonymous();

        var stat = await source.StatAsync(source.Resolve($"https://{Bucket}.storage.googleapis.com/{name}").Location!, Ct);

        Assert.Equal(77, stat.Size);
        Assert.Equal("image/png", stat.ContentType);
        Assert.NotNull(stat.LastModified);
        Assert.InRange(stat.LastModified.Value, TimeProvider.System.GetUtcNow().AddMinutes(-5), TimeProvider.System.GetUtcNow().AddMinutes(1));
    }

    [Fact]
    public async Task Private_bucket_read_anonymously_is_AccessDenied_saying_credentials_are_needed()
    {
        var name = $"private-{Guid.NewGuid():N}.bin";
        Server.Put(Bucket, name, [1]);
        Server.RequireAuth = true;
        var source = Anonymous();

        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => HeadAsync(source, $"gs://{Bucket}/{name}"));

        Assert.Equal(ObjectErrorKind.AccessDenied, error.Kind);
        Assert.Contains("the bucket requires credentials; give the integration a service-account key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_account_tokens_come_from_the_key_files_token_uri()
    {
        var name = $"authed-{Guid.NewGuid():N}.bin";
        Server.Put(Bucket, name, TestBytes.Pattern(64));
        Server.RequireAuth = true;
        using var account = new TestServiceAccount(Server.TokenUri);
        var source = WithServiceAccount(account);
        var issued = Server.TokensIssued;

        var head = await HeadAsync(source, $"gs://{Bucket}/{name}");
        var stat = await source.StatAsync(source.Resolve($"gs://{Bucket}/{name}").Location!, Ct);
        await HeadAsync(source, $"gs://{Bucket}/{name}");

        Assert.Equal(64, head.Size);
        Assert.Equal(64, stat.Size);
        // Media reads and the storage client share one credential, whose token is cached until it expires.
        Assert.Equal(1, Server.TokensIssued - issued);
    }

    [Fact]
    public async Task A_key_the_token_endpoint_rejects_is_AccessDenied_without_quoting_it()
    {
        var name = $"revoked-{Guid.NewGuid():N}.bin";
        Server.Put(Bucket, name, [1]);
        using var account = new TestServiceAccount(Server.TokenUri);
        Server.Intercept = async context =>
        {
            if (context.Request.Path.Value != "/token")
            {
                return false;
            }

            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"error":"invalid_grant","error_description":"Invalid JWT Signature."}""", context.RequestAborted);
            return true;
        };
        var source = WithServiceAccount(account);

        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => HeadAsync(source, $"gs://{Bucket}/{name}"));

        Assert.Equal(ObjectErrorKind.AccessDenied, error.Kind);
        Assert.Contains("the service-account key was rejected by the OAuth token endpoint (invalid_grant)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_that_cannot_be_loaded_is_refused_at_creation_without_quoting_it()
    {
        var json = """
            {"type":"service_account","client_email":"x@p.iam.gserviceaccount.com","private_key":"-----BEGIN PRIVATE KEY-----\nTk9UQUtFWQ==\n-----END PRIVATE KEY-----\n","token_uri":"http://127.0.0.1:1/token"}
            """;
        using var factory = new ObjectSourceFactory();

        var error = Assert.Throws<ArgumentException>(() => factory.Create(
            new IntegrationSettings { Provider = IntegrationSettings.Gcs, Endpoint = Server.BaseUri.AbsoluteUri },
            new IntegrationSecrets { ServiceAccountJson = json }));

        Assert.StartsWith("The service-account key could not be loaded", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Tk9UQUtFWQ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signed_urls_carry_the_ttl_and_a_tampered_signature_is_refused()
    {
        var name = $"dir/signed {Guid.NewGuid():N}.bin";
        var content = TestBytes.Pattern(1234);
        Server.Put(Bucket, name, content);
        Server.RequireAuth = true;
        using var account = new TestServiceAccount(Server.TokenUri);
        Server.TrustSigner(account.Email, account.PublicKey());
        var source = WithServiceAccount(account);
        var location = source.Resolve(GcsTestUrls.Gs(Bucket, name)).Location!;

        var signed = await source.GetSignedUrlAsync(location, TimeSpan.FromHours(2), Ct);

        Assert.NotNull(signed);
        Assert.Contains("X-Goog-Expires=7200", signed.Query, StringComparison.Ordinal);
        using var http = new HttpClient();
        Assert.Equal(content, await http.GetByteArrayAsync(GcsTestUrls.ToFake(signed, Server), Ct));
        var last = signed.AbsoluteUri[^1];
        var tampered = new Uri(signed.AbsoluteUri[..^1] + (last == '0' ? '1' : '0'));
        using var refused = await http.GetAsync(GcsTestUrls.ToFake(tampered, Server), Ct);
        Assert.Equal(403, (int)refused.StatusCode);
        Assert.Contains("SignatureDoesNotMatch", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_signed_urls_are_the_public_url()
    {
        var source = Anonymous();
        var location = source.Resolve($"gs://{Bucket}/a%20b/%C3%BC.jpg").Location!;

        var url = await source.GetSignedUrlAsync(location, TimeSpan.FromMinutes(5), Ct);

        Assert.Equal($"https://storage.googleapis.com/{Bucket}/a%20b/%C3%BC.jpg", url?.AbsoluteUri);
    }

    public void Dispose()
    {
        Server.Intercept = null;
        Server.RequireAuth = false;
        foreach (var disposable in Enumerable.Reverse(_disposables))
        {
            disposable.Dispose();
        }
    }

    private static async Task<ObjectHead> HeadAsync(IObjectSource source, string url)
    {
        var resolution = source.Resolve(url);
        Assert.True(resolution.Location is not null, resolution.Error);
        return await source.ReadHeadAsync(resolution.Location, 1024, Ct);
    }

    private static async Task<List<ObjectEntry>> ListAllAsync(IObjectSource source, string prefix)
    {
        var entries = new List<ObjectEntry>();
        await foreach (var entry in source.ListAsync(prefix, Ct))
        {
            entries.Add(entry);
        }

        return entries;
    }

    private static bool IsMediaOf(HttpContext context, string name) =>
        context.Request.Query["alt"] == "media" && (context.Request.Path.Value ?? "").EndsWith("/o/" + name, StringComparison.Ordinal);

    private static Task JsonErrorAsync(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(
            $$$"""{"error":{"code":{{{status}}},"message":"Backend Error","errors":[{"reason":"backendError","message":"Backend Error"}]}}""",
            Encoding.UTF8,
            context.RequestAborted);
    }

    /// <summary>Answers the first <paramref name="failures"/> requests naming the object (media or metadata) with a status; returns a hit counter.</summary>
    private Func<int> FailFirst(string name, int failures, int status)
    {
        var hits = 0;
        Server.Intercept = async context =>
        {
            if (!(context.Request.Path.Value ?? "").EndsWith("/o/" + name, StringComparison.Ordinal))
            {
                return false;
            }

            if (Interlocked.Increment(ref hits) > failures)
            {
                return false;
            }

            await JsonErrorAsync(context, status);
            return true;
        };
        return () => Volatile.Read(ref hits);
    }

    private IObjectSource Anonymous(ObjectSourceOptions? options = null, string? bucket = null) =>
        Create(new IntegrationSettings { Provider = IntegrationSettings.Gcs, Endpoint = Server.BaseUri.AbsoluteUri, Anonymous = true, Bucket = bucket }, null, options);

    private IObjectSource WithServiceAccount(TestServiceAccount account, ObjectSourceOptions? options = null) =>
        Create(
            new IntegrationSettings { Provider = IntegrationSettings.Gcs, Endpoint = Server.BaseUri.AbsoluteUri },
            new IntegrationSecrets { ServiceAccountJson = account.Json },
            options);

    private IObjectSource Create(IntegrationSettings settings, IntegrationSecrets? secrets, ObjectSourceOptions? options)
    {
        var factory = new ObjectSourceFactory(options: options ?? Fast);
        _disposables.Add(factory);
        var source = factory.Create(settings, secrets);
        _disposables.Add((IDisposable)source);
        return source;
    }
}
