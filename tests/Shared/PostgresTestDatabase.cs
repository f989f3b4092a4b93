using Npgsql;

namespace Curio.Testing;

/// <summary>
/// A new, empty database on the PostgreSQL that ./test.sh starts (announced as CURIO_TEST_POSTGRES), dropped on
/// dispose. Without the variable a test skips locally and fails under CI=true, where a missing service means the run is
/// broken rather than partial.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    private readonly string _server;

    private PostgresTestDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>The server's connection string (database <c>postgres</c>); skips or fails the test when there is none.</summary>
    public static string Server
    {
        get
        {
            var value = Environment.GetEnvironmentVariable("CURIO_TEST_POSTGRES");
            if (!string.IsNullOrEmpty(value))
            {
                return value;
            }

            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail("CURIO_TEST_POSTGRES is not set: PostgreSQL must run under CI (./test.sh starts it).");
            }

            Assert.Skip("CURIO_TEST_POSTGRES is not set; start PostgreSQL with ./test.sh to run this test.");
            return "";
        }
    }

    public static async Task<PostgresTestDatabase> CreateAsync(CancellationToken cancellationToken = default)
    {
        var server = Server;
        var name = "curio_t_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new PostgresTestDatabase(server, name);
    }

    /// <summary>The same, for constructors (a test server's).</summary>
    public static PostgresTestDatabase Create()
    {
        var server = Server;
        var name = "curio_t_" + Guid.NewGuid().ToString("N")[..12];
        using var connection = new NpgsqlConnection(server);
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        command.ExecuteNonQuery();
        return new PostgresTestDatabase(server, name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
