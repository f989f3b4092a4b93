using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Curio.Contracts;

namespace Curio.Server.Tests;

/// <summary>A real server process is killed with SIGKILL in the middle of a 100,000-unit job and started again.</summary>
public sealed class KillAndResumeTests : IDisposable
{
    private const int Units = 100_000;
    private readonly string _data = Directory.CreateTempSubdirectory("curio-kill-").FullName;
    private readonly string _root = Directory.CreateTempSubdirectory("curio-kill-root-").FullName;
    private readonly int _port = FreePort();
    private Process? _server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_job_resumes_from_its_cursor_and_registers_every_unit_exactly_once()
    {
        using var client = await StartAsync();
        var folder = await PostAsync<Folder>(client, "/api/v1/folders", """{"path":"kill"}""");
        var integration = await PostAsync<Integration>(client, "/api/v1/integrations", JsonSerializer.Serialize(new { name = "kill", provider = "local", root = _root }));

        var spec = new StringBuilder("{\"images\":[");
        for (var i = 0; i < Units; i++)
        {
            spec.Append(i == 0 ? "" : ",").Append("{\"objectUrl\":\"img/").Append(i).Append(".png\",\"imageMetadata\":{\"width\":64,\"height\":48}}");
        }

        var submit = await client.PostAsync($"/api/v1/folders/{folder.Uuid}/imports?integration=kill&ignoreErrors=true",
            new StringContent(spec.Append("]}").ToString(), Encoding.UTF8, "application/json"), Ct);
        await Http.EnsureAsync(submit, 202);
        var job = (await submit.Content.ReadFromJsonAsync(CurioJsonContext.Default.ImportJob, Ct))!;

        var before = await WaitForAsync(client, job.JobId, j => j.UnitsDoneCount >= Units / 5);
        _server!.Kill(entireProcessTree: true);
        await _server.WaitForExitAsync(Ct);
        Assert.True(before.Status == JobStatus.Pending && before.UnitsDoneCount < Units, $"The job was not mid-way when killed: {before.UnitsDoneCount} done");

        using var restarted = await StartAsync();
        var resumed = await WaitForAsync(restarted, job.JobId, _ => true);
        Assert.True(resumed.UnitsDoneCount >= before.UnitsDoneCount, "Committed work was lost on restart.");
        var done = await WaitForAsync(restarted, job.JobId, j => j.Status != JobStatus.Pending);

        Assert.Equal((JobStatus.Done, Units, 0, 0), (done.Status, done.UnitsDoneCount, done.UnitsErrorCount, done.UnitsCancelledCount));
        var urls = new List<string>();
        string? token = null;
        do
        {
            var page = await GetAsync(restarted, $"/api/v1/folders/{folder.Uuid}/items?pageSize=1000&pageToken={token}", CurioJsonContext.Default.PageItem);
            urls.AddRange(page.Results.Select(i => i.Url!));
            token = page.NextPageToken;
        }
        while (token is not null);
        Assert.Equal(Units, urls.Count);
        Assert.Equal(Units, urls.Distinct().Count());
    }

    private async Task<HttpClient> StartAsync()
    {
        var server = Path.Combine(AppContext.BaseDirectory, "Curio.Server.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                server, "--urls", $"http://127.0.0.1:{_port}", "--Curio:DataDirectory", _data,
                // Slow enough that the kill lands mid-job on any machine, fast enough to finish in seconds.
                "--Curio:Import:MaxUnitsPerSecond", "20000", "--Curio:Import:LeaseSeconds", "10",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _data,
        };
        _server = Process.Start(start)!;
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}") };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if ((await client.GetAsync("/health", Ct)).StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
            }
            catch (HttpRequestException) when (attempt < 300 && !_server.HasExited)
            {
                await Task.Delay(100, Ct);
            }
        }

        using var credentials = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_data, "initial-admin.json"), Ct));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credentials.RootElement.GetProperty("token").GetString());
        return client;
    }

    private static async Task<ImportJob> WaitForAsync(HttpClient client, Guid job, Func<ImportJob, bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromMinutes(3))
        {
            var state = await GetAsync(client, $"/api/v1/jobs/{job}", CurioJsonContext.Default.ImportJob);
            if (condition(state))
            {
                return state;
            }

            await Task.Delay(20, Ct);
        }

        throw new TimeoutException("The job did not reach the expected state.");
    }

    private static async Task<T> GetAsync<T>(HttpClient client, string url, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        var response = await client.GetAsync(url, Ct);
        await Http.EnsureAsync(response, 200);
        return (await response.Content.ReadFromJsonAsync(type, Ct))!;
    }

    private static async Task<T> PostAsync<T>(HttpClient client, string url, string json)
    {
        var response = await client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"), Ct);
        await Http.EnsureAsync(response, 201);
        return (await response.Content.ReadFromJsonAsync<T>(CurioJsonContext.Default.Options, Ct))!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
        }

        _server?.Dispose();
        Directory.Delete(_data, recursive: true);
        Directory.Delete(_root, recursive: true);
    }
}
