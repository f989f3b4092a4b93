using System.ComponentModel;
using System.Globalization;
using Curio.Cli.Infrastructure;
using Curio.Contracts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Curio.Cli.Commands.Items;

internal sealed class ItemsCountsSettings : CurioSettings
{
    [CommandOption("--folder <PATH>")]
    [Description("The folder, e.g. datasets/cams")]
    public string? Folder { get; set; }

    [CommandOption("--key <KEY>")]
    [Description("An enum, boolean or varchar schema key, or $type (item types)")]
    public string? Key { get; set; }

    [CommandOption("--filter <EXPR>")]
    [Description("Count only the items matching a filter, as for `curio items list --filter`")]
    public string? Filter { get; set; }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Folder))
        {
            return ValidationResult.Error("--folder PATH is required.");
        }

        return string.IsNullOrEmpty(Key) ? ValidationResult.Error("--key KEY is required: the key whose values are counted.") : base.Validate();
    }
}

/// <summary><c>curio items counts --folder PATH --key KEY [--filter EXPR]</c>: how many items have each value.</summary>
internal sealed class ItemsCountsCommand(IAnsiConsole output, CliConsole console, CurioConnection connection)
    : CurioCommand<ItemsCountsSettings>(output, console)
{
    protected override async Task<int> RunAsync(ItemsCountsSettings settings, CancellationToken cancellationToken)
    {
        var client = connection.CreateClient(settings);
        var folder = await FolderPaths.ResolveAsync(client, settings.Folder!, cancellationToken);
        var counts = await client.CountItemValuesAsync(folder.Uuid, settings.Key!, settings.Filter, cancellationToken);
        if (settings.Json)
        {
            JsonOutput.Write(Output, counts, CurioJsonContext.Default.ValueCounts);
            return ExitCodes.Ok;
        }

        if (counts.Counts.Count == 0)
        {
            Output.WriteLine($"No items in '{folder.Path}'{(settings.Filter is null ? "" : " matching the filter")} have a value for '{counts.Key}'.");
            return ExitCodes.Ok;
        }

        var table = Render.Table(counts.Key, "items");
        foreach (var count in counts.Counts)
        {
            table.AddTextRow(count.Value, count.Count.ToString(CultureInfo.InvariantCulture));
        }

        Output.Write(table);
        return ExitCodes.Ok;
    }
}
