using System.Net;
using Curio.Cli.Tests.Support;
using Curio.Contracts;
using Curio.Sdk;

namespace Curio.Cli.Tests.Sdk;

public sealed class RetryTests : SdkTestBase
{
    [Theory]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task A_get_is_retried_on_gateway_errors(HttpStatusCode status)
    {
        // Given
        var folder = CurioModelFactory.Folder("a");
        Handler.Respond(status).Throw(new HttpRequestException("reset")).RespondJson(folder, CurioJsonContext.Default.Folder);

        // When
        var result = await Client().GetFolderAsync(folder.Uuid, Ct);

        // Then
        Assert.Equal(folder.Uuid, result.Uuid);
        Assert.Equal(3, Handler.Requests.Count);
    }

    [Fact]
    public async Task A_get_gives_up_after_three_retries()
    {
        // Given
        for (var i = 0; i < 5; i++)
        {
            Handler.Respond(_ => FakeHandler.Problem(503, ErrorCodes.Unavailable, "Busy."));
        }

        // When
        var ex = await Assert.ThrowsAsync<CurioRequestFailedException>(() => Client().GetItemAsync(Guid.NewGuid(), Ct));

        // Then
        Assert.Equal((503, ErrorCodes.Unavailable), (ex.Status, ex.ErrorCode));
        Assert.Equal(4, Handler.Requests.Count);
    }

    [Fact(Timeout = 20_000)]
    public async Task A_get_honours_a_short_retry_after()
    {
        // Given
        var item = CurioModelFactory.Item();
        Handler.Respond(_ =>
        {
            var response = FakeHandler.Response(HttpStatusCode.ServiceUnavailable);
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero);
            return response;
        }).RespondJson(item, CurioJsonContext.Default.Item);

        // When: the client's own backoff would wait ten minutes
        var client = new CurioClient(new Uri("http://curio.test/"), "t", new CurioClientOptions
        {
            HttpClient = new HttpClient(Handler),
            RetryDelay = TimeSpan.FromMinutes(10),
            MaxRetryDelay = TimeSpan.FromMinutes(10),
        });
        var result = await client.GetItemAsync(item.Uuid, Ct);

        // Then
        Assert.Equal(item.Uuid, result.Uuid);
        Assert.Equal(2, Handler.Requests.Count);
    }

    [Fact]
    public async Task Other_errors_of_a_get_are_not_retried()
    {
        Handler.Respond(_ => FakeHandler.Problem(500, ErrorCodes.ServerError, "Bug."));

        var ex = await Assert.ThrowsAsync<CurioRequestFailedException>(() => Client().GetItemAsync(Guid.NewGuid(), Ct));

        Assert.Equal(500, ex.Status);
        Assert.Single(Handler.Requests);
    }

    [Fact]
    public async Task Post_patch_and_delete_are_never_retried()
    {
        // Given
        for (var i = 0; i < 3; i++)
        {
            Handler.Respond(HttpStatusCode.ServiceUnavailable);
        }

        var client = Client();

        // When
        var post = await Assert.ThrowsAsync<CurioRequestFailedException>(() => client.CreateFolderAsync("a/b", Ct));
        var patch = await Assert.ThrowsAsync<CurioRequestFailedException>(() => client.UpdateFolderAsync(Guid.NewGuid(), new UpdateFolderRequest { Name = "c" }, Ct));
        var delete = await Assert.ThrowsAsync<CurioRequestFailedException>(() => client.DeleteFolderAsync(Guid.NewGuid(), cancellationToken: Ct));
        Handler.Throw(new HttpRequestException("reset"));
        var import = await Assert.ThrowsAsync<CurioRequestFailedException>(() =>
            client.StartImportAsync(new ImportRequest(Guid.NewGuid(), "local", new MemoryStream("{}"u8.ToArray()), "a.json"), Ct));

        // Then
        Assert.Equal((503, 503, 503, 0), (post.Status, patch.Status, delete.Status, import.Status));
        Assert.Equal(["POST", "PATCH", "DELETE", "POST"], Handler.Requests.Select(r => r.Method.Method));
    }
}
