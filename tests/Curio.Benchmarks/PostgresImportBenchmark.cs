using System.Diagnostics;
using System.Text;
using Curio.Storage.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace Curio.Benchmarks;

/// <summary>
/// The import benchmark's 500,000-image upload file on PostgreSQL: end to end with one server process, then with two
/// sharing the job, each on a fresh database; and, in the same run, the same rows written by a bare binary COPY into a
/// fresh Curio <c>items</c> table (its indexes included), the fastest way rows get into that table.
/// </summary>
internal static class PostgresImportBenchmark
{
    public static async Task<BenchmarkResult> RunAsync(string work, int items, string server)
    {
        var spec = await ImportBenchmark.WriteSpecAsync(work, items);
        var one = await ImportAsync(work, server, spec, items, processes: 1);
        var two = await ImportAsync(work, server, spec, items, processes: 2);
        var copy = await RawCopyAsync(server, items);
        string Ratio(TimeSpan t) => (copy.TotalSeconds / t.TotalSeconds).ToString("N2", System.Globalization.CultureInfo.InvariantCulture);
        return new BenchmarkResult("postgres-import", $"""
            | {items:N0} images with media metadata supplied, local integration, PostgreSQL {await VersionAsync(server)} on this machine ({Machine.Mib(new FileInfo(spec).Length)} of JSON) | submit to DONE | units/s | of which until 202 | share of raw COPY's rate |
            | --- | --- | --- | --- | --- |
            | Curio, 1 server process | {Machine.Seconds(one.Total)} | {Machine.Rate(items, one.Total)} | {Machine.Seconds(one.Accepted)} | {Ratio(one.Total)} |
            | Curio, 2 server processes sharing the job | {Machine.Seconds(two.Total)} | {Machine.Rate(items, two.Total)} | {Machine.Seconds(two.Accepted)} | {Ratio(two.Total)} |
            | raw binary COPY of the same rows (same columns and values, under a draft job) into a fresh Curio `items` table, indexes and foreign keys included, one transaction | {Machine.Seconds(copy)} | {Machine.Rate(items, copy)} | | 1.00 |
            """);
    }

    private static async Task<ImportRun> ImportAsync(string work, string server, string spec, int items, int processes)
    {
        await using var database = await BenchDatabase.CreateAsync(server);
        var settings = new[] { "--Curio:Storage:Provider", "postgres", "--Curio:Storage:Postgres", database.ConnectionString };
        var servers = new List<BenchServer>();
        try
        {
            for (var n = 0; n < processes; n++)
            {
                var data = Directory.CreateDirectory(Path.Combine(work, $"pg-{processes}-{n}")).FullName;
                servers.Add(await BenchServer.StartAsync(data, servers.Count > 0 ? servers[0].Client.DefaultRequestHeaders.Authorization : null, settings));
            }

            var root = Directory.CreateDirectory(Path.Combine(work, "root")).FullName;
            var (serverCpu, postgresCpu) = (servers.Sum(s => s.CpuTime.TotalSeconds), PostgresCpu());
            var run = await servers[0].ImportAsync(spec, new { name = "bench", provider = "local", root });
            run.EnsureAllDone(items);
            (serverCpu, postgresCpu) = (servers.Sum(s => s.CpuTime.TotalSeconds) - serverCpu, PostgresCpu() - postgresCpu);
            Console.WriteLine($"PostgreSQL, {processes} process(es): {Machine.Seconds(run.Total)} ({Machine.Rate(items, run.Total)} units/s), 202 after {Machine.Seconds(run.Accepted)}; "
                + $"CPU: server(s) {serverCpu:N1} s, PostgreSQL {postgresCpu:N1} s");
            return run;
        }
        finally
        {
            foreach (var s in servers)
            {
                await s.DisposeAsync();
            }
        }
    }

    /// <summary>The rows Curio writes for the same file (same columns and values), by one binary COPY; timed from its start to commit.</summary>
    private static async Task<TimeSpan> RawCopyAsync(string server, int items)
    {
        await using var database = await BenchDatabase.CreateAsync(server);
        await using (var storage = new PostgresStorage(database.ConnectionString))
        {
            await storage.MigrateAsync(CancellationToken.None);
        }

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        // The rows Curio writes refer to a folder, an integration, a job and a user (four foreign keys) and are first
        // hidden under their draft job (pending_job_id), so these are written too.
        await using (var setup = new NpgsqlCommand("""
            INSERT INTO users (uuid, name, is_admin, created_at) VALUES (gen_random_uuid(), 'admin', true, now());
            INSERT INTO folders (uuid, name, created_at, last_edited_at) VALUES (gen_random_uuid(), 'bench', now(), now());
            INSERT INTO integrations (uuid, name, provider, settings, created_at) VALUES (gen_random_uuid(), 'bench', 'local', '{}', now());
            INSERT INTO jobs (uuid, folder_id, integration_id, status, ignore_errors, skip_duplicate_urls, upsert_metadata, format, created_at, updated_at)
            VALUES (gen_random_uuid(), 1, 1, 'DRAFT', true, false, false, 'json', now(), now());
            """, connection))
        {
            await setup.ExecuteNonQueryAsync();
        }

        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var rows = Enumerable.Range(0, items).Select(i => (Uuid: Guid.CreateVersion7(), Url: ImportBenchmark.Url(i))).ToList();
        var postgresCpu = PostgresCpu();
        var watch = Stopwatch.StartNew();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var writer = await connection.BeginBinaryImportAsync("""
                COPY items (uuid, folder_id, item_type, name, url, dedup_key, integration_id, job_id, pending_job_id, client_metadata,
                    media_metadata, file_size, mime_type, width, height, owner_id, created_at, last_edited_at)
                FROM STDIN (FORMAT BINARY)
                """))
            {
                for (var i = 0; i < items; i++)
                {
                    await writer.StartRowAsync();
                    await writer.WriteAsync(rows[i].Uuid, NpgsqlDbType.Uuid);
                    await writer.WriteAsync(1L, NpgsqlDbType.Bigint);
                    await writer.WriteAsync("image", NpgsqlDbType.Text);
                    await writer.WriteAsync(Path.GetFileName(rows[i].Url), NpgsqlDbType.Text);
                    await writer.WriteAsync(rows[i].Url, NpgsqlDbType.Text);
                    await writer.WriteAsync(Encoding.UTF8.GetBytes(rows[i].Url), NpgsqlDbType.Bytea);
                    await writer.WriteAsync(1L, NpgsqlDbType.Bigint);
                    await writer.WriteAsync(1L, NpgsqlDbType.Bigint);
                    await writer.WriteAsync(1L, NpgsqlDbType.Bigint);
                    await writer.WriteAsync(ImportBenchmark.ClientMetadata(i), NpgsqlDbType.Jsonb);
                    await writer.WriteAsync(MediaMetadata(i), NpgsqlDbType.Jsonb);
                    await writer.WriteAsync((long)ImportBenchmark.FileSize(i), NpgsqlDbType.Bigint);
                    await writer.WriteAsync("image/jpeg", NpgsqlDbType.Text);
                    await writer.WriteAsync(1280, NpgsqlDbType.Integer);
                    await writer.WriteAsync(720, NpgsqlDbType.Integer);
                    await writer.WriteAsync(1L, NpgsqlDbType.Bigint);
                    await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                    await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                }

                await writer.CompleteAsync();
            }

            await transaction.CommitAsync();
        }

        var elapsed = watch.Elapsed;
        Console.WriteLine($"Raw binary COPY: {Machine.Seconds(elapsed)} ({Machine.Rate(items, elapsed)} rows/s); CPU: PostgreSQL {PostgresCpu() - postgresCpu:N1} s");
        return elapsed;
    }

    private static string MediaMetadata(int i) => $$"""{"mimeType":"image/jpeg","fileSize":{{ImportBenchmark.FileSize(i)}},"width":1280,"height":720}""";

    /// <summary>CPU used so far by every PostgreSQL process on the machine (the server and its backends).</summary>
    private static double PostgresCpu() => Directory.EnumerateDirectories("/proc")
        .Select(d => Path.GetFileName(d))
        .Where(n => int.TryParse(n, out _) && File.Exists($"/proc/{n}/comm") && File.ReadAllText($"/proc/{n}/comm").Trim() == "postgres")
        .Sum(n =>
        {
            try
            {
                return Machine.CpuTime(int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)).TotalSeconds;
            }
            catch (IOException)
            {
                return 0; // ended meanwhile
            }
        });

    private static async Task<string> VersionAsync(string server)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SHOW server_version", connection);
        return ((string)(await command.ExecuteScalarAsync())!).Split(' ')[0];
    }

    /// <summary>A fresh database on the server, dropped on dispose.</summary>
    private sealed class BenchDatabase(string server, string name) : IAsyncDisposable
    {
        public string ConnectionString { get; } = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;

        public static async Task<BenchDatabase> CreateAsync(string server)
        {
            var name = "curio_bench_" + Guid.NewGuid().ToString("N")[..8];
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
            return new BenchDatabase(server, name);
        }

        public async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
