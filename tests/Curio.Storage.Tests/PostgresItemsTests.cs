using System.Globalization;
using System.Text.Json;
using Curio.Core.Filtering;
using Curio.Core.Json;
using Curio.Core.Metadata;
using Curio.Storage.Items;
using Curio.Storage.Postgres;
using Curio.Testing;
using Npgsql;

namespace Curio.Storage.Tests;

/// <summary>
/// The PostgreSQL item and metadata stores on items written with SQL (the job store that registers them in an import is
/// tested by the compliance suite): every filter form over the typed index tables and built-in fields, sorted keyset
/// pages, counts, patches, schema edits with their re-check and report, and varchars longer than a B-tree entry.
/// </summary>
public sealed class PostgresItemsTests : IAsyncLifetime
{
    private const int Count = 30;
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly string[] Cameras = ["front", "rear", "side"];
    private static readonly string Long = new('L', 3000);
    private static readonly Guid Tag = Guid.Parse("5d6e3c0a-52a4-4d0c-9b83-1f6f0b2c9a11");

    private const string Schema = """
        {"camera":{"ty":"enum","values":["front","rear","side"]},"score":{"ty":"variant","hint":"number"},
         "captured_at":{"ty":"variant","hint":"datetime"},"video.description":{"ty":"variant","hint":"varchar"},
         "flag":{"ty":"variant","hint":"boolean"},"notes":{"ty":"variant","hint":"text"},"caption":{"ty":"variant","hint":"varchar"},
         "tag":{"ty":"variant","hint":"uuid"},"rating":{"ty":"variant","hint":"number"},"unused":{"ty":"variant","hint":"varchar"}}
        """;

    private PostgresTestDatabase _database = null!;
    private PostgresStorage _storage = null!;
    private Guid _folder;
    private Guid _other;
    private Guid _hidden;
    private readonly Dictionary<int, Guid> _items = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync(Ct);
        _storage = new PostgresStorage(_database.ConnectionString);
        await _storage.MigrateAsync(Ct);

        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync(Ct);
        var (folderId, otherId) = (await FolderAsync(connection, "data"), await FolderAsync(connection, "other"));
        _folder = await ScalarAsync<Guid>(connection, "SELECT uuid FROM folders WHERE id = @id", ("id", folderId));
        _other = await ScalarAsync<Guid>(connection, "SELECT uuid FROM folders WHERE id = @id", ("id", otherId));
        var integration = await ScalarAsync<long>(connection,
            "INSERT INTO integrations (uuid, name, provider, settings, created_at) VALUES (gen_random_uuid(), 'local', 'local', '{}', now()) RETURNING id");
        var job = await ScalarAsync<long>(connection, """
            INSERT INTO jobs (uuid, folder_id, integration_id, status, ignore_errors, skip_duplicate_urls, upsert_metadata, format, created_at, updated_at)
            VALUES (gen_random_uuid(), @folder, @integration, 'PENDING', false, false, false, 'json', now(), now()) RETURNING id
            """, ("folder", folderId), ("integration", integration));

        for (var i = 0; i < Count; i++)
        {
            var (id, uuid) = await ItemAsync(connection, folderId, $"img-{i:00}.png", Metadata(i), T0.AddMinutes(i), width: i % 2 == 0 ? 320 : 640);
            _items[i] = uuid;
            if (i == 0)
            {
                // A frame of item 0: never listed with the folder's items.
                await ItemAsync(connection, folderId, "frame.png", Metadata(0), T0, parent: id);
            }

            if (i == 10)
            {
                // Items of a job that has not shown them, and another folder's items: never listed here.
                (_, _hidden) = await ItemAsync(connection, folderId, "hidden.png", Metadata(0), T0, pendingJob: job);
                await ItemAsync(connection, otherId, "img-00.png", Metadata(0), T0);
            }
        }

        // The schema comes after the items, so its re-check writes their index rows.
        await _storage.Metadata.EditSchemaAsync(_ => SchemaJson.Read(Schema), T0, Ct);
        await ReindexAllAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _storage.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static string Metadata(int i)
    {
        var values = new Dictionary<string, object>
        {
            ["camera"] = Cameras[i % 3],
            ["score"] = i,
            ["captured_at"] = $"2024-01-{i + 1:00}T08:00:00Z",
            ["video.description"] = (i % 5 == 0 ? "tower crane " : "street ") + i,
            ["free"] = "x",
        };
        if (i % 3 != 2)
        {
            values["flag"] = i % 3 == 0;
        }

        if (i % 10 == 0)
        {
            values["notes"] = "note " + i;
        }

        // Three values whose first 256 characters are the same (two longer than a B-tree entry may be).
        if (i is 3 or 4 or 5)
        {
            values["caption"] = i switch { 3 => Long + "-a", 4 => Long + "-b", _ => Long[..300] };
        }

        if (i == 11)
        {
            values["tag"] = Tag.ToString();
        }

        // Item 7's rating does not conform to the number the schema says.
        if (i is 7 or 8)
        {
            values["rating"] = i == 7 ? "bad" : 5;
        }

        return JsonSerializer.Serialize(values);
    }

    public static TheoryData<string, int[]> Filters => new()
    {
        { """camera = "front" """, Where(i => i % 3 == 0) },
        { """camera != "front" """, Where(i => i % 3 != 0) },
        { "score >= 10 AND score < 20", Where(i => i is >= 10 and < 20) },
        { "score between 3 and 5", [3, 4, 5] },
        { """camera in ("rear", "side") AND score > 25""", Where(i => i > 25 && i % 3 != 0) },
        { """camera not in ("rear", "side")""", Where(i => i % 3 == 0) },
        { """camera in ("rear")""", Where(i => i % 3 == 1) },
        { """camera prefix "fr" """, Where(i => i % 3 == 0) },
        { """`video.description` prefix "tower" """, Where(i => i % 5 == 0) },
        { """`video.description` contains "crane 1" """, [10, 15] },
        { """`video.description` = "street 7" """, [7] },
        { """`video.description` > "tower" """, Where(i => i % 5 == 0) },
        { """`video.description` <= "street 2" """, [1, 2, 11, 12, 13, 14, 16, 17, 18, 19] },
        { """`video.description` between "street 3" and "street 4" """, [3, 4] },
        { """`video.description` in ("street 1", "tower crane 5", "nothing")""", [1, 5] },
        { """`video.description` not in ("street 1", "tower crane 5")""", Where(i => i is not (1 or 5)) },
        { """captured_at >= "2024-01-28" """, [27, 28, 29] },
        { """captured_at < "2024-01-02T09:00:00+01:00" """, [0] },
        { """captured_at = "2024-01-03T08:00:00Z" """, [2] },
        { "flag = true", Where(i => i % 3 == 0) },
        { "flag != true", Where(i => i % 3 == 1) },
        { "NOT flag = true", Where(i => i % 3 != 0) },
        { "flag exists", Where(i => i % 3 != 2) },
        { "NOT flag exists", Where(i => i % 3 == 2) },
        { "score = 1 OR score = 2 OR (camera = \"side\" AND score < 6)", [1, 2, 5] },
        { "NOT (camera = \"front\" OR score < 20)", Where(i => i >= 20 && i % 3 != 0) },
        { "$width = 320 AND score < 6", [0, 2, 4] },
        { "width = 640 AND NOT score > 4", [1, 3] },
        { "type = \"image\" AND score <= 1", [0, 1] },
        { """$name prefix "img-1" """, Where(i => i is >= 10 and < 20) },
        { """$name contains "-2" """, Where(i => i >= 20) },
        { """$name = "img-03.png" """, [3] },
        { """$name in ("img-03.png", "img-04.png")""", [3, 4] },
        { """$created_at >= "2026-01-02T03:29:05Z" """, Where(i => i >= 25) },
        { """$created_at between "2026-01-02T03:05:05Z" and "2026-01-02T03:06:05Z" """, [1, 2] },
        { """$mime_type = "image/png" AND score < 2""", [0, 1] },
        { """$size > 100 AND score < 2""", [0, 1] },
        { """notes contains "note 2" """, [20] },
        { """notes = "note 10" """, [10] },
        { "notes exists", [0, 10, 20] },
        { """tag = "5d6e3c0a-52a4-4d0c-9b83-1f6f0b2c9a11" """, [11] },
        { """tag != "5d6e3c0a-52a4-4d0c-9b83-1f6f0b2c9a11" """, [] },
        { "rating exists", [8] },
        { "unused exists", [] },
        { "NOT unused exists AND score < 2", [0, 1] },
        { """unused = "x" OR score = 3""", [3] },
        { """caption prefix "LLLL" """, [3, 4, 5] },
        { $"caption = \"{Long}-a\"", [3] },
        { $"caption prefix \"{Long}-b\"", [4] },
        { $"caption >= \"{Long}\"", [3, 4] },
        { $"caption < \"{Long}-b\"", [3, 5] },
        { $"caption in (\"{Long}-b\", \"{Long[..300]}\")", [4, 5] },
        { $"caption between \"{Long[..300]}\" and \"{Long}-a\"", [3, 5] },
        { """caption contains "L-b" """, [4] },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task A_filter_returns_exactly_the_matching_items_in_id_order(string filter, int[] expected)
    {
        Assert.Equal(expected, await ListAllAsync(filter, pageSize: 1000));
        // The same over pages of 4: keyset pages follow each other without gaps or repeats.
        Assert.Equal(expected, await ListAllAsync(filter, pageSize: 4));

        // A top-level range with few rows drives the page (PostgresFilterPlan), as every range does here: the SQL the
        // planner is otherwise left with must find the same items.
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync(Ct);
        var keys = new Dictionary<string, long>();
        await using (var read = new NpgsqlCommand("SELECT name, id FROM metadata_keys", connection))
        await using (var reader = await read.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                keys[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        var folder = await ScalarAsync<long>(connection, "SELECT id FROM folders WHERE uuid = @uuid", ("uuid", _folder));
        var query = new ItemListQuery { Filter = FilterBinder.Bind(FilterParser.Parse(filter), (await _storage.Metadata.GetSchemaAsync(Ct)).Schema), PageSize = 1000 };
        await using var command = new NpgsqlCommand("", connection);
        PostgresItemStore.ListCommand(command, folder, keys, query, (0, null), driver: null);
        var items = new List<int>();
        await using (var reader = await command.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                items.Add(_items.Single(i => i.Value == reader.GetGuid(1)).Key);
            }
        }

        Assert.Equal(expected, items);
    }

    [Fact]
    public async Task Listings_without_a_filter_show_only_the_folders_visible_top_level_items()
    {
        Assert.Equal(Where(_ => true), await ListAllAsync(null, pageSize: 7));
        Assert.Single((await _storage.Items.ListAsync(_other, new ItemListQuery(), Ct)).Items);
        Assert.Empty((await _storage.Items.ListAsync(Guid.NewGuid(), new ItemListQuery(), Ct)).Items);
        Assert.Null(await _storage.Items.GetAsync(_hidden, Ct));
        Assert.Equal("img-03.png", (await _storage.Items.GetAsync(_items[3], Ct))!.Name);
        Assert.Equal(["img-05.png", "img-01.png"], (await _storage.Items.GetManyAsync([_items[5], Guid.NewGuid(), _hidden, _items[1]], Ct)).Select(i => i.Name));
        Assert.Equal(["frame.png"], (await _storage.Items.ListChildrenAsync(_items[0], Ct)).Select(i => i.Name));

        var searched = await _storage.Items.ListAsync(_folder, new ItemListQuery { Search = "IMG-2", Types = [Core.Items.ItemType.Image] }, Ct);
        Assert.Equal(10, searched.Items.Count);
        Assert.Empty((await _storage.Items.ListAsync(_folder, new ItemListQuery { Types = [Core.Items.ItemType.Video] }, Ct)).Items);
        await Assert.ThrowsAsync<InvalidPageTokenException>(() => _storage.Items.ListAsync(_folder, new ItemListQuery { PageToken = "nope" }, Ct));
    }

    public static TheoryData<string, bool, int> Sorts => new()
    {
        { "score", false, 7 },
        { "score", true, 7 },
        { "captured_at", false, 4 },
        { "video.description", false, 4 },
        { "video.description", true, 3 },
        { "caption", false, 1 },
        { "caption", true, 2 },
        { "camera", false, 4 },
        { "flag", true, 5 },
        { "tag", false, 1 },
        { "$name", true, 6 },
        { "$created_at", true, 4 },
        { "$size", false, 8 },
        { "$width", true, 8 },
        { "unused", false, 2 },
        { "$name", false, 6 },
        { "$created_at", false, 5 },
        { "flag", false, 3 },
        { "tag", true, 1 },
        { "camera", true, 4 },
    };

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task Sorted_pages_follow_each_other_without_gaps_or_repeats(string key, bool descending, int pageSize)
    {
        var schema = (await _storage.Metadata.GetSchemaAsync(Ct)).Schema;
        var filter = FilterBinder.Bind(FilterParser.Parse("camera != \"rear\""), schema);
        var seen = new List<int>();
        string? token = null;
        do
        {
            var page = await _storage.Items.ListAsync(_folder, new ItemListQuery
            {
                Sort = FilterBinder.SortTarget(key, schema),
                Descending = descending,
                Filter = filter,
                PageSize = pageSize,
                PageToken = token,
            }, Ct);
            Assert.True(page.Items.Count <= pageSize);
            seen.AddRange(page.Items.Select(Number));
            token = page.NextPageToken;
        }
        while (token is not null);

        // Ordered by the value (strings by code point), then by id (which follows the item number) whatever the direction.
        var expected = Where(i => i % 3 != 1).Select(i => (i, Value: SortValue(key, i))).Where(v => v.Value is not null).ToList();
        var ordered = descending
            ? expected.OrderByDescending(v => v.Value, Comparer<IComparable?>.Create(Compare)).ThenBy(v => v.i)
            : expected.OrderBy(v => v.Value, Comparer<IComparable?>.Create(Compare)).ThenBy(v => v.i);
        Assert.Equal(ordered.Select(v => v.i), seen);
    }

    private static IComparable? SortValue(string key, int i)
    {
        using var document = JsonDocument.Parse(Metadata(i));
        return key switch
        {
            "$name" => $"img-{i:00}.png",
            "$created_at" => T0.AddMinutes(i),
            "$size" => 123L,
            "$width" => i % 2 == 0 ? 320 : 640,
            "tag" => document.RootElement.TryGetProperty(key, out var uuid) ? uuid.GetString() : null,
            _ => document.RootElement.TryGetProperty(key, out var value) ? value.ValueKind switch
            {
                JsonValueKind.Number => value.GetDouble(),
                JsonValueKind.True => 1,
                JsonValueKind.False => 0,
                _ => value.GetString(),
            } : null,
        };
    }

    private static int Compare(IComparable? a, IComparable? b) =>
        a is string x && b is string y ? string.CompareOrdinal(x, y) : a!.CompareTo(b);

    [Fact]
    public async Task A_sort_token_of_another_sort_is_refused()
    {
        var schema = (await _storage.Metadata.GetSchemaAsync(Ct)).Schema;
        var page = await _storage.Items.ListAsync(_folder, new ItemListQuery { Sort = FilterBinder.SortTarget("video.description", schema), PageSize = 2 }, Ct);
        await Assert.ThrowsAsync<InvalidPageTokenException>(() => _storage.Items.ListAsync(_folder, new ItemListQuery
        {
            Sort = FilterBinder.SortTarget("score", schema),
            PageToken = page.NextPageToken,
        }, Ct));
    }

    [Fact]
    public async Task Counts_per_value_honour_the_filter_most_frequent_first()
    {
        var schema = (await _storage.Metadata.GetSchemaAsync(Ct)).Schema;
        Assert.Equal([("front", 10L), ("rear", 10L), ("side", 10L)], await CountsAsync("camera", null));
        Assert.Equal([("true", 4L), ("false", 3L)], await CountsAsync("flag", "score < 10"));
        Assert.Equal([("image", 30L)], await CountsAsync("$type", null));
        Assert.Equal([("street 11", 1L), ("street 12", 1L)], await CountsAsync("video.description", "score in (11, 12)"));
        Assert.Equal([("side", 2L), ("front", 1L), ("rear", 1L)], await CountsAsync("camera", "score < 3 OR score = 5"));
        Assert.Empty(await CountsAsync("unused", null));
        Assert.Empty(await _storage.Items.CountValuesAsync(Guid.NewGuid(), FilterBinder.SortTarget("camera", schema), null, Ct));

        async Task<List<(string, long)>> CountsAsync(string key, string? filter) =>
            (await _storage.Items.CountValuesAsync(_folder, FilterBinder.SortTarget(key, schema),
                filter is null ? null : FilterBinder.Bind(FilterParser.Parse(filter), schema), Ct)).Select(c => (c.Value, c.Count)).ToList();
    }

    [Fact]
    public async Task A_patch_replaces_the_metadata_and_its_index_rows_and_reports_what_does_not_conform()
    {
        var now = T0.AddDays(1);
        var patched = await _storage.Items.PatchAsync(
        [
            new ItemPatch(_items[4], ClientMetadata: """{"score":44,"camera":"side"}"""),
            new ItemPatch(_items[6], Name: "renamed.png"),
            new ItemPatch(_hidden, Name: "never.png"),
            new ItemPatch(_items[9], ClientMetadata: """{"score":"high","caption":"short"}"""),
        ], now, Ct);

        Assert.Equal([_items[4], _items[6], _items[9]], patched.Select(p => p.Uuid));
        Assert.Equal([now, now, now], patched.Select(p => p.LastEditedAt));
        Assert.Equal(("img-04.png", 44), (patched[0].Name, JsonDocument.Parse(patched[0].ClientMetadata).RootElement.GetProperty("score").GetInt32()));
        Assert.Equal(("renamed.png", CanonicalJson.Canonicalize(Metadata(6))), (patched[1].Name, patched[1].ClientMetadata));
        Assert.Equal("""{"score":44,"camera":"side"}""", patched[0].ClientMetadata);
        Assert.Equal(patched[0], await _storage.Items.GetAsync(_items[4], Ct));

        Assert.Empty(await ListAllAsync("score = 4"));
        Assert.Equal([4], await ListAllAsync("score = 44"));
        Assert.Equal([4], await ListAllAsync("camera = \"side\" AND NOT `video.description` exists"));
        Assert.Equal([3, 5, 9], await ListAllAsync("caption exists"));
        Assert.DoesNotContain(9, await ListAllAsync("score exists"));
        Assert.Equal(Where(i => i % 3 == 0 && i != 9), await ListAllAsync("flag = true"));

        var report = await _storage.Metadata.ListNonconformingAsync(10, null, Ct);
        Assert.Equal([("img-07.png", "rating"), ("img-09.png", "score")], report.Values.Select(v => (v.ItemName, v.Key)));
        Assert.Equal(2, report.Total);
        Assert.Equal("\"high\"", report.Values[1].Value);

        // Conforming again: back in the index, out of the report.
        await _storage.Items.PatchAsync([new ItemPatch(_items[9], ClientMetadata: """{"score":9}""")], now, Ct);
        Assert.Equal([9], await ListAllAsync("score = 9"));
        Assert.Equal(1, (await _storage.Metadata.ListNonconformingAsync(10, null, Ct)).Total);
    }

    [Fact]
    public async Task A_schema_edit_is_rechecked_in_batches_and_changes_what_filters_and_the_report_see()
    {
        var before = await _storage.Metadata.GetSchemaAsync(Ct);
        Assert.True((await _storage.Metadata.GetReindexProgressAsync(Ct)).Done);
        var page = await _storage.Metadata.ListNonconformingAsync(1, null, Ct);
        Assert.Equal((1, 1L, "rating", "\"bad\""), (page.Values.Count, page.Total, page.Values[0].Key, page.Values[0].Value));
        Assert.Null(page.NextPageToken);

        // rating becomes a varchar: "bad" conforms and 5 no longer does.
        var edited = await _storage.Metadata.EditSchemaAsync(s => s.AddScalar("rating", ScalarType.Varchar), T0.AddDays(1), Ct);
        Assert.Equal(before.Version + 1, edited.Version);
        Assert.Equal(Shape(edited), Shape(await _storage.Metadata.GetSchemaAsync(Ct)));
        var progress = await _storage.Metadata.GetReindexProgressAsync(Ct);
        Assert.Equal((edited.Version, false, 32L), (progress.Version, progress.Done, progress.ItemsLeft));

        var batches = await ReindexAllAsync(batch: 8);
        Assert.Equal(4, batches);
        Assert.Equal([7], await ListAllAsync("rating = \"bad\""));
        var report = await _storage.Metadata.ListNonconformingAsync(10, null, Ct);
        Assert.Equal([("img-08.png", "rating", "5")], report.Values.Select(v => (v.ItemName, v.Key, v.Value)));

        // An edit that changes nothing stores nothing.
        Assert.Equal(Shape(edited), Shape(await _storage.Metadata.EditSchemaAsync(s => s, T0.AddDays(2), Ct)));

        static (string, long, DateTimeOffset) Shape(Metadata.SchemaRecord record) => (SchemaJson.Write(record.Schema), record.Version, record.UpdatedAt);
    }

    [Fact]
    public async Task Concurrent_schema_edits_do_not_lose_each_other()
    {
        var before = await _storage.Metadata.GetSchemaAsync(Ct);
        await Task.WhenAll(Enumerable.Range(0, 6).Select(n =>
            _storage.Metadata.EditSchemaAsync(s => s.AddScalar("k" + n, ScalarType.Number), T0, Ct)));

        var after = await _storage.Metadata.GetSchemaAsync(Ct);
        Assert.Equal(before.Version + 6, after.Version);
        Assert.All(Enumerable.Range(0, 6), n => Assert.True(after.Schema.HasKey("k" + n)));
    }

    [Fact]
    public async Task Deleting_an_item_takes_its_index_rows_and_frames_with_it()
    {
        Assert.True(await _storage.Items.DeleteAsync(_items[0], Ct));
        Assert.False(await _storage.Items.DeleteAsync(_items[0], Ct));
        Assert.False(await _storage.Items.DeleteAsync(_hidden, Ct));
        Assert.Equal(Where(i => i % 5 == 0 && i > 0), await ListAllAsync("`video.description` prefix \"tower\""));

        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync(Ct);
        Assert.Equal(0L, await ScalarAsync<long>(connection, "SELECT count(*) FROM items WHERE name = 'frame.png'"));
    }

    private async Task<int> ReindexAllAsync(int batch = 1000)
    {
        var batches = 0;
        while (!(await _storage.Metadata.ReindexAsync(batch, Ct)).Done)
        {
            batches++;
        }

        return batches + 1;
    }

    private async Task<List<int>> ListAllAsync(string? filter, int pageSize = 1000)
    {
        var schema = (await _storage.Metadata.GetSchemaAsync(Ct)).Schema;
        var bound = filter is null ? null : FilterBinder.Bind(FilterParser.Parse(filter), schema);
        var numbers = new List<int>();
        string? token = null;
        do
        {
            var page = await _storage.Items.ListAsync(_folder, new ItemListQuery { Filter = bound, PageSize = pageSize, PageToken = token }, Ct);
            numbers.AddRange(page.Items.Select(Number));
            token = page.NextPageToken;
        }
        while (token is not null);
        return numbers;
    }

    private int Number(ItemRecord item) => _items.Single(i => i.Value == item.Uuid).Key;

    private static int[] Where(Func<int, bool> predicate) => [.. Enumerable.Range(0, Count).Where(predicate)];

    private static async Task<long> FolderAsync(NpgsqlConnection connection, string name) =>
        await ScalarAsync<long>(connection, "INSERT INTO folders (uuid, name, created_at, last_edited_at) VALUES (gen_random_uuid(), @name, now(), now()) RETURNING id", ("name", name));

    private static async Task<(long Id, Guid Uuid)> ItemAsync(NpgsqlConnection connection, long folder, string name, string metadata, DateTimeOffset created,
        int width = 320, long? parent = null, long? pendingJob = null)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO items (uuid, folder_id, parent_item_id, item_type, name, url, client_metadata, width, height, file_size, mime_type, pending_job_id, created_at, last_edited_at)
            VALUES (gen_random_uuid(), @folder, @parent, 'image', @name, @name, @metadata::jsonb, @width, 240, 123, 'image/png', @job, @created, @created)
            RETURNING id, uuid
            """, connection);
        command.Parameters.AddWithValue("folder", folder);
        command.Parameters.AddWithValue("parent", (object?)parent ?? DBNull.Value);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("metadata", metadata);
        command.Parameters.AddWithValue("width", width);
        command.Parameters.AddWithValue("job", (object?)pendingJob ?? DBNull.Value);
        command.Parameters.AddWithValue("created", created.UtcDateTime);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        await reader.ReadAsync(Ct);
        return (reader.GetInt64(0), reader.GetGuid(1));
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var result = (await command.ExecuteScalarAsync(Ct))!;
        return result is T typed ? typed : (T)Convert.ChangeType(result, typeof(T), CultureInfo.InvariantCulture);
    }
}
