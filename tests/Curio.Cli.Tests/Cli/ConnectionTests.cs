using Curio.Cli.Infrastructure;
using Curio.Cli.Tests.Support;
using Curio.Contracts;

namespace Curio.Cli.Tests.Cli;

/// <summary>Where the server URL and the token come from: the flag, else the environment, else the profile file.</summary>
public sealed class ConnectionTests : IDisposable
{
    private readonly FakeHandler _handler = new()
    {
        Fallback = _ => FakeHandler.Response(System.Net.HttpStatusCode.OK, """{"results":[]}"""),
    };

    private readonly CliRunner _cli;

    public ConnectionTests() => _cli = new CliRunner(_handler);

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task The_profile_alone_is_enough()
    {
        _cli.WriteProfile("http://profile.test:5170/", "profile-token");

        var result = await _cli.RunAsync("integrations", "list");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(("http://profile.test:5170/api/v1/integrations", "Bearer profile-token"), (_handler.Requests[0].Uri.AbsoluteUri, _handler.Requests[0].Authorization));
    }

    [Fact]
    public async Task The_environment_wins_over_the_profile()
    {
        _cli.WriteProfile("http://profile.test/", "profile-token");
        _cli.Environment[CliEnvironment.UrlVariable] = "http://env.test/";
        _cli.Environment[CliEnvironment.TokenVariable] = "env-token";

        await _cli.RunAsync("integrations", "list");

        Assert.Equal(("env.test", "Bearer env-token"), (_handler.Requests[0].Uri.Host, _handler.Requests[0].Authorization));
    }

    [Fact]
    public async Task Flags_win_over_the_environment()
    {
        _cli.Environment[CliEnvironment.UrlVariable] = "http://env.test/";
        _cli.Environment[CliEnvironment.TokenVariable] = "env-token";

        await _cli.RunAsync("integrations", "list", "--url", "http://flag.test/", "--token", "flag-token");

        Assert.Equal(("flag.test", "Bearer flag-token"), (_handler.Requests[0].Uri.Host, _handler.Requests[0].Authorization));
    }

    [Fact]
    public async Task Each_value_is_resolved_on_its_own()
    {
        _cli.WriteProfile("http://profile.test/", "profile-token");
        _cli.Environment[CliEnvironment.TokenVariable] = "env-token";

        await _cli.RunAsync("integrations", "list");

        Assert.Equal(("profile.test", "Bearer env-token"), (_handler.Requests[0].Uri.Host, _handler.Requests[0].Authorization));
    }

    [Fact]
    public async Task The_profiles_token_is_never_sent_to_another_server()
    {
        // Given
        _cli.WriteProfile("http://profile.test/", "profile-token");

        // When
        var result = await _cli.RunAsync("integrations", "list", "--url", "http://elsewhere.test/");

        // Then
        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("No API token for http://elsewhere.test/. Pass --token TOKEN or set CURIO_TOKEN.", result.Err, StringComparison.Ordinal);
        Assert.Empty(_handler.Requests);
    }

    [Fact]
    public async Task Nothing_set_says_how_to_set_it()
    {
        var result = await _cli.RunAsync("folders", "list");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("No Curio server is set. Pass --url URL and --token TOKEN, set CURIO_URL and CURIO_TOKEN, or start a server", result.Err, StringComparison.Ordinal);
        Assert.Contains(_cli.ProfilePath, result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_profile_is_reported()
    {
        await File.WriteAllTextAsync(_cli.ProfilePath, "{not json", TestContext.Current.CancellationToken);

        var result = await _cli.RunAsync("folders", "list");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains($"The profile {_cli.ProfilePath} cannot be read", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "/xdg", "/home/u", "/xdg/curio/profile.json")]
    [InlineData(null, null, "/home/u", "/home/u/.config/curio/profile.json")]
    [InlineData("/cfg", "/xdg", "/home/u", "/cfg/profile.json")]
    public void The_profile_is_found_where_the_environment_says(string? configDir, string? xdg, string home, string expected)
    {
        var variables = new Dictionary<string, string> { ["HOME"] = home };
        if (configDir is not null)
        {
            variables[CliEnvironment.ConfigDirVariable] = configDir;
        }

        if (xdg is not null)
        {
            variables["XDG_CONFIG_HOME"] = xdg;
        }

        Assert.Equal(expected, new CliEnvironment(variables).ProfilePath);
    }

    [Fact]
    public async Task The_profile_written_by_serve_is_read_back()
    {
        // The same DTO and JSON on both sides: what LocalCliProfile writes is what the CLI reads.
        var json = System.Text.Json.JsonSerializer.Serialize(new CliProfile { Url = new Uri("http://127.0.0.1:5170/"), Token = "tok" }, CurioJsonContext.Default.CliProfile);
        await File.WriteAllTextAsync(_cli.ProfilePath, json, TestContext.Current.CancellationToken);

        await _cli.RunAsync("integrations", "list");

        Assert.Equal(("127.0.0.1", "Bearer tok"), (_handler.Requests[0].Uri.Host, _handler.Requests[0].Authorization));
    }
}
