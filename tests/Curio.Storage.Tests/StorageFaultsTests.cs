using Microsoft.Data.Sqlite;
using Npgsql;

namespace Curio.Storage.Tests;

public sealed class StorageFaultsTests
{
    [Theory]
    [InlineData("53100", "out of disk space")]
    [InlineData("53300", "no free connection")]
    [InlineData("57P01", "restarting")]
    [InlineData("57P03", "restarting")]
    public void A_database_that_cannot_serve_is_told_apart_with_its_reason(string sqlState, string reason) =>
        Assert.Contains(reason, StorageFaults.Unavailable(new PostgresException("m", "FATAL", "FATAL", sqlState)), StringComparison.Ordinal);

    [Fact]
    public void Unreachable_servers_and_full_disks_are_unavailable_while_request_faults_are_not()
    {
        Assert.Contains("cannot be reached", StorageFaults.Unavailable(
            new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111))), StringComparison.Ordinal);
        Assert.Contains("disk", StorageFaults.Unavailable(new SqliteException("database or disk is full", 13)), StringComparison.Ordinal);
        Assert.Contains("disk", StorageFaults.Unavailable(new InvalidOperationException("wrapped", new SqliteException("full", 13))), StringComparison.Ordinal);
        Assert.Null(StorageFaults.Unavailable(new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)));
        Assert.Null(StorageFaults.Unavailable(new SqliteException("constraint", 19)));
        Assert.Null(StorageFaults.Unavailable(new InvalidOperationException("a bug")));
    }
}
