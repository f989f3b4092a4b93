using Curio.Core.Json;
using Npgsql;

namespace Curio.Storage.Postgres;

/// <summary>
/// jsonb prints a space after every ':' and ',' (<c>{"a": 1}</c>), where the stores promise the compact canonical text
/// SQLite returns. <see cref="CanonicalJson"/> already orders keys as jsonb does, so rewriting jsonb's output with it
/// only drops that whitespace, and both backends give back the same text.
/// </summary>
internal static class PostgresJson
{
    public static string GetCanonicalJson(this NpgsqlDataReader reader, int ordinal) =>
        CanonicalJson.Canonicalize(reader.GetString(ordinal));

    public static string? GetCanonicalJsonOrNull(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetCanonicalJson(ordinal);
}
