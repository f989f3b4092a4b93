using Curio.Core.Metadata;

namespace Curio.Core.Filtering;

/// <summary>The built-in item fields a filter can use (written <c>$name</c>, or plain when no schema key has the name).</summary>
public enum ItemField
{
    Type,
    Name,
    CreatedAt,
    EditedAt,
    Size,
    MimeType,
    Width,
    Height,
    Duration,
    Fps,
    FrameCount,
}

/// <summary>What a filter compares: a built-in field or a schema key, with the kind of value it holds.</summary>
public abstract record BoundTarget(IndexKind Kind);

public sealed record FieldTarget(ItemField Field, IndexKind Kind) : BoundTarget(Kind);

public sealed record MetadataTarget(string Key, IndexKind Kind) : BoundTarget(Kind);

/// <summary>A literal typed for its target: booleans 0/1 and datetimes (UTC microseconds) in <see cref="Whole"/>, numbers in <see cref="Number"/>, text, UUIDs.</summary>
public readonly record struct BoundValue(long Whole = 0, double Number = 0, string? Text = null, Guid Uuid = default);

public abstract record BoundFilter;

public sealed record BoundAnd(IReadOnlyList<BoundFilter> Operands) : BoundFilter;

public sealed record BoundOr(IReadOnlyList<BoundFilter> Operands) : BoundFilter;

public sealed record BoundNot(BoundFilter Operand) : BoundFilter;

public sealed record BoundCompare(BoundTarget Target, CompareOp Op, BoundValue Value) : BoundFilter;

public sealed record BoundIn(BoundTarget Target, IReadOnlyList<BoundValue> Values, bool Negated) : BoundFilter;

public sealed record BoundBetween(BoundTarget Target, BoundValue Low, BoundValue High) : BoundFilter;

public sealed record BoundTextMatch(BoundTarget Target, TextMatch Match, string Text) : BoundFilter;

public sealed record BoundExists(BoundTarget Target) : BoundFilter;

/// <summary>A filter that parses but does not fit the schema: an unknown key, a value of the wrong type, an operator the type has no use for.</summary>
public sealed class FilterBindException(string message) : Exception(message);

/// <summary>
/// Resolves a parsed filter against the metadata schema: each key to a schema key (plain names first) or a built-in
/// field (<c>$name</c>, or a plain name no schema key has), each literal to the key's type, each operator checked
/// against what the type allows. Keys not in the schema are not indexed, so they cannot be filtered: the error says so.
/// </summary>
public static class FilterBinder
{
    private static readonly Dictionary<string, (ItemField Field, IndexKind Kind)> Fields = new(StringComparer.Ordinal)
    {
        ["type"] = (ItemField.Type, IndexKind.Enum),
        ["name"] = (ItemField.Name, IndexKind.Varchar),
        ["created_at"] = (ItemField.CreatedAt, IndexKind.Datetime),
        ["edited_at"] = (ItemField.EditedAt, IndexKind.Datetime),
        ["size"] = (ItemField.Size, IndexKind.Number),
        ["mime_type"] = (ItemField.MimeType, IndexKind.Varchar),
        ["width"] = (ItemField.Width, IndexKind.Number),
        ["height"] = (ItemField.Height, IndexKind.Number),
        ["duration"] = (ItemField.Duration, IndexKind.Number),
        ["fps"] = (ItemField.Fps, IndexKind.Number),
        ["frame_count"] = (ItemField.FrameCount, IndexKind.Number),
    };

    /// <summary>The wire names of item types, for <c>type = "video"</c>.</summary>
    public static IReadOnlyList<string> ItemTypes { get; } =
        ["video", "image", "group", "imageGroup", "imageSequence", "dicomFile", "dicomSeries", "audio", "nifti", "plainText", "pdf", "scene"];

    public static IEnumerable<string> FieldNames => Fields.Keys;

    public static BoundFilter Bind(FilterNode node, MetadataSchema schema) => node switch
    {
        AndNode and => new BoundAnd([.. and.Operands.Select(o => Bind(o, schema))]),
        OrNode or => new BoundOr([.. or.Operands.Select(o => Bind(o, schema))]),
        NotNode not => new BoundNot(Bind(not.Operand, schema)),
        CompareNode c => Compare(Target(c.Key, schema), c.Op, c.Value, schema),
        InNode i => In(Target(i.Key, schema), i, schema),
        BetweenNode b => Between(Target(b.Key, schema), b, schema),
        TextMatchNode t => TextMatch(Target(t.Key, schema), t),
        ExistsNode e => new BoundExists(Target(e.Key, schema)),
        _ => throw new FilterBindException($"'{node}' is not a filter this server knows."),
    };

    /// <summary>The target of a sort: a built-in field or a schema key with an orderable type.</summary>
    public static BoundTarget SortTarget(string key, MetadataSchema schema)
    {
        var builtIn = key.StartsWith('$');
        var target = Target(new FilterKey(builtIn ? key[1..] : key, builtIn), schema);
        if (target.Kind is IndexKind.Text)
        {
            throw new FilterBindException($"{Name(target)} is a text key; sort by a varchar, number, datetime, boolean, uuid or enum key.");
        }

        return target;
    }

    private static BoundTarget Target(FilterKey key, MetadataSchema schema)
    {
        if (!key.BuiltIn && schema.Get(key.Name) is { } entry)
        {
            return entry switch
            {
                ScalarEntry s => new MetadataTarget(key.Name, Kind(s.Type)),
                EnumEntry => new MetadataTarget(key.Name, IndexKind.Enum),
                _ => throw new FilterBindException($"'{key.Name}' is {MetadataSchema.Describe(entry)} key; filters compare scalar and enum keys (embeddings are searched by similarity)."),
            };
        }

        if (Fields.TryGetValue(key.Name, out var field))
        {
            return new FieldTarget(field.Field, field.Kind);
        }

        throw new FilterBindException(key.BuiltIn
            ? $"'${key.Name}' is not a built-in field; use one of {string.Join(", ", Fields.Keys.Select(k => "$" + k))}."
            : schema.IsKeyDeleted(key.Name)
                ? $"'{key.Name}' was deleted from the metadata schema; restore it to filter by it."
                : $"'{key.Name}' is not a key of the metadata schema (only schema keys are indexed, so only they can be filtered) and not a built-in field ({string.Join(", ", Fields.Keys)}). Add it to the schema, or check its spelling and case.");
    }

    private static IndexKind Kind(ScalarType type) => type switch
    {
        ScalarType.Boolean => IndexKind.Boolean,
        ScalarType.Number => IndexKind.Number,
        ScalarType.Datetime => IndexKind.Datetime,
        ScalarType.Uuid => IndexKind.Uuid,
        ScalarType.Varchar => IndexKind.Varchar,
        _ => IndexKind.Text,
    };

    private static BoundCompare Compare(BoundTarget target, CompareOp op, FilterLiteral literal, MetadataSchema schema)
    {
        if (op is not (CompareOp.Equal or CompareOp.NotEqual) && target.Kind is IndexKind.Boolean or IndexKind.Uuid)
        {
            throw new FilterBindException($"{Name(target)} is {Kind(target.Kind)}: compare it with = or !=.");
        }

        return new BoundCompare(target, op, Value(target, literal, schema));
    }

    private static BoundIn In(BoundTarget target, InNode node, MetadataSchema schema) =>
        new(target, [.. node.Values.Select(v => Value(target, v, schema))], node.Negated);

    private static BoundBetween Between(BoundTarget target, BetweenNode node, MetadataSchema schema)
    {
        if (target.Kind is IndexKind.Boolean or IndexKind.Uuid)
        {
            throw new FilterBindException($"{Name(target)} is {Kind(target.Kind)}: 'between' needs an ordered type (number, datetime, varchar).");
        }

        return new BoundBetween(target, Value(target, node.Low, schema), Value(target, node.High, schema));
    }

    private static BoundTextMatch TextMatch(BoundTarget target, TextMatchNode node)
    {
        if (target.Kind is not (IndexKind.Varchar or IndexKind.Text or IndexKind.Enum))
        {
            throw new FilterBindException($"{Name(target)} is {Kind(target.Kind)}: '{(node.Match == Filtering.TextMatch.Prefix ? "prefix" : "contains")}' applies to text (varchar, text, enum).");
        }

        return new BoundTextMatch(target, node.Match, node.Text);
    }

    private static BoundValue Value(BoundTarget target, FilterLiteral literal, MetadataSchema schema)
    {
        switch (target.Kind, literal)
        {
            case (IndexKind.Boolean, BooleanLiteral b):
                return new BoundValue(Whole: b.Value ? 1 : 0);
            case (IndexKind.Number, NumberLiteral n):
                return new BoundValue(Number: n.Value);
            case (IndexKind.Datetime, StringLiteral s) when MetadataValues.TryDatetime(s.Value, out var time):
                return new BoundValue(Whole: MetadataValues.ToMicros(time));
            case (IndexKind.Uuid, StringLiteral s) when Guid.TryParseExact(s.Value, "D", out var uuid):
                return new BoundValue(Uuid: uuid);
            case (IndexKind.Varchar or IndexKind.Text, StringLiteral s):
                return new BoundValue(Text: s.Value);
            case (IndexKind.Enum, StringLiteral s):
                var options = target is MetadataTarget m ? ((EnumEntry)schema.Get(m.Key)!).Values : ItemTypes;
                return options.Contains(s.Value, StringComparer.Ordinal)
                    ? new BoundValue(Text: s.Value)
                    : throw new FilterBindException($"{Name(target)} has no option \"{s.Value}\"; its options are {string.Join(", ", options.Select(o => $"\"{o}\""))}.");
            default:
                throw new FilterBindException($"{Name(target)} is {Kind(target.Kind)}, so {literal} cannot be compared with it; write {Example(target.Kind)}.");
        }
    }

    private static string Name(BoundTarget target) => target switch
    {
        FieldTarget f => "$" + Fields.First(x => x.Value.Field == f.Field).Key,
        MetadataTarget m => $"'{m.Key}'",
        _ => "?",
    };

    private static string Kind(IndexKind kind) => kind switch
    {
        IndexKind.Boolean => "a boolean",
        IndexKind.Number => "a number",
        IndexKind.Datetime => "a datetime",
        IndexKind.Uuid => "a uuid",
        IndexKind.Varchar => "a varchar",
        IndexKind.Text => "a text",
        _ => "an enum",
    };

    private static string Example(IndexKind kind) => kind switch
    {
        IndexKind.Boolean => "true or false",
        IndexKind.Number => "a number such as 42 or 0.5",
        IndexKind.Datetime => "an ISO 8601 date in double quotes, such as \"2024-01-31\" or \"2024-01-31T12:00:00Z\"",
        IndexKind.Uuid => "a UUID in double quotes",
        _ => "a string in double quotes",
    };
}
