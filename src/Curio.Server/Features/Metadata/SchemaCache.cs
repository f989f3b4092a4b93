using Curio.Core.Metadata;
using Curio.Storage;
using Curio.Storage.Metadata;

namespace Curio.Server.Features.Metadata;

/// <summary>
/// The current schema for checking values on import and update, read at most every couple of seconds: a change made
/// through this server is seen at once (it invalidates), one made by another server process within the refresh
/// interval; values stored in between are caught by the background re-check either way.
/// </summary>
internal sealed class SchemaCache(IStorage storage, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _lock = new(1, 1);
    private (SchemaRecord Record, DateTimeOffset ReadAt)? _current;

    public event Action? Changed;

    public async ValueTask<MetadataSchema> GetAsync(CancellationToken cancellationToken) => (await GetRecordAsync(cancellationToken)).Schema;

    public async ValueTask<SchemaRecord> GetRecordAsync(CancellationToken cancellationToken)
    {
        if (_current is { } current && time.GetUtcNow() - current.ReadAt < Refresh)
        {
            return current.Record;
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            // Concurrent units all find the entry stale at once; only the first reads the database.
            if (_current is { } fresh && time.GetUtcNow() - fresh.ReadAt < Refresh)
            {
                return fresh.Record;
            }

            var record = await storage.Metadata.GetSchemaAsync(cancellationToken);
            _current = (record, time.GetUtcNow());
            return record;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Edits the stored schema and makes the result current here; wakes the re-check.</summary>
    public async Task<SchemaRecord> EditAsync(Func<MetadataSchema, MetadataSchema> edit, CancellationToken cancellationToken)
    {
        var record = await storage.Metadata.EditSchemaAsync(edit, time.GetUtcNow(), cancellationToken);
        _current = (record, time.GetUtcNow());
        Changed?.Invoke();
        return record;
    }

    public void Dispose() => _lock.Dispose();
}
