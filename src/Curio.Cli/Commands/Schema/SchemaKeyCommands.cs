using System.ComponentModel;
using Curio.Cli.Infrastructure;
using Curio.Sdk;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Curio.Cli.Commands.Schema;

internal class SchemaKeySettings : CurioSettings
{
    [CommandArgument(0, "<KEY>")]
    [Description("The schema key (case-sensitive; letters, digits, space, -, _ and .)")]
    public string Key { get; set; } = "";

    public override ValidationResult Validate() =>
        string.IsNullOrEmpty(Key) ? ValidationResult.Error("KEY must not be empty.") : base.Validate();
}

internal sealed class SchemaAddScalarSettings : SchemaKeySettings
{
    [CommandArgument(1, "<TYPE>")]
    [Description("boolean, datetime, number, uuid, varchar (or string) or text (or long_string)")]
    public string Type { get; set; } = "";
}

internal sealed class SchemaEnumSettings : SchemaKeySettings
{
    [CommandArgument(1, "<VALUES>")]
    [Description("The options, one argument each")]
    public string[] Values { get; set; } = [];
}

internal sealed class SchemaAddEmbeddingSettings : SchemaKeySettings
{
    [CommandArgument(1, "<SIZE>")]
    [Description("Dimensions of each vector, 1 to 4096")]
    public int Size { get; set; }
}

internal sealed class SchemaDeleteKeySettings : SchemaKeySettings
{
    [CommandOption("--hard")]
    [Description("Forget the key for good: it can never be defined again. Without it, `curio schema restore-key` brings it back")]
    public bool Hard { get; set; }
}

/// <summary>
/// A key-by-key edit: the server applies it to its current schema (so two editors never overwrite each other's keys)
/// and answers with the whole new document, which is shown as <c>schema get</c> shows it.
/// </summary>
internal abstract class SchemaKeyCommand<TSettings>(IAnsiConsole output, CliConsole console, CurioConnection connection)
    : CurioCommand<TSettings>(output, console)
    where TSettings : SchemaKeySettings
{
    protected sealed override async Task<int> RunAsync(TSettings settings, CancellationToken cancellationToken)
    {
        var schema = await EditAsync(connection.CreateClient(settings), settings, cancellationToken);
        SchemaView.Write(Output, settings.Json, schema, Done(settings, schema));
        return ExitCodes.Ok;
    }

    protected abstract Task<MetadataSchemaDocument> EditAsync(CurioClient client, TSettings settings, CancellationToken cancellationToken);

    /// <summary>The line that says what changed.</summary>
    protected abstract string Done(TSettings settings, MetadataSchemaDocument schema);
}

/// <summary><c>curio schema add-scalar KEY TYPE</c></summary>
internal sealed class SchemaAddScalarCommand(IAnsiConsole output, CliConsole console, CurioConnection connection)
    : SchemaKeyCommand<SchemaAddScalarSettings>(output, console, connection)
{
    protected override Task<MetadataSchemaDocument> EditAsync(CurioClient client, SchemaAddScalarSettings settings, CancellationToken cancellationToken) =>
        client.AddScalarAsync(settings.Key, settings.Type, cancellationToken);

    protected override string Done(SchemaAddScalarSettings settings, MetadataSchemaDocument schema) =>
        $"Key '{settings.Key}' is {schema.GetKeyType(settings.Key) ?? settings.Type}.";
}

/// <summary><c>curio schema add-enum KEY VALUE...</c></summary>
internal sealed class SchemaAddEnumCommand(IAnsiConsole output, CliConsole console, CurioConnection connection)
    : SchemaKeyCommand<SchemaEnumSettings>(output, console, connection)
{
    protected override Task<MetadataSchemaDocument> EditAsync(CurioClient client, SchemaEnumSettings settings, CancellationToken cancellationToken) =>
        client.AddEnumAsync(settings.Key, settings.Values, cancellationToken);

    protected override string Done(SchemaEnumSettings settings, MetadataSchemaDocument schema) =>
        $"Added enum key '{settings.Key}' with {settings.Values.Length} option{(settings.Values.Length == 1 ? "" : "s")}.";
}

/// <summary><c>curio schema add-enum-options KEY VALUE...</c></summary>
internal sealed class SchemaAddEnumOptionsCommand(IAnsiConsole output, CliConsole console, CurioConnection connection)
    : SchemaKeyCommand<SchemaEnumSettings>(output, console, connection)
{
    protected override Task<MetadataSchemaDocument> EditAsync(CurioClient client, SchemaEnumSettings settings, CancellationToken cancellationToken) =>
        client.AddEnumOptionsAsync(settings.Key, settings.Values, cancellationToken);

    protected override string Done(SchemaEnumSettings settings, MetadataSchemaDocument schema) =>
        $"Enum key '{settings.Key}' has {schema.GetEnumOptions(settings.Key)?.Count ?? 0} options.";
}

/// <summary><c>curio schema add-embedding KEY SIZE</c></summary>
internal sealed class SchemaAddEmbeddingCommand(IAnsiConsole output, CliConsole console, CurioConnection connection)
    : SchemaKeyCommand<SchemaAddEmbeddingSettings>(output, console, connection)
{
    protected override Task<MetadataSchemaDocument> EditAsync(CurioClient client, SchemaAddEmbeddingSettings settings, CancellationToken cancellationToken) =>
        client.AddEmbeddingAsync(settings.Key, settings.Size, cancellationToken);

    protected override string Done(SchemaAddEmbeddingSettings settings, MetadataSchemaDocument schema) =>
        $"Added embedding key '{settings.Key}' of {settings.Size} dimensions.";
}

/// <summary><c>curio schema add-geospatial KEY</c></summary>
internal sealed class SchemaAddGeospatialCommand(IAnsiConsole output, CliConsole console, CurioConnection connection)
    : SchemaKeyCommand<SchemaKeySettings>(output, console, connection)
{
    protected override Task<MetadataSchemaDocument> EditAsync(CurioClient client, SchemaKeySettings settings, CancellationToken cancellationToken) =>
        client.AddGeospatialAsync(settings.Key, cancellationToken);

    protected override string Done(SchemaKeySettings settings, MetadataSchemaDocument schema) => $"Added geospatial key '{settings.Key}'.";
}

/// <summary><c>curio schema delete-key KEY [--hard]</c></summary>
internal sealed class SchemaDeleteKeyCommand(IAnsiConsole output, CliConsole console, CurioConnection connection)
    : SchemaKeyCommand<SchemaDeleteKeySettings>(output, console, connection)
{
    protected override Task<MetadataSchemaDocument> EditAsync(CurioClient client, SchemaDeleteKeySettings settings, CancellationToken cancellationToken) =>
        client.DeleteMetadataKeyAsync(settings.Key, settings.Hard, cancellationToken);

    protected override string Done(SchemaDeleteKeySettings settings, MetadataSchemaDocument schema) => settings.Hard
        ? $"Deleted key '{settings.Key}' for good; stored values stay in clientMetadata."
        : $"Deleted key '{settings.Key}'; stored values stay in clientMetadata, and `curio schema restore-key` brings the key back.";
}

/// <summary><c>curio schema restore-key KEY</c></summary>
internal sealed class SchemaRestoreKeyCommand(IAnsiConsole output, CliConsole console, CurioConnection connection)
    : SchemaKeyCommand<SchemaKeySettings>(output, console, connection)
{
    protected override Task<MetadataSchemaDocument> EditAsync(CurioClient client, SchemaKeySettings settings, CancellationToken cancellationToken) =>
        client.RestoreMetadataKeyAsync(settings.Key, cancellationToken);

    protected override string Done(SchemaKeySettings settings, MetadataSchemaDocument schema) =>
        $"Restored key '{settings.Key}' as {schema.GetKeyType(settings.Key) ?? "before"}.";
}
