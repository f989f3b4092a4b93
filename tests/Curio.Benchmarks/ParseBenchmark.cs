using System.Diagnostics;
using System.Globalization;
using System.Text;
using Curio.Core.Specs;

namespace Curio.Benchmarks;

/// <summary>Reads (validates and hands out every unit of) a 1,000,000-URL upload file in a fresh process.</summary>
internal static class ParseBenchmark
{
    public static async Task<BenchmarkResult> RunAsync(string work, int urls)
    {
        var file = Path.Combine(work, "parse.json");
        var groups = urls / 4;
        await using (var writer = new StreamWriter(file, false, new UTF8Encoding(false), 1 << 20))
        {
            await writer.WriteAsync("{\"image_groups\":[");
            for (var g = 0; g < groups; g++)
            {
                await writer.WriteAsync(g == 0 ? "" : ",");
                await writer.WriteAsync($"{{\"title\":\"group-{g}\",\"createVideo\":false,\"clientMetadata\":{{\"camera\":\"cam-{g % 16}\",\"index\":{g}}}");
                for (var f = 0; f < 4; f++)
                {
                    await writer.WriteAsync($",\"objectUrl_{f}\":\"https://bucket.s3.eu-west-1.amazonaws.com/datasets/run-{g / 1000}/group-{g}/frame-{f}.jpg\"");
                }

                await writer.WriteAsync('}');
            }

            await writer.WriteAsync("],\"skip_duplicate_urls\":true}");
        }

        var size = new FileInfo(file).Length;
        using var child = Machine.StartDotnet(typeof(ParseBenchmark).Assembly.Location, "parse-child", file);
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException("The parse child failed: " + await child.StandardError.ReadToEndAsync());
        }

        var parts = output.Trim().Split(' ');
        var elapsed = TimeSpan.FromSeconds(double.Parse(parts[0], CultureInfo.InvariantCulture));
        var (units, urlCount, peak) = (int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture), long.Parse(parts[3], CultureInfo.InvariantCulture));
        return new BenchmarkResult("parse", $"""
            | parse-only, {urlCount:N0} URLs in {units:N0} image groups ({Machine.Mib(size)} of JSON) | value |
            | --- | --- |
            | time to read and validate the whole file | {Machine.Seconds(elapsed)} |
            | throughput | {Machine.Rate(urlCount, elapsed)} URLs/s, {Machine.Rate(size / 1024.0 / 1024.0, elapsed)} MiB/s |
            | peak working set of the process (VmHWM) | {Machine.Mib(peak)} |
            """);
    }

    /// <summary>In the child: read the file, print "seconds units urls peakBytes".</summary>
    public static int Child(string file)
    {
        var watch = Stopwatch.StartNew();
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var seen = 0;
        var result = SpecReader.Read(stream, new SpecReadOptions(), _ => seen++);
        watch.Stop();
        if (!result.IsValid || seen != result.UnitCount)
        {
            Console.Error.WriteLine(string.Join('\n', result.Errors));
            return 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{watch.Elapsed.TotalSeconds} {result.UnitCount} {result.UrlCount} {Machine.PeakResident(Environment.ProcessId)}"));
        return 0;
    }
}
