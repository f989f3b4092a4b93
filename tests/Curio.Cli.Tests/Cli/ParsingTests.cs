using Curio.Cli.Commands.Import;
using Curio.Cli.Commands.Integrations;
using Curio.Cli.Commands.Spec;
using Curio.Cli.Infrastructure;
using Curio.Cli.Tests.Support;
using Curio.Core.Specs;
using Spectre.Console.Cli.Testing;
using Spectre.Console.Testing;

namespace Curio.Cli.Tests.Cli;

/// <summary>Arguments are parsed and checked before anything is sent: every refusal is exit 1 with a message.</summary>
public sealed class ParsingTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private static CommandAppTester Tester(TestConsole? error = null)
    {
        var console = new CliConsole(error ?? new TestConsole(), outputIsTerminal: false);
        var tester = new CommandAppTester(CurioApp.Registrar(console, new CliEnvironment(new Dictionary<string, string>()), null));
        tester.Configure(config => CurioApp.Configure(config, console));
        return tester;
    }

    [Fact]
    public async Task Import_options_bind_to_its_settings()
    {
        // Given
        var tester = Tester();

        // When: validation fails later for lack of a server, but the settings were bound
        var result = await tester.RunAsync(["import", "up.json", "--folder", "a/b", "--integration", "cams", "--ignore-errors", "--wait", "--output", "json",
            "--url", "http://h:1", "--token", "t"], TestContext.Current.CancellationToken);

        // Then
        var settings = Assert.IsType<ImportSettings>(result.Settings);
        Assert.Equal(("up.json", "a/b", "cams", true, true, true), (settings.File, settings.Folder, settings.Integration, settings.IgnoreErrors, settings.Wait, settings.Json));
        Assert.Equal(("http://h:1", "t"), (settings.Url, settings.Token));
        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
    }

    [Fact]
    public async Task Spec_generate_options_bind_to_its_settings()
    {
        // When: validation fails later for lack of a server, but the settings were bound
        var result = await Tester().RunAsync(["spec", "generate", "--integration", "cams", "--prefix", "s3://b/p/", "--type", "DICOM", "--group-by-folder",
            "--max-items", "7", "--out", "x/up.csv", "--import", "--folder", "a/b", "--ignore-errors", "--wait", "--url", "http://h:1", "--token", "t"],
            TestContext.Current.CancellationToken);

        // Then
        var settings = Assert.IsType<SpecGenerateSettings>(result.Settings);
        Assert.Equal(("cams", "s3://b/p/", "DICOM", true, 7, "x/up.csv"), (settings.Integration, settings.Prefix, settings.Type, settings.GroupByFolder, settings.MaxItems, settings.Out));
        Assert.Equal((true, "a/b", true, true, SpecFormat.Csv), (settings.Import, settings.Folder, settings.IgnoreErrors, settings.Wait, settings.SpecFormat));
        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
    }

    [Fact]
    public async Task Integration_options_bind_to_their_settings()
    {
        var result = await Tester().RunAsync(["integrations", "add", "--name", "web", "--provider", "direct", "--allow-private-networks", "--url", "http://127.0.0.1:9"],
            TestContext.Current.CancellationToken);

        var settings = Assert.IsType<IntegrationsAddSettings>(result.Settings);
        Assert.Equal(("web", "direct", null, true), (settings.Name, settings.Provider, settings.Root, settings.AllowPrivateNetworks));
    }

    [Theory]
    [InlineData("--folder PATH is required.", "import", "up.json", "--integration", "x")]
    [InlineData("--integration NAME is required.", "import", "up.json", "--folder", "x")]
    [InlineData("--provider local needs --root DIR", "integrations", "add", "--name", "n", "--provider", "local")]
    [InlineData("--provider must be one of local, direct, s3, s3-compatible, azure, gcs, not 'ftp'.", "integrations", "add", "--name", "n", "--provider", "ftp")]
    [InlineData("--service-account-file: file 'missing.json' not found.", "integrations", "add", "--name", "n", "--provider", "gcs", "--service-account-file", "missing.json")]
    [InlineData("--name is required.", "integrations", "add", "--provider", "direct")]
    [InlineData("JOB must be a UUID", "jobs", "show", "42")]
    [InlineData("UUID must be a UUID", "items", "get", "nope")]
    [InlineData("--out FILE is required", "items", "thumbnail", "0192e0c4-8d0b-7c3e-9a55-2f0c2b1d4e6f")]
    [InlineData("--output must be text or json, not 'yaml'.", "integrations", "list", "--output", "yaml")]
    [InlineData("--url must be an absolute http or https URL", "folders", "list", "--url", "ftp://x")]
    [InlineData("--limit must be 1 or more.", "items", "list", "--folder", "a", "--limit", "0")]
    [InlineData("--format must be json or csv, not 'xml'.", "spec", "validate", "x.json", "--format", "xml")]
    [InlineData("--integration NAME is required.", "spec", "generate")]
    [InlineData("--type must be auto, images, videos, audio, dicom, text, pdf or nifti, not 'image'.", "spec", "generate", "--integration", "i", "--type", "image")]
    [InlineData("--format must be json or csv, not 'xml'.", "spec", "generate", "--integration", "i", "--format", "xml")]
    [InlineData("--out up.csv names a CSV file, but --format is json; make them agree.", "spec", "generate", "--integration", "i", "--out", "up.csv", "--format", "json")]
    [InlineData("--max-items must be 1 to 10,000 for CSV, not 10001.", "spec", "generate", "--integration", "i", "--out", "up.csv", "--max-items", "10001")]
    [InlineData("--max-items must be 1 to 500,000 for JSON, not 0.", "spec", "generate", "--integration", "i", "--max-items", "0")]
    [InlineData("--import needs --folder PATH", "spec", "generate", "--integration", "i", "--import")]
    [InlineData("--folder, --ignore-errors and --wait go with --import.", "spec", "generate", "--integration", "i", "--wait")]
    [InlineData("With --output json, pass --out FILE", "spec", "generate", "--integration", "i", "--output", "json")]
    [InlineData("Unknown command 'bogus'", "bogus")]
    [InlineData("Unknown option 'frobnicate'", "folders", "list", "--frobnicate")]
    [InlineData("Command 'import' is missing required argument 'FILE'", "import")]
    public async Task Bad_arguments_are_exit_1_with_a_message(string message, params string[] args)
    {
        var result = await _cli.RunAsync(args);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains(message, result.Err, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task A_branch_without_a_command_shows_its_help()
    {
        var result = await _cli.RunAsync("jobs");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("COMMANDS:", result.Out, StringComparison.Ordinal);
    }
}
