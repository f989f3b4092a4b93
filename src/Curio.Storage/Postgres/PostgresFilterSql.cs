using System.Globalization;
using Curio.Core.Filtering;
using Curio.Core.Metadata;
using Npgsql;

namespace Curio.Storage.Postgres;

/// <summary>
/// Turns a bound filter into a predicate over <c>items i</c>, with its parameters added to the command. A schema key is
/// matched through its typed index table as a semi-join, <c>EXISTS (SELECT 1 FROM meta_number m WHERE m.key_id = 7 AND
/// m.item_id = i.id AND m.value &gt;= $1)</c>, never by reading the jsonb: PostgreSQL's planner turns a top-level
/// EXISTS into a semi-join and chooses, from its statistics, between seeking each item's row by the (key, item) primary
/// key and reading the condition's rows from the (key, value, item) index; under OR and NOT it stays a per-item seek.
/// An item without a value for a key matches no comparison on it (as in SQL); <c>NOT</c> includes it, as on SQLite.
/// </summary>
/// <remarks>
/// Key ids are resolved before the SQL is written (<see cref="KeysAsync"/>) and written into it as literals, so the
/// planner estimates with the key's own statistics; a key no item has a value for yet matches nothing (<c>false</c>).
/// Varchar and text values can be longer than a B-tree entry, so their (key, value) index holds
/// <see cref="Indexed"/>(value): an equality, range or prefix compares that too (which the index answers) and then the
/// whole value.
/// </remarks>
/// <param name="command">The command the parameters are added to.</param>
/// <param name="keys">The ids of the keys the filter names that exist.</param>
/// <param name="itemAfter">
/// Where the page starts when it is in id order (<c>i.id &gt; after</c>): stated in each key's semi-join as well, since
/// the planner does not carry an inequality across the join, so that an index walk starts there and not at the key's
/// first row.
/// </param>
internal sealed class PostgresFilterSql(NpgsqlCommand command, IReadOnlyDictionary<string, long> keys, string? itemAfter = null)
{
    /// <summary>How many characters of a varchar or text value its (key, value) index holds.</summary>
    public const int IndexedLength = 256;

    // The largest code point: a prefix followed by it sorts after every string that starts with the prefix (the index
    // tables' values are COLLATE "C", which orders UTF-8 bytes, that is code points).
    private const string MaxChar = "\U0010FFFF";

    private int _next;

    /// <summary>The indexed part of a varchar or text value (the expression the value index is built on).</summary>
    public static string Indexed(string value) => $"left({value}, {IndexedLength})";

    public string Predicate(BoundFilter filter) => filter switch
    {
        BoundAnd and => "(" + string.Join(" AND ", and.Operands.Select(Predicate)) + ")",
        BoundOr or => "(" + string.Join(" OR ", or.Operands.Select(Predicate)) + ")",
        BoundNot not => "NOT " + Predicate(not.Operand),
        _ => Match(TargetOf(filter), filter),
    };

    public static BoundTarget TargetOf(BoundFilter leaf) => FilterShapes.TargetOf(leaf);

    /// <summary>The schema keys a filter (and a sort or count target) names, for <see cref="KeysAsync"/>.</summary>
    public static IEnumerable<string> KeysOf(BoundFilter? filter, params BoundTarget?[] targets)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (filter is not null)
        {
            Collect(filter, names);
        }

        foreach (var target in targets)
        {
            if (target is MetadataTarget m)
            {
                names.Add(m.Key);
            }
        }

        return names;

        static void Collect(BoundFilter filter, HashSet<string> names)
        {
            switch (filter)
            {
                case BoundAnd and:
                    and.Operands.ToList().ForEach(o => Collect(o, names));
                    break;
                case BoundOr or:
                    or.Operands.ToList().ForEach(o => Collect(o, names));
                    break;
                case BoundNot not:
                    Collect(not.Operand, names);
                    break;
                default:
                    if (TargetOf(filter) is MetadataTarget m)
                    {
                        names.Add(m.Key);
                    }

                    break;
            }
        }
    }

    /// <summary>The ids of the named keys that exist (a key gets one when the first value for it is indexed).</summary>
    public static async Task<Dictionary<string, long>> KeysAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var keys = new Dictionary<string, long>(StringComparer.Ordinal);
        var wanted = names.ToArray();
        if (wanted.Length == 0)
        {
            return keys;
        }

        await using var read = connection.Command("SELECT name, id FROM metadata_keys WHERE name = ANY(@names)", transaction).With("names", wanted);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys[reader.GetString(0)] = reader.GetInt64(1);
        }

        return keys;
    }

    /// <summary>The key's id, or null when no item has a value for it (so nothing matches it).</summary>
    public long? KeyId(string key) => keys.TryGetValue(key, out var id) ? id : null;

    /// <summary>The key's id as SQL; -1, which no row has, for a key without values.</summary>
    public string KeyLiteral(string key) => (KeyId(key) ?? -1).ToString(CultureInfo.InvariantCulture);

    public static string Table(IndexKind kind) => PostgresMetadataIndex.Tables[(int)kind];

    /// <summary>An item column; text columns compare and sort by code point (COLLATE "C"), as the index tables and SQLite do.</summary>
    public static string Column(ItemField field) => field switch
    {
        ItemField.Type => """(i.item_type COLLATE "C")""",
        ItemField.Name => """(i.name COLLATE "C")""",
        ItemField.MimeType => """(i.mime_type COLLATE "C")""",
        _ => RawColumn(field),
    };

    /// <summary>An item column as stored.</summary>
    public static string RawColumn(ItemField field) => field switch
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

    /// <summary>A single comparison as SQL over <paramref name="column"/> (a column holding the target's value), as written.</summary>
    public string Condition(BoundFilter leaf, string column)
    {
        var format = leaf switch
        {
            BoundCompare c => $"{{0}} {Operator(c.Op)} {Value(c.Target, c.Value)}",
            BoundIn i => i.Negated ? $"{{0}} <> ALL({Values(i.Target, i.Values)})" : $"{{0}} = ANY({Values(i.Target, i.Values)})",
            BoundBetween b => $"{{0}} BETWEEN {Value(b.Target, b.Low)} AND {Value(b.Target, b.High)}",
            BoundTextMatch { Match: TextMatch.Prefix } t => $"{{0}} >= {Parameter(t.Text)} AND {{0}} < {Parameter(t.Text + MaxChar)}",
            BoundTextMatch t => $"strpos({{0}}, {Parameter(t.Text)}) > 0",
            BoundExists => "{0} IS NOT NULL",
            _ => throw new ArgumentOutOfRangeException(nameof(leaf), leaf, "unknown filter node"),
        };
        return string.Format(CultureInfo.InvariantCulture, format, column);
    }

    /// <summary>
    /// A single comparison over a varchar or text index table's <paramref name="column"/>, written on
    /// <see cref="Indexed"/>(value), which the (key, left(value, 256), item) index answers. Against a literal shorter than
    /// 256 characters (a prefix of at most 256) that comparison is exact: a value and its first 256 characters compare
    /// alike with it. A longer literal compares the first 256 characters of both, then re-checks the whole value. (Not
    /// testing the whole value again also keeps the planner from counting one condition's selectivity twice.)
    /// </summary>
    public string IndexedCondition(BoundFilter leaf, string column)
    {
        var indexed = Indexed(column);
        switch (leaf)
        {
            case BoundCompare { Op: not CompareOp.NotEqual } c:
                return Bound(c.Value.Text ?? "", Operator(c.Op));

            case BoundBetween b:
                return Bound(b.Low.Text ?? "", ">=") + " AND " + Bound(b.High.Text ?? "", "<=");

            case BoundIn { Negated: false } i:
                {
                    var values = i.Values.Select(v => v.Text ?? "").Distinct(StringComparer.Ordinal).ToList();
                    var (shorter, longer) = (values.Where(IsShort).ToArray(), values.Where(v => !IsShort(v)).ToArray());
                    var conditions = new List<string>();
                    if (shorter.Length > 0)
                    {
                        conditions.Add($"{indexed} = ANY({Parameter(shorter)})");
                    }

                    if (longer.Length > 0)
                    {
                        conditions.Add($"({indexed} = ANY({Parameter(longer.Select(Left).ToArray())}) AND {column} = ANY({Parameter(longer)}))");
                    }

                    return conditions.Count == 1 ? conditions[0] : "(" + string.Join(" OR ", conditions) + ")";
                }

            case BoundTextMatch { Match: TextMatch.Prefix } t:
                {
                    var (prefix, end) = (Parameter(t.Text), Parameter(t.Text + MaxChar));
                    return CodePoints(t.Text) <= IndexedLength
                        ? $"{indexed} >= {prefix} AND {indexed} < {end}"
                        : $"{indexed} = {Indexed(prefix)} AND {column} >= {prefix} AND {column} < {end}";
                }

            default:
                return Condition(leaf, column);
        }

        string Bound(string text, string op)
        {
            var value = Parameter(text);
            if (IsShort(text))
            {
                return $"{indexed} {op} {value}";
            }

            // The first 256 characters of a value that compares so with the literal compare so or equal with the literal's.
            var loose = op switch { "<" => "<=", ">" => ">=", _ => op };
            return $"{indexed} {loose} {Indexed(value)} AND {column} {op} {value}";
        }
    }

    /// <summary>Whether a literal is shorter than the indexed part, so comparing that part is exact.</summary>
    private static bool IsShort(string text) => CodePoints(text) < IndexedLength;

    private static int CodePoints(string text) => text.Length < IndexedLength ? text.Length : text.EnumerateRunes().Count();

    /// <summary>A single comparison over the value column of a schema key's index table.</summary>
    public string KeyCondition(BoundFilter leaf, string column) =>
        ((MetadataTarget)TargetOf(leaf)).Kind is IndexKind.Varchar or IndexKind.Text ? IndexedCondition(leaf, column) : Condition(leaf, column);

    /// <summary>A bound value as the column or index table holds it, as a parameter.</summary>
    public string Value(BoundTarget target, BoundValue value) => Parameter(Typed(target, value));

    /// <summary>A bound value as the column or index table holds it.</summary>
    public static object Typed(BoundTarget target, BoundValue value) => target.Kind switch
    {
        // Item times are timestamptz; index times (and bound values) microseconds since the epoch.
        IndexKind.Datetime when target is FieldTarget => FromMicros(value.Whole),
        IndexKind.Boolean => value.Whole != 0,
        IndexKind.Datetime => value.Whole,
        IndexKind.Number => value.Number,
        IndexKind.Uuid => value.Uuid,
        _ => value.Text ?? "",
    };

    public static DateTime FromMicros(long micros) => DateTime.UnixEpoch.AddTicks(micros * 10);

    public static long ToMicros(DateTime time) => (time.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    public string Parameter(object value)
    {
        var name = "f" + _next++;
        command.Parameters.AddWithValue(name, value);
        return "@" + name;
    }

    /// <summary>The first <see cref="IndexedLength"/> characters (code points, as PostgreSQL's <c>left</c> counts them).</summary>
    public static string Left(string value)
    {
        if (value.Length <= IndexedLength)
        {
            return value;
        }

        var end = 0;
        for (var n = 0; n < IndexedLength && end < value.Length; n++)
        {
            end += char.IsHighSurrogate(value[end]) && end + 1 < value.Length && char.IsLowSurrogate(value[end + 1]) ? 2 : 1;
        }

        return value[..end];
    }

    private string Values(BoundTarget target, IReadOnlyList<BoundValue> values) => Parameter(target.Kind switch
    {
        IndexKind.Datetime when target is FieldTarget => values.Select(v => FromMicros(v.Whole)).ToArray(),
        IndexKind.Boolean => values.Select(v => v.Whole != 0).ToArray(),
        IndexKind.Datetime => values.Select(v => v.Whole).ToArray(),
        IndexKind.Number => values.Select(v => v.Number).ToArray(),
        IndexKind.Uuid => values.Select(v => v.Uuid).ToArray(),
        _ => (Array)values.Select(v => v.Text ?? "").ToArray(),
    });

    private string Match(BoundTarget target, BoundFilter leaf)
    {
        switch (target)
        {
            case FieldTarget f:
                // Never NULL, so NOT and OR behave: an item without the value simply does not match.
                return $"({Column(f.Field)} IS NOT NULL AND {Condition(leaf, Column(f.Field))})";
            case MetadataTarget m:
                if (KeyId(m.Key) is not { } key)
                {
                    return "false";
                }

                var condition = leaf is BoundExists ? null : KeyCondition(leaf, "m.value");
                return $"EXISTS (SELECT 1 FROM {Table(m.Kind)} m WHERE m.key_id = {key.ToString(CultureInfo.InvariantCulture)} AND m.item_id = i.id"
                    + (itemAfter is null ? "" : $" AND m.item_id > {itemAfter}")
                    + (condition is null ? ")" : $" AND {condition})");
            default:
                throw new ArgumentOutOfRangeException(nameof(target));
        }
    }

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
