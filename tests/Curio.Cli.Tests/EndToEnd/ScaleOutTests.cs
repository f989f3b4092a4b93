using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Curio.Contracts;
using Curio.Testing;
using Npgsql;

namespace Curio.Cli.Tests.EndToEnd;

/// <summary>
/// Two <c>curio serve --postgres</c> processes on one database share a 100,000-unit import; one is killed with SIGKILL
/// in the middle, and the other finishes the job with every unit registered exactly once.
/// </summary>
public sealed class ScaleOutTests : IAsyncLifetime
{
    private const int Units = 100_000;
    private readonly List<Process> _servers = [];
    private readonly List<string> _directories = [];
    private PostgresTestDatabase _database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync(Ct);

    [Fact]
    public async Task Two_processes_share_a_job_and_the_survivor_of_a_SIGKILL_finishes_it_exactly_once()
    {
        // Given: two servers on one database (the second starts once the first has migrated and made the admin)
        var (first, firstClient) = await StartAsync();
        var (second, secondClient) = await StartAsync(firstClient.DefaultRequestHeaders.Authorization);
        var folder = await PostAsync<Folder>(firstClient, "/api/v1/folders", """{"path":"scale-out"}""");
        var root = Directory.CreateTempSubdirectory("curio-scale-root-").FullName;
        _directories.Add(root);
        await PostAsync<Integration>(firstClient, "/api/v1/integrations", JsonSerializer.Serialize(new { name = "scale", provider = "local", root }));

        // When: a 100,000-unit import is submitted to the first, both work on it, and the first is killed mid-way
        var spec = new StringBuilder("{\"images\":[");
        for (var i = 0; i < Units; i++)
        {
            spec.Append(i == 0 ? "" : ",").Append("{\"objectUrl\":\"img/").Append(i).Append(".png\",\"imageMetadata\":{\"width\":64,\"height\":48}}");
        }

        var submit = await firstClient.PostAsync($"/api/v1/folders/{folder.Uuid}/imports?integration=scale&ignoreErrors=true",
            new StringContent(spec.Append("]}").ToString(), Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        var job = (await submit.Content.ReadFromJsonAsync(CurioJsonContext.Default.ImportJob, Ct))!;

        var workers = await WorkersSeenAsync(job.JobId, [first.Id, second.Id]);
        var before = await WaitForAsync(secondClient, job.JobId, j => j.UnitsDoneCount >= Units / 5);
        first.Kill(entireProcessTree: true);
        await first.WaitForExitAsync(Ct);

        // Then: the second finishes it (the first's chunks come back when their leases expire)
        Assert.Equal([first.Id, second.Id], workers.Order());
        Assert.True(before.Status == JobStatus.Pending && before.UnitsDoneCount < Units, $"The job was not mid-way when killed: {before.UnitsDoneCount} done");
        var done = await WaitForAsync(secondClient, job.JobId, j => j.Status != JobStatus.Pending);
        Assert.Equal((JobStatus.Done, Units, 0, 0), (done.Status, done.UnitsDoneCount, done.UnitsErrorCount, done.UnitsCancelledCount));

        var urls = new List<string>();
        string? token = null;
        do
        {
            var page = await secondClient.GetFromJsonAsync($"/api/v1/folders/{folder.Uuid}/items?pageSize=1000&pageToken={token}", CurioJsonContext.Default.PageItem, Ct);
            urls.AddRange(page!.Results.Select(i => i.Url!));
            token = page.NextPageToken;
        }
        while (token is not null);
        Assert.Equal(Units, urls.Count);
        Assert.Equal(Units, urls.Distinct().Count());
    }

    /// <summary>Waits until chunks of the job have been leased by workers of each process; returns the processes seen.</summary>
    private async Task<HashSet<int>> WorkersSeenAsync(Guid job, int[] processes)
    {
        var seen = new HashSet<int>();
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync(Ct);
        var watch = Stopwatch.StartNew();
        while (seen.Count < processes.Length && watch.Elapsed < TimeSpan.FromMinutes(2))
        {
            // A worker's lease owner is "machine:pid:instance/worker".
            await using var command = new NpgsqlCommand("""
                SELECT DISTINCT split_part(c.lease_owner, ':', 2) FROM job_chunks c JOIN jobs j ON j.id = c.job_id
                WHERE j.uuid = @job AND c.lease_owner IS NOT NULL
                """, connection);
            command.Parameters.AddWithValue("job", job);
            await using var reader = await command.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                if (int.TryParse(reader.GetString(0), out var pid) && processes.Contains(pid))
                {
                    seen.Add(pid);
                }
            }

            await Task.Delay(10, Ct);
        }

        return seen;
    }

    private async Task<(Process Process, HttpClient Client)> StartAsync(AuthenticationHeaderValue? authorization = null)
    {
        var data = Directory.CreateTempSubdirectory("curio-scale-").FullName;
        _directories.Add(data);
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                Path.Combine(AppContext.BaseDirectory, "curio.dll"), "serve", "--postgres", _database.ConnectionString,
                "--data", data, "--urls", $"http://127.0.0.1:{port}",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = data,
        };
        start.Environment["CURIO_CONFIG_DIR"] = data;
        // Slow enough that the kill lands mid-job on any machine; short leases, so that the survivor takes the dead
        // one's chunks back within seconds.
        start.Environment["Curio__Import__MaxUnitsPerSecond"] = "10000";
        start.Environment["Curio__Import__LeaseSeconds"] = "5";
        var process = Process.Start(start)!;
        _servers.Add(process);
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await client.GetAsync("/health", Ct)).StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
            }
            catch (HttpRequestException) when (watch.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited)
            {
                await Task.Delay(100, Ct);
            }
            catch (HttpRequestException)
            {
                lock (log)
                {
                    Assert.Fail($"curio serve did not start:\n{log}");
                }
            }
        }

        if (authorization is null)
        {
            using var credentials = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(data, "initial-admin.json"), Ct));
            authorization = new AuthenticationHeaderValue("Bearer", credentials.RootElement.GetProperty("token").GetString());
        }

        client.DefaultRequestHeaders.Authorization = authorization;
        return (process, client);
    }

    private static async Task<ImportJob> WaitForAsync(HttpClient client, Guid job, Func<ImportJob, bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromMinutes(4))
        {
            var state = (await client.GetFromJsonAsync($"/api/v1/jobs/{job}", CurioJsonContext.Default.ImportJob, Ct))!;
            if (condition(state))
            {
                return state;
            }

            await Task.Delay(20, Ct);
        }

        throw new TimeoutException("The job did not reach the expected state.");
    }

    private static async Task<T> PostAsync<T>(HttpClient client, string url, string json)
    {
        var response = await client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<T>(CurioJsonContext.Default.Options, Ct))!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }

            server.Dispose();
        }

        await _database.DisposeAsync();
        foreach (var directory in _directories)
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
