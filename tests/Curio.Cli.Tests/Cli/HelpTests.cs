using Curio.Cli.Infrastructure;
using Curio.Cli.Tests.Support;
using Spectre.Console.Cli.Testing;
using Spectre.Console.Testing;

namespace Curio.Cli.Tests.Cli;

/// <summary>The help of every command, against checked-in snapshots (<c>Approved/*.approved.txt</c>; CURIO_APPROVE=1 rewrites them).</summary>
public sealed class HelpTests
{
    [Theory]
    [InlineData("root")]
    [InlineData("serve")]
    [InlineData("integrations add")]
    [InlineData("integrations list")]
    [InlineData("folders create")]
    [InlineData("folders list")]
    [InlineData("import")]
    [InlineData("jobs")]
    [InlineData("jobs show")]
    [InlineData("jobs wait")]
    [InlineData("jobs cancel")]
    [InlineData("jobs errors")]
    [InlineData("items list")]
    [InlineData("items get")]
    [InlineData("items thumbnail")]
    [InlineData("items update")]
    [InlineData("items counts")]
    [InlineData("schema")]
    [InlineData("schema get")]
    [InlineData("schema set")]
    [InlineData("schema add-scalar")]
    [InlineData("schema add-enum")]
    [InlineData("schema add-enum-options")]
    [InlineData("schema add-embedding")]
    [InlineData("schema add-geospatial")]
    [InlineData("schema delete-key")]
    [InlineData("schema restore-key")]
    [InlineData("schema report")]
    [InlineData("spec validate")]
    [InlineData("spec generate")]
    public async Task Help_matches_its_snapshot(string command)
    {
        // Given
        var console = new CliConsole(new TestConsole(), outputIsTerminal: false);
        var tester = new CommandAppTester(CurioApp.Registrar(console, new CliEnvironment(new Dictionary<string, string>()), null));
        tester.Configure(config => CurioApp.Configure(config, console));
        string[] args = command == "root" ? ["--help"] : [.. command.Split(' '), "--help"];

        // When
        var result = await tester.RunAsync(args, TestContext.Current.CancellationToken);

        // Then
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Approvals.Verify(result.Output, "help." + command.Replace(' ', '-'));
    }
}
