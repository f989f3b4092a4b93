using Curio.Connectors.Gcs;

namespace Curio.Connectors.Tests.Gcs;

/// <summary>URL forms, percent-decoding, bucket restriction and canonical listing URLs; no I/O.</summary>
public sealed class GcsUrlsTests
{
    [Theory]
    [InlineData("gs://my-bucket/photo.jpg", "my-bucket", "photo.jpg")]
    [InlineData("gs://my-bucket/a/b/c.png", "my-bucket", "a/b/c.png")]
    [InlineData("GS://my-bucket/x", "my-bucket", "x")]
    [InlineData("gs://my-bucket/with%20space.bin", "my-bucket", "with space.bin")]
    [InlineData("gs://my-bucket/100%25.bin", "my-bucket", "100%.bin")]
    [InlineData("gs://my-bucket/a%2Fb", "my-bucket", "a/b")]
    [InlineData("gs://my-bucket/%C3%BCn%C3%AFc%C3%B8d%C3%A9", "my-bucket", "ünïcødé")]
    [InlineData("gs://my-bucket/ünïcødé raw", "my-bucket", "ünïcødé raw")]
    [InlineData("gs://my-bucket/q%3F%23.txt", "my-bucket", "q?#.txt")]
    [InlineData("gs://my-bucket/plus+sign", "my-bucket", "plus+sign")]
    [InlineData("gs://my-bucket//leading", "my-bucket", "/leading")]
    [InlineData("gs://my-bucket/a//b/../c", "my-bucket", "a//b/../c")]
    [InlineData("gs://my-bucket/folder/", "my-bucket", "folder/")]
    [InlineData("gs://dotted.bucket.name/x", "dotted.bucket.name", "x")]
    [InlineData("gs://under_score/x", "under_score", "x")]
    [InlineData("https://storage.googleapis.com/my-bucket/a/b.jpg", "my-bucket", "a/b.jpg")]
    [InlineData("https://storage.googleapis.com/my-bucket/a%20b.jpg?generation=12&alt=media", "my-bucket", "a b.jpg")]
    [InlineData("https://storage.googleapis.com/my-bucket/x.jpg?X-Goog-Signature=abc#frag", "my-bucket", "x.jpg")]
    [InlineData("HTTPS://Storage.GoogleAPIs.com/my-bucket/CaseKept.JPG", "my-bucket", "CaseKept.JPG")]
    [InlineData("https://storage.googleapis.com:443/my-bucket/x", "my-bucket", "x")]
    [InlineData("https://storage.cloud.google.com/my-bucket/a/b.jpg", "my-bucket", "a/b.jpg")]
    [InlineData("https://my-bucket.storage.googleapis.com/a/b.jpg", "my-bucket", "a/b.jpg")]
    [InlineData("https://my.dotted.bucket.storage.googleapis.com/x%25y", "my.dotted.bucket", "x%y")]
    public void Accepted_forms_resolve_to_bucket_and_decoded_name(string url, string bucket, string name)
    {
        var resolution = GcsUrls.Resolve(url, onlyBucket: null);

        Assert.Null(resolution.Error);
        Assert.NotNull(resolution.Location);
        Assert.Equal(url, resolution.Location.Url);
        Assert.Equal($"{bucket}/{name}", resolution.Location.Key);
        Assert.Equal((bucket, name), GcsUrls.SplitKey(resolution.Location.Key));
    }

    [Theory]
    [InlineData("s3://my-bucket/key", "is not a Google Cloud Storage URL")]
    [InlineData("az://container/blob", "is not a Google Cloud Storage URL")]
    [InlineData("https://example.com/my-bucket/key", "is not a Google Cloud Storage URL")]
    [InlineData("https://my-bucket.s3.amazonaws.com/key", "is not a Google Cloud Storage URL")]
    [InlineData("http://storage.googleapis.com/my-bucket/key", "is not a Google Cloud Storage URL")]
    [InlineData("https://evil.com/.storage.googleapis.com/x", "is not a Google Cloud Storage URL")]
    [InlineData("file:///etc/passwd", "is not a Google Cloud Storage URL")]
    [InlineData("my-bucket/key", "is not a Google Cloud Storage URL")]
    [InlineData("gs://my-bucket", "names a bucket, not an object")]
    [InlineData("gs://my-bucket/", "names a bucket, not an object")]
    [InlineData("https://storage.googleapis.com/my-bucket/", "names a bucket, not an object")]
    [InlineData("https://my-bucket.storage.googleapis.com/", "names a bucket, not an object")]
    [InlineData("gs:///key", "does not name a valid bucket")]
    [InlineData("gs://My-Bucket/key", "does not name a valid bucket")]
    [InlineData("gs://ab/key", "does not name a valid bucket")]
    [InlineData("gs://-bucket/key", "does not name a valid bucket")]
    [InlineData("gs://bucket-/key", "does not name a valid bucket")]
    [InlineData("gs://buc%6Bet/key", "does not name a valid bucket")]
    [InlineData("https://storage.googleapis.com/", "does not name a valid bucket")]
    [InlineData("gs://my-bucket/100%.bin", "malformed percent-escape")]
    [InlineData("gs://my-bucket/bad%zzescape", "malformed percent-escape")]
    [InlineData("gs://my-bucket/truncated%2", "malformed percent-escape")]
    [InlineData("gs://my-bucket/invalid-utf8-%FF", "malformed percent-escape")]
    [InlineData("gs://my-bucket/what?.jpg", "write them as %3F and %23")]
    [InlineData("gs://my-bucket/photo.jpg#123", "write them as %3F and %23")]
    [InlineData("gs://my-bucket/..", "does not name a valid object")]
    [InlineData("gs://my-bucket/.", "does not name a valid object")]
    [InlineData("gs://my-bucket/line%0Abreak", "does not name a valid object")]
    public void Other_urls_are_refused_with_a_reason_and_the_accepted_forms(string url, string reason)
    {
        var resolution = GcsUrls.Resolve(url, onlyBucket: null);

        Assert.Null(resolution.Location);
        Assert.NotNull(resolution.Error);
        Assert.StartsWith(url + " ", resolution.Error, StringComparison.Ordinal);
        Assert.Contains(reason, resolution.Error, StringComparison.Ordinal);
        Assert.Contains("gcs integrations read gs://bucket/object, https://storage.googleapis.com/bucket/object", resolution.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_url_is_refused()
    {
        Assert.Equal(
            "An empty URL names no object; gcs integrations read gs://bucket/object, https://storage.googleapis.com/bucket/object, "
            + "https://storage.cloud.google.com/bucket/object or https://bucket.storage.googleapis.com/object",
            GcsUrls.Resolve("", null).Error);
    }

    [Fact]
    public void Names_longer_than_1024_bytes_are_refused()
    {
        Assert.NotNull(GcsUrls.Resolve("gs://my-bucket/" + new string('é', 512), null).Location);
        Assert.Contains("does not name a valid object", GcsUrls.Resolve("gs://my-bucket/" + new string('é', 513), null).Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gs://allowed/x")]
    [InlineData("https://storage.googleapis.com/allowed/x")]
    [InlineData("https://allowed.storage.googleapis.com/x")]
    public void A_bucket_setting_admits_its_bucket(string url)
    {
        var resolution = GcsUrls.Resolve(url, onlyBucket: "allowed");

        Assert.Equal("allowed/x", resolution.Location?.Key);
    }

    [Theory]
    [InlineData("gs://other/x")]
    [InlineData("https://storage.googleapis.com/other/x")]
    [InlineData("https://other.storage.googleapis.com/x")]
    public void A_bucket_setting_refuses_other_buckets_and_names_the_one_it_reads(string url)
    {
        var resolution = GcsUrls.Resolve(url, onlyBucket: "allowed");

        Assert.Null(resolution.Location);
        Assert.Equal(
            $"{url} is in bucket 'other'; this integration reads only bucket 'allowed' (gs://allowed/object, https://storage.googleapis.com/allowed/object, "
            + "https://storage.cloud.google.com/allowed/object or https://allowed.storage.googleapis.com/object)",
            resolution.Error);
    }

    [Fact]
    public void A_foreign_url_under_a_bucket_setting_says_which_bucket_is_read()
    {
        var error = GcsUrls.Resolve("s3://allowed/x", onlyBucket: "allowed").Error;

        Assert.StartsWith("s3://allowed/x is not a Google Cloud Storage URL; this integration reads only bucket 'allowed' (gs://allowed/object", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("photo.jpg", "photo.jpg")]
    [InlineData("a dir/file name.bin", "a%20dir/file%20name.bin")]
    [InlineData("100%.bin", "100%25.bin")]
    [InlineData("ü", "%C3%BC")]
    [InlineData("emoji-😀", "emoji-%F0%9F%98%80")]
    [InlineData("q?#&=+;,:@!$'()*[]", "q%3F%23%26%3D%2B%3B%2C%3A%40%21%24%27%28%29%2A%5B%5D")]
    [InlineData("unreserved-._~/kept", "unreserved-._~/kept")]
    [InlineData("tab\there", "tab%09here")]
    public void Canonical_urls_percent_encode_everything_but_unreserved_and_slash(string name, string encoded)
    {
        var url = GcsUrls.Canonical("my-bucket", name);

        Assert.Equal("gs://my-bucket/" + encoded, url);
        Assert.Equal("my-bucket/" + name, GcsUrls.Resolve(url, "my-bucket").Location?.Key);
    }

    [Fact]
    public void Public_urls_are_path_style_on_storage_googleapis_com()
    {
        Assert.Equal("https://storage.googleapis.com/my-bucket/a%20b/%C3%BC.jpg", GcsUrls.Public("my-bucket", "a b/ü.jpg"));
        Assert.Equal("my-bucket/a b/ü.jpg", GcsUrls.Resolve(GcsUrls.Public("my-bucket", "a b/ü.jpg"), null).Location?.Key);
    }

    [Theory]
    [InlineData("gs://my-bucket/photos/", null, "my-bucket", "photos/")]
    [InlineData("gs://my-bucket/", null, "my-bucket", "")]
    [InlineData("gs://my-bucket", null, "my-bucket", "")]
    [InlineData("gs://my-bucket/a%20dir/", null, "my-bucket", "a dir/")]
    [InlineData("https://storage.googleapis.com/my-bucket/photos/", null, "my-bucket", "photos/")]
    [InlineData("https://my-bucket.storage.googleapis.com/photos/", null, "my-bucket", "photos/")]
    [InlineData("gs://my-bucket/photos/", "my-bucket", "my-bucket", "photos/")]
    [InlineData("photos/", "my-bucket", "my-bucket", "photos/")]
    [InlineData("", "my-bucket", "my-bucket", "")]
    [InlineData("a dir/100%", "my-bucket", "my-bucket", "a dir/100%")]
    public void List_prefixes_are_urls_or_bare_name_prefixes_under_a_bucket_setting(string prefix, string? onlyBucket, string bucket, string namePrefix)
    {
        var (b, p, error) = GcsUrls.ParseListPrefix(prefix, onlyBucket);

        Assert.Null(error);
        Assert.Equal(bucket, b);
        Assert.Equal(namePrefix, p);
    }

    [Theory]
    [InlineData("photos/", null, "is not a URL prefix")]
    [InlineData("", null, "is not a URL prefix")]
    [InlineData("gs://other/photos/", "my-bucket", "is in bucket 'other'")]
    [InlineData("s3://my-bucket/photos/", null, "is not a Google Cloud Storage URL")]
    [InlineData("gs://my-bucket/bad%zz", null, "malformed percent-escape")]
    public void Bad_list_prefixes_are_refused(string prefix, string? onlyBucket, string reason)
    {
        var (_, _, error) = GcsUrls.ParseListPrefix(prefix, onlyBucket);

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "https://storage.googleapis.com/storage/v1/")]
    [InlineData("http://127.0.0.1:4443", "http://127.0.0.1:4443/storage/v1/")]
    [InlineData("http://127.0.0.1:4443/", "http://127.0.0.1:4443/storage/v1/")]
    [InlineData("http://127.0.0.1:4443/storage/v1", "http://127.0.0.1:4443/storage/v1/")]
    [InlineData("http://127.0.0.1:4443/storage/v1/", "http://127.0.0.1:4443/storage/v1/")]
    [InlineData("https://storage.googleapis.com", "https://storage.googleapis.com/storage/v1/")]
    [InlineData("https://proxy.example.com/gcs/", "https://proxy.example.com/gcs/storage/v1/")]
    public void Endpoints_are_normalised_to_the_json_api_base(string? endpoint, string expected)
    {
        Assert.Equal(expected, GcsUrls.JsonApiBase(endpoint).AbsoluteUri);
    }

    [Theory]
    [InlineData("my-bucket/a/b", "my-bucket", "a/b")]
    [InlineData("my-bucket/ spaced", "my-bucket", " spaced")]
    public void Keys_split_at_the_first_slash(string key, string bucket, string name)
    {
        Assert.Equal((bucket, name), GcsUrls.SplitKey(key));
    }

    [Theory]
    [InlineData("no-slash")]
    [InlineData("my-bucket/")]
    [InlineData("/name")]
    [InlineData("Bad Bucket/name")]
    public void Keys_not_made_by_resolve_do_not_split(string key)
    {
        Assert.Null(GcsUrls.SplitKey(key));
    }
}
