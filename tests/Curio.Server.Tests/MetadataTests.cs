using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Curio.Contracts;

namespace Curio.Server.Tests;

/// <summary>The metadata schema over the API: the v2 document, the SDK's operations, checks on import and update, and the re-check report.</summary>
public sealed class MetadataTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private string _root = null!;
    private Integration _local = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = new TestServer();
        _root = Directory.CreateTempSubdirectory("curio-metadata-").FullName;
        File.Copy(Repo.Path("samples", "images", "testcard.png"), Path.Combine(_root, "a.png"));
        File.Copy(Repo.Path("samples", "images", "rule110.png"), Path.Combine(_root, "b.png"));
        _local = await _server.LocalIntegrationAsync(_root);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Encords_v2_document_round_trips_and_each_change_is_a_new_version()
    {
        var empty = await _server.Client.GetAsync("/api/v1/metadata/schema", Ct);
        Assert.Equal(("{}", "0"), (await empty.Content.ReadAsStringAsync(Ct), empty.Headers.GetValues("Curio-Schema-Version").Single()));

        const string Document = """
            {"weather":{"ty":"variant","hint":"varchar"},"camera":{"ty":"enum","values":["rear","front"]},"clip":{"ty":"embedding","size":512,"api":null},
             "old":{"ty":"tombstone","deleted_ty":{"ty":"variant","hint":"number"}}}
            """;
        var put = await _server.Client.PutAsync("/api/v1/metadata/schema", Json(Document), Ct);
        await Http.EnsureAsync(put, 200);
        var got = await _server.Client.GetAsync("/api/v1/metadata/schema", Ct);

        Assert.Equal("1", got.Headers.GetValues("Curio-Schema-Version").Single());
        Assert.Equal(
            """{"camera":{"ty":"enum","values":["front","rear"]},"clip":{"ty":"embedding","size":512,"api":null},"old":{"ty":"tombstone","deleted_ty":{"ty":"variant","hint":"number"}},"weather":{"ty":"variant","hint":"varchar"}}""",
            await got.Content.ReadAsStringAsync(Ct));

        // Putting the same document again changes nothing.
        await Http.EnsureAsync(await _server.Client.PutAsync("/api/v1/metadata/schema", Json(Document), Ct), 200);
        Assert.Equal("1", (await _server.Client.GetAsync("/api/v1/metadata/schema", Ct)).Headers.GetValues("Curio-Schema-Version").Single());
    }

    [Fact]
    public async Task Operations_edit_the_schema_and_refusals_say_why()
    {
        await PostAsync("/api/v1/metadata/schema/scalars", """{"key":"captured_at","type":"datetime"}""", 200);
        await PostAsync("/api/v1/metadata/schema/scalars", """{"key":"notes","type":"long_string"}""", 200);
        await PostAsync("/api/v1/metadata/schema/enums", """{"key":"camera","values":["rear","front"]}""", 200);
        await PostAsync("/api/v1/metadata/schema/enums/camera/options", """{"values":["side"]}""", 200);
        await PostAsync("/api/v1/metadata/schema/embeddings", """{"key":"clip","size":4}""", 200);
        await PostAsync("/api/v1/metadata/schema/geospatial", """{"key":"where"}""", 200);
        await Http.EnsureAsync(await _server.Client.DeleteAsync("/api/v1/metadata/schema/keys/notes", Ct), 200);
        var restored = await PostAsync("/api/v1/metadata/schema/keys/notes/restore", "{}", 200);

        Assert.Equal(
            """{"camera":{"ty":"enum","values":["front","rear","side"]},"captured_at":{"ty":"variant","hint":"datetime"},"clip":{"ty":"embedding","size":4,"api":null},"notes":{"ty":"variant","hint":"text"},"where":{"ty":"geospatial"}}""",
            restored);

        var redefined = await ProblemAsync(await _server.Client.PostAsync("/api/v1/metadata/schema/enums", Json("""{"key":"camera","values":["x"]}"""), Ct));
        Assert.Equal((422, "metadata.schema_invalid", "camera is already defined as an enum.", "camera"),
            (redefined.GetProperty("status").GetInt32(), redefined.GetProperty("errorCode").GetString(), redefined.GetProperty("detail").GetString(), redefined.GetProperty("key").GetString()));
        var badKey = await ProblemAsync(await _server.Client.PostAsync("/api/v1/metadata/schema/scalars", Json("""{"key":"$x","type":"number"}"""), Ct));
        Assert.StartsWith("$x is an invalid format for a metadata key", badKey.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var badDocument = await ProblemAsync(await _server.Client.PutAsync("/api/v1/metadata/schema", Json("""{"a":{"ty":"wat"}}"""), Ct));
        Assert.StartsWith("$['a'].ty: 'wat' is not a schema type", badDocument.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var hard = await _server.Client.DeleteAsync("/api/v1/metadata/schema/keys/camera?hard=true", Ct);
        await Http.EnsureAsync(hard, 200);
        var gone = await ProblemAsync(await _server.Client.PostAsync("/api/v1/metadata/schema/keys/camera/restore", Json("{}"), Ct));
        Assert.Contains("cannot be restored", gone.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_import_with_a_value_of_the_wrong_type_fails_that_unit_and_names_key_and_value()
    {
        await PostAsync("/api/v1/metadata/schema/scalars", """{"key":"captured_at","type":"datetime"}""", 200);
        var folder = await _server.FolderAsync("imports");

        var job = await _server.ImportAsync(folder, _local, """
            { "images": [ { "objectUrl": "a.png", "clientMetadata": { "captured_at": "2024-01-05T10:00:00Z", "free": 1 } },
                          { "objectUrl": "b.png", "clientMetadata": { "captured_at": "last tuesday" } } ] }
            """);

        Assert.Equal((1, 1), (job.UnitsDoneCount, job.UnitsErrorCount));
        Assert.Equal(
            "clientMetadata does not match the metadata schema: the value of 'captured_at' should be a datetime in ISO 8601 (\"2024-01-31\" or \"2024-01-31T12:00:00Z\"), got \"last tuesday\". Fix the values in the upload file, or change the keys' types in the schema.",
            job.UnitErrors.Single().Error);
    }

    [Fact]
    public async Task The_encord_block_is_checked_for_shape_even_without_a_schema()
    {
        var folder = await _server.FolderAsync("encord-block");

        var job = await _server.ImportAsync(folder, _local, """
            { "images": [ { "objectUrl": "a.png", "clientMetadata": { "$encord": { "config": { "sampling_rate": 2 }, "frames": [0, 5] } } },
                          { "objectUrl": "b.png", "clientMetadata": { "$encord": { "config": { "keyframe_mode": "minutes" } } } } ] }
            """);

        Assert.Equal((1, 1), (job.UnitsDoneCount, job.UnitsErrorCount));
        Assert.StartsWith("clientMetadata does not match the metadata schema: the value of '$encord.config.keyframe_mode' should be \"frame\" or \"seconds\", got \"minutes\"",
            job.UnitErrors.Single().Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Updates_replace_metadata_whole_and_a_bulk_patch_is_checked_before_anything_is_written()
    {
        await PostAsync("/api/v1/metadata/schema/scalars", """{"key":"score","type":"number"}""", 200);
        var folder = await _server.FolderAsync("updates");
        await _server.ImportAsync(folder, _local, """{ "images": [ { "objectUrl": "a.png", "clientMetadata": { "score": 1, "keep": "me?" } }, { "objectUrl": "b.png" } ] }""");
        var items = (await _server.ItemsAsync(folder)).ToDictionary(i => i.Url!);
        var (a, b) = (items["a.png"].Uuid, items["b.png"].Uuid);

        var updated = await _server.Client.PatchAsync($"/api/v1/items/{a}", Json("""{"clientMetadata":{"score":2}}"""), Ct);
        await Http.EnsureAsync(updated, 200);
        Assert.Equal("""{"score":2}""", (await updated.Content.ReadFromJsonAsync(CurioJsonContext.Default.Item, Ct))!.ClientMetadata.GetRawText());

        var refused = await ProblemAsync(await _server.Client.PatchAsync("/api/v1/items",
            Patches((a, """{"clientMetadata":{"score":3}}"""), (b, """{"name":"renamed","clientMetadata":{"score":"high"}}""")), Ct));
        Assert.Equal((422, "metadata.value_invalid"), (refused.GetProperty("status").GetInt32(), refused.GetProperty("errorCode").GetString()));
        var problem = refused.GetProperty("problems")[0];
        Assert.Equal((b.ToString(), "score", "a number", "\"high\""),
            (problem.GetProperty("item").GetString(), problem.GetProperty("key").GetString(), problem.GetProperty("expected").GetString(), problem.GetProperty("value").GetString()));
        Assert.Equal("""{"score":2}""", (await _server.GetAsync($"/api/v1/items/{a}", CurioJsonContext.Default.Item)).ClientMetadata.GetRawText());

        var bulk = await _server.Client.PatchAsync("/api/v1/items",
            Patches((a, """{"clientMetadata":{"score":3}}"""), (b, """{"name":"renamed","clientMetadata":{"score":4.5,"x":"y"}}""")), Ct);
        await Http.EnsureAsync(bulk, 200);
        var after = (await _server.ItemsAsync(folder)).ToDictionary(i => i.Uuid);
        Assert.Equal(("""{"score":3}""", "renamed", """{"x":"y","score":4.5}"""), (after[a].ClientMetadata.GetRawText(), after[b].Name, after[b].ClientMetadata.GetRawText()));

        var tooMany = string.Join(",", Enumerable.Range(0, 1001).Select(_ => $"\"{Guid.NewGuid()}\":{{\"name\":\"x\"}}"));
        var refusedSize = await _server.Client.PatchAsync("/api/v1/items", Json($"{{\"itemPatches\":{{{tooMany}}}}}"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refusedSize.StatusCode);
    }

    [Fact]
    public async Task Folder_patches_in_bulk_are_applied_all_or_none()
    {
        var a = await _server.FolderAsync("bulk/a");
        var b = await _server.FolderAsync("bulk/b");

        var refused = await _server.Client.PatchAsync("/api/v1/folders",
            FolderPatches((a.Uuid, """{"clientMetadata":{"team":"x"}}"""), (b.Uuid, """{"name":"a"}""")), Ct);
        Assert.Equal((HttpStatusCode.Conflict, "folder.name_taken"), (refused.StatusCode, (await ProblemAsync(refused)).GetProperty("errorCode").GetString()));
        Assert.Null((await _server.GetAsync($"/api/v1/folders/{a.Uuid}", CurioJsonContext.Default.Folder)).ClientMetadata);

        var done = await _server.Client.PatchAsync("/api/v1/folders",
            FolderPatches((a.Uuid, """{"clientMetadata":{"team":"x"}}"""), (b.Uuid, """{"name":"c","description":"renamed"}""")), Ct);
        await Http.EnsureAsync(done, 200);
        var page = (await done.Content.ReadFromJsonAsync(CurioJsonContext.Default.PageFolder, Ct))!;
        Assert.Equal([("a", """{"team":"x"}"""), ("c", (string?)null)], page.Results.Select(f => (f.Name, f.ClientMetadata?.GetRawText())));
    }

    [Fact]
    public async Task A_schema_change_rechecks_stored_values_and_the_report_lists_those_that_no_longer_conform()
    {
        var folder = await _server.FolderAsync("recheck");
        await _server.ImportAsync(folder, _local, """
            { "images": [ { "objectUrl": "a.png", "clientMetadata": { "score": 0.9 } }, { "objectUrl": "b.png", "clientMetadata": { "score": "high" } } ] }
            """);

        await PostAsync("/api/v1/metadata/schema/scalars", """{"key":"score","type":"number"}""", 200);
        var report = await DoneReportAsync(1);
        var value = Assert.Single(report.Nonconforming);
        Assert.Equal(("b.png", "score", "a number", "\"high\""), (value.ItemName, value.Key, value.Expected, value.Value));

        await PostAsync("/api/v1/metadata/schema/scalars", """{"key":"score","type":"varchar"}""", 200);
        report = await DoneReportAsync(2);
        value = Assert.Single(report.Nonconforming); // now 0.9 is the odd one: a number, not a varchar
        Assert.Equal(("a.png", "0.9"), (value.ItemName, value.Value));

        await Http.EnsureAsync(await _server.Client.DeleteAsync("/api/v1/metadata/schema/keys/score", Ct), 200);
        Assert.Empty((await DoneReportAsync(3)).Nonconforming);
    }

    [Fact]
    public async Task Items_written_after_a_schema_change_are_not_left_for_the_recheck()
    {
        await PostAsync("/api/v1/metadata/schema/scalars", """{"key":"score","type":"number"}""", 200);
        var folder = await _server.FolderAsync("after");
        await _server.ImportAsync(folder, _local, """{ "images": [ { "objectUrl": "a.png", "clientMetadata": { "score": 1 } }, { "objectUrl": "b.png", "clientMetadata": { "score": 2 } } ] }""");

        // Indexed under the current schema as they were written: a re-check would only write them again.
        var report = await _server.GetAsync("/api/v1/metadata/schema/report", CurioJsonContext.Default.MetadataSchemaReport);
        Assert.Equal((1L, true, 0L), (report.Version, report.Done, report.ItemsLeft));
    }

    private async Task<MetadataSchemaReport> DoneReportAsync(long version)
    {
        for (var i = 0; i < 200; i++)
        {
            var report = await _server.GetAsync("/api/v1/metadata/schema/report", CurioJsonContext.Default.MetadataSchemaReport);
            if (report.Done && report.Version == version)
            {
                return report;
            }

            await Task.Delay(50, Ct);
        }

        throw new TimeoutException("The re-check did not finish.");
    }

    private async Task<string> PostAsync(string url, string body, int status)
    {
        var response = await _server.Client.PostAsync(url, Json(body), Ct);
        await Http.EnsureAsync(response, status);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return document.RootElement.Clone();
    }

    private static StringContent Patches(params (Guid Item, string Patch)[] patches) => Bulk("itemPatches", patches);

    private static StringContent FolderPatches(params (Guid Folder, string Patch)[] patches) => Bulk("folderPatches", patches);

    private static StringContent Bulk(string name, (Guid Uuid, string Patch)[] patches) =>
        Json($"{{\"{name}\":{{" + string.Join(",", patches.Select(p => $"\"{p.Uuid}\":{p.Patch}")) + "}}");

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
