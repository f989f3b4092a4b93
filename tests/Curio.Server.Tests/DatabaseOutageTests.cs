using System.Net;
using System.Text;
using Curio.Contracts;

namespace Curio.Server.Tests;

/// <summary>A server on PostgreSQL whose database goes away (or runs out of disk) in the middle of an import and comes back.</summary>
public sealed class DatabaseOutageTests
{
    private const int Units = 20_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requests_get_a_clear_503_while_the_database_is_down_and_the_job_resumes_losing_nothing()
    {
        // Given: an import in progress on a server whose database is a PostgreSQL of the test's own
        using var cluster = PostgresCluster.Start();
        await using var server = new TestServer(new Dictionary<string, string?>
        {
            ["Curio:Storage:Provider"] = "postgres",
            ["Curio:Storage:Postgres"] = cluster.ConnectionString,
            // Slow enough that the outage lands mid-job; short leases, so that chunks cut off come back soon.
            ["Curio:Import:MaxUnitsPerSecond"] = "2500",
            ["Curio:Import:LeaseSeconds"] = "5",
        });
        var root = Directory.CreateTempSubdirectory("curio-outage-").FullName;
        try
        {
            var local = await server.LocalIntegrationAsync(root);
            var folder = await server.FolderAsync("outage");
            var job = await SubmitImagesAsync(server, folder, local, Units);
            ImportJob state;
            do
            {
                await Task.Delay(50, Ct);
                state = await server.GetAsync($"/api/v1/jobs/{job.JobId}", CurioJsonContext.Default.ImportJob);
            }
            while (state.UnitsDoneCount < Units / 5 && state.Status == JobStatus.Pending);

            // When: the database stops (a restart or failover), for a few seconds
            cluster.StopServer();
            var during = await server.Client.GetAsync($"/api/v1/jobs/{job.JobId}", Ct);
            var problem = await during.Content.ReadAsStringAsync(Ct);
            await Task.Delay(TimeSpan.FromSeconds(3), Ct);
            cluster.StartServer();

            // Then: the outage was a 503 that says so, and the job ends with every unit registered exactly once
            Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
            Assert.Contains(ErrorCodes.DatabaseUnavailable, problem, StringComparison.Ordinal);
            Assert.Contains("PostgreSQL", problem, StringComparison.Ordinal);
            Assert.True(during.Headers.RetryAfter is not null, "A 503 for an unavailable database carries Retry-After.");
            Assert.True(state.Status == JobStatus.Pending, $"The job had ended before the outage ({state.UnitsDoneCount} done).");

            var done = await server.WaitAsync(job.JobId);
            Assert.Equal((JobStatus.Done, Units, 0, 0), (done.Status, done.UnitsDoneCount, done.UnitsErrorCount, done.UnitsCancelledCount));
            var urls = await server.ItemUrlsAsync(folder);
            Assert.Equal(Units, urls.Distinct().Count());
            Assert.Equal(Units, urls.Count);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_full_disk_under_the_database_is_a_clear_503_and_the_job_finishes_once_there_is_space()
    {
        // Given: the server's database in a tablespace on a 32 MiB filesystem, too small for the import
        if (Environment.UserName != "root")
        {
            Assert.Skip("Filling a disk under PostgreSQL needs root, to mount a small tmpfs for a tablespace.");
        }

        const int units = 60_000;
        using var cluster = PostgresCluster.Start();
        var small = cluster.MountSmallDisk(32);
        await cluster.ExecuteAsync($"CREATE TABLESPACE small LOCATION '{small}'", "CREATE DATABASE curio_full TABLESPACE small");
        await using var server = new TestServer(new Dictionary<string, string?>
        {
            ["Curio:Storage:Provider"] = "postgres",
            ["Curio:Storage:Postgres"] = cluster.Database("curio_full"),
            ["Curio:Import:MaxUnitsPerSecond"] = "5000",
            ["Curio:Import:LeaseSeconds"] = "5",
        });
        var root = Directory.CreateTempSubdirectory("curio-full-").FullName;
        try
        {
            var local = await server.LocalIntegrationAsync(root);
            var folder = await server.FolderAsync("full");
            var job = await SubmitImagesAsync(server, folder, local, units);

            // When: the disk fills up (a write then fails), and later there is room again
            string? refusal = null;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (refusal is null && watch.Elapsed < TimeSpan.FromMinutes(2))
            {
                var write = await server.Client.PostAsync("/api/v1/folders",
                    new StringContent($$"""{"path":"probe-{{Guid.NewGuid():N}}"}""", Encoding.UTF8, "application/json"), Ct);
                if (write.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    refusal = await write.Content.ReadAsStringAsync(Ct);
                }

                await Task.Delay(200, Ct);
            }

            var stalled = await server.GetAsync($"/api/v1/jobs/{job.JobId}", CurioJsonContext.Default.ImportJob);
            cluster.GrowSmallDisk(1024);

            // Then: the refusal said why; the job waited rather than failing, and ends with every unit once
            Assert.True(refusal is not null, "The disk never filled: no write was refused.");
            Assert.Contains(ErrorCodes.DatabaseUnavailable, refusal, StringComparison.Ordinal);
            Assert.Contains("out of disk space", refusal, StringComparison.Ordinal);
            Assert.Equal(JobStatus.Pending, stalled.Status);
            Assert.True(stalled.UnitsDoneCount < units, "The job was done before the disk filled.");

            var done = await server.WaitAsync(job.JobId);
            Assert.Equal((JobStatus.Done, units, 0, 0), (done.Status, done.UnitsDoneCount, done.UnitsErrorCount, done.UnitsCancelledCount));
            var urls = await server.ItemUrlsAsync(folder);
            Assert.Equal(units, urls.Distinct().Count());
            Assert.Equal(units, urls.Count);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Submits an upload file of <paramref name="units"/> images whose size is given, so no object is read.</summary>
    private static async Task<ImportJob> SubmitImagesAsync(TestServer server, Folder folder, Integration local, int units)
    {
        var spec = new StringBuilder("{\"images\":[");
        for (var i = 0; i < units; i++)
        {
            spec.Append(i == 0 ? "" : ",").Append("{\"objectUrl\":\"img/").Append(i).Append(".png\",\"imageMetadata\":{\"width\":64,\"height\":48}}");
        }

        var submit = await server.SubmitAsync(folder, local, spec.Append("]}").ToString(), "images.json");
        await Http.EnsureAsync(submit, 202);
        return (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync(submit.Content, CurioJsonContext.Default.ImportJob, Ct))!;
    }
}
