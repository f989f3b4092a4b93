using System.Net;
using System.Text.Json;
using Curio.Cli.Tests.Support;
using Curio.Contracts;
using Curio.Sdk;

namespace Curio.Cli.Tests.Sdk;

/// <summary>Item updates one at a time, in bulk and through a bundle; filtered and sorted listings; value counts.</summary>
public sealed class ItemUpdateTests : SdkTestBase
{
    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>Answers a bulk patch as the server does (a page of the patched items) and keeps each request's body.</summary>
    private void AnswerPatches(List<PatchItemsRequest> received, int times)
    {
        for (var i = 0; i < times; i++)
        {
            Handler.Respond(async r =>
            {
                var request = JsonSerializer.Deserialize(await r.Content!.ReadAsStringAsync(Ct), CurioJsonContext.Default.PatchItemsRequest)!;
                received.Add(request);
                var items = request.ItemPatches.Select(p => CurioModelFactory.Item(p.Value.Name ?? "unnamed") with { Uuid = p.Key }).ToList();
                return FakeHandler.Response(HttpStatusCode.OK, JsonSerializer.Serialize(new Page<Item> { Results = items }, CurioJsonContext.Default.PageItem));
            });
        }
    }

    [Fact]
    public async Task Folder_patches_go_in_one_bulk_request()
    {
        // Given
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        string? body = null;
        Handler.Respond(async r =>
        {
            body = await r.Content!.ReadAsStringAsync(Ct);
            return FakeHandler.Response(HttpStatusCode.OK, JsonSerializer.Serialize(new Page<Folder> { Results = [] }, CurioJsonContext.Default.PageFolder));
        });

        // When
        await Client().PatchFoldersAsync(new Dictionary<Guid, UpdateFolderRequest>
        {
            [a] = new() { ClientMetadata = Json("""{"team":"x"}""") },
            [b] = new() { Name = "renamed" },
        }, Ct);

        // Then
        var request = Assert.Single(Handler.Requests);
        Assert.Equal((HttpMethod.Patch, "/api/v1/folders"), (request.Method, request.PathAndQuery));
        Assert.Equal("{\"folderPatches\":{\"" + a + "\":{\"clientMetadata\":{\"team\":\"x\"}},\"" + b + "\":{\"name\":\"renamed\"}}}", body);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Client().PatchFoldersAsync(
            Enumerable.Range(0, 1001).ToDictionary(_ => Guid.NewGuid(), _ => new UpdateFolderRequest { Name = "x" }), Ct));
    }

    [Fact]
    public async Task Text_filters_sort_and_order_are_query_parameters()
    {
        // Given
        var folder = Guid.NewGuid();
        Handler.RespondJson(new Page<Item> { Results = [] }, CurioJsonContext.Default.PageItem);
        var query = new ItemQuery { Filter = """camera = "front" AND score >= 0.5""", Sort = "score", Descending = true, PageSize = 10 };

        // When
        await Client().GetItemsPageAsync(folder, "t1", query, Ct);

        // Then
        var request = Assert.Single(Handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal(
            $"/api/v1/folders/{folder}/items?pageSize=10&pageToken=t1&filter=camera%20%3D%20%22front%22%20AND%20score%20%3E%3D%200.5&sort=score&descending=true",
            request.PathAndQuery);
    }

    [Fact]
    public async Task A_filter_document_is_posted_as_the_query_on_every_page()
    {
        // Given
        var folder = Guid.NewGuid();
        var bodies = new List<string>();
        foreach (var next in new[] { "t2", null })
        {
            Handler.Respond(async r =>
            {
                bodies.Add(await r.Content!.ReadAsStringAsync(Ct));
                return FakeHandler.Response(HttpStatusCode.OK, JsonSerializer.Serialize(
                    new Page<Item> { Results = [CurioModelFactory.Item()], NextPageToken = next }, CurioJsonContext.Default.PageItem));
            });
        }

        var query = new ItemQuery
        {
            FilterDocument = Json("""{"key":"camera","op":"in","values":["front"]}"""),
            Sort = "$size",
            PageSize = 1,
            ItemTypes = { ItemType.Image },
        };

        // When
        var items = await Client().GetItemsAsync(folder, query, Ct).ToListAsync(Ct);

        // Then
        Assert.Equal(2, items.Count);
        Assert.All(Handler.Requests, r => Assert.Equal((HttpMethod.Post, $"/api/v1/folders/{folder}/items/query", "application/json"), (r.Method, r.PathAndQuery, r.ContentType)));
        Assert.Equal(
            [
                """{"filter":{"key":"camera","op":"in","values":["front"]},"sort":"$size","pageSize":1,"itemTypes":["image"]}""",
                """{"filter":{"key":"camera","op":"in","values":["front"]},"sort":"$size","pageSize":1,"pageToken":"t2","itemTypes":["image"]}""",
            ],
            bodies);
    }

    [Fact]
    public async Task A_query_with_both_filter_forms_is_refused_before_sending()
    {
        var query = new ItemQuery { Filter = "score > 1", FilterDocument = Json("""{"key":"score","op":">","value":1}""") };

        await Assert.ThrowsAsync<ArgumentException>(() => Client().GetItemsPageAsync(Guid.NewGuid(), null, query, Ct));
        Assert.Throws<ArgumentException>(() => Client().GetItemsAsync(Guid.NewGuid(), query, Ct));
        Assert.Empty(Handler.Requests);
    }

    [Fact]
    public async Task Value_counts_are_asked_by_key_and_filter()
    {
        // Given
        var folder = Guid.NewGuid();
        Handler.RespondJson(new ValueCounts { Key = "camera", Counts = [new ValueCount { Value = "front", Count = 3 }] }, CurioJsonContext.Default.ValueCounts);

        // When
        var counts = await Client().CountItemValuesAsync(folder, "camera", "score < 10", Ct);

        // Then
        Assert.Equal($"/api/v1/folders/{folder}/items/counts?key=camera&filter=score%20%3C%2010", Handler.Requests[0].PathAndQuery);
        Assert.Equal(("front", 3L), (counts.Counts[0].Value, counts.Counts[0].Count));
    }

    [Fact]
    public async Task An_item_update_patches_the_item_and_needs_something_to_change()
    {
        // Given
        var uuid = Guid.NewGuid();
        string? body = null;
        Handler.Respond(async r =>
        {
            body = await r.Content!.ReadAsStringAsync(Ct);
            return FakeHandler.Response(HttpStatusCode.OK, JsonSerializer.Serialize(CurioModelFactory.Item("renamed") with { Uuid = uuid }, CurioJsonContext.Default.Item));
        });
        var client = Client();

        // When
        var item = await client.UpdateItemAsync(uuid, "renamed", Json("""{"score": 2}"""), Ct);

        // Then
        Assert.Equal((HttpMethod.Patch, $"/api/v1/items/{uuid}"), (Handler.Requests[0].Method, Handler.Requests[0].PathAndQuery));
        Assert.Equal("""{"name":"renamed","clientMetadata":{"score":2}}""", body);
        Assert.Equal("renamed", item.Name);
        await Assert.ThrowsAsync<ArgumentException>(() => client.UpdateItemAsync(uuid, cancellationToken: Ct));
        Assert.Single(Handler.Requests);
    }

    [Fact]
    public async Task Refused_metadata_lists_each_problem()
    {
        // Given
        var item = Guid.NewGuid();
        var problems = $$""","problems":[{"item":"{{item}}","key":"score","expected":"a number","value":"\"high\"","message":"Item {{item}}: score must be a number."}]""";
        Handler.Respond(_ => FakeHandler.Problem(422, ErrorCodes.MetadataValueInvalid, "Item x: score must be a number. Nothing was updated.", problems));

        // When
        var ex = await Assert.ThrowsAsync<CurioRequestFailedException>(() => Client().UpdateItemAsync(item, clientMetadata: Json("""{"score":"high"}"""), cancellationToken: Ct));

        // Then
        Assert.Equal(ErrorCodes.MetadataValueInvalid, ex.ErrorCode);
        var problem = Assert.Single(ex.MetadataProblems);
        Assert.Equal((item, "score", "a number", "\"high\""), (problem.Item, problem.Key, problem.Expected, problem.Value));
    }

    [Fact]
    public async Task A_bulk_patch_is_one_request_of_at_most_1000()
    {
        var received = new List<PatchItemsRequest>();
        AnswerPatches(received, 1);
        var client = Client();
        var patches = Enumerable.Range(0, 3).ToDictionary(_ => Guid.NewGuid(), i => new UpdateItemRequest { Name = $"n{i}" });

        var items = await client.PatchItemsAsync(patches, Ct);
        var none = await client.PatchItemsAsync(new Dictionary<Guid, UpdateItemRequest>(), Ct);

        Assert.Equal(patches.Keys, items.Select(i => i.Uuid));
        Assert.Equal((HttpMethod.Patch, "/api/v1/items"), (Handler.Requests[0].Method, Handler.Requests[0].PathAndQuery));
        Assert.Empty(none);
        Assert.Single(Handler.Requests);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            client.PatchItemsAsync(Enumerable.Range(0, 1001).ToDictionary(_ => Guid.NewGuid(), _ => new UpdateItemRequest { Name = "x" }), Ct));
    }

    [Fact]
    public async Task A_bundle_of_2500_updates_is_sent_as_three_requests_in_order()
    {
        // Given
        var received = new List<PatchItemsRequest>();
        AnswerPatches(received, 3);
        var uuids = Enumerable.Range(0, 2500).Select(_ => Guid.NewGuid()).ToList();

        // When
        ItemBundle bundle;
        await using (bundle = Client().CreateItemBundle())
        {
            for (var i = 0; i < uuids.Count; i++)
            {
                bundle.Update(uuids[i], name: $"item-{i}");
            }

            Assert.Equal(2500, bundle.Count);
            Assert.Empty(Handler.Requests);
        }

        // Then
        Assert.Equal([1000, 1000, 500], received.Select(r => r.ItemPatches.Count));
        Assert.Equal(uuids, received.SelectMany(r => r.ItemPatches.Keys));
        Assert.All(Handler.Requests, r => Assert.Equal((HttpMethod.Patch, "/api/v1/items"), (r.Method, r.PathAndQuery)));
        Assert.Equal((0, 2500), (bundle.Count, bundle.UpdatedItems.Count));
        Assert.Equal("item-2499", bundle.UpdatedItems[^1].Name);
        Assert.Throws<ObjectDisposedException>(() => bundle.Update(uuids[0], name: "late"));
    }

    [Fact]
    public async Task Updates_of_the_same_item_merge_field_by_field_the_later_winning()
    {
        // Given
        var received = new List<PatchItemsRequest>();
        AnswerPatches(received, 1);
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var bundle = Client().CreateItemBundle();
        using var first = JsonDocument.Parse("""{"score":1}""");

        // When
        bundle.Update(a, name: "first", clientMetadata: first.RootElement);
        bundle.Update(b, name: "b");
        bundle.Update(a, clientMetadata: Json("""{"score":2}"""));
        bundle.Update(a, name: "second");
        first.Dispose(); // the bundle keeps its own copy
        var updated = await bundle.FlushAsync(Ct);

        // Then
        var patches = Assert.Single(received).ItemPatches;
        Assert.Equal([a, b], patches.Keys);
        Assert.Equal(("second", """{"score":2}"""), (patches[a].Name, patches[a].ClientMetadata!.Value.GetRawText()));
        Assert.Equal(("b", null), (patches[b].Name, patches[b].ClientMetadata));
        Assert.Equal(2, updated.Count);
    }

    [Fact]
    public async Task A_smaller_bundle_size_splits_sooner()
    {
        var received = new List<PatchItemsRequest>();
        AnswerPatches(received, 3);
        var bundle = Client().CreateItemBundle(bundleSize: 2);
        for (var i = 0; i < 5; i++)
        {
            bundle.Update(Guid.NewGuid(), name: $"n{i}");
        }

        var updated = await bundle.FlushAsync(Ct);

        Assert.Equal([2, 2, 1], received.Select(r => r.ItemPatches.Count));
        Assert.Equal(5, updated.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => Client().CreateItemBundle(1001));
        Assert.Throws<ArgumentOutOfRangeException>(() => Client().CreateItemBundle(0));
    }

    [Fact]
    public async Task A_failed_request_keeps_its_patches_and_the_later_ones_queued_until_cleared()
    {
        // Given: the second of three requests is refused
        var received = new List<PatchItemsRequest>();
        AnswerPatches(received, 1);
        Handler.Respond(_ => FakeHandler.Problem(422, ErrorCodes.MetadataValueInvalid, "Item x: score must be a number."));
        var bundle = Client().CreateItemBundle(bundleSize: 2);
        for (var i = 0; i < 5; i++)
        {
            bundle.Update(Guid.NewGuid(), name: $"n{i}");
        }

        // When
        var ex = await Assert.ThrowsAsync<CurioRequestFailedException>(() => bundle.FlushAsync(Ct));

        // Then
        Assert.Equal(ErrorCodes.MetadataValueInvalid, ex.ErrorCode);
        Assert.Equal((3, 2), (bundle.Count, bundle.UpdatedItems.Count));
        bundle.Clear();
        await bundle.DisposeAsync();
        Assert.Equal(2, Handler.Requests.Count);
    }

    [Fact]
    public async Task Disposing_an_empty_bundle_sends_nothing_and_an_update_needs_a_change()
    {
        var bundle = Client().CreateItemBundle();

        Assert.Throws<ArgumentException>(() => bundle.Update(Guid.NewGuid()));
        await bundle.DisposeAsync();
        await bundle.DisposeAsync();

        Assert.Empty(Handler.Requests);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => bundle.FlushAsync(Ct));
    }
}
