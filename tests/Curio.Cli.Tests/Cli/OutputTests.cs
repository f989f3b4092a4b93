using System.Net;
using System.Text.Json;
using Curio.Cli.Infrastructure;
using Curio.Cli.Tests.Support;
using Curio.Contracts;
using Curio.Sdk;

namespace Curio.Cli.Tests.Cli;

/// <summary>What commands print and which exit code they give, against a scripted server.</summary>
public sealed class OutputTests : IDisposable
{
    private static readonly Guid JobId = Guid.Parse("0192e0c4-8d0b-7c3e-9a55-2f0c2b1d4e6f");
    private readonly FakeHandler _handler = new();
    private readonly CliRunner _cli;

    public OutputTests()
    {
        _cli = new CliRunner(_handler);
        _cli.Environment[CliEnvironment.UrlVariable] = "http://curio.test/";
        _cli.Environment[CliEnvironment.TokenVariable] = "t";
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Jobs_show_json_is_one_document_with_the_api_names()
    {
        // Given
        _handler.RespondJson(CurioModelFactory.ImportJob(JobId, JobStatus.Done, 3, 2, 1, unitErrors: [CurioModelFactory.UnitError()],
            itemsWithNames: [new ItemWithName(Guid.NewGuid(), "a.png")], ignoreErrors: true), CurioJsonContext.Default.ImportJob);

        // When
        var result = await _cli.RunAsync("jobs", "show", JobId.ToString(), "--output", "json");

        // Then
        Assert.Equal((ExitCodes.Ok, ""), (result.ExitCode, result.Err));
        using var document = JsonDocument.Parse(result.Out);
        var job = document.RootElement;
        Assert.Equal(JobId.ToString(), job.GetProperty("jobId").GetString());
        Assert.Equal("DONE", job.GetProperty("status").GetString());
        foreach (var (name, value) in new[] { ("unitsPendingCount", 0), ("unitsDoneCount", 2), ("unitsErrorCount", 1), ("unitsCancelledCount", 0),
            ("unitsSkippedCount", 0), ("unitsUpdatedCount", 0) })
        {
            Assert.Equal(value, job.GetProperty(name).GetInt32());
        }

        Assert.Equal("images/missing.png", job.GetProperty("unitErrors")[0].GetProperty("objectUrls")[0].GetString());
        Assert.Equal("a.png", job.GetProperty("itemsWithNames")[0].GetProperty("name").GetString());
        Assert.False(job.TryGetProperty("startedAt", out _));
    }

    [Fact]
    public async Task Jobs_show_text_is_a_summary()
    {
        _handler.RespondJson(CurioModelFactory.ImportJob(JobId, JobStatus.Done, 3, 2, 1, unitErrors: [CurioModelFactory.UnitError()]), CurioJsonContext.Default.ImportJob);

        var result = await _cli.RunAsync("jobs", "show", JobId.ToString());

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains($"Job {JobId} DONE", result.Out, StringComparison.Ordinal);
        Assert.Contains("3 total: 2 done (0 skipped, 0 updated), 1 failed, 0 cancelled, 0 pending", result.Out, StringComparison.Ordinal);
        Assert.Contains("images/missing.png", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(404, ErrorCodes.JobNotFound, ExitCodes.InvalidInput)]
    [InlineData(409, ErrorCodes.JobFinished, ExitCodes.InvalidInput)]
    [InlineData(401, ErrorCodes.Unauthenticated, ExitCodes.ServerError)]
    [InlineData(500, ErrorCodes.ServerError, ExitCodes.ServerError)]
    public async Task Server_errors_map_to_exit_codes(int status, string code, int exitCode)
    {
        _handler.Respond(_ => FakeHandler.Problem(status, code, "It went wrong."));

        var result = await _cli.RunAsync("jobs", "cancel", JobId.ToString(), "--output", "json");

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.StartsWith("error:", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_exit_2()
    {
        _handler.Fallback = _ => throw new HttpRequestException("Connection refused (curio.test:80)");

        var result = await _cli.RunAsync("integrations", "list");

        Assert.Equal(ExitCodes.ServerError, result.ExitCode);
        Assert.Contains("Could not reach the Curio server at http://curio.test/", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Items_get_shows_measured_values_with_the_first_key_frames_and_their_count()
    {
        using var technical = JsonDocument.Parse($$"""{"videoCodec":"h264","container":"mov,mp4","keyFrames":[{{string.Join(",", Enumerable.Range(0, 30).Select(i => i * 50))}}]}""");
        var item = CurioModelFactory.Item("clip.mp4", ItemType.Video, "clip.mp4") with
        {
            Fps = 25,
            Duration = 60,
            Width = 640,
            Height = 360,
            FrameCount = 1500,
            TechnicalMetadata = technical.RootElement.Clone(),
        };
        _handler.RespondJson(item, CurioJsonContext.Default.Item);

        var result = await _cli.RunAsync("items", "get", item.Uuid.ToString());

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("0, 50, 100, 150, 200, 250, 300, 350, 400, 450, 500, 550, ... (30 in all)", result.Out, StringComparison.Ordinal);
        Assert.Contains("""{"videoCodec":"h264","container":"mov,mp4"}""", result.Out, StringComparison.Ordinal);
        Assert.Contains("1500", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_folder_says_how_to_create_it()
    {
        _handler.Respond(_ => FakeHandler.Problem(404, ErrorCodes.FolderNotFound, "Folder not found."));

        var result = await _cli.RunAsync("items", "list", "--folder", "x/y");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("folder 'x/y' not found; create it with: curio folders create x/y", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_upload_file_prints_every_problem_with_its_location()
    {
        // Given
        using var spec = new TempFile("up.json", "{}");
        _handler.RespondJson(CurioModelFactory.Folder("x"), CurioJsonContext.Default.Folder)
            .Respond(_ => FakeHandler.Problem(422, ErrorCodes.SpecInvalid, "Refused.",
                ""","errors":[{"code":"spec.url_empty","message":"objectUrl is empty.","path":"$.images[0].objectUrl","location":"$.images[0].objectUrl"}],"unlistedErrorCount":2"""));

        // When
        var result = await _cli.RunAsync("import", spec.Path, "--folder", "x", "--integration", "local");

        // Then
        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("The upload file was refused (3 problems); nothing was imported:", result.Err, StringComparison.Ordinal);
        Assert.Contains("  $.images[0].objectUrl: objectUrl is empty. [spec.url_empty]", result.Err, StringComparison.Ordinal);
        Assert.Contains("... and 2 more", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_upload_file_is_exit_1_without_a_request()
    {
        var result = await _cli.RunAsync("import", "/nonexistent/up.json", "--folder", "x", "--integration", "local");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("file '/nonexistent/up.json' not found", result.Err, StringComparison.Ordinal);
        Assert.Empty(_handler.Requests);
    }

    [Fact]
    public async Task Import_wait_json_prints_the_final_job_and_exit_3_when_it_failed()
    {
        // Given
        using var spec = new TempFile("up.json", """{"images":[{"objectUrl":"a.png"}]}""");
        _handler.RespondJson(CurioModelFactory.Folder("x"), CurioJsonContext.Default.Folder)
            .RespondJson(CurioModelFactory.ImportJob(JobId, JobStatus.Pending, 1), CurioJsonContext.Default.ImportJob, HttpStatusCode.Accepted)
            .RespondJson(CurioModelFactory.ImportJob(JobId, JobStatus.Error, 1, 0, 1), CurioJsonContext.Default.ImportJob);

        // When
        var result = await _cli.RunAsync("import", spec.Path, "--folder", "x", "--integration", "local", "--wait", "--output", "json");

        // Then
        Assert.Equal(ExitCodes.JobFailed, result.ExitCode);
        using var document = JsonDocument.Parse(result.Out);
        Assert.Equal(("ERROR", 1), (document.RootElement.GetProperty("status").GetString(), document.RootElement.GetProperty("unitsErrorCount").GetInt32()));
        Assert.Contains("waitSeconds=", _handler.Requests[2].PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jobs_wait_on_a_pipe_prints_plain_lines_then_the_outcome()
    {
        // Given
        _handler.RespondJson(CurioModelFactory.ImportJob(JobId, JobStatus.Pending, 4, 1), CurioJsonContext.Default.ImportJob)
            .RespondJson(CurioModelFactory.ImportJob(JobId, JobStatus.Pending, 4, 1), CurioJsonContext.Default.ImportJob)
            .RespondJson(CurioModelFactory.ImportJob(JobId, JobStatus.Done, 4, 4), CurioJsonContext.Default.ImportJob);

        // When
        var result = await _cli.RunAsync("jobs", "wait", JobId.ToString());

        // Then
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.StartsWith($"job {JobId}: 1/4 units, 0 failed\nJob {JobId} DONE", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jobs_wait_on_a_terminal_shows_a_progress_bar()
    {
        _cli.Terminal = true;
        _handler.RespondJson(CurioModelFactory.ImportJob(JobId, JobStatus.Pending, 4, 1), CurioJsonContext.Default.ImportJob)
            .RespondJson(CurioModelFactory.ImportJob(JobId, JobStatus.Cancelled, 4, 2, 0, 2), CurioJsonContext.Default.ImportJob);

        var result = await _cli.RunAsync("jobs", "wait", JobId.ToString());

        Assert.Equal(ExitCodes.JobFailed, result.ExitCode);
        Assert.Contains("4/4 units, 0 failed", result.Out, StringComparison.Ordinal);
        Assert.Contains("100%", result.Out, StringComparison.Ordinal);
        Assert.Contains($"Job {JobId} CANCELLED", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_c_stops_the_wait_not_the_job()
    {
        // Given
        using var interrupt = new CancellationTokenSource();
        _handler.RespondJson(CurioModelFactory.ImportJob(JobId, JobStatus.Pending, 4), CurioJsonContext.Default.ImportJob)
            .Respond(async _ => { await interrupt.CancelAsync(); await Task.Delay(Timeout.Infinite, TestContext.Current.CancellationToken); return null!; });

        // When
        var result = await _cli.RunAsync(interrupt.Token, "jobs", "wait", JobId.ToString());

        // Then
        Assert.Equal(ExitCodes.Interrupted, result.ExitCode);
        Assert.Contains($"Stopped waiting; job {JobId} goes on. Follow it with: curio jobs wait {JobId}", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain(_handler.Requests, r => r.PathAndQuery.EndsWith("/cancel", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Items_list_asks_for_exactly_the_limit_and_keeps_the_next_token()
    {
        // Given
        var folder = CurioModelFactory.Folder("cams");
        _handler.RespondJson(folder, CurioJsonContext.Default.Folder)
            .RespondJson(new Page<Item> { Results = [CurioModelFactory.Item("a.png"), CurioModelFactory.Item("b.png")], NextPageToken = "more" }, CurioJsonContext.Default.PageItem);

        // When
        var result = await _cli.RunAsync("items", "list", "--folder", "cams", "--limit", "2", "--output", "json");

        // Then
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal($"/api/v1/folders/{folder.Uuid}/items?pageSize=2", _handler.Requests[1].PathAndQuery);
        using var document = JsonDocument.Parse(result.Out);
        Assert.Equal(2, document.RootElement.GetProperty("results").GetArrayLength());
        Assert.Equal("more", document.RootElement.GetProperty("nextPageToken").GetString());
    }

    private sealed class TempFile : IDisposable
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("curio-cli-").FullName;

        public TempFile(string name, string content)
        {
            Path = System.IO.Path.Combine(_directory, name);
            File.WriteAllText(Path, content);
        }

        public string Path { get; }

        public void Dispose() => Directory.Delete(_directory, recursive: true);
    }
}
