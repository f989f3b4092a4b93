using System.Text;

namespace Curio.Benchmarks;

/// <summary>
/// Submits a 500,000-image upload file with media metadata supplied (so no object is read) to a real server process on
/// the embedded SQLite default, and times it from the first byte sent to DONE.
/// </summary>
internal static class ImportBenchmark
{
    public static async Task<BenchmarkResult> RunAsync(string work, int items)
    {
        var spec = await WriteSpecAsync(work, items);

        var data = Directory.CreateDirectory(Path.Combine(work, "data")).FullName;
        var root = Directory.CreateDirectory(Path.Combine(work, "root")).FullName;
        await using var server = await BenchServer.StartAsync(data);
        var run = await server.ImportAsync(spec, new { name = "bench", provider = "local", root });
        run.EnsureAllDone(items);
        var (total, accepted, peak) = (run.Total, run.Accepted, server.PeakResident);
        return new BenchmarkResult("import", $"""
            | end-to-end import, {items:N0} images with media metadata supplied, local integration, embedded SQLite ({Machine.Mib(new FileInfo(spec).Length)} of JSON) | value |
            | --- | --- |
            | submit to DONE | {Machine.Seconds(total)} |
            | units registered per second, end to end | {Machine.Rate(items, total)} |
            | of which: upload, validation and chunking (until 202 Accepted) | {Machine.Seconds(accepted)} ({Machine.Rate(items, accepted)} units/s) |
            | of which: processing and registering (202 to DONE) | {Machine.Seconds(total - accepted)} ({Machine.Rate(items, total - accepted)} units/s) |
            | peak working set of the server process (VmHWM) | {Machine.Mib(peak)} |
            | database size after the import | {Machine.Mib(Directory.EnumerateFiles(data, "curio.db*").Sum(f => new FileInfo(f).Length))} |
            """);
    }

    /// <summary>The upload file: <paramref name="items"/> images with client and media metadata, none of them read.</summary>
    public static async Task<string> WriteSpecAsync(string work, int items)
    {
        var spec = Path.Combine(work, "import.json");
        await using var writer = new StreamWriter(spec, false, new UTF8Encoding(false), 1 << 20);
        await writer.WriteAsync("{\"images\":[");
        for (var i = 0; i < items; i++)
        {
            await writer.WriteAsync(i == 0 ? "" : ",");
            await writer.WriteAsync($"{{\"objectUrl\":\"{Url(i)}\",\"clientMetadata\":{ClientMetadata(i)},\"imageMetadata\":{{\"mimeType\":\"image/jpeg\",\"fileSize\":{FileSize(i)},\"width\":1280,\"height\":720}}}}");
        }

        await writer.WriteAsync("]}");
        return spec;
    }

    public static string Url(int i) => $"datasets/run-{i / 10000}/img-{i:D7}.jpg";

    public static string ClientMetadata(int i) => $"{{\"split\":\"{(i % 10 == 0 ? "val" : "train")}\",\"index\":{i}}}";

    public static int FileSize(int i) => 40000 + (i % 5000);
}
