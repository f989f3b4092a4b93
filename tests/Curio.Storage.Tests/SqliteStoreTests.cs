using Curio.Storage.Jobs;
using Curio.Storage.Sqlite;

namespace Curio.Storage.Tests;

public sealed class SqliteStoreTests : StoreCompliance, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("curio-store-").FullName;

    private string ChunkFiles => Path.Combine(_directory, "chunks");

    protected override Task<IStorage> CreateStorageAsync() =>
        Task.FromResult<IStorage>(new SqliteStorage(Path.Combine(_directory, "curio.db")));

    [Fact]
    public async Task Chunk_payloads_live_in_a_file_per_job_that_goes_when_the_job_ends()
    {
        var (folder, integration, user) = await SeedAsync();
        var job = await JobAsync(folder, integration, user, chunkSizes: [1, 1]);
        Assert.Single(Directory.GetFiles(ChunkFiles));

        await Storage.Jobs.CommitChunkAsync((await ClaimAsync())!, [Success(0, "a.png")], T0, Ct);
        Assert.Equal("chunk 1", System.Text.Encoding.UTF8.GetString((await ClaimAsync("w2"))!.Payload));
        await Storage.Jobs.CancelAsync(job.Uuid, T0, Ct);
        Assert.Single(Directory.GetFiles(ChunkFiles));

        await Storage.Jobs.RequeueExpiredAsync(T0.AddHours(1), Ct);
        Assert.Equal(JobStatus.Cancelled, (await Storage.Jobs.GetAsync(job.Uuid, Ct))!.Status);
        Assert.Empty(Directory.GetFiles(ChunkFiles));
    }

    [Fact]
    public async Task Files_of_discarded_drafts_and_strays_left_by_a_crash_are_removed()
    {
        var (folder, integration, user) = await SeedAsync();
        var draft = await DraftAsync(folder, integration, user, true, false, false, 1);
        var open = await DraftAsync(folder, integration, user, true, false, false, 1);
        await File.WriteAllBytesAsync(Path.Combine(ChunkFiles, Guid.NewGuid().ToString("N") + ".units"), [1, 2, 3], Ct);

        await Storage.Jobs.DiscardDraftAsync(draft, Ct);
        await Storage.Jobs.SweepDraftsAsync(T0.AddSeconds(-1), Ct);

        Assert.Equal([open.ToString("N") + ".units"], Directory.GetFiles(ChunkFiles).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_job_whose_chunk_file_is_lost_ends_in_error_instead_of_looping()
    {
        var (folder, integration, user) = await SeedAsync();
        var job = await JobAsync(folder, integration, user, chunkSizes: [1]);
        File.Delete(Directory.GetFiles(ChunkFiles).Single());

        Assert.Null(await ClaimAsync());

        var failed = (await Storage.Jobs.GetAsync(job.Uuid, Ct))!;
        Assert.Equal((JobStatus.Error, 1), (failed.Status, failed.UnitsCancelled));
        Assert.Contains("missing", Assert.Single(failed.Errors), StringComparison.Ordinal);
        Assert.Null(await ClaimAsync());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
