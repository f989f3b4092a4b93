using System.Globalization;
using System.Text.RegularExpressions;
using Amazon.S3;
using Curio.Connectors.S3;
using Curio.Connectors.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Curio.Connectors.Tests.S3;

/// <summary>
/// S3 behaviour beyond the compliance suite, against moto: paging, missing buckets, bucket restrictions, anonymous
/// reads, signed URLs of awkward keys, virtual-hosted addressing. moto accepts any credentials, so rejected keys are
/// covered by <see cref="S3FaultTests"/> instead.
/// </summary>
public sealed class S3SourceTests(MotoBucket bucket) : IClassFixture<MotoBucket>, IDisposable
{
    private readonly List<IDisposable> _owned = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Listing_pages_through_more_objects_than_a_page_holds()
    {
        var prefix = $"paging/{Guid.NewGuid():N}/";
        var expected = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            expected.Add($"{prefix}file-{i:D2}.bin");
            await bucket.PutAsync(expected[^1], TestBytes.Pattern(i + 1), Ct);
        }

        await bucket.PutAsync($"{prefix}folder/", [], Ct);
        await bucket.PutAsync($"{prefix}folder/inner.bin", [1, 2, 3], Ct);
        expected.Add($"{prefix}folder/inner.bin");
        var http = S3TestHttp.Forwarding();
        var source = Source(S3Settings(), new ObjectSourceOptions { ListPageSize = 7 }, http);

        var entries = await source.ListAsync($"s3://{bucket.Name}/{prefix}", Ct).ToListAsync(Ct);

        Assert.Equal(expected.Order(StringComparer.Ordinal), entries.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.All(entries, e => Assert.Equal($"s3://{bucket.Name}/{e.Key}", e.Url));
        Assert.Equal(3, entries.Single(e => e.Key.EndsWith("inner.bin", StringComparison.Ordinal)).Size);
        Assert.All(entries, e => Assert.NotNull(e.LastModified));

        // 22 keys (the folder marker included) in pages of 7.
        var pages = http.Requests.Where(r => r.Contains("list-type=2", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, pages.Count);
        Assert.All(pages, p => Assert.Contains("max-keys=7", p, StringComparison.Ordinal));
        Assert.All(pages.Skip(1), p => Assert.Contains("continuation-token=", p, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Keys_that_xml_and_urls_treat_specially_list_and_read_back()
    {
        var prefix = $"awkward/{Guid.NewGuid():N}/";
        string[] names = ["a+b.bin", "100% sure.bin", "x&y<z>.bin", "q?#.bin", "ünï cødé.bin", "tilde~.bin", "dir//double.bin", "control\u0001char.bin", "plus+and space.bin"];
        foreach (var name in names)
        {
            await bucket.PutAsync(prefix + name, TestBytes.Pattern(name.Length, seed: (uint)name.Length), Ct);
        }

        var source = Source(S3Settings());

        var entries = await source.ListAsync($"s3://{bucket.Name}/{prefix}", Ct).ToListAsync(Ct);

        Assert.Equal(names.Select(n => prefix + n).Order(StringComparer.Ordinal), entries.Select(e => e.Key).Order(StringComparer.Ordinal));
        foreach (var entry in entries)
        {
            var location = source.Resolve(entry.Url).Location;
            Assert.NotNull(location);
            var name = entry.Key[prefix.Length..];
            var head = await source.ReadHeadAsync(location, 100, Ct);
            Assert.Equal(TestBytes.Pattern(name.Length, seed: (uint)name.Length), head.Bytes.ToArray());
        }
    }

    [Fact]
    public async Task A_missing_bucket_is_NotFound_and_named()
    {
        var missing = $"curio-missing-{Guid.NewGuid():N}";
        var source = Source(S3Settings());
        var url = $"s3://{missing}/a.bin";
        var location = source.Resolve(url).Location!;

        var head = await Assert.ThrowsAsync<ObjectSourceException>(() => source.ReadHeadAsync(location, 10, Ct).AsTask());
        var range = await Assert.ThrowsAsync<ObjectSourceException>(() => source.ReadRangeAsync(location, 0, new byte[10], Ct).AsTask());
        var stat = await Assert.ThrowsAsync<ObjectSourceException>(() => source.StatAsync(location, Ct).AsTask());
        var list = await Assert.ThrowsAsync<ObjectSourceException>(() => source.ListAsync($"s3://{missing}/", Ct).ToListAsync(Ct).AsTask());

        Assert.Equal($"Object not found: {url} (the bucket {missing} does not exist)", head.Message);
        Assert.Equal(head.Message, range.Message);
        Assert.Equal($"Object not found: s3://{missing}/ (the bucket {missing} does not exist)", list.Message);

        // HEAD answers have no body: a missing bucket looks like a missing key.
        Assert.Equal(ObjectErrorKind.NotFound, stat.Kind);
        Assert.Contains(url, stat.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bucket_setting_refuses_other_buckets_and_lists_by_bare_prefix()
    {
        var prefix = $"restricted/{Guid.NewGuid():N}/";
        await bucket.PutAsync(prefix + "one.bin", [1], Ct);
        var source = Source(S3Settings() with { Bucket = bucket.Name });

        var refused = source.Resolve($"{MotoBucket.Endpoint}/other-bucket/one.bin");
        var listing = await Assert.ThrowsAsync<ObjectSourceException>(() => source.ListAsync("s3://other-bucket/", Ct).ToListAsync(Ct).AsTask());
        var bare = await source.ListAsync(prefix, Ct).ToListAsync(Ct);

        Assert.Equal(
            $"{MotoBucket.Endpoint}/other-bucket/one.bin is in the bucket 'other-bucket'; this integration reads only the bucket '{bucket.Name}'",
            refused.Error);
        Assert.Equal(ObjectErrorKind.Refused, listing.Kind);
        Assert.Equal([prefix + "one.bin"], bare.Select(e => e.Key));
    }

    [Fact]
    public async Task Anonymous_integrations_read_public_objects_and_hand_out_their_plain_url()
    {
        var key = $"public/{Guid.NewGuid():N}/a b.bin";
        var content = TestBytes.Pattern(300, seed: 5);
        await bucket.PutAsync(key, content, Ct, S3CannedACL.PublicRead);
        await bucket.PutAsync(key + ".private", content, Ct);
        var source = Source(S3Settings() with { Anonymous = true }, secrets: new IntegrationSecrets());
        var location = source.Resolve(S3Urls.CanonicalUrl(bucket.Name, key)).Location!;
        var hidden = source.Resolve(S3Urls.CanonicalUrl(bucket.Name, key + ".private")).Location!;

        var head = await source.ReadHeadAsync(location, 100, Ct);
        var url = await source.GetSignedUrlAsync(location, TimeSpan.FromMinutes(5), Ct);
        var denied = await Assert.ThrowsAsync<ObjectSourceException>(() => source.ReadHeadAsync(hidden, 100, Ct).AsTask());

        Assert.Equal(content.AsSpan(0, 100).ToArray(), head.Bytes.ToArray());
        Assert.Equal(300, head.Size);
        Assert.Equal(new Uri($"{MotoBucket.Endpoint}/{bucket.Name}/{S3Urls.EncodeKey(key)}"), url);
        using var http = new HttpClient();
        Assert.Equal(content, await http.GetByteArrayAsync(url, Ct));
        Assert.Equal(ObjectErrorKind.AccessDenied, denied.Kind);
    }

    [Fact]
    public async Task Signed_urls_of_awkward_keys_serve_the_object()
    {
        var key = $"signed/{Guid.NewGuid():N}/ünï cødé + plus & #1 100%.bin";
        var content = TestBytes.Pattern(2000, seed: 9);
        await bucket.PutAsync(key, content, Ct);
        var source = Source(S3Settings());
        var location = source.Resolve(S3Urls.CanonicalUrl(bucket.Name, key)).Location!;

        var url = await source.GetSignedUrlAsync(location, TimeSpan.FromMinutes(5), Ct);

        Assert.NotNull(url);
        Assert.Equal("http", url.Scheme);
        // The SDK corrects for the clock skew it saw in moto's Date headers, so the lifetime may be off by a second.
        var expires = Regex.Match(url.Query, "X-Amz-Expires=([0-9]+)");
        Assert.InRange(int.Parse(expires.Groups[1].Value, CultureInfo.InvariantCulture), 295, 305);
        using var http = new HttpClient();
        Assert.Equal(content, await http.GetByteArrayAsync(url, Ct));
    }

    [Fact]
    public async Task Stat_gives_size_content_type_and_modification_time()
    {
        var key = $"stat/{Guid.NewGuid():N}.bin";
        await bucket.PutAsync(key, TestBytes.Pattern(1234), Ct);
        var source = Source(S3Settings());

        var stat = await source.StatAsync(source.Resolve(S3Urls.CanonicalUrl(bucket.Name, key)).Location!, Ct);

        Assert.Equal(1234, stat.Size);
        Assert.Equal("application/octet-stream", stat.ContentType);
        Assert.NotNull(stat.LastModified);
        var now = TimeProvider.System.GetUtcNow();
        Assert.InRange(stat.LastModified.Value, now.AddMinutes(-10), now.AddMinutes(10));
        Assert.Equal(TimeSpan.Zero, stat.LastModified.Value.Offset);
    }

    /// <summary>
    /// Without --path-style the SDK names the bucket in the host (bucket.localhost:port). Such hosts do not resolve here,
    /// so the test's handler connects every host to moto's port; moto reads the bucket from the Host header.
    /// </summary>
    [Fact]
    public async Task Without_path_style_requests_and_signed_urls_are_virtual_hosted()
    {
        var endpoint = new Uri(MotoBucket.Endpoint);
        var key = $"vhost/{Guid.NewGuid():N}/a b.bin";
        var content = TestBytes.Pattern(500, seed: 11);
        await bucket.PutAsync(key, content, Ct);
        var http = S3TestHttp.Forwarding(pinTo: endpoint.Port);
        var settings = new IntegrationSettings { Provider = IntegrationSettings.S3, Endpoint = $"http://localhost:{endpoint.Port}" };
        var source = Source(settings, http: http);
        var vhostUrl = $"http://{bucket.Name}.localhost:{endpoint.Port}/{S3Urls.EncodeKey(key)}";
        var location = source.Resolve(vhostUrl).Location;
        Assert.NotNull(location);

        var head = await source.ReadHeadAsync(location, 100, Ct);
        var signed = await source.GetSignedUrlAsync(location, TimeSpan.FromMinutes(5), Ct);

        Assert.Equal(content.AsSpan(0, 100).ToArray(), head.Bytes.ToArray());
        Assert.StartsWith($"GET {bucket.Name}.localhost:{endpoint.Port}/", Assert.Single(http.Requests), StringComparison.Ordinal);
        Assert.NotNull(signed);
        Assert.Equal($"{bucket.Name}.localhost", signed.Host);
        using var client = S3TestHttp.PinnedClient(endpoint.Port);
        Assert.Equal(content, await client.GetByteArrayAsync(signed, Ct));
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }

    private static IntegrationSettings S3Settings() =>
        new() { Provider = IntegrationSettings.S3, Endpoint = MotoBucket.Endpoint, PathStyle = true };

    private S3ObjectSource Source(
        IntegrationSettings settings, ObjectSourceOptions? options = null, S3TestHttp? http = null, IntegrationSecrets? secrets = null)
    {
        var source = new S3ObjectSource(
            settings, secrets ?? bucket.Secrets, options ?? new ObjectSourceOptions(), TimeProvider.System, NullLogger.Instance, http);
        _owned.Add(source);
        if (http is not null)
        {
            _owned.Add(http);
        }

        return source;
    }
}
