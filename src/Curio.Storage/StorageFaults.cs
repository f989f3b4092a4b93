using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Curio.Storage;

/// <summary>
/// Tells a database that is not there (unreachable, restarting, out of space or connections) from a fault in a
/// request: the first is worth a 503 and a retry, and a worker's chunk simply goes back to the queue.
/// </summary>
public static class StorageFaults
{
    /// <summary>Why the database cannot serve now, in words for an operator; null when the exception is something else.</summary>
    public static string? Unavailable(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.DiskFull } => "the PostgreSQL server is out of disk space; free space on its data volume",
        PostgresException { SqlState: PostgresErrorCodes.OutOfMemory } => "the PostgreSQL server is out of memory",
        PostgresException { SqlState: PostgresErrorCodes.TooManyConnections } => "the PostgreSQL server has no free connection (max_connections)",
        PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow } =>
            "the PostgreSQL server is restarting",
        PostgresException => null,
        NpgsqlException { InnerException: SocketException or IOException or TimeoutException } or NpgsqlException { IsTransient: true } =>
            $"the PostgreSQL server cannot be reached ({exception.InnerException?.Message ?? exception.Message})",
        SqliteException { SqliteErrorCode: 13 } => "the disk holding the database is full",
        SqliteException { SqliteErrorCode: 10 } => "the database file could not be read or written (I/O error)",
        _ => exception.InnerException is { } inner && inner != exception ? Unavailable(inner) : null,
    };
}
