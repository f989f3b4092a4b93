using System.Text;
using Curio.Core.Importing;
using Curio.Core.Items;
using Curio.Storage.Jobs;
using Curio.Storage.Postgres;
using Curio.Testing;
using Npgsql;

namespace Curio.Storage.Tests;

/// <summary>
/// What the compliance suite does not reach on PostgreSQL: a chunk commit writes the typed metadata index of the items
/// it registers (in bulk, after COPY) and of the duplicates whose metadata it replaces, at once or when the job shows them.
/// </summary>
public sealed class PostgresJobIndexTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private PostgresTestDatabase? _database;
    private PostgresStorage? _storage;
    private (Guid Folder, Guid Integration) _seed;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync(Ct);
        _storage = new PostgresStorage(_database.ConnectionString);
        await _storage.MigrateAsync(Ct);
        _seed = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await ExecuteAsync("""
            INSERT INTO integrations (uuid, name, provider, settings, created_at) VALUES (@integration, 'local', 'local', '{}', now());
            INSERT INTO folders (uuid, name, created_at, last_edited_at) VALUES (@folder, 'data', now(), now());
            UPDATE metadata_schema SET document = '{"score": {"ty": "variant", "hint": "number"}}', version = 1, reindexed_version = 1;
            """);
    }

    public async ValueTask DisposeAsync()
    {
        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Commits_index_what_they_register_and_the_metadata_they_replace()
    {
        await RunAsync(ignoreErrors: true, skip: false, Success(0, "a.png", """{"score":1}"""), Success(1, "b.png", """{"score":"high"}"""));
        Assert.Equal(["a.png=1"], await IndexAsync());
        Assert.Equal(["b.png"], await NonconformingAsync());

        // A duplicate of the folder's, a new item, and a duplicate of that new item in the same chunk.
        await RunAsync(ignoreErrors: true, skip: true, Success(0, "a.png", """{"score":2}"""), Success(1, "c.png", """{"score":3}"""),
            Success(2, "c.png", """{"score":4}"""));
        Assert.Equal(["a.png=2", "c.png=4"], await IndexAsync());

        // All or nothing: the replacement waits, unindexed, for the job's end.
        var job = await DraftAsync(ignoreErrors: false, skip: true, 1, 1);
        await CommitAsync(Success(0, "a.png", """{"score":5}"""));
        Assert.Equal(["a.png=2", "c.png=4"], await IndexAsync());
        await _storage!.Jobs.PublishAsync(job, new PublishedSpec(2, "[]"), T0, Ct);
        var end = await CommitAsync(Success(1, "b.png", """{"score":6}"""));
        Assert.Equal(JobStatus.Done, end.Job!.Status);
        Assert.Equal(["a.png=5", "b.png=6", "c.png=4"], await IndexAsync());
        Assert.Empty(await NonconformingAsync());
    }

    private static UnitSucceeded Success(int index, string url, string metadata) =>
        new(index, new NewItem { Uuid = Guid.CreateVersion7(), Type = ItemType.Image, Name = url, Url = url, ClientMetadata = metadata }, [],
            DedupKey.ForFile(url), true);

    private async Task RunAsync(bool ignoreErrors, bool skip, params UnitSucceeded[] units)
    {
        var job = await DraftAsync(ignoreErrors, skip, units.Length);
        await _storage!.Jobs.PublishAsync(job, new PublishedSpec(units.Length, "[]"), T0, Ct);
        Assert.Equal(JobStatus.Done, (await CommitAsync(units)).Job!.Status);
    }

    private async Task<Guid> DraftAsync(bool ignoreErrors, bool skip, params int[] chunkSizes)
    {
        var uuid = Guid.CreateVersion7();
        await _storage!.Jobs.CreateDraftAsync(new NewJob(uuid, _seed.Folder, _seed.Integration, ignoreErrors, null, "json", null, T0), Ct);
        await _storage.Jobs.SetDraftFlagsAsync(uuid, skip, upsertMetadata: true, Ct);
        var first = 0;
        var chunks = new List<NewChunk>();
        for (var i = 0; i < chunkSizes.Length; i++)
        {
            chunks.Add(new NewChunk(i, first, chunkSizes[i], Encoding.UTF8.GetBytes($"chunk {i}")));
            first += chunkSizes[i];
        }

        await _storage.Jobs.AppendChunksAsync(uuid, chunks, Ct);
        return uuid;
    }

    private async Task<CommitResult> CommitAsync(params UnitSucceeded[] units)
    {
        var lease = (await _storage!.Jobs.ClaimChunkAsync("w", T0, TimeSpan.FromMinutes(1), Ct))!;
        return await _storage.Jobs.CommitChunkAsync(lease, units, T0, Ct);
    }

    private Task<List<string>> IndexAsync() =>
        ListAsync("SELECT i.name || '=' || m.value FROM meta_number m JOIN items i ON i.id = m.item_id ORDER BY i.name");

    private Task<List<string>> NonconformingAsync() =>
        ListAsync("SELECT i.name FROM metadata_nonconforming n JOIN items i ON i.id = n.item_id ORDER BY i.name");

    private async Task<List<string>> ListAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_database!.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_database!.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("integration", _seed.Integration);
        command.Parameters.AddWithValue("folder", _seed.Folder);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
