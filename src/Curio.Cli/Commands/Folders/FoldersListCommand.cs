using System.ComponentModel;
using Curio.Cli.Infrastructure;
using Curio.Contracts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Curio.Cli.Commands.Folders;

internal sealed class FoldersListSettings : CurioSettings
{
    [CommandArgument(0, "[PATH]")]
    [Description("The folder whose sub-folders are listed; the root folders when absent")]
    public string? Path { get; set; }
}

/// <summary><c>curio folders list [PATH]</c></summary>
internal sealed class FoldersListCommand(IAnsiConsole output, CliConsole console, CurioConnection connection)
    : CurioCommand<FoldersListSettings>(output, console)
{
    protected override async Task<int> RunAsync(FoldersListSettings settings, CancellationToken cancellationToken)
    {
        var client = connection.CreateClient(settings);
        var path = settings.Path?.Trim('/');
        var parent = string.IsNullOrEmpty(path) ? null : await FolderPaths.ResolveAsync(client, path, cancellationToken);
        var folders = new List<Folder>();
        await foreach (var folder in client.GetFoldersAsync(parent?.Uuid, cancellationToken))
        {
            folders.Add(folder);
        }

        if (settings.Json)
        {
            JsonOutput.Write(Output, new Page<Folder> { Results = folders }, CurioJsonContext.Default.PageFolder);
        }
        else if (folders.Count == 0)
        {
            Output.WriteLine(parent is null ? "No folders. Create one with: curio folders create PATH" : $"No folders in '{parent.Path}'.");
        }
        else
        {
            var table = Render.Table("name", "path", "uuid", "created");
            foreach (var folder in folders)
            {
                table.AddTextRow(folder.Name, folder.Path, folder.Uuid.ToString(), Render.Time(folder.CreatedAt));
            }

            Output.Write(table);
        }

        return ExitCodes.Ok;
    }
}
