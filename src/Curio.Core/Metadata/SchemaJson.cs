using System.Buffers;
using System.Text.Json;

namespace Curio.Core.Metadata;

/// <summary>
/// The schema as a JSON document in Encord's v2 wire shape (<c>{"weather": {"ty": "variant", "hint": "varchar"},
/// ...}</c>), read and written so a document from Encord's SDK round-trips; and the deprecated v1 flat map
/// (<c>{"weather": "string"}</c>), read only.
/// </summary>
public static class SchemaJson
{
    /// <exception cref="MetadataSchemaException">The document is not a schema; the message names the JSON path.</exception>
    public static MetadataSchema Read(JsonElement document)
    {
        if (document.ValueKind == JsonValueKind.Null)
        {
            return MetadataSchema.Empty; // Encord answers an empty schema with null
        }

        if (document.ValueKind != JsonValueKind.Object)
        {
            throw new MetadataSchemaException("", "$: a metadata schema is a JSON object of key to definition.");
        }

        var entries = new List<KeyValuePair<string, SchemaEntry>>();
        foreach (var property in document.EnumerateObject())
        {
            var path = $"$['{property.Name}']";
            var entry = property.Value.ValueKind == JsonValueKind.String
                ? V1(property.Name, property.Value.GetString()!, path)
                : Entry(property.Name, property.Value, path);
            entries.Add(new(property.Name, entry));
        }

        return MetadataSchema.From(entries);
    }

    public static MetadataSchema Read(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Read(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new MetadataSchemaException("", $"The schema is not valid JSON: {ex.Message}");
        }
    }

    public static void Write(MetadataSchema schema, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var (key, entry) in schema.Entries)
        {
            writer.WritePropertyName(key);
            WriteEntry(entry, writer);
        }

        writer.WriteEndObject();
    }

    public static string Write(MetadataSchema schema)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(schema, writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static SchemaEntry Entry(string key, JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Error(key, path, "a key's definition is an object with a \"ty\" (variant, enum, embedding, geospatial, tombstone, ...)");
        }

        var ty = Text(value, "ty", key, path) ?? throw Error(key, path, "\"ty\" is missing");
        return ty switch
        {
            "variant" => new ScalarEntry(Hint(key, Text(value, "hint", key, path) ?? throw Error(key, path + ".hint", "a variant needs a hint"), path + ".hint")),
            "number" => new ScalarEntry(ScalarType.Number, Strict: true, NumberFormat: Text(value, "format", key, path) is { } f
                ? f is "F32" or "F64" ? f : throw Error(key, path + ".format", $"'{f}' is not a number format; use F32 or F64")
                : null),
            "boolean" => new ScalarEntry(ScalarType.Boolean, Strict: true),
            "varchar" => new ScalarEntry(ScalarType.Varchar, Strict: true, MaxLength: Integer(value, "max_length", key, path)),
            "datetime" => new ScalarEntry(ScalarType.Datetime, Strict: true, Timezone: Text(value, "timezone", key, path)),
            "text" => new ScalarEntry(ScalarType.Text, Strict: true),
            "uuid" => new ScalarEntry(ScalarType.Uuid, Strict: true),
            "user" => new UserEntry(),
            "enum" => new EnumEntry(Values(value, key, path)),
            "embedding" => new EmbeddingEntry(
                Integer(value, "size", key, path) ?? throw Error(key, path + ".size", "an embedding needs a size"),
                value.TryGetProperty("api", out var api) && api.ValueKind != JsonValueKind.Null ? api.GetRawText() : null),
            "geospatial" => new GeospatialEntry(),
            "tombstone" => new TombstoneEntry(value.TryGetProperty("deleted_ty", out var deleted) && deleted.ValueKind != JsonValueKind.Null
                ? Entry(key, deleted, path + ".deleted_ty")
                : null),
            _ => throw Error(key, path + ".ty", $"'{ty}' is not a schema type; use variant, number, boolean, varchar, datetime, text, uuid, user, enum, embedding, geospatial or tombstone"),
        };
    }

    /// <summary>The deprecated v1 flat map: a type name per key.</summary>
    private static SchemaEntry V1(string key, string type, string path) => type switch
    {
        "enum" or "embedding" => throw Error(key, path, $"a v1 '{type}' key has no options or size; give the v2 definition ({{\"ty\": \"{type}\", ...}})"),
        "geospatial" => new GeospatialEntry(),
        _ => new ScalarEntry(Hint(key, type, path)),
    };

    private static ScalarType Hint(string key, string hint, string path)
    {
        try
        {
            return MetadataSchema.ParseScalarType(key, hint);
        }
        catch (MetadataSchemaException ex)
        {
            throw new MetadataSchemaException(key, $"{path}: {ex.Message}");
        }
    }

    private static string[] Values(JsonElement value, string key, string path)
    {
        if (!value.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
        {
            throw Error(key, path + ".values", "an enum needs a \"values\" array of strings");
        }

        return [.. values.EnumerateArray().Select((v, i) => v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw Error(key, $"{path}.values[{i}]", "an enum option is a string"))];
    }

    private static string? Text(JsonElement value, string name, string key, string path) =>
        !value.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null ? null
        : property.ValueKind == JsonValueKind.String ? property.GetString()
        : throw Error(key, $"{path}.{name}", "expected a string");

    private static int? Integer(JsonElement value, string name, string key, string path) =>
        !value.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null ? null
        : property.ValueKind == JsonValueKind.Number && property.TryGetInt32(out var number) ? number
        : throw Error(key, $"{path}.{name}", "expected an integer");

    private static MetadataSchemaException Error(string key, string path, string message) => new(key, $"{path}: {message}.");

    private static void WriteEntry(SchemaEntry entry, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        switch (entry)
        {
            case ScalarEntry { Strict: false } s:
                writer.WriteString("ty", "variant");
                writer.WriteString("hint", Name(s.Type));
                break;
            case ScalarEntry s:
                writer.WriteString("ty", Name(s.Type));
                if (s.Type == ScalarType.Number)
                {
                    writer.WriteString("format", s.NumberFormat ?? "F64");
                }
                else if (s.Type == ScalarType.Varchar)
                {
                    writer.WriteNumber("max_length", s.VarcharLimit);
                }
                else if (s.Type == ScalarType.Datetime)
                {
                    writer.WriteString("timezone", s.Timezone ?? "UTC");
                }

                break;
            case UserEntry:
                writer.WriteString("ty", "user");
                break;
            case EnumEntry e:
                writer.WriteString("ty", "enum");
                writer.WriteStartArray("values");
                foreach (var v in e.Values)
                {
                    writer.WriteStringValue(v);
                }

                writer.WriteEndArray();
                break;
            case EmbeddingEntry e:
                writer.WriteString("ty", "embedding");
                writer.WriteNumber("size", e.Size);
                writer.WritePropertyName("api");
                if (e.Api is { } api)
                {
                    writer.WriteRawValue(api);
                }
                else
                {
                    writer.WriteNullValue();
                }

                break;
            case GeospatialEntry:
                writer.WriteString("ty", "geospatial");
                break;
            case TombstoneEntry t:
                writer.WriteString("ty", "tombstone");
                writer.WritePropertyName("deleted_ty");
                if (t.Deleted is { } deleted)
                {
                    WriteEntry(deleted, writer);
                }
                else
                {
                    writer.WriteNullValue();
                }

                break;
        }

        writer.WriteEndObject();
    }

    public static string Name(ScalarType type) => type switch
    {
        ScalarType.Boolean => "boolean",
        ScalarType.Datetime => "datetime",
        ScalarType.Number => "number",
        ScalarType.Uuid => "uuid",
        ScalarType.Varchar => "varchar",
        _ => "text",
    };
}
