using System.ComponentModel;
using System.Text.Json;
using Curio.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Curio.Cli.Commands.Schema;

internal sealed class SchemaSetSettings : CurioSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("A JSON file: Encord's v2 schema document (key to {\"ty\": ...}), or the deprecated v1 map (key to type name)")]
    public string File { get; set; } = "";

    public override ValidationResult Validate() =>
        System.IO.File.Exists(File) ? base.Validate() : ValidationResult.Error($"FILE: file '{File}' not found.");
}

/// <summary><c>curio schema set FILE</c>: replaces the whole schema.</summary>
internal sealed class SchemaSetCommand(IAnsiConsole output, CliConsole console, CurioConnection connection)
    : CurioCommand<SchemaSetSettings>(output, console)
{
    protected override async Task<int> RunAsync(SchemaSetSettings settings, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(settings.File, cancellationToken);
        try
        {
            // Checked here, so the position of a typo is reported against the file rather than as a refused request.
            using var _ = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new CliException($"{settings.File} is not valid JSON: {ex.Message}");
        }

        var schema = await connection.CreateClient(settings).ReplaceMetadataSchemaAsync(text, cancellationToken);
        SchemaView.Write(Output, settings.Json, schema,
            "Replaced the metadata schema. Stored values are checked against it again in the background: `curio schema report` shows how far, and what does not conform.");
        return ExitCodes.Ok;
    }
}
