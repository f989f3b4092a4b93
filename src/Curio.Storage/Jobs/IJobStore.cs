namespace Curio.Storage.Jobs;

/// <summary>
/// Durable import jobs. A job is a draft while its spec is read into chunks, then published (or discarded if the
/// spec is refused); workers claim chunks under a lease, renew it while they work, and commit each chunk's items
/// in the same transaction that marks the chunk done. Expired leases (a dead worker) go back to the queue.
/// A draft's chunks are processed as soon as they are written, so reading and registering overlap; its items stay
/// invisible (as an all-or-nothing job's do) until it is published, and are deleted if it is discarded.
/// </summary>
public interface IJobStore
{
    Task CreateDraftAsync(NewJob job, CancellationToken cancellationToken);

    /// <summary>Records the spec's flags on a draft; must come before its first chunk, which workers may claim at once.</summary>
    Task SetDraftFlagsAsync(Guid jobUuid, bool skipDuplicateUrls, bool upsertMetadata, CancellationToken cancellationToken);

    Task AppendChunksAsync(Guid jobUuid, IReadOnlyList<NewChunk> chunks, CancellationToken cancellationToken);

    /// <summary>
    /// Turns a complete draft into a PENDING job with its unit count and the spec's warnings (a JSON array). The items
    /// it registered so far become visible (unless it is all-or-nothing), and it ends at once if nothing is left.
    /// </summary>
    Task<JobRecord> PublishAsync(Guid jobUuid, PublishedSpec spec, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes a draft with everything it registered.</summary>
    Task DiscardDraftAsync(Guid jobUuid, CancellationToken cancellationToken);

    /// <summary>Deletes drafts (and what they registered) left behind by a crash during submission.</summary>
    Task<int> SweepDraftsAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken);

    /// <summary>The next pending chunk of the oldest pending (or draft) job, leased to <paramref name="owner"/>; null when there is none.</summary>
    Task<ChunkLease?> ClaimChunkAsync(string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Extends the lease. False when the lease was lost, or the job is being cancelled: stop working on it.</summary>
    Task<bool> RenewLeaseAsync(ChunkLease lease, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Applies a processed chunk atomically and, when it was the last open chunk, ends the job.</summary>
    Task<CommitResult> CommitChunkAsync(ChunkLease lease, IReadOnlyList<UnitOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Gives a chunk up: back to the queue, or counted as cancelled when its job is being cancelled.</summary>
    Task<CommitResult> ReleaseChunkAsync(ChunkLease lease, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Returns chunks whose lease expired to the queue (or cancels them for cancelled jobs).</summary>
    Task<int> RequeueExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Ends a job with ERROR for a reason that is not one unit's (its integration vanished, say).</summary>
    Task<JobRecord?> FailAsync(Guid jobUuid, string reason, DateTimeOffset now, CancellationToken cancellationToken);

    Task<CancelResult> CancelAsync(Guid jobUuid, DateTimeOffset now, CancellationToken cancellationToken);

    Task<JobRecord?> GetAsync(Guid jobUuid, CancellationToken cancellationToken);

    /// <summary>Most recent first; optionally only one folder's.</summary>
    Task<IReadOnlyList<JobRecord>> ListAsync(Guid? folderUuid, int limit, CancellationToken cancellationToken);

    Task<UnitErrorPage> ListUnitErrorsAsync(Guid jobUuid, int limit, string? pageToken, CancellationToken cancellationToken);

    /// <summary>The top-level items the job registered, in the order it registered them.</summary>
    Task<ItemNamePage> ListCreatedItemsAsync(Guid jobUuid, int limit, string? pageToken, CancellationToken cancellationToken);
}
