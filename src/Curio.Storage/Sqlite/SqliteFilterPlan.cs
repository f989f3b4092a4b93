using Curio.Core.Filtering;
using Curio.Core.Metadata;
using Microsoft.Data.Sqlite;

namespace Curio.Storage.Sqlite;

/// <summary>How a schema key's index rows drive a page of items in id order (see <see cref="SqliteFilterPlan"/>).</summary>
internal enum DriverAccess
{
    /// <summary>An equality, read from the (key, value) index: its rows are already in item order.</summary>
    Ordered,

    /// <summary>The key's rows in item order (the table's (key, item) primary key), each value tested where it lies.</summary>
    Walk,

    /// <summary>A range, <c>in</c> or prefix that holds few rows: read from the (key, value) index, then sorted by item.</summary>
    Sorted,
}

/// <summary>One top-level condition on a schema key that drives the page; the other conditions are tested on each of its items.</summary>
internal sealed record SqliteDriver(MetadataTarget Target, BoundFilter Condition, DriverAccess Access, BoundFilter? Rest);

/// <summary>
/// Chooses how a filtered page in id order is read. Without a driver the folder's items are walked in id order and each
/// is tested with a seek per key, which costs a seek for every item passed over: fine when most items match, slow when
/// one in a hundred does. A condition that every match must satisfy (a top-level conjunct on a schema key) can drive
/// instead, reading only that key's rows: an equality from the (key, value) index, where they are already in item
/// order, so a page reads little more than its own rows; anything else by walking the key's rows in item order, a
/// sequential read that tests each value in place, unless the (key, value) index shows that the condition holds only a
/// few rows, which are then read and sorted (a walk would pass over most of the key to find them).
/// </summary>
internal static class SqliteFilterPlan
{
    /// <summary>
    /// Below this many matching rows a range is read and sorted rather than walked. Both then cost at most a few
    /// milliseconds on a million rows: sorting this many, or walking a hundred times the key's size over this many.
    /// </summary>
    public const int SortedLimit = 3000;

    /// <summary>
    /// The same limit when an equality could drive instead. An equality's rows are already in item order, so a page
    /// costs about a page of them divided by how selective the other conditions are; a range must hold fewer rows than
    /// that to be worth sorting, and counting to 3,000 costs as much as the page itself.
    /// </summary>
    public const int SortedBesideEquality = 250;

    public static async Task<SqliteDriver?> ChooseAsync(SqliteConnection connection, BoundFilter filter, CancellationToken cancellationToken)
    {
        var conjuncts = FilterShapes.Conjuncts(filter);
        var keyed = conjuncts.Where(c => c is not (BoundAnd or BoundOr or BoundNot) && FilterShapes.TargetOf(c) is MetadataTarget).ToList();
        if (keyed.Count == 0)
        {
            return null;
        }

        var equality = keyed.Where(FilterShapes.IsEquality).OrderBy(c => Rank(FilterShapes.TargetOf(c).Kind)).FirstOrDefault();
        var ranged = keyed.Where(FilterShapes.IsRanged).ToList();
        if (ranged.Count > 0)
        {
            var limit = equality is null ? SortedLimit : SortedBesideEquality;
            var counts = await CountAsync(connection, ranged, limit, cancellationToken);
            var fewest = counts.Select((count, n) => (count, n)).MinBy(c => c.count);
            if (fewest.count < limit)
            {
                return Driver(ranged[fewest.n], DriverAccess.Sorted, conjuncts);
            }
        }

        if (equality is not null)
        {
            return Driver(equality, DriverAccess.Ordered, conjuncts);
        }

        return Driver(ranged.Count > 0 ? ranged[0] : keyed[0], DriverAccess.Walk, conjuncts);
    }

    private static SqliteDriver Driver(BoundFilter condition, DriverAccess access, List<BoundFilter> conjuncts)
    {
        var rest = conjuncts.Where(c => !ReferenceEquals(c, condition)).ToList();
        return new SqliteDriver((MetadataTarget)FilterShapes.TargetOf(condition), condition, access,
            rest.Count switch { 0 => null, 1 => rest[0], _ => new BoundAnd(rest) });
    }

    /// <summary>Which equality to prefer when there are several: the kinds whose values are usually rarer first.</summary>
    private static int Rank(IndexKind kind) => kind switch
    {
        IndexKind.Uuid => 0,
        IndexKind.Datetime => 1,
        IndexKind.Number => 2,
        IndexKind.Text => 3,
        IndexKind.Varchar => 4,
        IndexKind.Enum => 5,
        _ => 6,
    };

    /// <summary>How many rows each condition holds, counted in the (key, value) index up to <see cref="SortedLimit"/>.</summary>
    private static async Task<long[]> CountAsync(SqliteConnection connection, List<BoundFilter> conditions, int limit, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("");
        var sql = new SqliteFilterSql(command);
        command.CommandText = "SELECT " + string.Join(", ", conditions.Select(c =>
        {
            var target = (MetadataTarget)FilterShapes.TargetOf(c);
            return $"""
                (SELECT count(*) FROM (SELECT 1 FROM {SqliteFilterSql.Table(target.Kind)} INDEXED BY {SqliteFilterSql.ValueIndex(target.Kind)}
                WHERE key_id = {sql.KeyId(target.Key)} AND {sql.Condition(c, "value")} LIMIT {limit}))
                """;
        }));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return [.. Enumerable.Range(0, conditions.Count).Select(reader.GetInt64)];
    }
}
