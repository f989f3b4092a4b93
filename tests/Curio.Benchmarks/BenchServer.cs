using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Curio.Contracts;

namespace Curio.Benchmarks;

/// <summary>A Curio server as a separate process on a fresh data directory, with an admin client, killed on dispose.</summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private readonly Process _process;

    private BenchServer(Process process, HttpClient client)
    {
        _process = process;
        Client = client;
    }

    public HttpClient Client { get; }

    public long PeakResident => Machine.PeakResident(_process.Id);

    /// <summary>CPU used so far by the server and the children it has waited for (ffprobe runs).</summary>
    public TimeSpan CpuTime => Machine.CpuTime(_process.Id);

    /// <param name="data">A fresh data directory.</param>
    /// <param name="settings">More command-line configuration, as pairs: "--Curio:Probing:KeyFrames", "false".</param>
    public static Task<BenchServer> StartAsync(string data, params string[] settings) => StartAsync(data, null, settings);

    /// <param name="data">A fresh data directory.</param>
    /// <param name="authorization">The admin's token, when another process on the same database created the admin.</param>
    /// <param name="settings">More command-line configuration, as pairs.</param>
    public static async Task<BenchServer> StartAsync(string data, AuthenticationHeaderValue? authorization, params string[] settings)
    {
        var port = Machine.FreePort();
        var process = Machine.StartDotnet([Path.Combine(AppContext.BaseDirectory, "Curio.Server.dll"),
            "--urls", $"http://127.0.0.1:{port}", "--Curio:DataDirectory", data, "--Logging:LogLevel:Default", "Warning", .. settings]);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromHours(1) };
        var server = new BenchServer(process, client);
        try
        {
            await Machine.WaitForHealthAsync(client);
            if (authorization is null)
            {
                using var credentials = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(data, "initial-admin.json")));
                authorization = new AuthenticationHeaderValue("Bearer", credentials.RootElement.GetProperty("token").GetString());
            }

            client.DefaultRequestHeaders.Authorization = authorization;
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates the folder and integration, submits the file and waits for the job; times from the first byte sent.</summary>
    public async Task<ImportRun> ImportAsync(string spec, object integration)
    {
        var folder = await Machine.CreateAsync<Folder>(Client, "/api/v1/folders", new { path = "bench" });
        var created = await Machine.CreateAsync<Integration>(Client, "/api/v1/integrations", integration);
        return await SubmitAsync(folder.Uuid, created.Name, spec);
    }

    /// <summary>Submits the file into an existing folder and waits for the job; times from the first byte sent.</summary>
    public async Task<ImportRun> SubmitAsync(Guid folder, string integration, string spec)
    {
        var watch = Stopwatch.StartNew();
        await using var file = File.OpenRead(spec);
        using var content = new StreamContent(file, 1 << 20);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await Client.PostAsync(
            $"/api/v1/folders/{folder}/imports?integration={integration}&ignoreErrors=true&fileName={Path.GetFileName(spec)}", content);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"The submission failed: {await response.Content.ReadAsStringAsync()}");
        }

        var accepted = watch.Elapsed;
        var job = (await response.Content.ReadFromJsonAsync(CurioJsonContext.Default.ImportJob))!;
        while (job.Status == JobStatus.Pending)
        {
            job = (await Client.GetFromJsonAsync($"/api/v1/jobs/{job.JobId}?waitSeconds=1", CurioJsonContext.Default.ImportJob))!;
        }

        return new ImportRun(job, accepted, watch.Elapsed);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

internal sealed record ImportRun(ImportJob Job, TimeSpan Accepted, TimeSpan Total)
{
    /// <summary>Throws unless every one of <paramref name="units"/> units was registered.</summary>
    public void EnsureAllDone(int units)
    {
        if (Job.Status != JobStatus.Done || Job.UnitsDoneCount != units)
        {
            var errors = string.Join("; ", Job.UnitErrors.Take(3).Select(e => e.Error));
            throw new InvalidOperationException($"The job ended {Job.Status} with {Job.UnitsDoneCount} units done, {Job.UnitsErrorCount} failed: {errors}");
        }
    }
}
