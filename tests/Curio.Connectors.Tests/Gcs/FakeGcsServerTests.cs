using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Curio.Connectors.Tests.Support;
using Curio.Testing.FakeGcs;
using Google;
using Google.Cloud.Storage.V1;

namespace Curio.Connectors.Tests.Gcs;

/// <summary>
/// The parts of the fake the provider does not exercise, driven by Google's own client so other tests can rely on
/// them: bucket creation, the three upload kinds, delimiter listings, deletes.
/// </summary>
public sealed class FakeGcsServerTests : IClassFixture<FakeGcsFixture>
{
    private readonly FakeGcsFixture _fixture;

    public FakeGcsServerTests(FakeGcsFixture fixture)
    {
        _fixture = fixture;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FakeGcsServer Server => _fixture.Server;

    [Fact]
    public async Task Googles_client_creates_buckets_uploads_lists_downloads_and_deletes()
    {
        using var client = await new StorageClientBuilder { BaseUri = Server.BaseUri.AbsoluteUri, UnauthenticatedAccess = true }.BuildAsync(Ct);
        var bucket = $"curio-{Guid.NewGuid():N}";
        var small = TestBytes.Pattern(5000);
        var big = TestBytes.Pattern(3 * 1024 * 1024 + 17, seed: 9);

        await client.CreateBucketAsync("curio-test-project", bucket, cancellationToken: Ct);
        var duplicate = await Assert.ThrowsAsync<GoogleApiException>(() => client.CreateBucketAsync("curio-test-project", bucket, cancellationToken: Ct));
        for (var i = 0; i < 12; i++)
        {
            await client.UploadObjectAsync(bucket, $"dir/o{i:D2}.bin", "application/octet-stream", new MemoryStream(small), cancellationToken: Ct);
        }

        // Resumable, in 1 MiB chunks: the fake answers 308 with the received range until the last one.
        await client.UploadObjectAsync(
            bucket, "big/file name.mp4", "video/mp4", new MemoryStream(big), new UploadObjectOptions { ChunkSize = UploadObjectOptions.MinimumChunkSize * 4 }, Ct);

        var metadata = await client.GetObjectAsync(bucket, "big/file name.mp4", cancellationToken: Ct);
        var firstPage = await client.ListObjectsAsync(bucket, "dir/").ReadPageAsync(5, Ct);
        var prefixes = new List<string>();
        await foreach (var response in client.ListObjectsAsync(bucket, null, new ListObjectsOptions { Delimiter = "/" }).AsRawResponses())
        {
            prefixes.AddRange(response.Prefixes ?? []);
        }

        var all = new List<string>();
        await foreach (var item in client.ListObjectsAsync(bucket, null, new ListObjectsOptions { PageSize = 5 }))
        {
            all.Add(item.Name);
        }

        using var ranged = new MemoryStream();
        await client.DownloadObjectAsync(
            bucket, "big/file name.mp4", ranged, new DownloadObjectOptions { Range = new RangeHeaderValue(1_000_000, 1_000_099) }, Ct);
        using var whole = new MemoryStream();
        await client.DownloadObjectAsync(bucket, "dir/o03.bin", whole, cancellationToken: Ct);
        await client.DeleteObjectAsync(bucket, "dir/o03.bin", cancellationToken: Ct);
        var deleted = await Assert.ThrowsAsync<GoogleApiException>(() => client.GetObjectAsync(bucket, "dir/o03.bin", cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.Conflict, duplicate.HttpStatusCode);
        Assert.Equal((ulong)big.Length, metadata.Size);
        Assert.Equal("video/mp4", metadata.ContentType);
        Assert.Equal(big, Server.Get(bucket, "big/file name.mp4"));
        Assert.Equal(5, firstPage.Count());
        Assert.NotNull(firstPage.NextPageToken);
        Assert.Equal(["big/", "dir/"], prefixes);
        Assert.Equal(13, all.Count);
        Assert.Equal(big.AsSpan(1_000_000, 100).ToArray(), ranged.ToArray());
        Assert.Equal(small, whole.ToArray());
        Assert.Equal(HttpStatusCode.NotFound, deleted.HttpStatusCode);
        Assert.Empty(Server.UnhandledRequests);
    }

    [Fact]
    public async Task Media_and_multipart_uploads_store_name_type_and_content()
    {
        var bucket = $"curio-{Guid.NewGuid():N}";
        Server.CreateBucket(bucket);
        using var http = new HttpClient();
        var upload = new Uri(Server.RootUri, $"upload/storage/v1/b/{bucket}/o");

        using var media = new ByteArrayContent([1, 2, 3]);
        media.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var mediaResponse = await http.PostAsync($"{upload}?uploadType=media&name={Uri.EscapeDataString("a/b c.png")}", media, Ct);

        using var multipart = new MultipartContent("related", "boundary-42");
        multipart.Add(new StringContent("""{"name":"meta/ü.json","contentType":"application/json"}""", Encoding.UTF8, "application/json"));
        multipart.Add(new ByteArrayContent("{}"u8.ToArray()));
        using var multipartResponse = await http.PostAsync($"{upload}?uploadType=multipart", multipart, Ct);

        Assert.Equal(HttpStatusCode.OK, mediaResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, multipartResponse.StatusCode);
        Assert.Equal([1, 2, 3], Server.Get(bucket, "a/b c.png"));
        Assert.Equal("{}"u8.ToArray(), Server.Get(bucket, "meta/ü.json"));
        Assert.Contains("\"contentType\":\"application/json\"", await multipartResponse.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_have_googles_json_shape()
    {
        using var http = new HttpClient();

        using var missing = await http.GetAsync(new Uri(Server.BaseUri, $"b/{_fixture.Bucket}/o/nothing-here"), Ct);
        var body = await missing.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(
            $$$"""{"error":{"code":404,"message":"No such object: {{{_fixture.Bucket}}}/nothing-here","errors":[{"message":"No such object: {{{_fixture.Bucket}}}/nothing-here","domain":"global","reason":"notFound"}]}}""",
            body);
    }
}
