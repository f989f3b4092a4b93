using System.Net;
using System.Text.Json;
using Curio.Cli.Tests.Support;
using Curio.Contracts;
using Curio.Sdk;

namespace Curio.Cli.Tests.Sdk;

/// <summary>The metadata schema: the v2 document read by the SDK's helpers, and the shape of every edit request.</summary>
public sealed class MetadataSchemaTests : SdkTestBase
{
    private const string Schema = """
        {"weather":{"ty":"variant","hint":"varchar"},"captured_at":{"ty":"variant","hint":"datetime"},"notes":{"ty":"variant","hint":"long_string"},
         "camera":{"ty":"enum","values":["front","rear"]},"clip-512":{"ty":"embedding","size":512,"api":null},"loc":{"ty":"geospatial"},
         "strict":{"ty":"number","format":"F32"},"owner":{"ty":"user"},
         "old":{"ty":"tombstone","deleted_ty":{"ty":"variant","hint":"number"}},"purged":{"ty":"tombstone","deleted_ty":null}}
        """;

    private static HttpResponseMessage SchemaResponse(string body = Schema, long? version = 7)
    {
        var response = FakeHandler.Response(HttpStatusCode.OK, body);
        if (version is { } v)
        {
            response.Headers.Add("Curio-Schema-Version", v.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return response;
    }

    [Fact]
    public async Task The_schema_is_read_with_its_version_and_helpers_answer_like_encords()
    {
        // Given
        Handler.Respond(_ => SchemaResponse());

        // When
        var schema = await Client().GetMetadataSchemaAsync(Ct);

        // Then
        Assert.Equal("/api/v1/metadata/schema", Handler.Requests[0].PathAndQuery);
        Assert.Equal(7, schema.Version);
        Assert.Equal(["camera", "captured_at", "clip-512", "loc", "notes", "owner", "strict", "weather"], schema.Keys);
        Assert.Equal(["old", "purged"], schema.DeletedKeys);
        Assert.Equal(10, schema.AllKeys.Count);
        Assert.Equal(
            new string?[] { "enum", "datetime", "embedding", "geospatial", "text", "user", "number", "varchar", null, null, null },
            schema.Keys.Concat(["old", "purged", "absent"]).Select(schema.GetKeyType));
        Assert.Equal(["front", "rear"], schema.GetEnumOptions("camera"));
        Assert.Null(schema.GetEnumOptions("weather"));
        Assert.Equal(512, schema.GetEmbeddingSize("clip-512"));
        Assert.Null(schema.GetEmbeddingSize("camera"));
        Assert.Equal((true, true, false), (schema.IsKeyDeleted("old"), schema.IsKeyDeleted("purged"), schema.IsKeyDeleted("camera")));
        Assert.Equal(("number", null, null), (schema.GetDeletedKeyType("old"), schema.GetDeletedKeyType("purged"), schema.GetDeletedKeyType("camera")));
        Assert.Equal((true, false, false), (schema.HasKey("camera"), schema.HasKey("old"), schema.HasKey("Camera")));
        Assert.Equal(JsonValueKind.Null, schema.Document.GetProperty("clip-512").GetProperty("api").ValueKind);
    }

    [Fact]
    public void An_empty_schema_is_json_null_or_an_empty_object_and_other_shapes_are_refused()
    {
        using var empty = JsonDocument.Parse("null");
        using var array = JsonDocument.Parse("[]");
        using var notObjects = JsonDocument.Parse("""{"a":"number"}""");

        Assert.Empty(new MetadataSchemaDocument(empty.RootElement).AllKeys);
        Assert.Null(new MetadataSchemaDocument(empty.RootElement).Version);
        Assert.Throws<ArgumentException>(() => new MetadataSchemaDocument(array.RootElement));
        Assert.Throws<ArgumentException>(() => new MetadataSchemaDocument(notObjects.RootElement));
    }

    [Fact]
    public async Task Each_edit_sends_its_request_and_returns_the_new_document()
    {
        // Given
        var requests = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            Handler.Respond(async r =>
            {
                requests.Add($"{r.Method} {r.RequestUri!.PathAndQuery} {(r.Content is null ? "" : await r.Content.ReadAsStringAsync(Ct))}".TrimEnd());
                return SchemaResponse(version: null);
            });
        }

        var client = Client();

        // When
        var documents = new List<MetadataSchemaDocument>
        {
            await client.AddScalarAsync("score", "number", Ct),
            await client.AddEnumAsync("camera", ["front", "rear"], Ct),
            await client.AddEnumOptionsAsync("video kind", ["side"], Ct),
            await client.AddEmbeddingAsync("clip-512", 512, Ct),
            await client.AddGeospatialAsync("loc", Ct),
            await client.DeleteMetadataKeyAsync("a.b", hard: true, Ct),
            await client.RestoreMetadataKeyAsync("a.b", Ct),
        };

        // Then
        Assert.Equal(
            [
                """POST /api/v1/metadata/schema/scalars {"key":"score","type":"number"}""",
                """POST /api/v1/metadata/schema/enums {"key":"camera","values":["front","rear"]}""",
                """POST /api/v1/metadata/schema/enums/video%20kind/options {"values":["side"]}""",
                """POST /api/v1/metadata/schema/embeddings {"key":"clip-512","size":512}""",
                """POST /api/v1/metadata/schema/geospatial {"key":"loc"}""",
                "DELETE /api/v1/metadata/schema/keys/a.b?hard=true",
                "POST /api/v1/metadata/schema/keys/a.b/restore",
            ],
            requests);
        Assert.All(documents, d => Assert.Equal(("enum", null), (d.GetKeyType("camera"), d.Version)));
    }

    [Fact]
    public async Task A_soft_delete_sends_no_hard_flag()
    {
        Handler.Respond(_ => SchemaResponse());

        await Client().DeleteMetadataKeyAsync("score", cancellationToken: Ct);

        Assert.Equal("/api/v1/metadata/schema/keys/score", Handler.Requests[0].PathAndQuery);
    }

    [Fact]
    public async Task The_schema_is_replaced_from_an_element_or_from_text_and_text_that_is_not_json_is_refused_here()
    {
        // Given
        var bodies = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            Handler.Respond(async r =>
            {
                bodies.Add(await r.Content!.ReadAsStringAsync(Ct));
                return SchemaResponse(version: 8);
            });
        }

        using var document = JsonDocument.Parse("""{"score":{"ty":"variant","hint":"number"}}""");
        var client = Client();

        // When
        var fromElement = await client.ReplaceMetadataSchemaAsync(document.RootElement, Ct);
        var fromText = await client.ReplaceMetadataSchemaAsync("""{"score": "number"}""", Ct);
        var notJson = await Assert.ThrowsAsync<ArgumentException>(() => client.ReplaceMetadataSchemaAsync("{score:", Ct));

        // Then
        Assert.Equal(["""{"score":{"ty":"variant","hint":"number"}}""", """{"score": "number"}"""], bodies);
        Assert.All(Handler.Requests, r => Assert.Equal(("PUT", "application/json"), (r.Method.Method, r.ContentType)));
        Assert.Equal((8L, 8L), (fromElement.Version, fromText.Version));
        Assert.Contains("not valid JSON", notJson.Message, StringComparison.Ordinal);
        Assert.Equal(2, Handler.Requests.Count);
    }

    [Fact]
    public async Task A_refused_edit_is_an_exception_with_the_servers_code()
    {
        Handler.Respond(_ => FakeHandler.Problem(422, ErrorCodes.MetadataSchemaInvalid, "camera is already defined as an enum.", ""","key":"camera" """));

        var ex = await Assert.ThrowsAsync<CurioRequestFailedException>(() => Client().AddScalarAsync("camera", "number", Ct));

        Assert.Equal((422, ErrorCodes.MetadataSchemaInvalid), (ex.Status, ex.ErrorCode));
        Assert.StartsWith("camera is already defined as an enum.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Arguments_are_checked_before_anything_is_sent()
    {
        var client = Client();

        await Assert.ThrowsAsync<ArgumentException>(() => client.AddScalarAsync("", "number", Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => client.DeleteMetadataKeyAsync("..", cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetMetadataSchemaReportAsync(1001, cancellationToken: Ct));
        Assert.Empty(Handler.Requests);
    }

    [Fact]
    public async Task The_report_is_paged_with_its_token()
    {
        // Given
        var report = new MetadataSchemaReport
        {
            Version = 3,
            Done = false,
            ItemsLeft = 10,
            NonconformingCount = 1,
            NextPageToken = "n2",
            Nonconforming = [new NonconformingMetadataValue { Item = Guid.NewGuid(), ItemName = "a.png", Folder = Guid.NewGuid(), Key = "score", Expected = "a number", Value = "\"high\"" }],
        };
        Handler.RespondJson(report, CurioJsonContext.Default.MetadataSchemaReport);

        // When
        var received = await Client().GetMetadataSchemaReportAsync(50, "n1", Ct);

        // Then
        Assert.Equal("/api/v1/metadata/schema/report?pageSize=50&pageToken=n1", Handler.Requests[0].PathAndQuery);
        Assert.Equal((3L, false, 10L, "n2", "score"), (received.Version, received.Done, received.ItemsLeft, received.NextPageToken, received.Nonconforming[0].Key));
    }
}
