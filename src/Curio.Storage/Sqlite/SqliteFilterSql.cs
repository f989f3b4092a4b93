using System.Globalization;
using Curio.Core.Filtering;
using Curio.Core.Metadata;
using Microsoft.Data.Sqlite;

namespace Curio.Storage.Sqlite;

/// <summary>
/// Turns a bound filter into a predicate over <c>items i</c>, with its parameters added to the command. A schema key is
/// matched through its typed index table: the item's row for the key is one seek on the table's (key, item) primary key,
/// and the condition is tested on its value (<c>coalesce((SELECT value &gt;= .. FROM meta_number WHERE key_id = .. AND
/// item_id = i.id), 0)</c>), so no JSON is read. An item without a value for a key matches no comparison on it (as in
/// SQL); <c>NOT</c> includes it. <see cref="SqliteFilterPlan"/> decides when a key's rows drive the page instead.
/// </summary>
internal sealed class SqliteFilterSql(SqliteCommand command, string itemId = "i.id")
{
    // The largest code point: a prefix followed by it sorts after every string that starts with the prefix.
    private const string MaxChar = "\U0010FFFF";

    private int _next;

    public string Predicate(BoundFilter filter) => filter switch
    {
        BoundAnd and => "(" + string.Join(" AND ", and.Operands.Select(Predicate)) + ")",
        BoundOr or => "(" + string.Join(" OR ", or.Operands.Select(Predicate)) + ")",
        BoundNot not => "NOT " + Predicate(not.Operand),
        _ => Match(TargetOf(filter), filter),
    };

    public static BoundTarget TargetOf(BoundFilter leaf) => FilterShapes.TargetOf(leaf);

    /// <summary>A single comparison as SQL over <paramref name="column"/> (a column holding the target's value).</summary>
    public string Condition(BoundFilter leaf, string column)
    {
        var format = leaf switch
        {
            BoundCompare c => $"{{0}} {Operator(c.Op)} {Value(c.Target, c.Value)}",
            BoundIn i => $"{{0}} {(i.Negated ? "NOT IN" : "IN")} ({string.Join(", ", i.Values.Select(v => Value(i.Target, v)))})",
            BoundBetween b => $"{{0}} BETWEEN {Value(b.Target, b.Low)} AND {Value(b.Target, b.High)}",
            BoundTextMatch { Match: TextMatch.Prefix } t => $"{{0}} >= {Parameter(t.Text)} AND {{0}} < {Parameter(t.Text + MaxChar)}",
            BoundTextMatch t => $"instr({{0}}, {Parameter(t.Text)}) > 0",
            BoundExists => "{0} IS NOT NULL",
            _ => throw new ArgumentOutOfRangeException(nameof(leaf), leaf, "unknown filter node"),
        };
        return string.Format(CultureInfo.InvariantCulture, format, column);
    }

    public static string Table(IndexKind kind) => SqliteMetadataIndex.Tables[(int)kind];

    /// <summary>The table's (key, value) index, which holds (key, value, item).</summary>
    public static string ValueIndex(IndexKind kind) => "ix_" + Table(kind) + "_value";

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

    private string Match(BoundTarget target, BoundFilter leaf) => target switch
    {
        // Never NULL, so NOT and OR behave: an item without the value simply does not match.
        FieldTarget f => $"({Column(f.Field)} IS NOT NULL AND {Condition(leaf, Column(f.Field))})",
        // A scalar subquery rather than EXISTS: SQLite may turn EXISTS into a join and then seek it by value (a range
        // over the whole key) instead of by (key, item); this form is always one primary-key seek.
        MetadataTarget m => $"coalesce((SELECT {Condition(leaf, "value")} FROM {Table(m.Kind)} WHERE key_id = {KeyId(m.Key)} AND item_id = {itemId}), 0)",
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
