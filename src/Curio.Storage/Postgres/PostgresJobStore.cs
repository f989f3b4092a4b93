using Curio.Storage.Jobs;

namespace Curio.Storage.Postgres;

// PLACEHOLDER: being written; replaced by the real store before this lands.
#pragma warning disable CS9113
internal sealed class PostgresJobStore(PostgresDatabase database) : IJobStore
{
    public Task CreateDraftAsync(NewJob job, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task SetDraftFlagsAsync(Guid jobUuid, bool skipDuplicateUrls, bool upsertMetadata, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task AppendChunksAsync(Guid jobUuid, IReadOnlyList<NewChunk> chunks, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<JobRecord> PublishAsync(Guid jobUuid, PublishedSpec spec, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task DiscardDraftAsync(Guid jobUuid, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<int> SweepDraftsAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<ChunkLease?> ClaimChunkAsync(string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<bool> RenewLeaseAsync(ChunkLease lease, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<CommitResult> CommitChunkAsync(ChunkLease lease, IReadOnlyList<UnitOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<CommitResult> ReleaseChunkAsync(ChunkLease lease, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<int> RequeueExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<JobRecord?> FailAsync(Guid jobUuid, string reason, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<CancelResult> CancelAsync(Guid jobUuid, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<JobRecord?> GetAsync(Guid jobUuid, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<IReadOnlyList<JobRecord>> ListAsync(Guid? folderUuid, int limit, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<UnitErrorPage> ListUnitErrorsAsync(Guid jobUuid, int limit, string? pageToken, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<ItemNamePage> ListCreatedItemsAsync(Guid jobUuid, int limit, string? pageToken, CancellationToken cancellationToken) => throw new NotImplementedException();
}
