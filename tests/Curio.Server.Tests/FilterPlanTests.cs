using System.Globalization;
using System.Text;
using Curio.Contracts;

namespace Curio.Server.Tests;

/// <summary>
/// Every way a filtered page can be read (a key's equality rows in item order, a walk of a key's rows, a few range rows
/// sorted, the folder's items tested one by one), on enough items that each is chosen, in two folders whose item ids
/// interleave; every page of every filter is read and the items compared with the expected ones.
/// </summary>
public sealed class FilterPlanTests(FilterPlanTests.Data data) : IClassFixture<FilterPlanTests.Data>
{
    // Above the store's limit for sorting a range's rows (3,000), so that both ways of reading a range are taken.
    private const int PerImport = 2500;
    private static readonly string[] Cameras = ["front", "rear", "side"];

    /// <summary>The server and its items, imported once for all the cases.</summary>
    public sealed class Data : IAsyncLifetime
    {
        private string _root = null!;

        public TestServer Server { get; } = new();

        public List<(int N, string Folder)> Items { get; } = [];

        public Folder A { get; private set; } = null!;

        public Folder B { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            var ct = TestContext.Current.CancellationToken;
            var schema = """
                {"camera":{"ty":"enum","values":["front","rear","side"]},"score":{"ty":"variant","hint":"number"},
                 "site":{"ty":"variant","hint":"varchar"},"flag":{"ty":"variant","hint":"boolean"}}
                """;
            await Http.EnsureAsync(await Server.Client.PutAsync("/api/v1/metadata/schema", new StringContent(schema, Encoding.UTF8, "application/json"), ct), 200);
            // Media metadata is supplied, so no file is read: the root stays empty.
            _root = Directory.CreateTempSubdirectory("curio-plan-").FullName;
            var local = await Server.LocalIntegrationAsync(_root);
            A = await Server.FolderAsync("plan-a");
            B = await Server.FolderAsync("plan-b");
            // a, b, a: folder a's ids span folder b's.
            var n = 0;
            foreach (var folder in new[] { A, B, A })
            {
                var entries = new List<string>();
                for (var i = 0; i < PerImport; i++, n++)
                {
                    Items.Add((n, folder.Path));
                    var metadata = string.Create(CultureInfo.InvariantCulture,
                        $"{{\"n\":{n},\"camera\":\"{Cameras[n % 3]}\",\"score\":{n % 100},\"site\":\"site-{n % 1000:D4}\"{Flag(n)}}}");
                    entries.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{{\"objectUrl\":\"img-{n:D5}.jpg\",\"clientMetadata\":{metadata},\"imageMetadata\":{{\"mimeType\":\"image/jpeg\",\"fileSize\":1000,\"width\":{(n % 2 == 0 ? 640 : 320)},\"height\":480}}}}"));
                }

                var job = await Server.ImportAsync(folder, local, $$"""{ "images": [ {{string.Join(",", entries)}} ] }""");
                Assert.Equal((PerImport, 0), (job.UnitsDoneCount, job.UnitsErrorCount));
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            Directory.Delete(_root, recursive: true);
        }
    }

    public static TheoryData<string> Filters =>
    [
        "camera = \"front\"",
        "camera in (\"rear\", \"side\")",
        "camera in (\"rear\")",
        "score >= 10",
        "score between 10 and 11",
        "score < 1 AND camera = \"rear\"",
        // 750 rows: sorted alone, but beside an equality the equality drives (SqliteFilterPlan.SortedBesideEquality).
        "score between 10 and 19 AND camera = \"front\"",
        "site prefix \"site-00\"",
        "site prefix \"site-0999\"",
        "site contains \"-01\"",
        "flag exists",
        "flag = true AND score >= 50",
        "camera != \"front\" AND $width = 320",
        "camera not in (\"front\") AND score between 20 and 29",
        "camera = \"side\" AND site = \"site-0042\"",
        "score = 7 OR site prefix \"site-09\"",
        "NOT flag exists AND score > 90",
        "NOT (camera = \"front\" OR score < 50)",
        "$width = 640 AND score between 90 and 99",
    ];

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Every_matching_item_is_on_exactly_one_page(string filter)
    {
        foreach (var folder in new[] { data.A, data.B })
        {
            var expected = data.Items.Where(i => i.Folder == folder.Path && Matches(filter, i.N)).Select(i => i.N).ToList();
            var seen = new List<int>();
            string? token = null;
            do
            {
                var page = await data.Server.GetAsync(
                    $"/api/v1/folders/{folder.Uuid}/items?pageSize=97&filter={Uri.EscapeDataString(filter)}" + (token is null ? "" : $"&pageToken={token}"),
                    CurioJsonContext.Default.PageItem);
                seen.AddRange(page.Results.Select(r => r.ClientMetadata.GetProperty("n").GetInt32()));
                token = page.NextPageToken;
            }
            while (token is not null);

            // Pages follow ids, which workers hand out chunk by chunk, not in file order: no repeats and nothing missing.
            Assert.Equal(seen.Count, seen.Distinct().Count());
            Assert.Equal(expected, seen.Order());
        }
    }

    private static string Flag(int n) => (n % 5) switch { 0 => ",\"flag\":true", 1 => ",\"flag\":false", _ => "" };

    /// <summary>The filters above, written again in C#.</summary>
    private static bool Matches(string filter, int n)
    {
        var (camera, score, site, width) = (Cameras[n % 3], n % 100, $"site-{n % 1000:D4}", n % 2 == 0 ? 640 : 320);
        bool? flag = (n % 5) switch { 0 => true, 1 => false, _ => null };
        return filter switch
        {
            "camera = \"front\"" => camera == "front",
            "camera in (\"rear\", \"side\")" => camera is "rear" or "side",
            "camera in (\"rear\")" => camera == "rear",
            "score >= 10" => score >= 10,
            "score between 10 and 11" => score is 10 or 11,
            "score < 1 AND camera = \"rear\"" => score < 1 && camera == "rear",
            "score between 10 and 19 AND camera = \"front\"" => score is >= 10 and <= 19 && camera == "front",
            "site prefix \"site-00\"" => site.StartsWith("site-00", StringComparison.Ordinal),
            "site prefix \"site-0999\"" => site == "site-0999",
            "site contains \"-01\"" => site.Contains("-01", StringComparison.Ordinal),
            "flag exists" => flag is not null,
            "flag = true AND score >= 50" => flag == true && score >= 50,
            "camera != \"front\" AND $width = 320" => camera != "front" && width == 320,
            "camera not in (\"front\") AND score between 20 and 29" => camera != "front" && score is >= 20 and <= 29,
            "camera = \"side\" AND site = \"site-0042\"" => camera == "side" && site == "site-0042",
            "score = 7 OR site prefix \"site-09\"" => score == 7 || site.StartsWith("site-09", StringComparison.Ordinal),
            "NOT flag exists AND score > 90" => flag is null && score > 90,
            "NOT (camera = \"front\" OR score < 50)" => !(camera == "front" || score < 50),
            "$width = 640 AND score between 90 and 99" => width == 640 && score >= 90,
            _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, "no C# for this filter"),
        };
    }
}
