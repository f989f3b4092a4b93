using System.Net;
using System.Text.Json;
using Curio.Cli.Tests.Support;
using Curio.Contracts;
using Curio.Sdk;

namespace Curio.Cli.Tests.Sdk;

public sealed class RequestTests : SdkTestBase
{
    [Fact]
    public async Task Requests_carry_the_token_and_keep_the_endpoints_base_path()
    {
        // Given
        Handler.RespondJson(CurioModelFactory.Integration("my cams"), CurioJsonContext.Default.Integration);

        // When
        await Client("https://proxy.test/curio").GetIntegrationAsync("my cams", Ct);

        // Then
        var request = Assert.Single(Handler.Requests);
        Assert.Equal("https://proxy.test/curio/api/v1/integrations/my%20cams", request.Uri.AbsoluteUri);
        Assert.Equal("Bearer secret-token", request.Authorization);
    }

    [Fact]
    public async Task Bodies_are_camel_case_json_without_nulls()
    {
        // Given
        string? body = null;
        Handler.Respond(async r =>
        {
            body = await r.Content!.ReadAsStringAsync(Ct);
            return FakeHandler.Response(HttpStatusCode.Created, JsonSerializer.Serialize(CurioModelFactory.Integration(), CurioJsonContext.Default.Integration));
        });

        // When
        await Client().CreateIntegrationAsync(new CreateIntegrationRequest { Name = "web", Provider = "direct", AllowPrivateNetworks = true }, Ct);

        // Then
        Assert.Equal("""{"name":"web","provider":"direct","allowPrivateNetworks":true}""", body);
        Assert.Equal("application/json", Handler.Requests[0].ContentType);
    }

    [Fact]
    public async Task Item_listing_follows_page_tokens_lazily()
    {
        // Given
        var folder = Guid.NewGuid();
        Page<Item> Page(string? next, params string[] names) => new() { Results = names.Select(n => CurioModelFactory.Item(n)).ToList(), NextPageToken = next };
        Handler.RespondJson(Page("t1", "a", "b"), CurioJsonContext.Default.PageItem)
            .RespondJson(Page("t2", "c"), CurioJsonContext.Default.PageItem)
            .RespondJson(Page(null, "d"), CurioJsonContext.Default.PageItem);
        var query = new ItemQuery { PageSize = 2, Search = "a&b", ItemTypes = { ItemType.ImageGroup, ItemType.Video } };

        // When
        var names = new List<string>();
        await foreach (var item in Client().GetItemsAsync(folder, query, Ct))
        {
            names.Add(item.Name);
            if (names.Count == 1)
            {
                Assert.Single(Handler.Requests);
            }
        }

        // Then
        Assert.Equal(["a", "b", "c", "d"], names);
        Assert.Equal(
            [
                $"/api/v1/folders/{folder}/items?pageSize=2&search=a%26b&itemTypes=imageGroup&itemTypes=video",
                $"/api/v1/folders/{folder}/items?pageSize=2&pageToken=t1&search=a%26b&itemTypes=imageGroup&itemTypes=video",
                $"/api/v1/folders/{folder}/items?pageSize=2&pageToken=t2&search=a%26b&itemTypes=imageGroup&itemTypes=video",
            ],
            Handler.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task A_page_exposes_its_token()
    {
        Handler.RespondJson(new Page<Item> { Results = [CurioModelFactory.Item()], NextPageToken = "next" }, CurioJsonContext.Default.PageItem);

        var page = await Client().GetItemsPageAsync(Guid.NewGuid(), "previous", cancellationToken: Ct);

        Assert.Equal("next", page.NextPageToken);
        Assert.Contains("pageToken=previous", Handler.Requests[0].PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_errors_and_items_are_listed_across_pages()
    {
        // Given
        var job = Guid.NewGuid();
        Handler.RespondJson(new Page<UnitError> { Results = [CurioModelFactory.UnitError("a")], NextPageToken = "p2" }, CurioJsonContext.Default.PageUnitError)
            .RespondJson(new Page<UnitError> { Results = [CurioModelFactory.UnitError("b")] }, CurioJsonContext.Default.PageUnitError)
            .RespondJson(new Page<ItemWithName> { Results = [new ItemWithName(Guid.NewGuid(), "x")] }, CurioJsonContext.Default.PageItemWithName);
        var client = Client();

        // When
        var errors = await client.GetJobErrorsAsync(job, Ct).Select(e => e.ObjectUrls[0]).ToListAsync(Ct);
        var items = await client.GetJobItemsAsync(job, Ct).Select(i => i.Name).ToListAsync(Ct);

        // Then
        Assert.Equal(["a", "b"], errors);
        Assert.Equal(["x"], items);
        Assert.Equal($"/api/v1/jobs/{job}/errors?pageSize=1000&pageToken=p2", Handler.Requests[1].PathAndQuery);
    }

    [Fact]
    public async Task The_failed_files_csv_is_copied_to_the_stream()
    {
        // Given
        const string csv = "object_url,title,item_type,error,action,subtask_uuid\r\na.png,a,image,missing,check,00000000-0000-0000-0000-000000000000\r\n";
        Handler.Respond(HttpStatusCode.OK, csv, "text/csv");
        using var destination = new MemoryStream();

        // When
        await Client().DownloadFailedFilesCsvAsync(Guid.NewGuid(), destination, Ct);

        // Then
        Assert.Equal(csv, System.Text.Encoding.UTF8.GetString(destination.ToArray()));
        Assert.EndsWith("/errors.csv", Handler.Requests[0].Uri.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Folders_are_created_by_path_or_by_name_and_parent()
    {
        // Given
        var bodies = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            Handler.Respond(async r =>
            {
                bodies.Add(await r.Content!.ReadAsStringAsync(Ct));
                return FakeHandler.Response(HttpStatusCode.Created, JsonSerializer.Serialize(CurioModelFactory.Folder(), CurioJsonContext.Default.Folder));
            });
        }

        var parent = Guid.Parse("0192e0c4-8d0b-7c3e-9a55-2f0c2b1d4e6f");

        // When
        await Client().CreateFolderAsync("a/b", Ct);
        await Client().CreateFolderAsync("c", parent, Ct);

        // Then
        Assert.Equal(["""{"path":"a/b"}""", """{"name":"c","parent":"0192e0c4-8d0b-7c3e-9a55-2f0c2b1d4e6f"}"""], bodies);
    }

    [Fact]
    public async Task A_thumbnail_is_the_response_bytes_and_its_problems_are_exceptions()
    {
        // Given
        var item = Guid.NewGuid();
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xD9];
        Handler.Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(jpeg) })
            .Respond(_ => FakeHandler.Problem(404, ErrorCodes.ThumbnailUnavailable, "No thumbnail for audio items."));

        // When
        var bytes = await Client().GetThumbnailAsync(item, Ct);
        var ex = await Assert.ThrowsAsync<CurioRequestFailedException>(() => Client().GetThumbnailAsync(item, Ct));

        // Then
        Assert.Equal(jpeg, bytes);
        Assert.Equal($"http://curio.test/api/v1/items/{item}/thumbnail", Handler.Requests[0].Uri.AbsoluteUri);
        Assert.Equal((404, ErrorCodes.ThumbnailUnavailable), (ex.Status, ex.ErrorCode));
    }
}
