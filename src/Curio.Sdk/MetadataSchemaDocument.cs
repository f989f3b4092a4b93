using System.Text.Json;

namespace Curio.Sdk;

/// <summary>
/// The organisation's metadata schema as the server sent it: Encord's v2 document (key to <c>{"ty": ...}</c>, e.g.
/// <c>{"camera": {"ty": "enum", "values": ["front", "rear"]}, "score": {"ty": "variant", "hint": "number"}}</c>),
/// with read helpers shaped like Encord's <c>MetadataSchema</c>. Immutable: an edit returns a new document.
/// </summary>
/// <remarks>
/// The helpers read the document only; the server owns the rules (which types may change, which keys are valid).
/// A definition of an unknown <c>ty</c> (from a newer server) is reported as that <c>ty</c> rather than refused.
/// </remarks>
public sealed class MetadataSchemaDocument
{
    private const string Tombstone = "tombstone";

    private readonly Dictionary<string, JsonElement> _definitions;

    /// <summary>Reads a v2 document; tests and callers with a document at hand may make their own.</summary>
    /// <param name="document">The document: a JSON object of key to definition, or JSON <c>null</c> for an empty schema (Encord's answer).</param>
    /// <param name="version">The schema version the server stated (<c>Curio-Schema-Version</c>); null when unknown.</param>
    /// <exception cref="ArgumentException">The document is not an object of objects.</exception>
    public MetadataSchemaDocument(JsonElement document, long? version = null)
    {
        if (document.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            throw new ArgumentException($"A metadata schema is a JSON object of key to definition, not {document.ValueKind}.", nameof(document));
        }

        Document = document.Clone();
        Version = version;
        _definitions = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (document.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in Document.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.Object)
                {
                    throw new ArgumentException($"The definition of key '{property.Name}' is {property.Value.ValueKind}, not an object with a \"ty\".", nameof(document));
                }

                _definitions[property.Name] = property.Value;
            }
        }

        // Ordinal order, as the server keeps them, so listings are stable whatever order the JSON had.
        AllKeys = [.. _definitions.Keys.Order(StringComparer.Ordinal)];
        Keys = [.. AllKeys.Where(k => Ty(_definitions[k]) != Tombstone)];
        DeletedKeys = [.. AllKeys.Where(k => Ty(_definitions[k]) == Tombstone)];
    }

    /// <summary>
    /// The schema version (each change adds one), from <see cref="CurioClient.GetMetadataSchemaAsync"/> and
    /// <see cref="CurioClient.ReplaceMetadataSchemaAsync(JsonElement, CancellationToken)"/>; null when the response did not state it
    /// (the key-by-key edits answer with the document only).
    /// </summary>
    public long? Version { get; }

    /// <summary>The whole v2 document, as received; pass it (edited) to <see cref="CurioClient.ReplaceMetadataSchemaAsync(JsonElement, CancellationToken)"/>.</summary>
    public JsonElement Document { get; }

    /// <summary>The keys in use (not deleted), in ordinal order.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>The deleted keys (tombstones: soft-deleted ones can be restored, hard-deleted ones cannot be defined again), in ordinal order.</summary>
    public IReadOnlyList<string> DeletedKeys { get; }

    /// <summary>Every key of the document, deleted ones included, in ordinal order.</summary>
    public IReadOnlyList<string> AllKeys { get; }

    /// <summary>Whether the key is defined and not deleted (keys are case-sensitive).</summary>
    /// <param name="key">The schema key.</param>
    /// <returns>True for a live key.</returns>
    public bool HasKey(string key) => GetKeyType(key) is not null;

    /// <summary>Whether the key is deleted (soft or hard).</summary>
    /// <param name="key">The schema key.</param>
    /// <returns>True for a tombstone.</returns>
    public bool IsKeyDeleted(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _definitions.TryGetValue(key, out var definition) && Ty(definition) == Tombstone;
    }

    /// <summary>
    /// The key's type: <c>boolean</c>, <c>datetime</c>, <c>number</c>, <c>uuid</c>, <c>varchar</c>, <c>text</c>,
    /// <c>enum</c>, <c>embedding</c>, <c>geospatial</c> or <c>user</c>; null when the key is absent or deleted.
    /// Scalars (<c>{"ty": "variant", "hint": "number"}</c>) give their hint; strict types give their <c>ty</c>.
    /// </summary>
    /// <param name="key">The schema key.</param>
    /// <returns>The type name, or null.</returns>
    public string? GetKeyType(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _definitions.TryGetValue(key, out var definition) ? TypeOf(definition) : null;
    }

    /// <summary>The type a soft-deleted key had (what <see cref="CurioClient.RestoreMetadataKeyAsync"/> brings back); null otherwise.</summary>
    /// <param name="key">The schema key.</param>
    /// <returns>The type name, or null for a key that is live, absent, or deleted hard.</returns>
    public string? GetDeletedKeyType(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _definitions.TryGetValue(key, out var definition) && Ty(definition) == Tombstone
            && definition.TryGetProperty("deleted_ty", out var deleted) && deleted.ValueKind == JsonValueKind.Object
                ? TypeOf(deleted)
                : null;
    }

    /// <summary>The options of an enum key, in the schema's order; null when the key is not a live enum.</summary>
    /// <param name="key">The schema key.</param>
    /// <returns>The options, or null.</returns>
    public IReadOnlyList<string>? GetEnumOptions(string key)
    {
        if (GetKeyType(key) != "enum" || !_definitions[key].TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        return [.. values.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)];
    }

    /// <summary>The number of dimensions of an embedding key; null when the key is not a live embedding.</summary>
    /// <param name="key">The schema key.</param>
    /// <returns>The size, or null.</returns>
    public int? GetEmbeddingSize(string key) =>
        GetKeyType(key) == "embedding" && _definitions[key].TryGetProperty("size", out var size) && size.TryGetInt32(out var n) ? n : null;

    /// <summary>The document as compact JSON.</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString() => Document.GetRawText();

    private static string? TypeOf(JsonElement definition) => Ty(definition) switch
    {
        Tombstone or null => null,
        "variant" => definition.TryGetProperty("hint", out var hint) && hint.ValueKind == JsonValueKind.String ? Canonical(hint.GetString()!) : null,
        var ty => ty,
    };

    // Encord's SDK accepts these aliases; a document written by hand may carry them.
    private static string Canonical(string hint) => hint switch
    {
        "string" => "varchar",
        "long_string" => "text",
        _ => hint,
    };

    private static string? Ty(JsonElement definition) =>
        definition.TryGetProperty("ty", out var ty) && ty.ValueKind == JsonValueKind.String ? ty.GetString() : null;
}
