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

    [CommandOption("--filter <EXPR>")]
    [Description("Only items matching a filter over schema keys and built-in fields, e.g. 'camera = \"front\" AND score >= 0.5'")]
    public string? Filter { get; set; }

    [CommandOption("--sort <KEY>")]
    [Description("Order by a schema key or built-in field ($size, ...); items without a value for it are left out")]
    public string? Sort { get; set; }

    [CommandOption("--desc")]
    [Description("With --sort: largest first")]
    public bool Descending { get; set; }

    [CommandOption("--limit <N>")]
    [Description("At most this many items in all (pages are fetched until then)")]
    [DefaultValue(100)]
    public int Limit { get; set; } = 100;

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Folder))
        {
            return ValidationResult.Error("--folder PATH is required.");
        }

        if (Descending && string.IsNullOrEmpty(Sort))
        {
            return ValidationResult.Error("--desc orders by --sort KEY; give the key.");
        }

        return Limit < 1 ? ValidationResult.Error("--limit must be 1 or more.") : base.Validate();
    }
}

/// <summary>
/// <c>curio items list --folder PATH [--filter EXPR] [--sort KEY [--desc]] [--limit N]</c>: top-level items (groups and
/// series, not their frames), oldest first or in the sort key's order.
/// </summary>
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
            var query = new ItemQuery
            {
                PageSize = Math.Min(1000, settings.Limit - items.Count),
                Filter = settings.Filter,
                Sort = settings.Sort,
                Descending = settings.Descending,
            };
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
            Output.WriteLine(settings.Filter is null ? $"No items in '{folder.Path}'." : $"No items in '{folder.Path}' match the filter.");
            return ExitCodes.Ok;
        }

        // Sorted by a schema key, the key's value is what the order is about: it gets a column.
        var sortKey = settings.Sort is { Length: > 0 } sort && !sort.StartsWith('$') ? sort : null;
        var table = sortKey is null
            ? Render.Table("name", "type", "size", "uuid", "created")
            : Render.Table("name", "type", "size", sortKey, "uuid", "created");
        foreach (var item in items)
        {
            var size = item.ChildCount > 0 ? $"{item.ChildCount} frames" : Render.Bytes(item.FileSize);
            var cells = new List<string?> { item.Name, ItemsGetCommand.TypeName(item.ItemType), size, item.Uuid.ToString(), Render.Time(item.CreatedAt) };
            if (sortKey is not null)
            {
                cells.Insert(3, Render.MetadataValue(item.ClientMetadata, sortKey));
            }

            table.AddTextRow([.. cells]);
        }

        Output.Write(table);
        if (token is not null)
        {
            Console.WriteNote($"Showing the first {items.Count} items of '{folder.Path}'; see more with --limit N.");
        }

        return ExitCodes.Ok;
    }
}
