using Curio.Cli.Infrastructure;
using Spectre.Console.Testing;

namespace Curio.Cli.Tests.Support;

/// <summary>
/// Runs <c>curio</c> in-process on test consoles, with its own environment variables (a temporary
/// <c>CURIO_CONFIG_DIR</c>, so no test sees the user's profile) and, optionally, a scripted HTTP handler.
/// </summary>
internal sealed class CliRunner : IDisposable
{
    private readonly HttpClient? _http;

    public CliRunner(HttpMessageHandler? handler = null)
    {
        ConfigDirectory = Directory.CreateTempSubdirectory("curio-cli-config-").FullName;
        Environment = new Dictionary<string, string> { [CliEnvironment.ConfigDirVariable] = ConfigDirectory };
        _http = handler is null ? null : new HttpClient(handler);
    }

    public string ConfigDirectory { get; }

    public string ProfilePath => Path.Combine(ConfigDirectory, "profile.json");

    public Dictionary<string, string> Environment { get; }

    /// <summary>Whether stdout counts as a terminal (progress bars) or a pipe (plain lines).</summary>
    public bool Terminal { get; set; }

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(TestContext.Current.CancellationToken, args);

    public async Task<CliResult> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        var output = new TestConsole().Width(250);
        if (Terminal)
        {
            output.Interactive();
        }

        var error = new TestConsole().Width(250);
        var code = await CurioApp.RunAsync(args, output, new CliConsole(error, Terminal), new CliEnvironment(Environment), _http, cancellationToken);
        return new CliResult(code, output.Output, error.Output);
    }

    public void WriteProfile(string url, string token) =>
        File.WriteAllText(ProfilePath, $$"""{"url":"{{url}}","token":"{{token}}"}""");

    public void Dispose()
    {
        _http?.Dispose();
        Directory.Delete(ConfigDirectory, recursive: true);
    }
}

internal sealed record CliResult(int ExitCode, string Out, string Err)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}
