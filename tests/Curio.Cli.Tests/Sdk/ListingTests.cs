using System.IO.Pipelines;
using System.Net;
using System.Text;
using Curio.Cli.Tests.Support;
using Curio.Contracts;
using Curio.Sdk;

namespace Curio.Cli.Tests.Sdk;

/// <summary><see cref="CurioClient.ListStorageObjectsAsync"/>: the NDJSON listing, read line by line.</summary>
public sealed class ListingTests : SdkTestBase
{
    private static string Line(string key, long size = 10) =>
        $$"""{"url":"s3://b/{{key}}","key":"{{key}}","size":{{size}},"lastModified":"2024-05-01T10:00:00+00:00"}""";

    private static async Task<List<StorageObject>> ListAll(IAsyncEnumerable<StorageObject> listing)
    {
        var objects = new List<StorageObject>();
        await foreach (var o in listing)
        {
            objects.Add(o);
        }

        return objects;
    }

    [Fact]
    public async Task Each_line_is_an_object_and_the_prefix_and_limit_go_in_the_query()
    {
        // Given
        Handler.Respond(HttpStatusCode.OK, Line("a/1.png") + "\n" + Line("a/2.png", 20) + "\r\n\n" + Line("b/3.mp4"), "application/x-ndjson");

        // When
        var objects = await ListAll(Client().ListStorageObjectsAsync("my cams", "s3://b/a b/", 5, Ct));

        // Then
        Assert.Equal(["a/1.png", "a/2.png", "b/3.mp4"], objects.Select(o => o.Key));
        Assert.Equal(("s3://b/a/2.png", 20L), (objects[1].Url, objects[1].Size));
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero), objects[0].LastModified);
        Assert.Equal("/api/v1/integrations/my%20cams/objects?prefix=s3%3A%2F%2Fb%2Fa%20b%2F&limit=5", Assert.Single(Handler.Requests).PathAndQuery);
    }

    [Fact]
    public async Task Without_a_prefix_the_query_is_empty_and_an_empty_listing_has_no_objects()
    {
        // Given
        Handler.Respond(HttpStatusCode.OK, "", "application/x-ndjson");

        // When
        var objects = await ListAll(Client().ListStorageObjectsAsync("photos", cancellationToken: Ct));

        // Then
        Assert.Empty(objects);
        Assert.Equal("/api/v1/integrations/photos/objects", Assert.Single(Handler.Requests).PathAndQuery);
    }

    [Fact]
    public async Task Objects_arrive_as_their_lines_do_without_waiting_for_the_whole_body()
    {
        // Given
        var pipe = new Pipe();
        Handler.Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(pipe.Reader.AsStream()) });
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(Line("first.png") + "\n"), Ct);

        // When
        await using var listing = Client().ListStorageObjectsAsync("photos", cancellationToken: Ct).GetAsyncEnumerator(Ct);
        var first = await listing.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var firstKey = listing.Current.Key;
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(Line("second.png") + "\n"), Ct);
        await pipe.Writer.CompleteAsync();
        var second = await listing.MoveNextAsync();
        var secondKey = listing.Current.Key;
        var end = await listing.MoveNextAsync();

        // Then
        Assert.Equal((true, "first.png", true, "second.png", false), (first, firstKey, second, secondKey, end));
    }

    [Fact]
    public async Task Long_lines_are_read_whole()
    {
        // Given
        var key = new string('k', 100_000) + ".png";
        Handler.Respond(HttpStatusCode.OK, Line(key) + "\n" + Line("short.png") + "\n", "application/x-ndjson");

        // When
        var objects = await ListAll(Client().ListStorageObjectsAsync("photos", cancellationToken: Ct));

        // Then
        Assert.Equal([key, "short.png"], objects.Select(o => o.Key));
    }

    [Fact]
    public async Task An_error_line_midway_throws_the_servers_code_after_the_objects_before_it()
    {
        // Given
        const string error = """{"error":{"errorCode":"integration.storage_failed","status":502,"detail":"Integration 'cams': the bucket went away."}}""";
        Handler.Respond(HttpStatusCode.OK, Line("a.png") + "\n" + Line("b.png") + "\n" + error + "\n", "application/x-ndjson");
        var seen = new List<string>();

        // When
        var ex = await Assert.ThrowsAsync<CurioRequestFailedException>(async () =>
        {
            await foreach (var o in Client().ListStorageObjectsAsync("cams", cancellationToken: Ct))
            {
                seen.Add(o.Key);
            }
        });

        // Then
        Assert.Equal(["a.png", "b.png"], seen);
        Assert.Equal((502, ErrorCodes.StorageUnavailable), (ex.Status, ex.ErrorCode));
        Assert.Equal("Integration 'cams': the bucket went away.", ex.Problem!.Detail);
        Assert.StartsWith("Integration 'cams': the bucket went away. (HTTP 502, integration.storage_failed, GET /api/v1/integrations/cams/objects",
            ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_problem_response_throws_before_any_object()
    {
        // Given
        Handler.Respond(_ => FakeHandler.Problem(404, ErrorCodes.IntegrationNotFound, "Integration 'nope' not found."));

        // When
        var ex = await Assert.ThrowsAsync<CurioRequestFailedException>(() => ListAll(Client().ListStorageObjectsAsync("nope", cancellationToken: Ct)));

        // Then
        Assert.Equal((404, ErrorCodes.IntegrationNotFound, "Integration 'nope' not found."), (ex.Status, ex.ErrorCode, ex.Problem?.Detail));
    }

    [Fact]
    public async Task A_line_that_is_no_object_throws_with_its_line_number()
    {
        // Given
        Handler.Respond(HttpStatusCode.OK, Line("a.png") + "\n{\"url\":\"x\"}\n", "application/x-ndjson");

        // When
        var ex = await Assert.ThrowsAsync<CurioRequestFailedException>(() => ListAll(Client().ListStorageObjectsAsync("photos", cancellationToken: Ct)));

        // Then
        Assert.Equal(200, ex.Status);
        Assert.Contains("at line 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_lost_midway_throws_with_status_0()
    {
        // Given
        Handler.Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new FailingStream(Encoding.UTF8.GetBytes(Line("a.png") + "\n"))) });

        // When
        var seen = new List<string>();
        var ex = await Assert.ThrowsAsync<CurioRequestFailedException>(async () =>
        {
            await foreach (var o in Client().ListStorageObjectsAsync("photos", cancellationToken: Ct))
            {
                seen.Add(o.Key);
            }
        });

        // Then
        Assert.Equal(["a.png"], seen);
        Assert.Equal(0, ex.Status);
        Assert.Contains("broke off after 1 objects", ex.Message, StringComparison.Ordinal);
        Assert.IsType<IOException>(ex.InnerException);
    }

    [Fact]
    public void Arguments_are_checked_before_any_request()
    {
        Assert.Throws<ArgumentException>(() => Client().ListStorageObjectsAsync("", cancellationToken: Ct));
        Assert.Throws<ArgumentOutOfRangeException>(() => Client().ListStorageObjectsAsync("photos", limit: 0, cancellationToken: Ct));
        Assert.Empty(Handler.Requests);
    }

    /// <summary>Gives its bytes, then fails as a reset connection does.</summary>
    private sealed class FailingStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await base.ReadAsync(buffer, cancellationToken);
            return read > 0 ? read : throw new IOException("The connection was reset.");
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = base.Read(buffer, offset, count);
            return read > 0 ? read : throw new IOException("The connection was reset.");
        }
    }
}
