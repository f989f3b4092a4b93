using System.Globalization;
using Curio.Core.Filtering;
using Npgsql;

namespace Curio.Storage.Postgres;

/// <summary>
/// The one case where a filtered page in id order is not left to PostgreSQL's planner. With a LIMIT, the planner
/// assumes that a condition's matches are spread evenly over the ids, so it walks the folder's items (or the key's rows)
/// in id order and expects to find a page soon. A range whose matches are all at one end of the ids (a time or a
/// counter that grows with imports: <c>captured_at &gt;= "last week"</c>) then walks nearly every item first. So a
/// top-level range, <c>in</c> or prefix on a schema key is counted in the (key, value) index, up to
/// <see cref="SortedLimit"/>; when one holds fewer rows, they are read first (a materialized CTE, which the planner
/// cannot fold back), sorted by item and joined to their items, which costs at most that many lookups wherever the
/// matches lie. Equalities need none of this: an equality's index rows are already in item order.
/// </summary>
internal static class PostgresFilterPlan
{
    /// <summary>Below this many matching rows a range drives the page; a few milliseconds of lookups at most.</summary>
    public const int SortedLimit = 3000;

    /// <summary>The top-level condition whose rows should drive the page, or null to leave the plan to PostgreSQL.</summary>
    public static async Task<BoundFilter?> ChooseAsync(
        NpgsqlConnection connection, IReadOnlyDictionary<string, long> keys, BoundFilter filter, long after, CancellationToken cancellationToken)
    {
        var conjuncts = FilterShapes.Conjuncts(filter);
        var ranged = conjuncts.Where(c => FilterShapes.IsRanged(c) && FilterShapes.TargetOf(c) is MetadataTarget m && keys.ContainsKey(m.Key)).ToList();
        if (ranged.Count == 0)
        {
            return null;
        }

        await using var command = connection.Command("").With("after", after);
        var sql = new PostgresFilterSql(command, keys);
        command.CommandText = "SELECT " + string.Join(", ", ranged.Select(c =>
        {
            var target = (MetadataTarget)FilterShapes.TargetOf(c);
            return $"""
                (SELECT count(*) FROM (SELECT 1 FROM {PostgresFilterSql.Table(target.Kind)} m
                WHERE m.key_id = {sql.KeyLiteral(target.Key)} AND {sql.KeyCondition(c, "m.value")} AND m.item_id > @after LIMIT {SortedLimit}) c)
                """;
        }));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (count, fewest) = Enumerable.Range(0, ranged.Count).Select(n => (reader.GetInt64(n), n)).Min();
        return count < SortedLimit ? ranged[fewest] : null;
    }

    /// <summary>The rows of the driving condition after <c>@after</c>, as a CTE named <c>d</c> of item ids.</summary>
    public static string Driver(PostgresFilterSql sql, BoundFilter condition)
    {
        var target = (MetadataTarget)FilterShapes.TargetOf(condition);
        return $"""
            WITH d AS MATERIALIZED (SELECT m.item_id FROM {PostgresFilterSql.Table(target.Kind)} m
            WHERE m.key_id = {sql.KeyId(target.Key)!.Value.ToString(CultureInfo.InvariantCulture)} AND {sql.KeyCondition(condition, "m.value")} AND m.item_id > @after)
            """;
    }
}
