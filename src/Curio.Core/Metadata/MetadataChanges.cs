using System.Text.Json;

namespace Curio.Core.Metadata;

/// <summary>
/// How one schema key's index entry changes when an item's metadata is replaced: what it was (a value, a problem, or
/// neither when the key was absent) and what it becomes.
/// </summary>
public sealed record MetadataChange(string Key, IndexedValue? Before, MetadataProblem? BeforeProblem, IndexedValue? After, MetadataProblem? AfterProblem);

/// <summary>
/// The index entries that differ between an item's previous and new metadata, for rewriting only those: a bulk update
/// that changes one key of ten then writes one row. Only keys whose JSON value differs are checked; a key's entry
/// depends on nothing but its value and the schema, so an unchanged value keeps its entry.
/// </summary>
public static class MetadataChanges
{
    public static List<MetadataChange> Between(MetadataSchema schema, string previous, string current)
    {
        var changes = new List<MetadataChange>();
        if (schema.Count == 0 || previous == current)
        {
            return changes;
        }

        using var before = JsonDocument.Parse(previous);
        using var after = JsonDocument.Parse(current);
        if (before.RootElement.ValueKind != JsonValueKind.Object || after.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("Custom metadata is a JSON object.");
        }

        var old = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in before.RootElement.EnumerateObject())
        {
            if (schema.Get(property.Name) is not null)
            {
                old[property.Name] = property.Value;
            }
        }

        foreach (var property in after.RootElement.EnumerateObject())
        {
            if (schema.Get(property.Name) is not { } entry)
            {
                continue;
            }

            if (old.Remove(property.Name, out var was))
            {
                if (JsonElement.DeepEquals(was, property.Value))
                {
                    continue;
                }

                Add(changes, property.Name, MetadataValues.Check(property.Name, entry, was), MetadataValues.Check(property.Name, entry, property.Value));
            }
            else
            {
                Add(changes, property.Name, (null, null), MetadataValues.Check(property.Name, entry, property.Value));
            }
        }

        foreach (var (key, was) in old)
        {
            Add(changes, key, MetadataValues.Check(key, schema.Get(key)!, was), (null, null));
        }

        return changes;
    }

    private static void Add(List<MetadataChange> changes, string key, (IndexedValue? Value, MetadataProblem? Problem) before, (IndexedValue? Value, MetadataProblem? Problem) after)
    {
        // Embeddings and locations that conform have no entry either way.
        if (before.Value is not null || before.Problem is not null || after.Value is not null || after.Problem is not null)
        {
            changes.Add(new MetadataChange(key, before.Value, before.Problem, after.Value, after.Problem));
        }
    }
}
