using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Curio.Server.Tests;

/// <summary>
/// A PostgreSQL 15 server of a test's own (initdb in a temporary folder, on a free port of 127.0.0.1), so that the test
/// can stop and start it under a running Curio without disturbing the shared test server. As root, the server runs as
/// the <c>postgres</c> user (initdb refuses root), as ./test.sh does.
/// </summary>
internal sealed class PostgresCluster : IDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _directory;
    private readonly int _port;
    private string? _mounted;

    private PostgresCluster(string directory, int port)
    {
        _directory = directory;
        _port = port;
    }

    public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres";

    /// <summary>The connection string of another database on this server.</summary>
    public string Database(string name) => ConnectionString.Replace("Database=postgres", $"Database={name}", StringComparison.Ordinal);

    /// <summary>Runs statements as the superuser, outside a transaction (CREATE TABLESPACE and CREATE DATABASE need that).</summary>
    public async Task ExecuteAsync(params string[] statements)
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        foreach (var sql in statements)
        {
            await using var command = new Npgsql.NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Mounts a tmpfs of <paramref name="megabytes"/> (root only) that the server may write, for a tablespace that fills up.</summary>
    public string MountSmallDisk(int megabytes)
    {
        var path = Path.Combine(_directory, "small");
        Directory.CreateDirectory(path);
        Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0700", "tmpfs", path);
        _mounted = path;
        Run("chown", "postgres:postgres", path);
        return path;
    }

    /// <summary>Grows the tmpfs in place: the disk is "freed" under the running server.</summary>
    public void GrowSmallDisk(int megabytes) => Run("mount", "-o", $"remount,size={megabytes}m", _mounted!);

    public static PostgresCluster Start()
    {
        // Same rule as the shared server: needed under CI, skipped on a machine without it.
        _ = Curio.Testing.PostgresTestDatabase.Server;
        var directory = Directory.CreateTempSubdirectory("curio-pg-").FullName;
        var cluster = new PostgresCluster(directory, FreePort());
        if (Environment.UserName == "root")
        {
            Run("chown", "postgres:postgres", directory);
        }

        AsPostgres($"{Bin}/initdb -D {directory}/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 > {directory}/initdb.log 2>&1");
        cluster.StartServer();
        return cluster;
    }

    public void StartServer() => AsPostgres(
        $"{Bin}/pg_ctl -D {_directory}/data -l {_directory}/server.log -w -o '-c listen_addresses=127.0.0.1 -p {_port} -k {_directory} -c fsync=off' start > /dev/null");

    /// <summary>A fast shutdown: open connections are cut, as in a restart or failover.</summary>
    public void StopServer() => AsPostgres($"{Bin}/pg_ctl -D {_directory}/data -m fast -w stop > /dev/null");

    private static void AsPostgres(string command)
    {
        if (Environment.UserName == "root")
        {
            Run("su", "postgres", "-s", "/bin/sh", "-c", command);
        }
        else
        {
            Run("/bin/sh", "-c", command);
        }
    }

    private static void Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            AsPostgres($"{Bin}/pg_ctl -D {_directory}/data -m immediate -w stop > /dev/null");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        if (_mounted is not null)
        {
            Run("umount", _mounted);
        }

        Directory.Delete(_directory, recursive: true);
    }
}
