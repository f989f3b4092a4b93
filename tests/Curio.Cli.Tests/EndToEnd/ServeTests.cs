using System.Text.Json;
using Curio.Cli.Commands.Serve;
using Curio.Cli.Infrastructure;
using Curio.Cli.Tests.Support;
using Curio.Contracts;
using Microsoft.Data.Sqlite;

namespace Curio.Cli.Tests.EndToEnd;

/// <summary><c>curio serve</c> hosts a server in the CLI's process and hands the local user a working profile.</summary>
public sealed class ServeTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly string _data = Directory.CreateTempSubdirectory("curio-serve-").FullName;

    public void Dispose()
    {
        _cli.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Serve_prints_where_it_listens_and_writes_a_profile_that_the_other_commands_use()
    {
        // Given: serve runs until this test stops it
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var serve = _cli.RunAsync(stop.Token, "serve", "--data", _data, "--urls", "http://127.0.0.1:0");
        var profile = await WaitForProfileAsync(serve);

        // When: another command, with no flags and no environment
        var list = await _cli.RunAsync("integrations", "list", "--output", "json");
        await stop.CancelAsync();
        var served = await serve;

        // Then
        Assert.Equal(ExitCodes.Ok, list.ExitCode);
        Assert.Equal(0, JsonDocument.Parse(list.Out).RootElement.GetProperty("results").GetArrayLength());
        Assert.Equal(ExitCodes.Ok, served.ExitCode);
        Assert.Contains($"Curio is listening on {profile.Url.GetLeftPart(UriPartial.Authority)}", served.Out, StringComparison.Ordinal);
        Assert.Contains("First start: created the admin user.", served.Out, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_data, "initial-admin.json"), served.Out, StringComparison.Ordinal);
        Assert.Contains($"CLI profile: {_cli.ProfilePath}", served.Out, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_cli.ProfilePath));
    }

    [Fact]
    public async Task A_later_start_keeps_a_working_profile_and_shows_saved_credentials_on_request()
    {
        // Given: a first start
        using (var first = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken))
        {
            var serve = _cli.RunAsync(first.Token, "serve", "--data", _data, "--urls", "http://127.0.0.1:0");
            await WaitForProfileAsync(serve);
            await first.CancelAsync();
            Assert.Equal(ExitCodes.Ok, (await serve).ExitCode);
        }

        var saved = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_data, "initial-admin.json"), TestContext.Current.CancellationToken));
        File.Delete(_cli.ProfilePath);

        // When
        using var second = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var again = _cli.RunAsync(second.Token, "serve", "--data", _data, "--urls", "http://127.0.0.1:0", "--show-credentials", "--output", "json");
        var profile = await WaitForProfileAsync(again);
        var folders = await _cli.RunAsync("folders", "list");
        await second.CancelAsync();
        var result = await again;

        // Then
        Assert.Equal((ExitCodes.Ok, ExitCodes.Ok), (result.ExitCode, folders.ExitCode));
        var info = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal(_cli.ProfilePath, info.GetProperty("profile").GetString());
        Assert.Equal(profile.Url.GetLeftPart(UriPartial.Authority), info.GetProperty("urls")[0].GetString());
        Assert.Equal(saved.RootElement.GetProperty("token").GetString(), info.GetProperty("credentials").GetProperty("token").GetString());
    }

    [Fact]
    public async Task A_second_server_on_the_same_data_directory_does_not_start()
    {
        // Given
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var first = _cli.RunAsync(stop.Token, "serve", "--data", _data, "--urls", "http://127.0.0.1:0");
        await WaitForProfileAsync(first);

        // When
        var second = await _cli.RunAsync("serve", "--data", _data, "--urls", "http://127.0.0.1:0");
        await stop.CancelAsync();
        await first;

        // Then
        Assert.Equal(ExitCodes.ServerError, second.ExitCode);
        Assert.Contains("The server did not start: Another Curio server is using the data directory", second.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_postgres_server_that_does_not_answer_stops_the_start_with_where_and_what_to_check()
    {
        // Port 1 on loopback: nothing listens, so the connection is refused at once.
        var result = await _cli.RunAsync("serve", "--data", _data, "--urls", "http://127.0.0.1:0",
            "--postgres", "Host=127.0.0.1;Port=1;Database=curio;Username=curio;Timeout=3");

        Assert.Equal(ExitCodes.ServerError, result.ExitCode);
        Assert.Contains("PostgreSQL at 127.0.0.1:1/curio could not be used", result.Err, StringComparison.Ordinal);
        Assert.Contains("curio serve --postgres", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--postgres", "Host=db;Nonsense=1" }, "Curio:Storage:Postgres is not a valid connection string")]
    [InlineData(new[] { "--storage", "postgres" }, "--storage postgres needs --postgres")]
    [InlineData(new[] { "--storage", "mysql" }, "--storage: 'mysql' is not a storage provider; use sqlite or postgres.")]
    public async Task Storage_settings_that_cannot_work_are_refused_before_anything_starts(string[] options, string expected)
    {
        var result = await _cli.RunAsync(["serve", "--data", _data, "--urls", "http://127.0.0.1:0", .. options]);

        Assert.NotEqual(ExitCodes.Ok, result.ExitCode);
        Assert.Contains(expected, result.Err + result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://0.0.0.0:5170", "http://127.0.0.1:5170/")]
    [InlineData("http://[::]:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://localhost:5170", "http://localhost:5170/")]
    public void The_profile_url_reaches_the_server_from_this_machine(string listening, string expected) =>
        Assert.Equal(expected, ServeCommand.LocalUrl([listening]).ToString());

    /// <summary>The profile appears once the server listens; a serve that ended first failed.</summary>
    private async Task<CliProfile> WaitForProfileAsync(Task<CliResult> serve)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(_cli.ProfilePath) || new FileInfo(_cli.ProfilePath).Length == 0)
        {
            if (serve.IsCompleted)
            {
                Assert.Fail($"serve ended before it listened: {await serve}");
            }

            Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), "serve did not write the profile within 30 s");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        // Written whole by a single write; read until it parses.
        for (var i = 0; ; i++)
        {
            try
            {
                return JsonSerializer.Deserialize(await File.ReadAllTextAsync(_cli.ProfilePath, TestContext.Current.CancellationToken), CurioJsonContext.Default.CliProfile)!;
            }
            catch (JsonException) when (i < 20)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }
    }
}
