using System.Text.Json;
using Curio.Cli.Infrastructure;
using Curio.Cli.Tests.Support;

namespace Curio.Cli.Tests.EndToEnd;

/// <summary><c>curio</c> against a real server, as a user runs it (server and token from the environment).</summary>
public sealed class CliEndToEndTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly CurioServerFixture _server;
    private readonly string _work = Directory.CreateTempSubdirectory("curio-e2e-cli-").FullName;

    public CliEndToEndTests(CurioServerFixture server)
    {
        _server = server;
        _cli.Environment[CliEnvironment.UrlVariable] = server.Url.ToString();
        _cli.Environment[CliEnvironment.TokenVariable] = server.Token;
    }

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_work, name);
        File.WriteAllText(path, content);
        return path;
    }

    private async Task<CliResult> Run(params string[] args)
    {
        var result = await _cli.RunAsync(args);
        TestContext.Current.TestOutputHelper?.WriteLine($"$ curio {string.Join(' ', args)}\n{result}");
        return result;
    }

    private async Task<(string Integration, string Folder)> SetUpAsync()
    {
        var integration = CurioServerFixture.Unique("cli");
        var folder = $"{CurioServerFixture.Unique("cli")}/imports";
        Assert.Equal(0, (await Run("integrations", "add", "--name", integration, "--provider", "local", "--root", _server.MediaRoot)).ExitCode);
        Assert.Equal(0, (await Run("folders", "create", folder)).ExitCode);
        return (integration, folder);
    }

    private static JsonElement Json(CliResult result) => JsonDocument.Parse(result.Out).RootElement.Clone();

    [Fact]
    public async Task Json_and_csv_files_import_and_their_items_are_listed()
    {
        // Given
        var (integration, folder) = await SetUpAsync();

        // When
        var json = await Run("import", Write("cams.json", Specs.Json), "--folder", folder, "--integration", integration, "--wait");
        var csv = await Run("import", Write("cams.csv", Specs.Csv), "--folder", folder, "--integration", integration, "--wait", "--output", "json");
        var items = await Run("items", "list", "--folder", folder, "--output", "json");
        var firstTwo = await Run("items", "list", "--folder", folder, "--limit", "2");
        var walk = Json(items).GetProperty("results").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "walk");
        var item = await Run("items", "get", walk.GetProperty("uuid").GetString()!);

        // Then
        Assert.Equal(ExitCodes.Ok, json.ExitCode);
        Assert.Contains("DONE", json.Out, StringComparison.Ordinal);
        Assert.Contains("4 total: 4 done", json.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, csv.ExitCode);
        Assert.Equal(("DONE", "csv", 2), (Json(csv).GetProperty("status").GetString(), Json(csv).GetProperty("format").GetString(), Json(csv).GetProperty("unitsDoneCount").GetInt32()));
        Assert.Equal(6, Json(items).GetProperty("results").GetArrayLength());
        Assert.Contains("testcard (csv)", items.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, firstTwo.ExitCode);
        Assert.Contains("Showing the first 2 items", firstTwo.Err, StringComparison.Ordinal);
        Assert.Contains("imageGroup", item.Out, StringComparison.Ordinal);
        Assert.Matches(@"\nframes +2\n", item.Out);
    }

    [Fact]
    public async Task An_items_thumbnail_is_written_to_a_file_and_a_refused_one_writes_nothing()
    {
        // Given: the server renders with ffmpeg, which ./test.sh installs (a failure under CI=true, else skipped).
        if (!(Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, "ffmpeg"))))
        {
            Assert.True(!string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), "ffmpeg must be installed under CI.");
            Assert.Skip("ffmpeg is not on PATH; ./test.sh installs it.");
        }

        var (integration, folder) = await SetUpAsync();
        Assert.Equal(0, (await Run("import", Write("cams.json", Specs.Json), "--folder", folder, "--integration", integration, "--wait")).ExitCode);
        var items = Json(await Run("items", "list", "--folder", folder, "--output", "json")).GetProperty("results").EnumerateArray().ToList();
        var testcard = items.Single(i => i.GetProperty("name").GetString() == "testcard").GetProperty("uuid").GetString()!;
        var out1 = Path.Combine(_work, "thumb.jpg");
        var out2 = Path.Combine(_work, "none.jpg");

        // When
        var written = await Run("items", "thumbnail", testcard, "--out", out1, "--output", "json");
        var missing = await Run("items", "thumbnail", Guid.NewGuid().ToString(), "--out", out2);

        // Then
        Assert.Equal(ExitCodes.Ok, written.ExitCode);
        var bytes = await File.ReadAllBytesAsync(out1, TestContext.Current.CancellationToken);
        Assert.Equal((0xFF, 0xD8), (bytes[0], bytes[1]));
        Assert.Equal((out1, bytes.Length), (Json(written).GetProperty("out").GetString(), Json(written).GetProperty("bytes").GetInt32()));
        Assert.NotEqual(ExitCodes.Ok, missing.ExitCode);
        Assert.Contains("item.not_found", missing.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(out2));
    }

    [Fact]
    public async Task A_failing_file_ends_the_job_error_unless_errors_are_ignored()
    {
        // Given
        var (integration, folder) = await SetUpAsync();
        var spec = Write("partly-missing.json", Specs.WithMissingFile);

        // When
        var strict = await Run("import", spec, "--folder", folder, "--integration", integration, "--wait");
        var lenient = await Run("import", spec, "--folder", folder, "--integration", integration, "--wait", "--ignore-errors", "--output", "json");
        var jobId = Json(lenient).GetProperty("jobId").GetString()!;
        var csvPath = Path.Combine(_work, "failed.csv");
        var csv = await Run("jobs", "errors", jobId, "--csv", csvPath);
        var table = await Run("jobs", "errors", jobId);
        var items = await Run("items", "list", "--folder", folder, "--output", "json");

        // Then
        Assert.Equal(ExitCodes.JobFailed, strict.ExitCode);
        Assert.Contains("ERROR", strict.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, lenient.ExitCode);
        Assert.Equal(("DONE", 2, 1), (Json(lenient).GetProperty("status").GetString(), Json(lenient).GetProperty("unitsDoneCount").GetInt32(),
            Json(lenient).GetProperty("unitsErrorCount").GetInt32()));
        Assert.Equal(ExitCodes.Ok, csv.ExitCode);
        var lines = await File.ReadAllLinesAsync(csvPath, TestContext.Current.CancellationToken);
        Assert.Equal("object_url,title,item_type,error,action,subtask_uuid", lines[0]);
        Assert.StartsWith("images/missing.png,", Assert.Single(lines.Skip(1)), StringComparison.Ordinal);
        Assert.Contains("images/missing.png", table.Out, StringComparison.Ordinal);
        Assert.Equal(2, Json(items).GetProperty("results").GetArrayLength());
    }

    [Fact]
    public async Task A_running_job_is_cancelled_and_its_wait_ends_with_exit_3()
    {
        // Given
        var (integration, folder) = await SetUpAsync();
        var started = await Run("import", Write("big.json", Specs.Big()), "--folder", folder, "--integration", integration, "--ignore-errors", "--output", "json");
        var jobId = Json(started).GetProperty("jobId").GetString()!;

        // When
        var cancel = await Run("jobs", "cancel", jobId);
        var wait = await Run("jobs", "wait", jobId, "--output", "json");
        var again = await Run("jobs", "cancel", jobId);
        var show = await Run("jobs", "show", jobId);

        // Then
        Assert.Equal(ExitCodes.Ok, started.ExitCode);
        Assert.Equal(ExitCodes.Ok, cancel.ExitCode);
        Assert.Equal(ExitCodes.JobFailed, wait.ExitCode);
        Assert.Equal("CANCELLED", Json(wait).GetProperty("status").GetString());
        Assert.True(Json(wait).GetProperty("unitsCancelledCount").GetInt32() > 0);
        Assert.Equal(ExitCodes.InvalidInput, again.ExitCode);
        Assert.Contains("job.finished", again.Err, StringComparison.Ordinal);
        Assert.Contains("CANCELLED", show.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Integrations_and_folders_are_listed()
    {
        var (integration, folder) = await SetUpAsync();
        var root = folder.Split('/')[0];

        var integrations = await Run("integrations", "list", "--output", "json");
        var roots = await Run("folders", "list");
        var children = await Run("folders", "list", root, "--output", "json");
        var missing = await Run("folders", "list", root + "/nope");
        var duplicate = await Run("folders", "create", folder);

        Assert.Contains(Json(integrations).GetProperty("results").EnumerateArray(), i => i.GetProperty("name").GetString() == integration);
        Assert.Contains(root, roots.Out, StringComparison.Ordinal);
        Assert.Equal(folder, Assert.Single(Json(children).GetProperty("results").EnumerateArray()).GetProperty("path").GetString());
        Assert.Equal(ExitCodes.InvalidInput, missing.ExitCode);
        Assert.Contains($"folder '{root}/nope' not found; create it with: curio folders create {root}/nope", missing.Err, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, duplicate.ExitCode);
        Assert.Contains("folder.name_taken", duplicate.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_upload_file_is_exit_1_with_its_problems()
    {
        var (integration, folder) = await SetUpAsync();

        var result = await Run("import", Write("bad.json", """{"images":[{"objectUrl":""}]}"""), "--folder", folder, "--integration", integration);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("The upload file was refused (1 problem)", result.Err, StringComparison.Ordinal);
        Assert.Contains("$.images[0].objectUrl:", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_token_is_exit_2()
    {
        var result = await Run("integrations", "list", "--token", "wrong");

        Assert.Equal(ExitCodes.ServerError, result.ExitCode);
        Assert.Contains("The server refused the API token (401)", result.Err, StringComparison.Ordinal);
    }
}
