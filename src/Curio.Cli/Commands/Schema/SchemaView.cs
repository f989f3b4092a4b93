using System.Globalization;
using Curio.Cli.Infrastructure;
using Curio.Contracts;
using Curio.Sdk;
using Spectre.Console;

namespace Curio.Cli.Commands.Schema;

/// <summary>How every schema command shows the schema: the raw v2 document in JSON mode, a table of keys otherwise.</summary>
internal static class SchemaView
{
    /// <summary>Enum options shown in a cell before the rest are counted (255 would swamp the table).</summary>
    private const int ShownOptions = 12;

    public static void Write(IAnsiConsole output, bool json, MetadataSchemaDocument schema, string? done = null)
    {
        if (json)
        {
            JsonOutput.Write(output, schema.Document, CurioJsonContext.Default.JsonElement);
            return;
        }

        if (done is not null)
        {
            output.WriteLine(done);
        }

        if (schema.AllKeys.Count == 0)
        {
            output.WriteLine("The metadata schema has no keys. Add one with `curio schema add-scalar KEY TYPE`, or set a whole document with `curio schema set FILE`.");
            return;
        }

        var version = schema.Version is { } v ? $" (version {v.ToString(CultureInfo.InvariantCulture)})" : "";
        var deleted = schema.DeletedKeys.Count == 0 ? "" : $", {schema.DeletedKeys.Count} deleted";
        output.WriteLine($"Metadata schema{version}: {schema.Keys.Count} key{(schema.Keys.Count == 1 ? "" : "s")}{deleted}");
        var table = Render.Table("key", "type", "details");
        foreach (var key in schema.AllKeys)
        {
            table.AddTextRow(key, schema.GetKeyType(key) ?? "(deleted)", Details(schema, key));
        }

        output.Write(table);
    }

    private static string Details(MetadataSchemaDocument schema, string key)
    {
        if (schema.IsKeyDeleted(key))
        {
            return schema.GetDeletedKeyType(key) is { } was
                ? $"was {was}; `curio schema restore-key` brings it back"
                : "deleted hard: the key cannot be defined again";
        }

        if (schema.GetEnumOptions(key) is { } options)
        {
            return options.Count <= ShownOptions
                ? string.Join(", ", options)
                : $"{string.Join(", ", options.Take(ShownOptions))}, ... ({options.Count.ToString(CultureInfo.InvariantCulture)} in all)";
        }

        return schema.GetEmbeddingSize(key) is { } size ? $"{size.ToString(CultureInfo.InvariantCulture)} dimensions" : "";
    }
}
