using Microsoft.Data.Sqlite;

namespace Curio.Storage.Sqlite;

/// <summary>Value conventions of the SQLite schema: UUIDs as 16 big-endian bytes, times as Unix milliseconds.</summary>
internal static class SqliteExtensions
{
    public static byte[] ToBlob(this Guid uuid) => uuid.ToByteArray(bigEndian: true);

    public static long ToUnixMs(this DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static SqliteCommand Command(this SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, ToDbValue(value));
        return command;
    }

    public static void Set(this SqliteCommand command, string name, object? value) =>
        command.Parameters[name].Value = ToDbValue(value);

    /// <summary>A value in the schema's conventions (UUID blobs, millisecond times, 0/1 booleans, NULL).</summary>
    public static object ToDbValue(object? value) => value switch
    {
        null => DBNull.Value,
        Guid g => g.ToBlob(),
        DateTimeOffset t => t.ToUnixMs(),
        bool b => b ? 1 : 0,
        _ => value,
    };

    public static Guid GetUuid(this SqliteDataReader reader, int ordinal) =>
        new((byte[])reader.GetValue(ordinal), bigEndian: true);

    public static Guid? GetUuidOrNull(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetUuid(ordinal);

    public static DateTimeOffset GetTime(this SqliteDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public static DateTimeOffset? GetTimeOrNull(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetTime(ordinal);

    public static string? GetStringOrNull(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static int? GetInt32OrNull(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    public static long? GetInt64OrNull(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static double? GetDoubleOrNull(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    /// <summary>Runs a prepared command that is executed again later (the caller disposes it).</summary>
    public static async Task<long?> ScalarInt64Async(this SqliteCommand command, CancellationToken cancellationToken) =>
        await command.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>
    /// Runs a one-shot command and disposes it at once. An undisposed command's statement is released by the
    /// finalizer thread, which then contends with the writer for the connection: that cost a third of import time.
    /// </summary>
    public static async Task<long?> ScalarOnceAsync(this SqliteCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            return await command.ScalarInt64Async(cancellationToken);
        }
    }

    /// <inheritdoc cref="ScalarOnceAsync"/>
    public static async Task<int> RunOnceAsync(this SqliteCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public static bool IsUniqueViolation(this SqliteException ex) =>
        ex.SqliteErrorCode == 19 && ex.SqliteExtendedErrorCode is 2067 or 1555;
}
