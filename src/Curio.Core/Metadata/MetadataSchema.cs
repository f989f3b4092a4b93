namespace Curio.Core.Metadata;

/// <summary>
/// An organisation's metadata schema: key to entry, one document, replaced whole or edited by the operations below,
/// which follow Encord's SDK rules and wording. Immutable: each operation returns the edited schema.
/// </summary>
public sealed class MetadataSchema
{
    public const int MaxVarcharLength = 8192;
    public const int MaxEnumValues = 255;
    public const int MaxEmbeddingSize = 4096;

    private readonly SortedDictionary<string, SchemaEntry> _entries;

    private MetadataSchema(SortedDictionary<string, SchemaEntry> entries) => _entries = entries;

    public static MetadataSchema Empty { get; } = new(new SortedDictionary<string, SchemaEntry>(StringComparer.Ordinal));

    /// <summary>Every key, tombstones included, in ordinal order.</summary>
    public IReadOnlyDictionary<string, SchemaEntry> Entries => _entries;

    /// <summary>Keys that are not deleted.</summary>
    public IEnumerable<string> Keys => _entries.Where(e => e.Value is not TombstoneEntry).Select(e => e.Key);

    public int Count => _entries.Count;

    public static MetadataSchema From(IEnumerable<KeyValuePair<string, SchemaEntry>> entries)
    {
        var map = new SortedDictionary<string, SchemaEntry>(StringComparer.Ordinal);
        foreach (var (key, entry) in entries)
        {
            MetadataKeys.Check(key);
            map[key] = Checked(key, entry);
        }

        return new MetadataSchema(map);
    }

    /// <summary>The live entry of a key; null when absent or deleted.</summary>
    public SchemaEntry? Get(string key) => _entries.TryGetValue(key, out var entry) && entry is not TombstoneEntry ? entry : null;

    public bool HasKey(string key) => Get(key) is not null;

    public bool IsKeyDeleted(string key) => _entries.TryGetValue(key, out var entry) && entry is TombstoneEntry;

    /// <summary>
    /// Adds a scalar key or changes an existing scalar's type (allowed); a soft-deleted scalar comes back with the new
    /// type. An enum, embedding or geospatial key, or a hard-deleted one, cannot become a scalar.
    /// </summary>
    public MetadataSchema AddScalar(string key, ScalarType type)
    {
        MetadataKeys.Check(key);
        if (_entries.TryGetValue(key, out var existing))
        {
            switch (existing)
            {
                case ScalarEntry:
                case TombstoneEntry { Deleted: ScalarEntry }:
                    break;
                case TombstoneEntry { Deleted: null }:
                    throw new MetadataSchemaException(key, $"{key} was deleted permanently (hard delete) and cannot be defined again.");
                case TombstoneEntry:
                    throw new MetadataSchemaException(key, $"{key} is already defined as a deleted {Describe(((TombstoneEntry)existing).Deleted!)}; restore it with restore_key, or choose another key name.");
                default:
                    throw new MetadataSchemaException(key, $"{key} is already defined as {Describe(existing)}; only a scalar key can change its type.");
            }
        }

        return With(key, new ScalarEntry(type));
    }

    /// <summary>A scalar type by any of the names Encord accepts (<c>string</c> and <c>long_string</c> are aliases).</summary>
    public static ScalarType ParseScalarType(string key, string name) => name.ToLowerInvariant() switch
    {
        "boolean" => ScalarType.Boolean,
        "datetime" => ScalarType.Datetime,
        "number" => ScalarType.Number,
        "uuid" => ScalarType.Uuid,
        "varchar" or "string" => ScalarType.Varchar,
        "text" or "long_string" => ScalarType.Text,
        "enum" => throw new MetadataSchemaException(key, $"{key}: an enum key is added with add_enum and its options."),
        "embedding" => throw new MetadataSchemaException(key, $"{key}: an embedding key is added with add_embedding and its size."),
        _ => throw new MetadataSchemaException(key, $"{key}: '{name}' is not a scalar type; use boolean, datetime, number, uuid, varchar (alias string) or text (alias long_string)."),
    };

    public MetadataSchema AddEnum(string key, IEnumerable<string> values)
    {
        MetadataKeys.Check(key);
        RequireNew(key);
        var options = Options(key, values, []);
        return With(key, new EnumEntry(options));
    }

    public MetadataSchema AddEnumOptions(string key, IEnumerable<string> values)
    {
        MetadataKeys.Check(key);
        if (Get(key) is not EnumEntry existing)
        {
            throw new MetadataSchemaException(key, _entries.ContainsKey(key)
                ? $"{key} is not an enum key; options can only be added to an enum."
                : $"{key} is not in the schema; add it first with add_enum.");
        }

        return With(key, new EnumEntry(Options(key, values, existing.Values)));
    }

    public MetadataSchema AddEmbedding(string key, int size)
    {
        MetadataKeys.Check(key);
        RequireNew(key);
        if (size is <= 0 or > MaxEmbeddingSize)
        {
            throw new MetadataSchemaException(key, $"{key}: an embedding has 1 to {MaxEmbeddingSize} dimensions, not {size}.");
        }

        return With(key, new EmbeddingEntry(size));
    }

    public MetadataSchema AddGeospatial(string key)
    {
        MetadataKeys.Check(key);
        RequireNew(key);
        return With(key, new GeospatialEntry());
    }

    /// <summary>Deletes a key: soft keeps its definition for <see cref="RestoreKey"/>; hard forgets it for good.</summary>
    public MetadataSchema DeleteKey(string key, bool hard = false)
    {
        if (!_entries.TryGetValue(key, out var existing))
        {
            throw new MetadataSchemaException(key, $"{key} is not in the schema.");
        }

        return existing switch
        {
            TombstoneEntry { Deleted: null } => throw new MetadataSchemaException(key, $"{key} is already deleted permanently."),
            TombstoneEntry tomb when hard => With(key, tomb with { Deleted = null }),
            TombstoneEntry => throw new MetadataSchemaException(key, $"{key} is already deleted; restore it with restore_key, or delete it with hard=true to forget it."),
            _ => With(key, new TombstoneEntry(hard ? null : existing)),
        };
    }

    public MetadataSchema RestoreKey(string key) => _entries.TryGetValue(key, out var existing) switch
    {
        false => throw new MetadataSchemaException(key, $"{key} is not in the schema."),
        _ when existing is TombstoneEntry { Deleted: { } deleted } => With(key, deleted),
        _ when existing is TombstoneEntry => throw new MetadataSchemaException(key, $"{key} was deleted permanently (hard delete) and cannot be restored."),
        _ => throw new MetadataSchemaException(key, $"{key} is not deleted."),
    };

    /// <summary>Names a key's type in messages: "a varchar", "an enum", ...</summary>
    public static string Describe(SchemaEntry entry) => entry switch
    {
        ScalarEntry s => s.Type switch
        {
            ScalarType.Boolean => "a boolean",
            ScalarType.Datetime => "a datetime",
            ScalarType.Number => "a number",
            ScalarType.Uuid => "a uuid",
            ScalarType.Varchar => "a varchar",
            _ => "a text",
        },
        EnumEntry => "an enum",
        EmbeddingEntry e => $"an embedding of size {e.Size}",
        GeospatialEntry => "a geospatial",
        UserEntry => "a user",
        _ => "a deleted key",
    };

    private void RequireNew(string key)
    {
        if (_entries.TryGetValue(key, out var existing))
        {
            throw new MetadataSchemaException(key, existing is TombstoneEntry
                ? $"{key} is already defined (deleted); restore it with restore_key, or choose another key name."
                : $"{key} is already defined as {Describe(existing)}.");
        }
    }

    private static string[] Options(string key, IEnumerable<string> values, IReadOnlyList<string> existing)
    {
        var added = values.ToList();
        if (added.Count == 0)
        {
            throw new MetadataSchemaException(key, "Must provide at least 1 value");
        }

        var all = new SortedSet<string>(existing, StringComparer.Ordinal);
        foreach (var value in added)
        {
            if (string.IsNullOrEmpty(value))
            {
                throw new MetadataSchemaException(key, $"{key}: an enum option cannot be empty.");
            }

            all.Add(value);
        }

        if (all.Count > MaxEnumValues)
        {
            throw new MetadataSchemaException(key, $"Cannot provide more than 256 values: {key} would have {all.Count} options (at most {MaxEnumValues}).");
        }

        return [.. all];
    }

    private static SchemaEntry Checked(string key, SchemaEntry entry)
    {
        switch (entry)
        {
            case EnumEntry e:
                return new EnumEntry(Options(key, e.Values, []));
            case EmbeddingEntry { Size: <= 0 or > MaxEmbeddingSize } e:
                throw new MetadataSchemaException(key, $"{key}: an embedding has 1 to {MaxEmbeddingSize} dimensions, not {e.Size}.");
            case ScalarEntry { MaxLength: <= 0 or > MaxVarcharLength } s:
                throw new MetadataSchemaException(key, $"{key}: a varchar's max_length is 1 to {MaxVarcharLength}, not {s.MaxLength}.");
            case TombstoneEntry { Deleted: TombstoneEntry }:
                throw new MetadataSchemaException(key, $"{key}: a tombstone cannot hold another tombstone.");
            case TombstoneEntry { Deleted: { } deleted }:
                return new TombstoneEntry(Checked(key, deleted));
            default:
                return entry;
        }
    }

    private MetadataSchema With(string key, SchemaEntry entry) =>
        new(new SortedDictionary<string, SchemaEntry>(_entries, StringComparer.Ordinal) { [key] = entry });
}
