using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Curio.Contracts;

namespace Curio.Benchmarks;

/// <summary>
/// Submits a 500,000-image upload file with media metadata supplied (so no object is read) to a real server process on
/// the embedded SQLite default, and times it from the first byte sent to DONE.
/// </summary>
internal static class ImportBenchmark
{
    public static async Task<BenchmarkResult> RunAsync(string work, int items)
    {
        var spec = Path.Combine(work, "import.json");
        await using (var writer = new StreamWriter(spec, false, new UTF8Encoding(false), 1 << 20))
        {
            await writer.WriteAsync("{\"images\":[");
            for (var i = 0; i < items; i++)
            {
                await writer.WriteAsync(i == 0 ? "" : ",");
                await writer.WriteAsync($"{{\"objectUrl\":\"datasets/run-{i / 10000}/img-{i:D7}.jpg\",\"clientMetadata\":{{\"split\":\"{(i % 10 == 0 ? "val" : "train")}\",\"index\":{i}}},\"imageMetadata\":{{\"mimeType\":\"image/jpeg\",\"fileSize\":{40000 + (i % 5000)},\"width\":1280,\"height\":720}}}}");
            }

            await writer.WriteAsync("]}");
        }

        var data = Directory.CreateDirectory(Path.Combine(work, "data")).FullName;
        var root = Directory.CreateDirectory(Path.Combine(work, "root")).FullName;
        var port = Machine.FreePort();
        using var server = Machine.StartDotnet(Path.Combine(AppContext.BaseDirectory, "Curio.Server.dll"),
            "--urls", $"http://127.0.0.1:{port}", "--Curio:DataDirectory", data, "--Logging:LogLevel:Default", "Warning");
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine(e.Data); } };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromHours(1) };
            await Machine.WaitForHealthAsync(client);
            using (var credentials = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(data, "initial-admin.json"))))
            {
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credentials.RootElement.GetProperty("token").GetString());
            }

            var folder = await Machine.CreateAsync<Folder>(client, "/api/v1/folders", new { path = "bench" });
            await Machine.CreateAsync<Integration>(client, "/api/v1/integrations", new { name = "bench", provider = "local", root });

            var watch = Stopwatch.StartNew();
            await using var file = File.OpenRead(spec);
            using var content = new StreamContent(file, 1 << 20);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var response = await client.PostAsync($"/api/v1/folders/{folder.Uuid}/imports?integration=bench&ignoreErrors=true&fileName=import.json", content);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"The submission failed: {await response.Content.ReadAsStringAsync()}");
            }

            var accepted = watch.Elapsed;
            var job = (await response.Content.ReadFromJsonAsync(CurioJsonContext.Default.ImportJob))!;
            while (job.Status == JobStatus.Pending)
            {
                job = (await client.GetFromJsonAsync($"/api/v1/jobs/{job.JobId}?waitSeconds=1", CurioJsonContext.Default.ImportJob))!;
            }

            var total = watch.Elapsed;
            var peak = Machine.PeakResident(server.Id);
            if (job.Status != JobStatus.Done || job.UnitsDoneCount != items)
            {
                throw new InvalidOperationException($"The job ended {job.Status} with {job.UnitsDoneCount} units done.");
            }

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
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }
}
