using Curio.Connectors.S3;

namespace Curio.Connectors.Tests.S3;

/// <summary>URL forms of s3 and s3-compatible integrations; pure, no emulator.</summary>
public sealed class S3UrlsTests
{
    private const string Moto = "http://127.0.0.1:5001";
    private const string Otc = "https://obs.eu-de.otc.t-systems.com";

    [Theory]
    [InlineData("s3://bucket/key", "bucket/key")]
    [InlineData("S3://bucket/dir/key.jpg", "bucket/dir/key.jpg")]
    [InlineData("s3://bucket/dir/a%20b.jpg", "bucket/dir/a b.jpg")]
    [InlineData("s3://bucket/a%2Fb", "bucket/a/b")]
    [InlineData("s3://bucket/100%25.bin", "bucket/100%.bin")]
    [InlineData("s3://bucket/%C3%BC.bin", "bucket/ü.bin")]
    [InlineData("s3://bucket/ü+plus&(x).bin", "bucket/ü+plus&(x).bin")]
    [InlineData("s3://bucket/a%3Fb%23c", "bucket/a?b#c")]
    [InlineData("s3://bucket//double//slash", "bucket//double//slash")]
    [InlineData("s3://Legacy_Bucket/key", "Legacy_Bucket/key")]
    [InlineData("https://bucket.s3.amazonaws.com/key", "bucket/key")]
    [InlineData("http://bucket.s3.amazonaws.com/key", "bucket/key")]
    [InlineData("https://bucket.s3.amazonaws.com:443/key", "bucket/key")]
    [InlineData("https://bucket.s3.eu-west-1.amazonaws.com/dir/key", "bucket/dir/key")]
    [InlineData("https://bucket.s3-eu-west-1.amazonaws.com/key", "bucket/key")]
    [InlineData("https://bucket.s3-external-1.amazonaws.com/key", "bucket/key")]
    [InlineData("https://bucket.s3.dualstack.us-east-1.amazonaws.com/key", "bucket/key")]
    [InlineData("https://bucket.s3-fips.us-east-1.amazonaws.com/key", "bucket/key")]
    [InlineData("https://bucket.s3-fips.dualstack.us-gov-west-1.amazonaws.com/key", "bucket/key")]
    [InlineData("https://bucket.s3.cn-north-1.amazonaws.com.cn/key", "bucket/key")]
    [InlineData("https://BUCKET.S3.EU-WEST-1.AMAZONAWS.COM/Key", "bucket/Key")]
    [InlineData("https://my.dotted.bucket.s3.eu-west-1.amazonaws.com/key", "my.dotted.bucket/key")]
    [InlineData("https://my.s3.bucket.s3.amazonaws.com/key", "my.s3.bucket/key")]
    [InlineData("https://a.s3.eu-west-1.s3-us-west-2.amazonaws.com/key", "a.s3.eu-west-1/key")]
    [InlineData("https://s3.s3.amazonaws.com/key", "s3/key")]
    [InlineData("https://bucket.s3.amazonaws.com/a%20dir/%C3%BC%2B.jpg", "bucket/a dir/ü+.jpg")]
    [InlineData("https://bucket.s3.amazonaws.com/a/./b/../c", "bucket/a/./b/../c")]
    [InlineData("https://s3.amazonaws.com/bucket/key", "bucket/key")]
    [InlineData("https://s3.eu-west-1.amazonaws.com/bucket/dir/key", "bucket/dir/key")]
    [InlineData("https://s3-eu-west-1.amazonaws.com/bucket/key", "bucket/key")]
    [InlineData("https://s3.dualstack.eu-west-1.amazonaws.com/bucket/key", "bucket/key")]
    [InlineData("https://s3-fips.us-gov-west-1.amazonaws.com/bucket/key", "bucket/key")]
    [InlineData("https://s3.eu-west-1.amazonaws.com/my.dotted.bucket/key", "my.dotted.bucket/key")]
    [InlineData("https://s3.amazonaws.com/bucket/a%20b", "bucket/a b")]
    public void S3_reads_s3_and_aws_urls(string url, string key)
    {
        var resolution = S3Urls.Resolve(Aws(), url);

        Assert.Null(resolution.Error);
        Assert.Equal(new ObjectLocation(url, key), resolution.Location);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5001/bucket/key", "bucket/key")]
    [InlineData("http://127.0.0.1:5001/bucket/dir/a%20b", "bucket/dir/a b")]
    [InlineData("HTTP://127.0.0.1:5001/bucket/key", "bucket/key")]
    [InlineData("s3://bucket/key", "bucket/key")]
    [InlineData("https://bucket.s3.eu-west-1.amazonaws.com/key", "bucket/key")]
    public void S3_with_an_endpoint_also_reads_path_style_urls_on_it(string url, string key)
    {
        var resolution = S3Urls.Resolve(Aws(endpoint: Moto, pathStyle: true), url);

        Assert.Null(resolution.Error);
        Assert.Equal(key, resolution.Location?.Key);
    }

    [Theory]
    [InlineData("https://127.0.0.1:5001/bucket/key")]
    [InlineData("http://127.0.0.1:5002/bucket/key")]
    [InlineData("http://127.0.0.1/bucket/key")]
    [InlineData("http://localhost:5001/bucket/key")]
    [InlineData("http://bucket.127.0.0.1:5001/key")]
    public void S3_with_an_endpoint_refuses_other_origins(string url)
    {
        var error = S3Urls.Resolve(Aws(endpoint: Moto, pathStyle: true), url).Error;

        Assert.NotNull(error);
        Assert.StartsWith($"{url} is not a URL of an s3 object this integration reads; it reads s3://bucket/key, ", error, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:5001/bucket/key", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://bucket.vpce-0a1b.s3.eu-west-1.vpce.amazonaws.com/key", "bucket/key")]
    [InlineData("https://vpce-0a1b.s3.eu-west-1.vpce.amazonaws.com/bucket/key", "bucket/key")]
    public void S3_with_a_vpc_endpoint_reads_both_styles_on_it(string url, string key)
    {
        var resolution = S3Urls.Resolve(Aws(endpoint: "https://vpce-0a1b.s3.eu-west-1.vpce.amazonaws.com"), url);

        Assert.Null(resolution.Error);
        Assert.Equal(key, resolution.Location?.Key);
    }

    [Theory]
    [InlineData("https://minio.example.com:9000/bucket/key", "bucket/key")]
    [InlineData("https://minio.example.com:9000/bucket/dir/%C3%BC%20x.png", "bucket/dir/ü x.png")]
    [InlineData("https://bucket.minio.example.com:9000/key", "bucket/key")]
    [InlineData("https://Bucket.MinIO.example.com:9000/Key", "bucket/Key")]
    [InlineData("s3://bucket/key", "bucket/key")]
    public void Compatible_reads_path_and_virtual_hosted_urls_on_its_endpoint(string url, string key)
    {
        var resolution = S3Urls.Resolve(Compatible("https://minio.example.com:9000"), url);

        Assert.Null(resolution.Error);
        Assert.Equal(key, resolution.Location?.Key);
    }

    [Theory]
    [InlineData("https://bucket.obs.eu-de.otc.t-systems.com/dir/key.jpg", "bucket/dir/key.jpg")]
    [InlineData("https://my.dotted.bucket.obs.eu-de.otc.t-systems.com/key", "my.dotted.bucket/key")]
    [InlineData("https://obs.eu-de.otc.t-systems.com/bucket/key", "bucket/key")]
    [InlineData("https://obs.eu-de.otc.t-systems.com:443/bucket/key", "bucket/key")]
    public void Compatible_reads_open_telekom_cloud_urls(string url, string key)
    {
        var resolution = S3Urls.Resolve(Compatible(Otc), url);

        Assert.Null(resolution.Error);
        Assert.Equal(key, resolution.Location?.Key);
    }

    [Theory]
    [InlineData("https://bucket.obs.eu-nl.otc.t-systems.com/key")]
    [InlineData("http://bucket.obs.eu-de.otc.t-systems.com/key")]
    [InlineData("https://bucket.obs.eu-de.otc.t-systems.com:8443/key")]
    [InlineData("https://bucket.s3.amazonaws.com/key")]
    [InlineData("https://s3.eu-west-1.amazonaws.com/bucket/key")]
    [InlineData("https://xobs.eu-de.otc.t-systems.com/bucket/key")]
    public void Compatible_refuses_other_hosts_and_aws_urls(string url)
    {
        var error = S3Urls.Resolve(Compatible(Otc), url).Error;

        Assert.Equal(
            $"{url} is not a URL of an s3-compatible object this integration reads; it reads s3://bucket/key, "
            + "https://obs.eu-de.otc.t-systems.com/bucket/key or https://bucket.obs.eu-de.otc.t-systems.com/key",
            error);
    }

    [Theory]
    [InlineData("https://gw.example.com/storage/s3/bucket/key", "bucket/key")]
    [InlineData("https://bucket.gw.example.com/storage/s3/key", "bucket/key")]
    public void An_endpoint_path_precedes_the_bucket(string url, string key)
    {
        var resolution = S3Urls.Resolve(Compatible("https://gw.example.com/storage/s3/"), url);

        Assert.Null(resolution.Error);
        Assert.Equal(key, resolution.Location?.Key);
    }

    [Theory]
    [InlineData("https://gw.example.com/bucket/key")]
    [InlineData("https://gw.example.com/storage/s3x/bucket/key")]
    [InlineData("https://gw.example.com/storage/bucket/key")]
    public void A_url_outside_the_endpoint_path_is_refused(string url)
    {
        var error = S3Urls.Resolve(Compatible("https://gw.example.com/storage/s3"), url).Error;

        Assert.NotNull(error);
        Assert.Contains("https://gw.example.com/storage/s3/bucket/key", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gs://bucket/key")]
    [InlineData("az://container/key")]
    [InlineData("file:///data/key")]
    [InlineData("ftp://bucket/key")]
    [InlineData("relative/key.jpg")]
    [InlineData("/absolute/key.jpg")]
    [InlineData("https://storage.googleapis.com/bucket/key")]
    [InlineData("https://account.blob.core.windows.net/container/key")]
    [InlineData("https://example.com/bucket/key")]
    [InlineData("http://127.0.0.1:5001/bucket/key")]
    [InlineData("https://bucket.s3-website-us-east-1.amazonaws.com/key")]
    [InlineData("https://bucket.s3-website.eu-west-1.amazonaws.com/key")]
    [InlineData("https://ap-111122223333.s3-accesspoint.us-east-1.amazonaws.com/key")]
    [InlineData("https://bucket.s3.nowhere.amazonaws.com/key")]
    [InlineData("https://bucket.ec2.amazonaws.com/key")]
    [InlineData("https://amazonaws.com/bucket/key")]
    [InlineData("https://user@bucket.s3.amazonaws.com/key")]
    [InlineData("https:///bucket/key")]
    public void Urls_of_other_services_are_refused_naming_the_url_and_the_forms(string url)
    {
        var error = S3Urls.Resolve(Aws(), url).Error;

        Assert.Equal(
            $"{url} is not a URL of an s3 object this integration reads; it reads s3://bucket/key, "
            + "https://bucket.s3.region.amazonaws.com/key or https://s3.region.amazonaws.com/bucket/key",
            error);
    }

    [Fact]
    public void An_empty_url_is_refused() => Assert.Equal("An empty URL names no object.", S3Urls.Resolve(Aws(), "").Error);

    [Theory]
    [InlineData("s3://bucket", "bucket")]
    [InlineData("s3://bucket/", "bucket")]
    [InlineData("https://bucket.s3.amazonaws.com", "bucket")]
    [InlineData("https://bucket.s3.amazonaws.com/", "bucket")]
    [InlineData("https://s3.amazonaws.com/bucket", "bucket")]
    [InlineData("https://s3.amazonaws.com/bucket/", "bucket")]
    public void A_bucket_without_a_key_names_no_object(string url, string bucket)
    {
        Assert.Equal(
            $"{url} names the bucket '{bucket}' but no object in it; give the object's key after the bucket, e.g. s3://{bucket}/path/to/object",
            S3Urls.Resolve(Aws(), url).Error);
    }

    [Theory]
    [InlineData("s3:///key")]
    [InlineData("https://s3.amazonaws.com/")]
    [InlineData("https://s3.amazonaws.com//key")]
    [InlineData("https://minio.example.com:9000/")]
    public void A_url_without_a_bucket_is_refused(string url)
    {
        var error = S3Urls.Resolve(url.Contains("minio", StringComparison.Ordinal) ? Compatible("https://minio.example.com:9000") : Aws(), url).Error;

        Assert.NotNull(error);
        Assert.StartsWith($"{url} names no bucket; this integration reads s3://bucket/key", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3://bucket/dir/")]
    [InlineData("https://bucket.s3.amazonaws.com/dir/sub/")]
    [InlineData("s3://bucket/dir%2F")]
    public void A_trailing_slash_names_a_folder_not_an_object(string url)
    {
        Assert.Equal(
            $"{url} ends in '/', which names a folder, not an object; give the URL of an object in it",
            S3Urls.Resolve(Aws(), url).Error);
    }

    [Theory]
    [InlineData("https://bucket.s3.amazonaws.com/key?versionId=3")]
    [InlineData("s3://bucket/key#part")]
    [InlineData("s3://bucket/what?.jpg")]
    [InlineData("https://s3.amazonaws.com/bucket/key?")]
    public void Query_strings_and_fragments_are_refused(string url)
    {
        Assert.Equal(
            $"{url} has a query string or fragment; give the plain object URL, with '?' and '#' in keys written %3F and %23",
            S3Urls.Resolve(Aws(), url).Error);
    }

    [Fact]
    public void A_presigned_url_is_refused_with_a_pointer_to_direct_integrations()
    {
        const string url = "https://bucket.s3.eu-west-1.amazonaws.com/key.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20260101%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=abc123";

        var error = S3Urls.Resolve(Aws(), url).Error;

        Assert.NotNull(error);
        Assert.StartsWith($"{url} has a query string or fragment", error, StringComparison.Ordinal);
        Assert.EndsWith("(this integration signs its own requests; read pre-signed URLs with a direct integration)", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3://bucket/a b.jpg")]
    [InlineData("s3://bucket/tab\there")]
    [InlineData("s3://bucket/key ")]
    [InlineData("https://bucket.s3.amazonaws.com/line\nbreak")]
    [InlineData("https://bucket.s3.amazonaws.com/nul\0")]
    public void Whitespace_and_control_characters_are_refused(string url)
    {
        Assert.Equal(
            $"{url} contains whitespace or control characters, which URLs may not; write a space in a key as %20",
            S3Urls.Resolve(Aws(), url).Error);
    }

    [Theory]
    [InlineData("s3://bucket/100%.bin")]
    [InlineData("s3://bucket/%zz")]
    [InlineData("s3://bucket/trailing%2")]
    [InlineData("s3://bucket/%FF%FE")]
    [InlineData("https://bucket.s3.amazonaws.com/%C3")]
    public void Malformed_escapes_are_refused(string url)
    {
        Assert.Equal(
            $"{url} has an invalid percent-escape or escaped bytes that are not UTF-8; write a literal '%' in a key as %25",
            S3Urls.Resolve(Aws(), url).Error);
    }

    [Theory]
    [InlineData("s3://bu%63ket/key", "bu%63ket")]
    [InlineData("s3://bucket:80/key", "bucket:80")]
    [InlineData("https://s3.amazonaws.com/b%C3%BCcket/key", "b%C3%BCcket")]
    [InlineData("https://s3.amazonaws.com/büc/key", "büc")]
    public void Invalid_bucket_names_are_refused(string url, string bucket)
    {
        Assert.Equal(
            $"{url} names the bucket '{bucket}', which is not a bucket name (letters, digits, '.', '-' and '_')",
            S3Urls.Resolve(Aws(), url).Error);
    }

    [Theory]
    [InlineData("s3://photos/a.jpg", "photos/a.jpg")]
    [InlineData("https://photos.s3.eu-west-1.amazonaws.com/a.jpg", "photos/a.jpg")]
    [InlineData("https://s3.amazonaws.com/photos/a.jpg", "photos/a.jpg")]
    public void A_bucket_setting_admits_its_bucket(string url, string key)
    {
        Assert.Equal(key, S3Urls.Resolve(Aws(bucket: "photos"), url).Location?.Key);
    }

    [Theory]
    [InlineData("s3://other/a.jpg", "other")]
    [InlineData("s3://Photos/a.jpg", "Photos")]
    [InlineData("https://other.s3.eu-west-1.amazonaws.com/a.jpg", "other")]
    [InlineData("https://s3.amazonaws.com/photos2/a.jpg", "photos2")]
    public void A_bucket_setting_refuses_other_buckets(string url, string bucket)
    {
        Assert.Equal(
            $"{url} is in the bucket '{bucket}'; this integration reads only the bucket 'photos'",
            S3Urls.Resolve(Aws(bucket: "photos"), url).Error);
    }

    [Fact]
    public void Refusals_spell_the_forms_with_the_integrations_bucket_and_endpoint()
    {
        var error = S3Urls.Resolve(Compatible(Otc) with { Bucket = "photos" }, "gs://photos/a.jpg").Error;

        Assert.Equal(
            "gs://photos/a.jpg is not a URL of an s3-compatible object this integration reads; it reads s3://photos/key, "
            + "https://obs.eu-de.otc.t-systems.com/photos/key or https://photos.obs.eu-de.otc.t-systems.com/key (only the bucket 'photos')",
            error);
    }

    [Fact]
    public void Aws_forms_are_named_with_an_ip_endpoint_in_path_style_only()
    {
        Assert.Equal(
            "s3://bucket/key, https://bucket.s3.region.amazonaws.com/key, https://s3.region.amazonaws.com/bucket/key or http://127.0.0.1:5001/bucket/key",
            S3Urls.Forms(Aws(endpoint: Moto, pathStyle: true)));
    }

    [Theory]
    [InlineData("s3://b/photos/", "b", "photos/")]
    [InlineData("s3://b/pho", "b", "pho")]
    [InlineData("s3://b", "b", "")]
    [InlineData("s3://b/", "b", "")]
    [InlineData("s3://b/a%20dir/", "b", "a dir/")]
    [InlineData("https://b.s3.amazonaws.com/x/", "b", "x/")]
    [InlineData("https://s3.eu-west-1.amazonaws.com/b", "b", "")]
    [InlineData("https://s3.eu-west-1.amazonaws.com/b/", "b", "")]
    public void Listing_prefixes_are_urls_whose_key_may_be_empty_or_a_folder(string prefix, string bucket, string keyPrefix)
    {
        Assert.Equal((bucket, keyPrefix), S3Urls.ParsePrefix(Aws(), prefix));
    }

    [Theory]
    [InlineData("photos/", "photos/")]
    [InlineData("", "")]
    [InlineData("a%20b/", "a%20b/")]
    [InlineData("s3://only/dir/", "dir/")]
    public void With_a_bucket_setting_a_bare_key_prefix_lists_that_bucket(string prefix, string keyPrefix)
    {
        Assert.Equal(("only", keyPrefix), S3Urls.ParsePrefix(Aws(bucket: "only"), prefix));
    }

    [Theory]
    [InlineData("photos/", "'photos/' is not a URL; give the listing prefix as a URL such as s3://bucket/photos/ (a bare key prefix needs an integration with --bucket)")]
    [InlineData("", "'' is not a URL; give the listing prefix as a URL such as s3://bucket/photos/ (a bare key prefix needs an integration with --bucket)")]
    [InlineData("gs://b/x/", "gs://b/x/ is not a URL of an s3 object this integration reads; it reads s3://bucket/key, https://bucket.s3.region.amazonaws.com/key or https://s3.region.amazonaws.com/bucket/key")]
    [InlineData("s3://b/x?y", "s3://b/x?y has a query string or fragment; give the plain object URL, with '?' and '#' in keys written %3F and %23")]
    public void Bad_listing_prefixes_are_refused(string prefix, string message)
    {
        var error = Assert.Throws<ObjectSourceException>(() => S3Urls.ParsePrefix(Aws(), prefix));

        Assert.Equal(ObjectErrorKind.Refused, error.Kind);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_listing_prefix_in_another_bucket_is_refused()
    {
        var error = Assert.Throws<ObjectSourceException>(() => S3Urls.ParsePrefix(Aws(bucket: "only"), "s3://other/"));

        Assert.Equal(ObjectErrorKind.Refused, error.Kind);
        Assert.Equal("s3://other/ is in the bucket 'other'; this integration reads only the bucket 'only'", error.Message);
    }

    [Theory]
    [InlineData("plain/key.jpg", "s3://b/plain/key.jpg")]
    [InlineData("a dir/ü+plus&amp #1 (x) 100%.bin", "s3://b/a%20dir/%C3%BC%2Bplus%26amp%20%231%20%28x%29%20100%25.bin")]
    [InlineData("q?.jpg", "s3://b/q%3F.jpg")]
    [InlineData("~tilde-dash_under.dot", "s3://b/~tilde-dash_under.dot")]
    [InlineData("x//y", "s3://b/x//y")]
    [InlineData("%41", "s3://b/%2541")]
    public void Canonical_urls_encode_everything_but_unreserved_characters_and_slashes(string key, string url)
    {
        Assert.Equal(url, S3Urls.CanonicalUrl("b", key));
        Assert.Equal("b/" + key, S3Urls.Resolve(Aws(), url).Location?.Key);
        Assert.Equal("b/" + key, S3Urls.Resolve(Compatible(Otc), url).Location?.Key);
    }

    [Theory]
    [InlineData("us-east-1", false, "bucket", "https://bucket.s3.us-east-1.amazonaws.com/a%20b/c.jpg")]
    [InlineData("eu-west-1", true, "bucket", "https://s3.eu-west-1.amazonaws.com/bucket/a%20b/c.jpg")]
    [InlineData("eu-west-1", false, "my.dotted", "https://s3.eu-west-1.amazonaws.com/my.dotted/a%20b/c.jpg")]
    [InlineData("cn-north-1", false, "bucket", "https://bucket.s3.cn-north-1.amazonaws.com.cn/a%20b/c.jpg")]
    public void Public_urls_without_an_endpoint_are_regional_aws_urls(string region, bool pathStyle, string bucket, string expected)
    {
        var addressing = Aws(pathStyle: pathStyle) with { Region = region };

        var url = S3Urls.PublicUrl(addressing, bucket, "a b/c.jpg");

        Assert.Equal(expected, url.AbsoluteUri);
        Assert.Equal($"{bucket}/a b/c.jpg", S3Urls.Resolve(addressing, url.AbsoluteUri).Location?.Key);
    }

    [Theory]
    [InlineData(IntegrationSettings.S3, Moto, true, "http://127.0.0.1:5001/bucket/a%20b.jpg")]
    [InlineData(IntegrationSettings.S3, "http://minio.local:9000", false, "http://bucket.minio.local:9000/a%20b.jpg")]
    [InlineData(IntegrationSettings.S3, "http://10.0.0.5:9000", false, "http://10.0.0.5:9000/bucket/a%20b.jpg")]
    [InlineData(IntegrationSettings.S3Compatible, Otc, false, "https://obs.eu-de.otc.t-systems.com/bucket/a%20b.jpg")]
    [InlineData(IntegrationSettings.S3Compatible, "https://gw.example.com/storage/", false, "https://gw.example.com/storage/bucket/a%20b.jpg")]
    public void Public_urls_with_an_endpoint_use_its_addressing_style(string provider, string endpoint, bool pathStyle, string expected)
    {
        var addressing = S3Addressing.From(new IntegrationSettings { Provider = provider, Endpoint = endpoint, PathStyle = pathStyle });

        var url = S3Urls.PublicUrl(addressing, "bucket", "a b.jpg");

        Assert.Equal(expected, url.AbsoluteUri);
        Assert.Equal("bucket/a b.jpg", S3Urls.Resolve(addressing, url.AbsoluteUri).Location?.Key);
    }

    [Theory]
    [InlineData("bucket")]
    [InlineData("bucket/")]
    [InlineData("/key")]
    public void A_location_that_names_no_object_is_refused(string key)
    {
        var error = Assert.Throws<ObjectSourceException>(() => S3Urls.Split(new ObjectLocation("s3://x", key)));

        Assert.Equal(ObjectErrorKind.Refused, error.Kind);
    }

    [Fact]
    public void Locations_split_at_the_first_slash()
    {
        Assert.Equal(("b", "dir/a/b"), S3Urls.Split(new ObjectLocation("s3://b/dir/a/b", "b/dir/a/b")));
    }

    [Fact]
    public void Addressing_defaults_the_region_and_forces_path_style_for_compatible_stores()
    {
        var aws = S3Addressing.From(new IntegrationSettings { Provider = IntegrationSettings.S3 });
        var compatible = Compatible(Otc);

        Assert.Equal("us-east-1", aws.Region);
        Assert.False(aws.PathStyle);
        Assert.Null(aws.Endpoint);
        Assert.True(compatible.PathStyle);
        Assert.Equal(new S3Endpoint("https", "obs.eu-de.otc.t-systems.com", 443, true, "", true), compatible.Endpoint);
    }

    private static S3Addressing Aws(string? endpoint = null, bool pathStyle = false, string? bucket = null) =>
        S3Addressing.From(new IntegrationSettings { Provider = IntegrationSettings.S3, Endpoint = endpoint, PathStyle = pathStyle, Bucket = bucket });

    private static S3Addressing Compatible(string endpoint) =>
        S3Addressing.From(new IntegrationSettings { Provider = IntegrationSettings.S3Compatible, Endpoint = endpoint });
}
