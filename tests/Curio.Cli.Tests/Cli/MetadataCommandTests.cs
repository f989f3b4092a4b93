using System.Net;
using System.Text.Json;
using Curio.Cli.Infrastructure;
using Curio.Cli.Tests.Support;
using Curio.Contracts;
using Curio.Sdk;

namespace Curio.Cli.Tests.Cli;

/// <summary><c>items list --filter</c>, <c>items update</c>, <c>items counts</c> and <c>schema ...</c> against a scripted server: requests, output, exit codes.</summary>
public sealed class MetadataCommandTests : IDisposable
{
    private const string Schema = """{"camera":{"ty":"enum","values":["front","rear"]},"old":{"ty":"tombstone","deleted_ty":{"ty":"variant","hint":"number"}},"score":{"ty":"variant","hint":"number"}}""";
    private static readonly Guid ItemId = Guid.Parse("0192e0c4-8d0b-7c3e-9a55-2f0c2b1d4e6f");
    private readonly FakeHandler _handler = new();
    private readonly CliRunner _cli;
    private readonly List<string> _bodies = [];

    public MetadataCommandTests()
    {
        _cli = new CliRunner(_handler);
        _cli.Environment[CliEnvironment.UrlVariable] = "http://curio.test/";
        _cli.Environment[CliEnvironment.TokenVariable] = "t";
    }

    public void Dispose() => _cli.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Item Item(string name, string metadata)
    {
        using var document = JsonDocument.Parse(metadata);
        return CurioModelFactory.Item(name) with { ClientMetadata = document.RootElement.Clone() };
    }

    /// <summary>Answers the next request with a body, keeping the request's body.</summary>
    private void Answer(string body, long? schemaVersion = null) => _handler.Respond(async r =>
    {
        _bodies.Add(r.Content is null ? "" : await r.Content.ReadAsStringAsync(Ct));
        var response = FakeHandler.Response(HttpStatusCode.OK, body);
        if (schemaVersion is { } v)
        {
            response.Headers.Add("Curio-Schema-Version", v.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return response;
    });

    private void AnswerFolder() => _handler.RespondJson(CurioModelFactory.Folder("cams"), CurioJsonContext.Default.Folder);

    [Fact]
    public async Task Items_list_sends_the_filter_and_sort_and_stops_at_the_limit_across_pages()
    {
        // Given
        AnswerFolder();
        _handler.RespondJson(new Page<Item> { Results = [Item("a.png", """{"score":9}"""), Item("b.png", """{"score":"7"}""")], NextPageToken = "p2" }, CurioJsonContext.Default.PageItem)
            .RespondJson(new Page<Item> { Results = [Item("c.png", "{}")], NextPageToken = "p3" }, CurioJsonContext.Default.PageItem);

        // When
        var result = await _cli.RunAsync("items", "list", "--folder", "cams", "--filter", "camera = \"front\"", "--sort", "score", "--desc", "--limit", "3");

        // Then
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(
            [
                "pageSize=3&filter=camera%20%3D%20%22front%22&sort=score&descending=true",
                "pageSize=1&pageToken=p2&filter=camera%20%3D%20%22front%22&sort=score&descending=true",
            ],
            _handler.Requests.Skip(1).Select(r => r.Uri.Query.TrimStart('?')));
        Assert.Equal(3, _handler.Requests.Count);
        Assert.Matches(@"score", result.Out);
        Assert.Matches(@"a\.png +image +9 ", result.Out);
        Assert.Matches(@"b\.png +image +7 ", result.Out);
        Assert.Contains("Showing the first 3 items", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Items_list_says_when_nothing_matches_the_filter()
    {
        AnswerFolder();
        _handler.RespondJson(new Page<Item> { Results = [] }, CurioJsonContext.Default.PageItem);

        var result = await _cli.RunAsync("items", "list", "--folder", "cams", "--filter", "score > 100");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("No items in 'cams' match the filter.", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filter_the_server_cannot_read_is_exit_1_with_where_and_why()
    {
        AnswerFolder();
        _handler.Respond(_ => FakeHandler.Problem(400, ErrorCodes.FilterInvalid, "Line 1, column 8: expected a value after '='."));

        var result = await _cli.RunAsync("items", "list", "--folder", "cams", "--filter", "score =", "--output", "json");

        Assert.Equal((ExitCodes.InvalidInput, ""), (result.ExitCode, result.Out));
        Assert.Contains("Line 1, column 8: expected a value after '='. [filter.invalid]", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Items_update_patches_the_item_with_the_metadata_given()
    {
        // Given
        var file = Path.Combine(_cli.ConfigDirectory, "meta.json");
        await File.WriteAllTextAsync(file, """{"camera": "rear"}""", Ct);
        Answer(JsonSerializer.Serialize(Item("renamed", """{"score":2}""") with { Uuid = ItemId }, CurioJsonContext.Default.Item));
        Answer(JsonSerializer.Serialize(Item("renamed", """{"camera":"rear"}""") with { Uuid = ItemId }, CurioJsonContext.Default.Item));

        // When
        var inline = await _cli.RunAsync("items", "update", ItemId.ToString(), "--name", "renamed", "--metadata", """{"score": 2}""");
        var fromFile = await _cli.RunAsync("items", "update", ItemId.ToString(), "--metadata-file", file, "--output", "json");

        // Then
        Assert.Equal((ExitCodes.Ok, ExitCodes.Ok), (inline.ExitCode, fromFile.ExitCode));
        Assert.All(_handler.Requests, r => Assert.Equal((HttpMethod.Patch, $"/api/v1/items/{ItemId}"), (r.Method, r.PathAndQuery)));
        Assert.Equal(["""{"name":"renamed","clientMetadata":{"score":2}}""", """{"clientMetadata":{"camera":"rear"}}"""], _bodies);
        Assert.Contains($"Updated item {ItemId} 'renamed'.", inline.Out, StringComparison.Ordinal);
        Assert.Contains("""{"score":2}""", inline.Out, StringComparison.Ordinal);
        Assert.Equal("rear", JsonDocument.Parse(fromFile.Out).RootElement.GetProperty("clientMetadata").GetProperty("camera").GetString());
    }

    [Theory]
    [InlineData("must be a JSON object", "--metadata", "[1, 2]")]
    [InlineData("is not valid JSON", "--metadata", "{score: 2}")]
    [InlineData("Nothing to update", "--output", "json")]
    [InlineData("not both", "--metadata", "{}", "--metadata-file", "x.json")]
    [InlineData("--metadata-file: file 'missing.json' not found.", "--metadata-file", "missing.json")]
    public async Task Items_update_refuses_what_it_cannot_send(string message, params string[] options)
    {
        var result = await _cli.RunAsync(["items", "update", ItemId.ToString(), .. options]);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains(message, result.Err, StringComparison.Ordinal);
        Assert.Empty(_handler.Requests);
    }

    [Fact]
    public async Task Refused_metadata_prints_each_problem_and_is_exit_1()
    {
        // Given
        var problems = $$""","problems":[{"item":"{{ItemId}}","key":"score","expected":"a number","value":"\"high\"","message":"Item {{ItemId}}: the value of 'score' should be a number, got \"high\"."}]""";
        _handler.Respond(_ => FakeHandler.Problem(422, ErrorCodes.MetadataValueInvalid, "Item x: the value of 'score' should be a number.", problems));

        // When
        var result = await _cli.RunAsync("items", "update", ItemId.ToString(), "--metadata", """{"score": "high"}""");

        // Then
        Assert.Equal((ExitCodes.InvalidInput, ""), (result.ExitCode, result.Out));
        Assert.Contains("nothing was updated [metadata.value_invalid]", result.Err, StringComparison.Ordinal);
        Assert.Contains($"Item {ItemId}: the value of 'score' should be a number, got \"high\".", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Items_counts_shows_each_value_with_its_count()
    {
        AnswerFolder();
        _handler.RespondJson(new ValueCounts { Key = "camera", Counts = [new ValueCount { Value = "front", Count = 12 }, new ValueCount { Value = "rear", Count = 3 }] },
            CurioJsonContext.Default.ValueCounts);

        var result = await _cli.RunAsync("items", "counts", "--folder", "cams", "--key", "camera", "--filter", "score >= 1");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("?key=camera&filter=score%20%3E%3D%201", _handler.Requests[1].Uri.Query);
        Assert.Matches(@"front +12", result.Out);
        Assert.Matches(@"rear +3", result.Out);
    }

    [Fact]
    public async Task Schema_get_is_a_table_of_keys_or_the_raw_document_in_json()
    {
        // Given
        Answer(Schema, schemaVersion: 4);
        Answer(Schema, schemaVersion: 4);

        // When
        var text = await _cli.RunAsync("schema", "get");
        var json = await _cli.RunAsync("schema", "get", "--output", "json");

        // Then
        Assert.Equal((ExitCodes.Ok, ExitCodes.Ok), (text.ExitCode, json.ExitCode));
        Assert.Contains("Metadata schema (version 4): 2 keys, 1 deleted", text.Out, StringComparison.Ordinal);
        Assert.Matches(@"camera +enum +front, rear", text.Out);
        Assert.Matches(@"old +\(deleted\) +was number; `curio schema restore-key` brings it back", text.Out);
        Assert.Matches(@"score +number", text.Out);
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(Schema).RootElement, JsonDocument.Parse(json.Out).RootElement));
    }

    [Fact]
    public async Task Schema_edits_send_their_request_and_show_the_new_schema()
    {
        // Given
        for (var i = 0; i < 6; i++)
        {
            Answer(Schema);
        }

        // When
        var results = new[]
        {
            await _cli.RunAsync("schema", "add-scalar", "score", "number"),
            await _cli.RunAsync("schema", "add-enum", "camera", "front", "rear"),
            await _cli.RunAsync("schema", "add-enum-options", "camera", "side view"),
            await _cli.RunAsync("schema", "add-embedding", "clip", "512"),
            await _cli.RunAsync("schema", "delete-key", "old key", "--hard"),
            await _cli.RunAsync("schema", "restore-key", "old", "--output", "json"),
        };

        // Then
        Assert.All(results, r => Assert.Equal(ExitCodes.Ok, r.ExitCode));
        Assert.Equal(
            [
                "POST /api/v1/metadata/schema/scalars",
                "POST /api/v1/metadata/schema/enums",
                "POST /api/v1/metadata/schema/enums/camera/options",
                "POST /api/v1/metadata/schema/embeddings",
                "DELETE /api/v1/metadata/schema/keys/old%20key?hard=true",
                "POST /api/v1/metadata/schema/keys/old/restore",
            ],
            _handler.Requests.Select(r => $"{r.Method} {r.PathAndQuery}"));
        Assert.Equal(
            ["""{"key":"score","type":"number"}""", """{"key":"camera","values":["front","rear"]}""", """{"values":["side view"]}""", """{"key":"clip","size":512}""", "", ""],
            _bodies);
        Assert.Contains("Key 'score' is number.", results[0].Out, StringComparison.Ordinal);
        Assert.Contains("Added enum key 'camera' with 2 options.", results[1].Out, StringComparison.Ordinal);
        Assert.Matches(@"camera +enum +front, rear", results[1].Out);
        Assert.Contains("Deleted key 'old key' for good", results[4].Out, StringComparison.Ordinal);
        Assert.Equal("tombstone", JsonDocument.Parse(results[5].Out).RootElement.GetProperty("old").GetProperty("ty").GetString());
    }

    [Fact]
    public async Task A_refused_schema_edit_is_exit_1_with_the_servers_reason()
    {
        _handler.Respond(_ => FakeHandler.Problem(422, ErrorCodes.MetadataSchemaInvalid, "camera is already defined as an enum; only a scalar key can change its type.", ""","key":"camera" """));

        var result = await _cli.RunAsync("schema", "add-scalar", "camera", "number");

        Assert.Equal((ExitCodes.InvalidInput, ""), (result.ExitCode, result.Out));
        Assert.Contains("camera is already defined as an enum; only a scalar key can change its type. [metadata.schema_invalid]", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_set_sends_the_file_and_refuses_one_that_is_not_json()
    {
        // Given
        var good = Path.Combine(_cli.ConfigDirectory, "schema.json");
        var bad = Path.Combine(_cli.ConfigDirectory, "bad.json");
        await File.WriteAllTextAsync(good, Schema, Ct);
        await File.WriteAllTextAsync(bad, "{\"camera\": ", Ct);
        Answer(Schema, schemaVersion: 9);

        // When
        var replaced = await _cli.RunAsync("schema", "set", good);
        var refused = await _cli.RunAsync("schema", "set", bad);
        var missing = await _cli.RunAsync("schema", "set", "nowhere.json");

        // Then
        Assert.Equal(ExitCodes.Ok, replaced.ExitCode);
        Assert.Equal((HttpMethod.Put, "/api/v1/metadata/schema"), (Assert.Single(_handler.Requests).Method, _handler.Requests[0].PathAndQuery));
        Assert.Equal([Schema], _bodies);
        Assert.Contains("Metadata schema (version 9)", replaced.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, refused.ExitCode);
        Assert.Contains("is not valid JSON", refused.Err, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, missing.ExitCode);
        Assert.Contains("FILE: file 'nowhere.json' not found.", missing.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_report_pages_up_to_the_limit()
    {
        // Given
        NonconformingMetadataValue Value(string name) => new() { Item = Guid.NewGuid(), ItemName = name, Folder = Guid.NewGuid(), Key = "score", Expected = "a number", Value = "\"high\"" };
        MetadataSchemaReport Report(string? next, params string[] names) => new()
        {
            Version = 5,
            Done = true,
            ItemsLeft = 0,
            NonconformingCount = 9,
            Nonconforming = [.. names.Select(Value)],
            NextPageToken = next,
        };
        _handler.RespondJson(Report("r2", "a.png", "b.png"), CurioJsonContext.Default.MetadataSchemaReport)
            .RespondJson(Report("r3", "c.png"), CurioJsonContext.Default.MetadataSchemaReport)
            .RespondJson(Report("r2", "a.png", "b.png"), CurioJsonContext.Default.MetadataSchemaReport)
            .RespondJson(Report("r3", "c.png"), CurioJsonContext.Default.MetadataSchemaReport);

        // When
        var text = await _cli.RunAsync("schema", "report", "--limit", "3");
        var json = await _cli.RunAsync("schema", "report", "--limit", "3", "--output", "json");

        // Then
        Assert.Equal(
            ["/api/v1/metadata/schema/report?pageSize=3", "/api/v1/metadata/schema/report?pageSize=1&pageToken=r2"],
            _handler.Requests.Take(2).Select(r => r.PathAndQuery));
        Assert.Contains("Every stored value has been checked against schema version 5.", text.Out, StringComparison.Ordinal);
        Assert.Contains("9 stored values do not conform", text.Out, StringComparison.Ordinal);
        Assert.Matches(@"c\.png +score +a number +""high""", text.Out);
        Assert.Contains("Showing the first 3 of 9", text.Err, StringComparison.Ordinal);
        var report = JsonDocument.Parse(json.Out).RootElement;
        Assert.Equal((3, "r3"), (report.GetProperty("nonconforming").GetArrayLength(), report.GetProperty("nextPageToken").GetString()));
    }

    [Theory]
    [InlineData("--desc orders by --sort KEY", "items", "list", "--folder", "cams", "--desc")]
    [InlineData("--key KEY is required", "items", "counts", "--folder", "cams")]
    [InlineData("--folder PATH is required.", "items", "counts", "--key", "camera")]
    [InlineData("--limit must be 1 or more.", "schema", "report", "--limit", "0")]
    [InlineData("Failed to convert 'big' to Int32", "schema", "add-embedding", "clip", "big")]
    [InlineData("VALUES", "schema", "add-enum", "camera")]
    public async Task Bad_arguments_are_exit_1_before_anything_is_sent(string message, params string[] args)
    {
        var result = await _cli.RunAsync(args);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains(message, result.Err, StringComparison.Ordinal);
        Assert.Empty(_handler.Requests);
    }
}
