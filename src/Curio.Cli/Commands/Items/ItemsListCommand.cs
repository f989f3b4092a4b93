using System.ComponentModel;
using Curio.Cli.Infrastructure;
using Curio.Contracts;
using Curio.Sdk;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Curio.Cli.Commands.Items;

internal sealed class ItemsListSettings : CurioSettings
{
    [CommandOption("--folder <PATH>")]
    [Description("The folder, e.g. datasets/cams")]
    public string? Folder { get; set; }

    [CommandOption("--limit <N>")]
    [Description("At most this many items, oldest first")]
    [DefaultValue(100)]
    public int Limit { get; set; } = 100;

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Folder))
        {
            return ValidationResult.Error("--folder PATH is required.");
        }

        return Limit < 1 ? ValidationResult.Error("--limit must be 1 or more.") : base.Validate();
    }
}

/// <summary><c>curio items list --folder PATH [--limit N]</c>: top-level items (groups and series, not their frames).</summary>
internal sealed class ItemsListCommand(IAnsiConsole output, CliConsole console, CurioConnection connection)
    : CurioCommand<ItemsListSettings>(output, console)
{
    protected override async Task<int> RunAsync(ItemsListSettings settings, CancellationToken cancellationToken)
    {
        var client = connection.CreateClient(settings);
        var folder = await FolderPaths.ResolveAsync(client, settings.Folder!, cancellationToken);

        // Pages are sized so the last one ends exactly at the limit: its token then continues right after it.
        var items = new List<Item>();
        string? token = null;
        do
        {
            var query = new ItemQuery { PageSize = Math.Min(1000, settings.Limit - items.Count) };
            var page = await client.GetItemsPageAsync(folder.Uuid, token, query, cancellationToken);
            items.AddRange(page.Results);
            token = page.NextPageToken;
        }
        while (token is not null && items.Count < settings.Limit);

        if (settings.Json)
        {
            JsonOutput.Write(Output, new Page<Item> { Results = items, NextPageToken = token }, CurioJsonContext.Default.PageItem);
            return ExitCodes.Ok;
        }

        if (items.Count == 0)
        {
            Output.WriteLine($"No items in '{folder.Path}'.");
            return ExitCodes.Ok;
        }

        var table = Render.Table("name", "type", "size", "uuid", "created");
        foreach (var item in items)
        {
            var size = item.ChildCount > 0 ? $"{item.ChildCount} frames" : Render.Bytes(item.FileSize);
            table.AddTextRow(item.Name, ItemsGetCommand.TypeName(item.ItemType), size, item.Uuid.ToString(), Render.Time(item.CreatedAt));
        }

        Output.Write(table);
        if (token is not null)
        {
            Console.WriteNote($"Showing the first {items.Count} items of '{folder.Path}'; see more with --limit N.");
        }

        return ExitCodes.Ok;
    }
}
