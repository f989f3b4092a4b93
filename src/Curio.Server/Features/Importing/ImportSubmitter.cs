using System.Text.Json;
using System.Threading.Channels;
using Curio.Contracts;
using Curio.Core.Importing;
using Curio.Core.Specs;
using Curio.Server.Hosting;
using Curio.Server.Jobs;
using Curio.Storage;
using Curio.Storage.Jobs;
using Microsoft.Extensions.Options;

namespace Curio.Server.Features.Importing;

/// <summary>What an import is into and through, and who asked.</summary>
internal sealed record ImportTarget(Guid FolderUuid, Guid IntegrationUuid, bool IgnoreErrors, string? FileName, SpecFormat Format, Guid? CreatedBy);

/// <summary>
/// Accepts an upload file whole or not at all: it is read into the chunks of a draft job, which becomes a PENDING
/// job only when the reader found no error; otherwise the draft is dropped and the caller gets every problem.
/// </summary>
internal sealed class ImportSubmitter(IStorage storage, DataDirectory data, IOptions<CurioOptions> options, TimeProvider time, JobSignals signals)
{
    private const int ChunksPerWrite = 8;

    public async Task<JobRecord> SubmitAsync(Stream body, ImportTarget target, CancellationToken cancellationToken)
    {
        var import = options.Value.Import;
        await using var spool = await SpecSpool.CopyAsync(body, data, import.MaxSpecBytes, cancellationToken);
        var format = target.Format == SpecFormat.Auto ? SpecReader.Detect(spool, target.FileName) : target.Format;
        var uuid = Guid.CreateVersion7(time.GetUtcNow());
        await storage.Jobs.CreateDraftAsync(
            new NewJob(uuid, target.FolderUuid, target.IntegrationUuid, target.IgnoreErrors, target.FileName, SpecMapping.FormatName(format), target.CreatedBy, time.GetUtcNow()),
            cancellationToken);
        var published = false;
        try
        {
            var result = await ReadIntoChunksAsync(spool, format, uuid, import, cancellationToken);
            if (!result.IsValid)
            {
                throw Refused(result);
            }

            var warnings = JsonSerializer.Serialize(result.Warnings.Select(SpecMapping.ToDto).ToList(), ServerJson.Default.ListSpecProblem);
            var job = await storage.Jobs.PublishAsync(uuid, new PublishedSpec(result.SkipDuplicateUrls, result.UpsertMetadata, result.UnitCount, warnings), time.GetUtcNow(), cancellationToken);
            published = true;
            signals.WorkAvailable();
            return job;
        }
        finally
        {
            if (!published)
            {
                await storage.Jobs.DiscardDraftAsync(uuid, CancellationToken.None);
            }
        }
    }

    /// <summary>Validates without creating anything.</summary>
    public async Task<SpecReadResult> ValidateAsync(Stream body, string? fileName, SpecFormat format, CancellationToken cancellationToken)
    {
        await using var spool = await SpecSpool.CopyAsync(body, data, options.Value.Import.MaxSpecBytes, cancellationToken);
        return await Task.Run(() => SpecReader.Read(spool, new SpecReadOptions { Format = format, FileName = fileName }), cancellationToken);
    }

    public static ProblemException Refused(SpecReadResult result)
    {
        var first = result.Errors[0];
        var count = result.Errors.Count + result.UnlistedErrorCount;
        var problem = new ProblemException(422, ErrorCodes.SpecInvalid, "The upload file was refused",
            $"The upload file has {count:N0} problem{(count == 1 ? "" : "s")}; nothing was imported. First: {first.Location}: {first.Message}");
        problem.Extensions["errors"] = result.Errors.Select(SpecMapping.ToDto).ToList();
        problem.Extensions["unlistedErrorCount"] = result.UnlistedErrorCount;
        return problem;
    }

    /// <summary>
    /// The reader is synchronous, so it runs on its own thread and hands encoded chunks through a small bounded
    /// channel to this method, which writes them a few at a time: memory stays at a few chunks whatever the file size.
    /// </summary>
    private async Task<SpecReadResult> ReadIntoChunksAsync(Stream spool, SpecFormat format, Guid jobUuid, ImportOptions import, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<NewChunk>(new BoundedChannelOptions(ChunksPerWrite * 2) { SingleReader = true, SingleWriter = true });
        var producer = Task.Factory.StartNew(() =>
        {
            try
            {
                var chunker = new Chunker(import.ChunkUnits, import.ChunkBytes, chunk =>
                {
                    if (!channel.Writer.TryWrite(chunk))
                    {
                        // This is the reader's own thread: blocking it is how back-pressure reaches the reader.
                        channel.Writer.WriteAsync(chunk, stop.Token).AsTask().GetAwaiter().GetResult();
                    }
                });
                var result = SpecReader.Read(spool, new SpecReadOptions { Format = format }, chunker.Add);
                if (result.IsValid)
                {
                    chunker.Flush();
                }

                return result;
            }
            finally
            {
                channel.Writer.TryComplete();
            }
        }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        try
        {
            var batch = new List<NewChunk>(ChunksPerWrite);
            await foreach (var chunk in channel.Reader.ReadAllAsync(cancellationToken))
            {
                batch.Add(chunk);
                if (batch.Count == ChunksPerWrite)
                {
                    await storage.Jobs.AppendChunksAsync(jobUuid, batch, cancellationToken);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await storage.Jobs.AppendChunksAsync(jobUuid, batch, cancellationToken);
            }
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }

        return await producer;
    }

    /// <summary>Cuts the unit stream into chunks by count and by encoded size.</summary>
    private sealed class Chunker(int maxUnits, int maxBytes, Action<NewChunk> emit)
    {
        private readonly List<SpecUnit> _units = [];
        private int _bytes;
        private int _next;

        public void Add(SpecUnit unit)
        {
            _units.Add(unit);
            _bytes += UnitCodec.EstimateSize(unit);
            if (_units.Count >= maxUnits || _bytes >= maxBytes)
            {
                Flush();
            }
        }

        public void Flush()
        {
            if (_units.Count == 0)
            {
                return;
            }

            emit(new NewChunk(_next++, _units[0].Index, _units.Count, UnitCodec.Encode(_units)));
            _units.Clear();
            _bytes = 0;
        }
    }
}
