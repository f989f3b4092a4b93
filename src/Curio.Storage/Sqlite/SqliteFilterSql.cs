using Curio.Core.Filtering;
using Curio.Core.Metadata;
using Microsoft.Data.Sqlite;

namespace Curio.Storage.Sqlite;

/// <summary>
/// Turns a bound filter into a predicate over <c>items i</c>, with its parameters added to the command. A schema key is
/// matched through its typed index table (<c>i.id IN (SELECT item_id FROM meta_number WHERE key_id = .. AND value
/// &gt;= ..)</c>), so equality, ranges, <c>in</c> and prefixes walk the (key, value, item) B-tree and never read JSON.
/// An item without a value for a key matches no comparison on it (as in SQL); <c>NOT</c> includes it.
/// </summary>
internal sealed class SqliteFilterSql(SqliteCommand command)
{
    // The largest code point: a prefix followed by it sorts after every string that starts with the prefix.
    private const string MaxChar = "\U0010FFFF";

    private int _next;

    public string Predicate(BoundFilter filter) => filter switch
    {
        BoundAnd and => "(" + string.Join(" AND ", and.Operands.Select(Predicate)) + ")",
        BoundOr or => "(" + string.Join(" OR ", or.Operands.Select(Predicate)) + ")",
        BoundNot not => "NOT " + Predicate(not.Operand),
        BoundCompare c => Match(c.Target, $"{{0}} {Operator(c.Op)} {Value(c.Target, c.Value)}"),
        BoundIn i => Match(i.Target, $"{{0}} {(i.Negated ? "NOT IN" : "IN")} ({string.Join(", ", i.Values.Select(v => Value(i.Target, v)))})"),
        BoundBetween b => Match(b.Target, $"{{0}} BETWEEN {Value(b.Target, b.Low)} AND {Value(b.Target, b.High)}"),
        BoundTextMatch { Match: TextMatch.Prefix } t => Match(t.Target, $"{{0}} >= {Parameter(t.Text)} AND {{0}} < {Parameter(t.Text + MaxChar)}"),
        BoundTextMatch t => Match(t.Target, $"instr({{0}}, {Parameter(t.Text)}) > 0"),
        BoundExists e => Match(e.Target, "{0} IS NOT NULL"),
        _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, "unknown filter node"),
    };

    public static string Table(IndexKind kind) => SqliteMetadataIndex.Tables[(int)kind];

    public static string Column(ItemField field) => field switch
    {
        ItemField.Type => "i.item_type",
        ItemField.Name => "i.name",
        ItemField.CreatedAt => "i.created_at",
        ItemField.EditedAt => "i.last_edited_at",
        ItemField.Size => "i.file_size",
        ItemField.MimeType => "i.mime_type",
        ItemField.Width => "i.width",
        ItemField.Height => "i.height",
        ItemField.Duration => "i.duration",
        ItemField.Fps => "i.fps",
        _ => "i.frame_count",
    };

    /// <summary>A scalar subquery for a schema key's id (-1, which matches nothing, before any item has a value for it).</summary>
    public string KeyId(string key) => $"coalesce((SELECT id FROM metadata_keys WHERE name = {Parameter(key)}), -1)";

    /// <summary>A bound value as the column or index table stores it, as a parameter.</summary>
    public string Value(BoundTarget target, BoundValue value) => target.Kind switch
    {
        // Item times are milliseconds; index times microseconds.
        IndexKind.Datetime when target is FieldTarget => Parameter(value.Whole / 1000),
        IndexKind.Boolean or IndexKind.Datetime => Parameter(value.Whole),
        IndexKind.Number => Parameter(value.Number),
        IndexKind.Uuid => Parameter(value.Uuid.ToBlob()),
        _ => Parameter(value.Text ?? ""),
    };

    public string Parameter(object value)
    {
        var name = "$f" + _next++;
        command.Parameters.AddWithValue(name, value);
        return name;
    }

    private string Match(BoundTarget target, string condition) => target switch
    {
        // Never NULL, so NOT and OR behave: an item without the value simply does not match.
        FieldTarget f => $"({Column(f.Field)} IS NOT NULL AND {string.Format(System.Globalization.CultureInfo.InvariantCulture, condition, Column(f.Field))})",
        MetadataTarget m => $"i.id IN (SELECT item_id FROM {Table(m.Kind)} WHERE key_id = {KeyId(m.Key)} AND {string.Format(System.Globalization.CultureInfo.InvariantCulture, condition, "value")})",
        _ => throw new ArgumentOutOfRangeException(nameof(target)),
    };

    private static string Operator(CompareOp op) => op switch
    {
        CompareOp.Equal => "=",
        CompareOp.NotEqual => "<>",
        CompareOp.LessThan => "<",
        CompareOp.LessThanOrEqual => "<=",
        CompareOp.GreaterThan => ">",
        _ => ">=",
    };
}
