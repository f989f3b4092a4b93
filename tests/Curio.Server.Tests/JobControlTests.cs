using System.Net;
using System.Net.Http.Json;
using System.Text;
using Curio.Contracts;

namespace Curio.Server.Tests;

/// <summary>Cancel, progress and long polls, on a server slowed to 500 units/s so a job is still running when asked.</summary>
public sealed class JobControlTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private string _root = null!;
    private Integration _local = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = new TestServer(new Dictionary<string, string?>
        {
            ["Curio:Import:MaxUnitsPerSecond"] = "500",
            ["Curio:Import:ChunkUnits"] = "50",
        });
        _root = Directory.CreateTempSubdirectory("curio-media-").FullName;
        _local = await _server.LocalIntegrationAsync(_root);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>Images with their metadata supplied: nothing is read, so the pace is the server's limit.</summary>
    private static string Spec(int units) =>
        "{\"images\":[" + string.Join(",", Enumerable.Range(0, units).Select(i =>
            $$$"""{"objectUrl":"img/{{{i}}}.png","imageMetadata":{"width":8,"height":8,"mimeType":"image/png","fileSize":100}}""")) + "]}";

    [Fact]
    public async Task Cancel_stops_a_running_job_and_keeps_what_it_registered()
    {
        var folder = await _server.FolderAsync("cancel");
        var response = await _server.SubmitAsync(folder, _local, Spec(5000), "big.json");
        var job = (await response.Content.ReadFromJsonAsync(CurioJsonContext.Default.ImportJob, Ct))!;
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"/api/v1/jobs/{job.JobId}", response.Headers.Location!.OriginalString);

        ImportJob state;
        do
        {
            state = await _server.GetAsync($"/api/v1/jobs/{job.JobId}", CurioJsonContext.Default.ImportJob);
        }
        while (state.UnitsDoneCount == 0);

        var cancel = await _server.Client.PostAsync($"/api/v1/jobs/{job.JobId}/cancel", null, Ct);
        await Http.EnsureAsync(cancel, 200);
        var ended = await _server.WaitAsync(job.JobId);

        Assert.Equal(JobStatus.Cancelled, ended.Status);
        Assert.InRange(ended.UnitsDoneCount, 50, 4000);
        Assert.Equal(5000, ended.UnitsDoneCount + ended.UnitsCancelledCount);
        Assert.Equal(0, ended.UnitsPendingCount);
        Assert.Equal(ended.UnitsDoneCount, (await _server.ItemsAsync(folder)).Count);
        var again = await _server.Client.PostAsync($"/api/v1/jobs/{job.JobId}/cancel", null, Ct);
        Assert.Equal(ErrorCodes.JobFinished, (await ApiBasicsTests.ProblemAsync(again)).GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task A_long_poll_returns_as_soon_as_the_job_ends()
    {
        var folder = await _server.FolderAsync("poll");
        var response = await _server.SubmitAsync(folder, _local, Spec(100), "small.json");
        var job = (await response.Content.ReadFromJsonAsync(CurioJsonContext.Default.ImportJob, Ct))!;

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var state = await _server.GetAsync($"/api/v1/jobs/{job.JobId}?waitSeconds=30", CurioJsonContext.Default.ImportJob);

        Assert.Equal(JobStatus.Done, state.Status);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"The poll took {watch.Elapsed}");
        Assert.Equal(100, state.ItemsWithNames.Count);
        var listed = await _server.GetAsync($"/api/v1/jobs?folder={folder.Uuid}", CurioJsonContext.Default.PageImportJob);
        Assert.Equal(job.JobId, Assert.Single(listed.Results).JobId);
    }

    [Fact]
    public async Task Job_items_and_errors_page_through_everything()
    {
        var folder = await _server.FolderAsync("pages");
        var spec = new StringBuilder("{\"images\":[");
        spec.AppendJoin(",", Enumerable.Range(0, 30).Select(i => i % 3 == 0
            ? $$"""{"objectUrl":"missing/{{i}}.png"}"""
            : $$$"""{"objectUrl":"img/{{{i}}}.png","imageMetadata":{"width":1,"height":1}}"""));
        var job = await _server.ImportAsync(folder, _local, spec.Append("]}").ToString());

        var errors = new List<UnitError>();
        var items = new List<ItemWithName>();
        string? token = null;
        do
        {
            var page = await _server.GetAsync($"/api/v1/jobs/{job.JobId}/errors?pageSize=4&pageToken={token}", CurioJsonContext.Default.PageUnitError);
            errors.AddRange(page.Results);
            token = page.NextPageToken;
        }
        while (token is not null);
        do
        {
            var page = await _server.GetAsync($"/api/v1/jobs/{job.JobId}/items?pageSize=7&pageToken={token}", CurioJsonContext.Default.PageItemWithName);
            items.AddRange(page.Results);
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 3), errors.Select(e => e.UnitIndex));
        Assert.Equal(20, items.Count);
    }

    [Fact]
    public async Task A_file_refused_at_its_end_leaves_nothing_though_its_first_chunks_were_processed_while_it_was_read()
    {
        var folder = await _server.FolderAsync("refused-late");
        var spec = Spec(20_000)[..^2] + """,{"objectUrl":"bad url.png"}]}""";

        var response = await _server.SubmitAsync(folder, _local, spec, "late.json");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await ApiBasicsTests.ProblemAsync(response);
        Assert.Equal("$.images[20000].objectUrl", problem.GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.Empty(await _server.ItemsAsync(folder));
        Assert.Empty((await _server.GetAsync($"/api/v1/jobs?folder={folder.Uuid}", CurioJsonContext.Default.PageImportJob)).Results);
    }
}
