using System.Diagnostics;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Curio.Benchmarks;

/// <summary>
/// 20,000 small images in moto, imported with header probing (no media metadata supplied, so every object is read),
/// against a plain concurrent ranged-GET loop over the same objects in the same run. The ratio is the figure: what
/// Curio's pipeline (job, chunks, probing, registering) costs over just reading the bytes.
/// </summary>
internal static class S3ImportBenchmark
{
    private const string Bucket = "bench-images";
    private const int HeadBytes = 64 * 1024;

    public static async Task<BenchmarkResult> RunAsync(string work, int objects)
    {
        var (endpoint, moto) = await MotoAsync(work);
        try
        {
            using var s3 = new AmazonS3Client(new BasicAWSCredentials("bench", "bench"), new AmazonS3Config
            {
                ServiceURL = endpoint,
                ForcePathStyle = true,
                AuthenticationRegion = "us-east-1",
                MaxConnectionsPerServer = 64,
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            });
            var image = await File.ReadAllBytesAsync(Path.Combine(PerformanceDoc.RepositoryRoot(), "samples", "images", "rule110.png"));
            var keys = Enumerable.Range(0, objects).Select(i => $"frames/run-{i / 1000:D2}/img-{i:D6}.png").ToList();
            await s3.PutBucketAsync(Bucket);
            var upload = Stopwatch.StartNew();
            await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (key, ct) =>
                await s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = new MemoryStream(image), ContentType = "image/png", UseChunkEncoding = false }, ct));
            Console.WriteLine($"Uploaded {objects:N0} objects to moto in {Machine.Seconds(upload.Elapsed)}");

            // The same parallelism as the server: 2 workers x 16 units at once.
            const int parallelism = 32;
            var raw = Stopwatch.StartNew();
            long rawBytes = 0;
            await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (key, ct) =>
            {
                using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = key, ByteRange = new ByteRange(0, HeadBytes - 1) }, ct);
                var buffer = new byte[HeadBytes];
                int read, total = 0;
                while ((read = await response.ResponseStream.ReadAsync(buffer.AsMemory(total), ct)) > 0)
                {
                    total += read;
                }

                Interlocked.Add(ref rawBytes, total);
            });
            var rawElapsed = raw.Elapsed;

            var (curioElapsed, accepted, peak) = await ImportAsync(work, endpoint, keys);
            var rawRate = objects / rawElapsed.TotalSeconds;
            var curioRate = objects / curioElapsed.TotalSeconds;
            return new BenchmarkResult("s3-import", $"""
                | import of {objects:N0} small PNGs ({image.Length:N0} bytes each) from moto with header probing, embedded SQLite | value |
                | --- | --- |
                | plain concurrent ranged-GET loop ({parallelism} at once, AWSSDK.S3, bytes 0-{HeadBytes - 1}) | {Machine.Seconds(rawElapsed)}, {rawRate:N0} objects/s |
                | Curio, submit to DONE (2 workers x 16 units at once) | {Machine.Seconds(curioElapsed)}, {curioRate:N0} units/s |
                | of which: upload, validation and chunking (until 202 Accepted) | {Machine.Seconds(accepted)} |
                | **ratio Curio / raw loop** (target at least 0.7) | **{curioRate / rawRate:N2}** |
                | peak working set of the server process (VmHWM) | {Machine.Mib(peak)} |
                """);
        }
        finally
        {
            if (moto is not null)
            {
                moto.Kill(entireProcessTree: true);
                await moto.WaitForExitAsync();
                moto.Dispose();
            }
        }
    }

    private static async Task<(TimeSpan Total, TimeSpan Accepted, long Peak)> ImportAsync(string work, string endpoint, List<string> keys)
    {
        var spec = Path.Combine(work, "s3-import.json");
        await File.WriteAllTextAsync(spec, JsonSerializer.Serialize(new { images = keys.Select(k => new { objectUrl = $"s3://{Bucket}/{k}" }) }));
        var data = Directory.CreateDirectory(Path.Combine(work, "s3-data")).FullName;
        await using var server = await BenchServer.StartAsync(data);
        var run = await server.ImportAsync(spec,
            new { name = "moto", provider = "s3", endpoint, pathStyle = true, bucket = Bucket, accessKey = "bench", secretKey = "bench" });
        run.EnsureAllDone(keys.Count);
        return (run.Total, run.Accepted, server.PeakResident);
    }

    /// <summary>The moto of ./test.sh when CURIO_TEST_S3_ENDPOINT names it, else a private one on a free port.</summary>
    private static async Task<(string Endpoint, Process? Moto)> MotoAsync(string work)
    {
        if (Environment.GetEnvironmentVariable("CURIO_TEST_S3_ENDPOINT") is { Length: > 0 } shared)
        {
            return (shared, null);
        }

        var port = Machine.FreePort();
        var moto = Process.Start(new ProcessStartInfo("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = work,
        }) ?? throw new InvalidOperationException("python3 -m moto.server did not start.");
        moto.OutputDataReceived += (_, _) => { };
        moto.ErrorDataReceived += (_, _) => { };
        moto.BeginOutputReadLine();
        moto.BeginErrorReadLine();
        using var probe = new HttpClient();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                await probe.GetAsync(new Uri($"http://127.0.0.1:{port}/"));
                return ($"http://127.0.0.1:{port}", moto);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        moto.Kill(entireProcessTree: true);
        throw new InvalidOperationException("moto did not answer; is it installed (python3 -c 'import moto')?");
    }
}
