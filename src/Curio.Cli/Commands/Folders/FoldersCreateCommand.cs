using System.ComponentModel;
using Curio.Cli.Infrastructure;
using Curio.Contracts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Curio.Cli.Commands.Folders;

internal sealed class FoldersCreateSettings : CurioSettings
{
    [CommandArgument(0, "<PATH>")]
    [Description("Folder names from the root, joined with '/', e.g. datasets/cams; missing parents are created")]
    public string Path { get; set; } = "";

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Path.Trim('/')) ? ValidationResult.Error("PATH names no folder.") : base.Validate();
}

/// <summary><c>curio folders create PATH</c></summary>
internal sealed class FoldersCreateCommand(IAnsiConsole output, CliConsole console, CurioConnection connection)
    : CurioCommand<FoldersCreateSettings>(output, console)
{
    protected override async Task<int> RunAsync(FoldersCreateSettings settings, CancellationToken cancellationToken)
    {
        var client = connection.CreateClient(settings);
        var folder = await client.CreateFolderAsync(settings.Path.Trim('/'), cancellationToken);
        if (settings.Json)
        {
            JsonOutput.Write(Output, folder, CurioJsonContext.Default.Folder);
        }
        else
        {
            Output.WriteLine($"Created folder '{folder.Path}', {folder.Uuid}.");
        }

        return ExitCodes.Ok;
    }
}
