using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Curio.Contracts;

namespace Curio.Server.Tests;

/// <summary>Filters, sorts and counts over typed metadata and built-in fields, in both forms, with keyset pages.</summary>
public sealed class FilteringTests : IAsyncLifetime
{
    private const int Count = 30;
    private static readonly string[] Cameras = ["front", "rear", "side"];

    private TestServer _server = null!;
    private string _root = null!;
    private Folder _folder = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = new TestServer();
        _root = Directory.CreateTempSubdirectory("curio-filter-").FullName;
        var schema = """
            {"camera":{"ty":"enum","values":["front","rear","side"]},"score":{"ty":"variant","hint":"number"},
             "captured_at":{"ty":"variant","hint":"datetime"},"video.description":{"ty":"variant","hint":"varchar"},
             "flag":{"ty":"variant","hint":"boolean"},"notes":{"ty":"variant","hint":"text"}}
            """;
        await Http.EnsureAsync(await _server.Client.PutAsync("/api/v1/metadata/schema", new StringContent(schema, Encoding.UTF8, "application/json"), Ct), 200);

        var images = new List<string>();
        for (var i = 0; i < Count; i++)
        {
            File.Copy(Repo.Path("samples", i % 2 == 0 ? "images/testcard.png" : "images/rule110.png"), Path.Combine(_root, $"img-{i:00}.png"));
            var flag = i % 3 == 0 ? "\"flag\": true," : i % 3 == 1 ? "\"flag\": false," : "";
            images.Add($$"""
                { "objectUrl": "img-{{i:00}}.png", "clientMetadata": { "camera": "{{Cameras[i % 3]}}", "score": {{i}}, {{flag}}
                  "captured_at": "2024-01-{{i + 1:00}}T08:00:00Z", "video.description": "{{(i % 5 == 0 ? "tower crane" : "street")}} {{i}}", "free": "x" } }
                """);
        }

        var local = await _server.LocalIntegrationAsync(_root);
        _folder = await _server.FolderAsync("filters");
        var job = await _server.ImportAsync(_folder, local, $$"""{ "images": [ {{string.Join(",", images)}} ] }""");
        Assert.Equal((Count, 0), (job.UnitsDoneCount, job.UnitsErrorCount));
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    public static TheoryData<string, int[]> Filters => new()
    {
        { """camera = "front" """, Where(i => i % 3 == 0) },
        { """camera != "front" """, Where(i => i % 3 != 0) },
        { "score >= 10 AND score < 20", Where(i => i is >= 10 and < 20) },
        { "score between 3 and 5", [3, 4, 5] },
        { """camera in ("rear", "side") AND score > 25""", Where(i => i > 25 && i % 3 != 0) },
        { """camera not in ("rear", "side")""", Where(i => i % 3 == 0) },
        { """`video.description` prefix "tower" """, Where(i => i % 5 == 0) },
        { """`video.description` contains "crane 1" """, [10, 15] },
        { """captured_at >= "2024-01-28" """, [27, 28, 29] },
        { """captured_at < "2024-01-02T09:00:00+01:00" """, [0] },
        { "flag = true", Where(i => i % 3 == 0) },
        { "NOT flag = true", Where(i => i % 3 != 0) },
        { "flag exists", Where(i => i % 3 != 2) },
        { "NOT flag exists", Where(i => i % 3 == 2) },
        { "score = 1 OR score = 2 OR (camera = \"side\" AND score < 6)", [1, 2, 5] },
        { "$width = 320 AND score < 6", [0, 2, 4] },
        { "width = 320 AND score < 6", [0, 2, 4] },
        { "type = \"image\" AND score <= 1", [0, 1] },
        { "notes exists", [] },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task A_text_filter_returns_exactly_the_matching_items(string filter, int[] expected)
    {
        var page = await ListAsync($"filter={Uri.EscapeDataString(filter)}&pageSize=1000");
        Assert.Equal(expected, Scores(page.Results));
    }

    [Fact]
    public async Task The_json_form_matches_the_text_form()
    {
        var response = await _server.Client.PostAsJsonAsync($"/api/v1/folders/{_folder.Uuid}/items/query", new ItemQueryRequest
        {
            Filter = JsonDocument.Parse("""{"and":[{"key":"camera","op":"in","values":["front","side"]},{"key":"score","op":"between","low":10,"high":20}]}""").RootElement,
            PageSize = 1000,
        }, CurioJsonContext.Default.ItemQueryRequest, Ct);
        await Http.EnsureAsync(response, 200);
        var page = (await response.Content.ReadFromJsonAsync(CurioJsonContext.Default.PageItem, Ct))!;
        Assert.Equal(Where(i => i is >= 10 and <= 20 && i % 3 != 1), Scores(page.Results));
    }

    [Fact]
    public async Task Sorted_pages_follow_each_other_without_gaps_or_repeats()
    {
        var seen = new List<int>();
        string? token = null;
        do
        {
            var page = await ListAsync($"sort=score&descending=true&pageSize=7&filter={Uri.EscapeDataString("camera != \"rear\"")}" + (token is null ? "" : $"&pageToken={token}"));
            seen.AddRange(Scores(page.Results, sorted: false));
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal(Where(i => i % 3 != 1).Reverse(), seen);

        var byDate = await ListAsync("sort=captured_at&pageSize=3");
        Assert.Equal([0, 1, 2], Scores(byDate.Results, sorted: false));
        var bySize = await ListAsync("sort=$size&pageSize=1000");
        Assert.Equal(Count, bySize.Results.Count);
        Assert.True(bySize.Results.Select(r => r.FileSize!.Value).SequenceEqual(bySize.Results.Select(r => r.FileSize!.Value).Order()));
    }

    [Fact]
    public async Task Counts_per_enum_option_and_boolean_value_honour_the_filter()
    {
        var cameras = await _server.GetAsync($"/api/v1/folders/{_folder.Uuid}/items/counts?key=camera", CurioJsonContext.Default.ValueCounts);
        Assert.Equal([("front", 10L), ("rear", 10L), ("side", 10L)], cameras.Counts.Select(c => (c.Value, c.Count)));

        var flags = await _server.GetAsync($"/api/v1/folders/{_folder.Uuid}/items/counts?key=flag&filter={Uri.EscapeDataString("score < 10")}", CurioJsonContext.Default.ValueCounts);
        Assert.Equal([("true", 4L), ("false", 3L)], flags.Counts.Select(c => (c.Value, c.Count)));

        var types = await _server.GetAsync($"/api/v1/folders/{_folder.Uuid}/items/counts?key=$type", CurioJsonContext.Default.ValueCounts);
        Assert.Equal([("image", (long)Count)], types.Counts.Select(c => (c.Value, c.Count)));
    }

    [Theory]
    [InlineData("wat = 1", "'wat' is not a key of the metadata schema")]
    [InlineData("score >= ", "The filter cannot be read: column 10:")]
    [InlineData("score = \"high\"", "'score' is a number, so \"high\" cannot be compared with it")]
    [InlineData("camera = \"top\"", "'camera' has no option \"top\"; its options are \"front\", \"rear\", \"side\"")]
    [InlineData("flag > true", "'flag' is a boolean: compare it with = or !=")]
    [InlineData("captured_at > \"last week\"", "'captured_at' is a datetime")]
    [InlineData("score prefix \"1\"", "'prefix' applies to text")]
    public async Task A_bad_filter_is_a_400_that_says_what_to_fix(string filter, string message)
    {
        var response = await _server.Client.GetAsync($"/api/v1/folders/{_folder.Uuid}/items?filter={Uri.EscapeDataString(filter)}", Ct);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal((400, "filter.invalid"), ((int)response.StatusCode, problem.RootElement.GetProperty("errorCode").GetString()));
        Assert.Contains(message, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_that_stops_conforming_leaves_the_index_and_returns_when_it_conforms_again()
    {
        var items = (await ListAsync("filter=" + Uri.EscapeDataString("score = 4"))).Results;
        var item = Assert.Single(items);
        await Http.EnsureAsync(await _server.Client.PatchAsync($"/api/v1/items/{item.Uuid}",
            new StringContent("""{"clientMetadata":{"score":44,"camera":"side"}}""", Encoding.UTF8, "application/json"), Ct), 200);

        Assert.Empty((await ListAsync("filter=" + Uri.EscapeDataString("score = 4"))).Results);
        Assert.Equal(item.Uuid, Assert.Single((await ListAsync("filter=" + Uri.EscapeDataString("score = 44"))).Results).Uuid);
        Assert.Empty((await ListAsync("filter=" + Uri.EscapeDataString($"`video.description` exists AND score = 44"))).Results);
    }

    [Fact]
    public async Task A_bulk_patch_changes_only_what_it_changes_in_the_index()
    {
        var all = (await ListAsync("pageSize=1000")).Results.ToDictionary(i => i.ClientMetadata.GetProperty("score").GetInt32(), i => i.Uuid);
        // 0: camera changed; 1: flag removed; 2: flag added; 3: the same metadata again; 4: everything but notes removed.
        var body = $$"""
            {"itemPatches":{
             "{{all[0]}}":{"clientMetadata":{"camera":"side","score":0,"flag":true,"captured_at":"2024-01-01T08:00:00Z","video.description":"tower crane 0"} },
             "{{all[1]}}":{"clientMetadata":{"camera":"rear","score":1,"captured_at":"2024-01-02T08:00:00Z","video.description":"street 1"} },
             "{{all[2]}}":{"clientMetadata":{"camera":"side","score":2,"flag":false,"captured_at":"2024-01-03T08:00:00Z","video.description":"street 2"} },
             "{{all[3]}}":{"clientMetadata":{"camera":"front","score":3,"flag":true,"captured_at":"2024-01-04T08:00:00Z","video.description":"street 3","free":"x"} },
             "{{all[4]}}":{"clientMetadata":{"notes":"only notes"} } } }
            """;
        var response = await _server.Client.PatchAsync("/api/v1/items", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        await Http.EnsureAsync(response, 200);
        Assert.Equal(5, (await response.Content.ReadFromJsonAsync(CurioJsonContext.Default.PageItem, Ct))!.Results.Count);

        Assert.Equal(Where(i => i % 3 == 0 && i != 0), Scores((await ListAsync("pageSize=1000&filter=" + Uri.EscapeDataString("camera = \"front\""))).Results));
        Assert.Equal(Where(i => i % 3 == 2 || i == 0), Scores((await ListAsync("pageSize=1000&filter=" + Uri.EscapeDataString("camera = \"side\""))).Results));
        Assert.Equal(Where(i => (i % 3 != 2 && i is not (1 or 4)) || i == 2), Scores((await ListAsync("pageSize=1000&filter=" + Uri.EscapeDataString("flag exists"))).Results));
        Assert.Equal(Where(i => i % 5 == 0), Scores((await ListAsync("pageSize=1000&filter=" + Uri.EscapeDataString("`video.description` prefix \"tower\""))).Results));
        var notes = Assert.Single((await ListAsync("pageSize=1000&filter=" + Uri.EscapeDataString("notes exists AND NOT score exists"))).Results);
        Assert.Equal(all[4], notes.Uuid);
    }

    private async Task<Page<Item>> ListAsync(string query) =>
        await _server.GetAsync($"/api/v1/folders/{_folder.Uuid}/items?{query}", CurioJsonContext.Default.PageItem);

    private static int[] Scores(IEnumerable<Item> items, bool sorted = true)
    {
        var scores = items.Select(i => i.ClientMetadata.GetProperty("score").GetInt32());
        return sorted ? [.. scores.Order()] : [.. scores];
    }

    private static int[] Where(Func<int, bool> predicate) => [.. Enumerable.Range(0, Count).Where(predicate)];
}
