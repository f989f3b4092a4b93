using System.ComponentModel;
using System.Text.Json;
using Curio.Cli.Infrastructure;
using Curio.Contracts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Curio.Cli.Commands.Items;

internal sealed class ItemsUpdateSettings : CurioSettings
{
    [CommandArgument(0, "<UUID>")]
    [Description("The item's UUID, as `curio items list` shows it")]
    public string Uuid { get; set; } = "";

    [CommandOption("--name <NAME>")]
    [Description("A new name")]
    public string? Name { get; set; }

    [CommandOption("--metadata <JSON>")]
    [Description("New custom metadata, a JSON object; it replaces the item's whole")]
    public string? Metadata { get; set; }

    [CommandOption("--metadata-file <FILE>")]
    [Description("New custom metadata read from a JSON file; it replaces the item's whole")]
    public string? MetadataFile { get; set; }

    public override ValidationResult Validate()
    {
        var uuid = CheckUuid(Uuid, "UUID", "an item's id from `curio items list`");
        if (!uuid.Successful)
        {
            return uuid;
        }

        if (Metadata is not null && MetadataFile is not null)
        {
            return ValidationResult.Error("Give --metadata JSON or --metadata-file FILE, not both.");
        }

        if (Name is null && Metadata is null && MetadataFile is null)
        {
            return ValidationResult.Error("Nothing to update: give --name NAME, --metadata JSON or --metadata-file FILE.");
        }

        if (MetadataFile is not null && !File.Exists(MetadataFile))
        {
            return ValidationResult.Error($"--metadata-file: file '{MetadataFile}' not found.");
        }

        return base.Validate();
    }
}

/// <summary><c>curio items update UUID [--name N] [--metadata JSON | --metadata-file FILE]</c></summary>
internal sealed class ItemsUpdateCommand(IAnsiConsole output, CliConsole console, CurioConnection connection)
    : CurioCommand<ItemsUpdateSettings>(output, console)
{
    protected override async Task<int> RunAsync(ItemsUpdateSettings settings, CancellationToken cancellationToken)
    {
        JsonElement? metadata = null;
        if (settings.Metadata is { } text)
        {
            metadata = ParseObject(text, "--metadata");
        }
        else if (settings.MetadataFile is { } file)
        {
            metadata = ParseObject(await File.ReadAllTextAsync(file, cancellationToken), $"--metadata-file {file}");
        }

        var item = await connection.CreateClient(settings).UpdateItemAsync(Guid.Parse(settings.Uuid), settings.Name, metadata, cancellationToken);
        if (settings.Json)
        {
            JsonOutput.Write(Output, item, CurioJsonContext.Default.Item);
            return ExitCodes.Ok;
        }

        Output.WriteLine($"Updated item {item.Uuid} '{item.Name}'.");
        Output.Write(Render.Fields(("metadata", item.ClientMetadata.GetRawText())));
        Output.WriteLine();
        return ExitCodes.Ok;
    }

    /// <summary>Checked here, so a typo in a shell-quoted object is reported with its position instead of as a server error.</summary>
    private static JsonElement ParseObject(string json, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw new CliException($"{source} must be a JSON object, like {{\"split\": \"train\"}}, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}.");
        }
        catch (JsonException ex)
        {
            throw new CliException($"{source} is not valid JSON: {ex.Message}");
        }
    }
}
