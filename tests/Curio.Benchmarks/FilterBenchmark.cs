using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Curio.Contracts;
using Curio.Core.Filtering;
using Curio.Core.Metadata;
using Curio.Storage.Items;
using Curio.Storage.Sqlite;

namespace Curio.Benchmarks;

/// <summary>
/// 1,000,000 items with ten typed keys imported through the real path, then five kinds of filter timed three ways in
/// the same run with the same literals: Curio's item store in this process (on the server's database file), the
/// hand-written query over a plain typed table, and the server's HTTP API. Every page is checked against the
/// hand-written one, item for item. Then bulk updates over PATCH /api/v1/items, as the SDK's bundle sends them.
/// </summary>
internal static class FilterBenchmark
{
    private const int PageSize = 100;
    private const int Seed = 20261126;

    public static async Task<IReadOnlyList<BenchmarkResult>> RunAsync(string work, int items, int iterations, int updates, bool reuse)
    {
        var data = new FilterData(items, Seed);
        var dataDirectory = Path.Combine(work, "filter-data");
        var database = Path.Combine(dataDirectory, "curio.db");
        var plainPath = Path.Combine(work, "plain.db");
        if (reuse && !File.Exists(database))
        {
            throw new InvalidOperationException($"--reuse: {database} does not exist; run once with --keep first.");
        }

        if (!reuse)
        {
            Directory.CreateDirectory(dataDirectory);
        }

        await using var server = await BenchServer.StartAsync(dataDirectory);
        Folder folder;
        string imported;
        if (reuse)
        {
            folder = (await server.Client.GetFromJsonAsync<Folder>("/api/v1/folders/by-path?path=filter-bench", CurioJsonContext.Default.Options))!;
            imported = "imported by an earlier run";
        }
        else
        {
            (folder, var elapsed) = await ImportAsync(server, data, work);
            imported = $"imported through the API in {Machine.Seconds(elapsed)} ({Machine.Rate(items, elapsed)} items/s)";
        }

        var databaseSize = Directory.EnumerateFiles(dataDirectory, "curio.db*").Sum(f => new FileInfo(f).Length);
        var build = Stopwatch.StartNew();
        using var plain = reuse && File.Exists(plainPath) ? PlainTable.Open(plainPath) : PlainTable.Create(plainPath, database, data);
        Console.WriteLine($"Plain typed table ready in {Machine.Seconds(build.Elapsed)}");

        var schema = SchemaJson.Read(FilterData.Schema);
        await using var storage = new SqliteStorage(database);
        var rows = new List<string>();
        foreach (var (kind, n) in FilterQueries.All.Select((k, n) => (k, n)))
        {
            var measured = await MeasureAsync(kind, new Random(Seed + n), iterations, schema, storage, folder.Uuid, plain, server.Client);
            Console.WriteLine($"{kind.Name}: {measured.Summary}");
            rows.Add(measured.Row);
        }

        var bulk = await BulkUpdate.RunAsync(server.Client, storage, folder.Uuid, data, updates);

        var filter = new BenchmarkResult("filter", $"""
            {items:N0} items in one folder, {imported} (database {Machine.Mib(databaseSize)}, SQLite {plain.Version}); {iterations} timed
            runs per query after warm-up, literals varied per run (seed {Seed}); first page of {PageSize} items ordered by id (both sides fetch {PageSize + 1} rows
            to know whether there is a next page). "Store" is `SqliteItemStore.ListAsync` with the bound filter, in the benchmark
            process on the server's database file; "plain" is the hand-written query over a plain table with the same values in
            typed columns and an index per column, returning the same 34 columns the store reads (the folder, integration, job
            and owner UUIDs held in the row, where the store joins them); "API" is `GET /api/v1/folders/<uuid>/items?filter=`
            over loopback HTTP, response read whole. Every store page equalled the plain page item for item.

            | query (example) | store p50 | store p99 | plain p50 | plain p99 | store / plain (p50) | API p50 | API p99 |
            | --- | --- | --- | --- | --- | --- | --- | --- |
            {string.Join("\n", rows)}
            """);
        return [filter, bulk];
    }

    /// <summary>The schema, then the items in upload files of at most 500,000, through the real import path.</summary>
    private static async Task<(Folder Folder, TimeSpan Elapsed)> ImportAsync(BenchServer server, FilterData data, string work)
    {
        var specs = new List<(string Path, int Count)>();
        for (var first = 0; first < data.Count; first += 500_000)
        {
            var spec = Path.Combine(work, $"filter-{specs.Count}.json");
            var count = Math.Min(500_000, data.Count - first);
            await data.WriteSpecAsync(spec, first, count);
            specs.Add((spec, count));
        }

        using (var put = await server.Client.PutAsync("/api/v1/metadata/schema", new StringContent(FilterData.Schema, Encoding.UTF8, "application/json")))
        {
            put.EnsureSuccessStatusCode();
        }

        var root = Directory.CreateDirectory(Path.Combine(work, "filter-root")).FullName;
        var folder = await Machine.CreateAsync<Folder>(server.Client, "/api/v1/folders", new { path = "filter-bench" });
        var integration = await Machine.CreateAsync<Integration>(server.Client, "/api/v1/integrations", new { name = "bench", provider = "local", root });
        var watch = Stopwatch.StartNew();
        foreach (var (spec, count) in specs)
        {
            var run = await server.SubmitAsync(folder.Uuid, integration.Name, spec);
            run.EnsureAllDone(count);
            File.Delete(spec);
        }

        Console.WriteLine($"Imported {data.Count:N0} items with ten typed keys in {Machine.Seconds(watch.Elapsed)}");
        return (folder, watch.Elapsed);
    }

    private static async Task<Measured> MeasureAsync(
        FilterQueryKind kind, Random random, int iterations, MetadataSchema schema, SqliteStorage storage, Guid folder, PlainTable plain, HttpClient client)
    {
        var (store, hand, api) = (new List<double>(), new List<double>(), new List<double>());
        var warmUp = iterations / 10;
        for (var n = 0; n < warmUp + iterations; n++)
        {
            var query = kind.Next(random);
            var bound = FilterBinder.Bind(FilterParser.Parse(query.Filter), schema);

            var watch = Stopwatch.StartNew();
            var page = await storage.Items.ListAsync(folder, new ItemListQuery { Filter = bound, PageSize = PageSize }, CancellationToken.None);
            var storeTime = watch.Elapsed.TotalMilliseconds;

            watch.Restart();
            var expected = plain.Page(query.Where, query.Parameters, PageSize + 1);
            var plainTime = watch.Elapsed.TotalMilliseconds;

            watch.Restart();
            using (var response = await client.GetAsync($"/api/v1/folders/{folder}/items?pageSize={PageSize}&filter={Uri.EscapeDataString(query.Filter)}"))
            {
                _ = await response.Content.ReadAsByteArrayAsync();
                response.EnsureSuccessStatusCode();
            }

            var apiTime = watch.Elapsed.TotalMilliseconds;

            var got = page.Items.Select(i => i.Uuid).ToList();
            if (!got.SequenceEqual(expected.Take(PageSize)) || (page.NextPageToken is not null) != (expected.Count > PageSize))
            {
                throw new InvalidOperationException($"{query.Filter}: the store's page ({got.Count} items) differs from the hand-written query's ({expected.Count}).");
            }

            if (n >= warmUp)
            {
                store.Add(storeTime);
                hand.Add(plainTime);
                api.Add(apiTime);
            }
        }

        var example = kind.Next(new Random(1));
        Console.WriteLine($"  plain plan: {plain.Plan(example.Where, example.Parameters)}");
        var (s50, s99, p50, p99, a50, a99) = (Percentile(store, 0.50), Percentile(store, 0.99), Percentile(hand, 0.50), Percentile(hand, 0.99), Percentile(api, 0.50), Percentile(api, 0.99));
        return new Measured(
            $"| {kind.Name} (`{kind.Example}`) | {Ms(s50)} | {Ms(s99)} | {Ms(p50)} | {Ms(p99)} | {s50 / p50:N2} | {Ms(a50)} | {Ms(a99)} |",
            $"store p50 {Ms(s50)} p99 {Ms(s99)}; plain p50 {Ms(p50)} p99 {Ms(p99)}; API p50 {Ms(a50)} p99 {Ms(a99)}");
    }

    /// <summary>Nearest-rank percentile.</summary>
    public static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public static string Ms(double ms) => ms.ToString(ms < 10 ? "N2" : "N1", CultureInfo.InvariantCulture) + " ms";

    private sealed record Measured(string Row, string Summary);
}

/// <summary>One timed query: the filter text for Curio and the hand-written WHERE for the plain table, with the same literals.</summary>
internal sealed record FilterQuery(string Filter, string Where, IReadOnlyList<(string Name, object Value)> Parameters);

internal sealed record FilterQueryKind(string Name, string Example, Func<Random, FilterQuery> Next);

internal static class FilterQueries
{
    public static IReadOnlyList<FilterQueryKind> All { get; } =
    [
        new("equality", "camera = \"front\"", r =>
        {
            var camera = FilterData.Cameras[r.Next(FilterData.Cameras.Length)];
            return new($"camera = \"{camera}\"", "camera = $a", [("$a", camera)]);
        }),
        new("range", "score between 40 and 41", r =>
        {
            var low = r.Next(0, 100);
            return new($"score between {low} and {low + 1}", "score BETWEEN $a AND $b", [("$a", (double)low), ("$b", (double)low + 1)]);
        }),
        new("enum in", "weather in (\"rain\", \"snow\")", r =>
        {
            var first = r.Next(FilterData.Weathers.Length);
            var (a, b) = (FilterData.Weathers[first], FilterData.Weathers[(first + 1 + r.Next(FilterData.Weathers.Length - 1)) % FilterData.Weathers.Length]);
            return new($"weather in (\"{a}\", \"{b}\")", "weather IN ($a, $b)", [("$a", a), ("$b", b)]);
        }),
        new("prefix", "site prefix \"site-01\"", r =>
        {
            var digit = r.Next(10);
            // By hand: the range from the prefix to the next string of the same length.
            return new($"site prefix \"site-0{digit}\"", "site >= $a AND site < $b", [("$a", $"site-0{digit}"), ("$b", digit == 9 ? "site-1" : $"site-0{digit + 1}")]);
        }),
        new("3-clause AND", "camera = \"front\" AND score >= 50 AND flag = true", r =>
        {
            var camera = FilterData.Cameras[r.Next(FilterData.Cameras.Length)];
            var score = r.Next(40, 61);
            var flag = r.Next(2) == 1;
            return new($"camera = \"{camera}\" AND score >= {score} AND flag = {(flag ? "true" : "false")}",
                "camera = $a AND score >= $b AND flag = $c", [("$a", camera), ("$b", (double)score), ("$c", flag ? 1 : 0)]);
        }),
    ];
}

/// <summary>
/// Replaces the clientMetadata of many items through PATCH /api/v1/items in bodies of 1,000 patches, exactly the
/// requests the SDK's bundle sends, one after the other, and reports items per second.
/// </summary>
internal static class BulkUpdate
{
    private const int BodySize = 1000;
    private const int WarmUp = 5000;

    public static async Task<BenchmarkResult> RunAsync(HttpClient client, SqliteStorage storage, Guid folder, FilterData data, int updates)
    {
        // The items to update, and which generated values each has, read before the clock starts; the last WarmUp of
        // them are updated first, untimed, so that the server's update path is compiled and warm.
        var targets = new List<(Guid Uuid, int Index)>(updates + WarmUp);
        string? token = null;
        while (targets.Count < updates + WarmUp)
        {
            var page = await storage.Items.ListAsync(folder, new ItemListQuery { PageSize = 1000, PageToken = token }, CancellationToken.None);
            targets.AddRange(page.Items.Select(i => (i.Uuid, FilterData.IndexOf(i.Url!))));
            token = page.NextPageToken ?? throw new InvalidOperationException("Fewer items than updates.");
        }

        targets = targets.Take(updates + WarmUp).ToList();
        await SendAsync(client, Bodies(targets[updates..], data, salt: 1));
        var bodies = Bodies(targets[..updates], data, salt: 1);
        var changed = await SendAsync(client, bodies);
        // The second round puts the original values back, so that a later run (--reuse) finds the data it generates.
        var restored = await SendAsync(client, Bodies(targets[..updates], data, salt: 0));
        await SendAsync(client, Bodies(targets[updates..], data, salt: 0));
        var result = new BenchmarkResult("bulk-update", $"""
            | bulk metadata update, PATCH /api/v1/items with {BodySize:N0} patches a request (the SDK bundle's requests), one at a time | value |
            | --- | --- |
            | items updated (each clientMetadata replaced whole; its score changed, the nine other keys as they were), after {WarmUp:N0} untimed | {updates:N0} in {bodies.Count} requests |
            | total time | {Machine.Seconds(changed.Elapsed)} |
            | **items updated per second** (target 10,000) | **{Machine.Rate(updates, changed.Elapsed)}** |
            | request time p50 / p99 | {FilterBenchmark.Ms(FilterBenchmark.Percentile(changed.Requests, 0.5))} / {FilterBenchmark.Ms(FilterBenchmark.Percentile(changed.Requests, 0.99))} |
            | the same items put back (a second round, same requests) | {Machine.Seconds(restored.Elapsed)}, {Machine.Rate(updates, restored.Elapsed)} items/s |
            """);
        Console.WriteLine($"bulk update: {updates:N0} items in {Machine.Seconds(changed.Elapsed)} ({Machine.Rate(updates, changed.Elapsed)} items/s); put back at {Machine.Rate(updates, restored.Elapsed)} items/s");
        return result;
    }

    private static List<string> Bodies(List<(Guid Uuid, int Index)> targets, FilterData data, int salt) => targets.Chunk(BodySize).Select(chunk =>
    {
        var json = new StringBuilder(chunk.Length * 400).Append("{\"itemPatches\":{");
        for (var n = 0; n < chunk.Length; n++)
        {
            json.Append(n == 0 ? "" : ",").Append('"').Append(chunk[n].Uuid).Append("\":{\"clientMetadata\":");
            data.WriteMetadata(json, chunk[n].Index, salt);
            json.Append('}');
        }

        return json.Append("}}").ToString();
    }).ToList();

    private static async Task<(TimeSpan Elapsed, List<double> Requests)> SendAsync(HttpClient client, List<string> bodies)
    {
        var requests = new List<double>(bodies.Count);
        var total = Stopwatch.StartNew();
        foreach (var body in bodies)
        {
            var watch = Stopwatch.StartNew();
            using var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.PatchAsync("/api/v1/items", content);
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"PATCH /api/v1/items failed: {(int)response.StatusCode} {text}");
            }

            requests.Add(watch.Elapsed.TotalMilliseconds);
        }

        return (total.Elapsed, requests);
    }
}
