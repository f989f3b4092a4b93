using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Curio.Core.Metadata;

/// <summary>The typed index table a value goes to.</summary>
public enum IndexKind
{
    Boolean,
    Number,
    Datetime,
    Uuid,
    Varchar,
    Text,
    Enum,
}

/// <summary>
/// A conforming value of a schema key, typed for its index table: booleans as 0/1 and datetimes as UTC
/// microseconds in <see cref="Whole"/>, numbers in <see cref="Number"/>, varchar/text/enum in <see cref="Text"/>,
/// UUIDs in <see cref="Uuid"/>.
/// </summary>
public readonly record struct IndexedValue(string Key, IndexKind Kind, long Whole = 0, double Number = 0, string? Text = null, Guid Uuid = default);

/// <summary>A value that does not conform to its key's type: stored as given, left out of the index, and reported.</summary>
public sealed record MetadataProblem(string Key, string Expected, string Value)
{
    public string Message => $"the value of '{Key}' should be {Expected}, got {Value}";
}

/// <summary>
/// Checks custom metadata against the schema: each schema key present must conform (ISO 8601 datetime, UUID, number,
/// boolean, enum member, varchar up to its length, embedding of exactly its size, latitude/longitude in range);
/// conforming scalar and enum values become <see cref="IndexedValue"/>s. Keys not in the schema are stored as given
/// and not indexed; dotted keys are flat names.
/// </summary>
public static partial class MetadataValues
{
    private const int ShownValueLength = 80;

    /// <summary>Every problem and every indexed value of one item's metadata object.</summary>
    public static (List<IndexedValue> Indexed, List<MetadataProblem> Problems) Check(MetadataSchema schema, JsonElement metadata)
    {
        var indexed = new List<IndexedValue>();
        var problems = new List<MetadataProblem>();
        if (metadata.ValueKind != JsonValueKind.Object)
        {
            return (indexed, problems);
        }

        foreach (var property in metadata.EnumerateObject())
        {
            if (property.Name == EncordBlock.Key)
            {
                EncordBlock.Check(property.Value, schema, problems);
                continue;
            }

            if (schema.Get(property.Name) is not { } entry)
            {
                continue;
            }

            var (value, problem) = Check(property.Name, entry, property.Value);
            if (problem is not null)
            {
                problems.Add(problem);
            }
            else if (value is { } v)
            {
                indexed.Add(v);
            }
        }

        return (indexed, problems);
    }

    public static (List<IndexedValue> Indexed, List<MetadataProblem> Problems) Check(MetadataSchema schema, string metadataJson)
    {
        using var document = JsonDocument.Parse(metadataJson);
        return Check(schema, document.RootElement);
    }

    /// <summary>One value: its index entry (null for embeddings, geospatial and user keys), or the problem.</summary>
    public static (IndexedValue? Value, MetadataProblem? Problem) Check(string key, SchemaEntry entry, JsonElement value)
    {
        switch (entry)
        {
            case ScalarEntry scalar:
                return Scalar(key, scalar, value);
            case EnumEntry e:
                return value.ValueKind == JsonValueKind.String && e.Values.Contains(value.GetString()!, StringComparer.Ordinal)
                    ? (new IndexedValue(key, IndexKind.Enum, Text: value.GetString()), null)
                    : (null, Problem(key, $"one of the enum options ({Options(e)})", value));
            case EmbeddingEntry embedding:
                return IsVector(value, embedding.Size) ? (null, null) : (null, Problem(key, $"an embedding: an array of exactly {embedding.Size} numbers", value));
            case GeospatialEntry:
                return IsLocation(value) ? (null, null)
                    : (null, Problem(key, "a location {\"latitude\": -90..90, \"longitude\": -180..180}", value));
            default:
                return (null, null);
        }
    }

    private static (IndexedValue?, MetadataProblem?) Scalar(string key, ScalarEntry scalar, JsonElement value)
    {
        switch (scalar.Type)
        {
            case ScalarType.Boolean when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                return (new IndexedValue(key, IndexKind.Boolean, Whole: value.ValueKind == JsonValueKind.True ? 1 : 0), null);
            case ScalarType.Number when value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number):
                return (new IndexedValue(key, IndexKind.Number, Number: number), null);
            case ScalarType.Datetime when value.ValueKind == JsonValueKind.String && TryDatetime(value.GetString()!, out var time):
                return (new IndexedValue(key, IndexKind.Datetime, Whole: ToMicros(time)), null);
            case ScalarType.Uuid when value.ValueKind == JsonValueKind.String && Guid.TryParseExact(value.GetString(), "D", out var uuid):
                return (new IndexedValue(key, IndexKind.Uuid, Uuid: uuid), null);
            case ScalarType.Varchar when value.ValueKind == JsonValueKind.String && value.GetString()!.Length <= scalar.VarcharLimit:
                return (new IndexedValue(key, IndexKind.Varchar, Text: value.GetString()), null);
            case ScalarType.Text when value.ValueKind == JsonValueKind.String:
                return (new IndexedValue(key, IndexKind.Text, Text: value.GetString()), null);
            default:
                return (null, Problem(key, Expected(scalar), value));
        }
    }

    /// <summary>How a scalar type is named in messages, with the form its values take.</summary>
    public static string Expected(ScalarEntry scalar) => scalar.Type switch
    {
        ScalarType.Boolean => "a boolean (true or false)",
        ScalarType.Number => "a number",
        ScalarType.Datetime => "a datetime in ISO 8601 (\"2024-01-31\" or \"2024-01-31T12:00:00Z\")",
        ScalarType.Uuid => "a uuid (\"123e4567-e89b-42d3-a456-426614174000\")",
        ScalarType.Varchar => $"a varchar (a string of at most {scalar.VarcharLimit} characters)",
        _ => "a text (a string)",
    };

    /// <summary>
    /// ISO 8601 dates and date-times: <c>2024-01-31</c>, <c>2024-01-31T12:00</c>, seconds and fractions optional, <c>Z</c>
    /// or an offset; without one the time is UTC (Encord's schema time zone).
    /// </summary>
    public static bool TryDatetime(string text, out DateTimeOffset value)
    {
        value = default;
        return Iso8601().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    public static long ToMicros(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset FromMicros(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * 10);

    private static bool IsVector(JsonElement value, int size)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != size)
        {
            return false;
        }

        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetDouble(out var d) || !double.IsFinite(d))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLocation(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object
        && value.TryGetProperty("latitude", out var lat) && lat.ValueKind == JsonValueKind.Number && lat.GetDouble() is >= -90 and <= 90
        && value.TryGetProperty("longitude", out var lon) && lon.ValueKind == JsonValueKind.Number && lon.GetDouble() is >= -180 and <= 180;

    private static string Options(EnumEntry e) =>
        e.Values.Count <= 10 ? string.Join(", ", e.Values.Select(v => $"\"{v}\"")) : string.Join(", ", e.Values.Take(10).Select(v => $"\"{v}\"")) + $", ... {e.Values.Count} in all";

    private static MetadataProblem Problem(string key, string expected, JsonElement value) => new(key, expected, Shown(value));

    /// <summary>A value as a problem shows it: its JSON, cut at 80 characters.</summary>
    internal static string Shown(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length <= ShownValueLength ? text : text[..ShownValueLength] + "...";
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$")]
    private static partial Regex Iso8601();
}
