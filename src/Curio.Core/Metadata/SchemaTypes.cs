namespace Curio.Core.Metadata;

/// <summary>The scalar types of a metadata schema, as Encord's SDK names them (<c>hint</c> of a <c>variant</c>).</summary>
public enum ScalarType
{
    Boolean,
    Datetime,
    Number,
    Uuid,
    Varchar,
    Text,
}

/// <summary>What a schema key holds, as reported by <c>get_key_type</c>.</summary>
public enum SchemaKeyType
{
    Boolean,
    Datetime,
    Number,
    Uuid,
    Varchar,
    Text,
    Enum,
    Embedding,
    Geospatial,

    /// <summary>Encord's strict <c>user</c> type: parsed and kept, values stored unindexed.</summary>
    User,
}

/// <summary>One key of the schema: a discriminated union on Encord's <c>ty</c>.</summary>
public abstract record SchemaEntry
{
    /// <summary>The type a value must have; null for a tombstone.</summary>
    public abstract SchemaKeyType? KeyType { get; }
}

/// <summary>
/// A scalar key. <paramref name="Strict"/> is false for the SDK's <c>{"ty": "variant", "hint": ...}</c> form and true
/// for the strict forms (<c>{"ty": "number", "format": "F64"}</c>, ...) the SDK parses but never creates; both are kept
/// as read so the document round-trips.
/// </summary>
public sealed record ScalarEntry(ScalarType Type, bool Strict = false, int? MaxLength = null, string? NumberFormat = null, string? Timezone = null) : SchemaEntry
{
    public override SchemaKeyType? KeyType => (SchemaKeyType)(int)Type;

    /// <summary>Longest value a varchar takes (Encord: 8192, the default and the maximum).</summary>
    public int VarcharLimit => MaxLength ?? MetadataSchema.MaxVarcharLength;
}

/// <summary>An enum key; options are kept sorted (ordinal), as Encord stores them.</summary>
public sealed record EnumEntry(IReadOnlyList<string> Values) : SchemaEntry
{
    public override SchemaKeyType? KeyType => SchemaKeyType.Enum;

    public bool Equals(EnumEntry? other) => other is not null && Values.SequenceEqual(other.Values, StringComparer.Ordinal);

    public override int GetHashCode() => Values.Count;
}

/// <summary>An embedding key of a fixed size; <paramref name="Api"/> is the server-side search configuration, kept as raw JSON.</summary>
public sealed record EmbeddingEntry(int Size, string? Api = null) : SchemaEntry
{
    public override SchemaKeyType? KeyType => SchemaKeyType.Embedding;
}

/// <summary>A geospatial key: values are <c>{"latitude": -90..90, "longitude": -180..180}</c>.</summary>
public sealed record GeospatialEntry : SchemaEntry
{
    public override SchemaKeyType? KeyType => SchemaKeyType.Geospatial;
}

/// <summary>Encord's <c>user</c> strict type: kept as read; its values are not checked or indexed.</summary>
public sealed record UserEntry : SchemaEntry
{
    public override SchemaKeyType? KeyType => SchemaKeyType.User;
}

/// <summary>A deleted key. A soft delete keeps the old entry so the key can be restored; a hard delete keeps none.</summary>
public sealed record TombstoneEntry(SchemaEntry? Deleted) : SchemaEntry
{
    public override SchemaKeyType? KeyType => null;
}
