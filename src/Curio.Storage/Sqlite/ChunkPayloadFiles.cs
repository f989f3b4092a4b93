namespace Curio.Storage.Sqlite;

/// <summary>
/// The encoded units of a job's chunks, one append-only file per job beside the database. Kept out of SQLite:
/// written, read back and freed there, they took a tenth of the single writer's time during a large import. A file
/// lives from the job's first chunk to its end; <see cref="DeleteOrphansAsync"/> clears any a crash left behind.
/// </summary>
internal sealed class ChunkPayloadFiles(string directory)
{
    private const string Extension = ".units";

    public void EnsureDirectory() => Directory.CreateDirectory(directory);

    /// <summary>Appends the payloads in order; returns where each starts.</summary>
    public async Task<long[]> AppendAsync(Guid job, IReadOnlyList<byte[]> payloads, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(PathOf(job), FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
        var offsets = new long[payloads.Count];
        for (var i = 0; i < payloads.Count; i++)
        {
            offsets[i] = file.Position;
            await file.WriteAsync(payloads[i], cancellationToken);
        }

        return offsets;
    }

    /// <summary>
    /// A synchronous read: the bytes were written moments ago and sit in the page cache, and .NET's asynchronous file
    /// reads on Linux are synchronous reads on a pool thread anyway, plus a hop.
    /// </summary>
    public byte[] Read(Guid job, long offset, int length)
    {
        using var handle = File.OpenHandle(PathOf(job), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var payload = new byte[length];
        var read = 0;
        while (read < length)
        {
            var n = RandomAccess.Read(handle, payload.AsSpan(read), offset + read);
            if (n == 0)
            {
                throw new InvalidDataException($"The chunk file of job {job} ends before byte {offset + length}.");
            }

            read += n;
        }

        return payload;
    }

    /// <summary>Forces the file to disk before its job is published, so a published job's units survive a power cut.</summary>
    public void FlushToDisk(Guid job)
    {
        if (File.Exists(PathOf(job)))
        {
            using var file = new FileStream(PathOf(job), FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            file.Flush(flushToDisk: true);
        }
    }

    public void Delete(Guid job) => File.Delete(PathOf(job));

    /// <summary>Deletes the files of jobs that are neither drafts nor pending (ended, or gone with their folder).</summary>
    public async Task<int> DeleteOrphansAsync(Func<Guid, CancellationToken, Task<bool>> isOpen, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var path in Directory.EnumerateFiles(directory, "*" + Extension))
        {
            if (Guid.TryParseExact(Path.GetFileNameWithoutExtension(path), "N", out var job) && !await isOpen(job, cancellationToken))
            {
                File.Delete(path);
                deleted++;
            }
        }

        return deleted;
    }

    private string PathOf(Guid job) => Path.Combine(directory, job.ToString("N") + Extension);
}
