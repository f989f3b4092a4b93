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
/// Workers start on a draft's chunks as soon as they are written; what they register stays invisible until the
/// file is accepted, and is deleted with the draft if it is refused.
/// </summary>
internal sealed class ImportSubmitter(IStorage storage, DataDirectory data, IOptions<CurioOptions> options, TimeProvider time, JobSignals signals)
{
    // Small batches, so workers can start on a large file soon after its first chunks are read.
    private const int ChunksPerWrite = 2;

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
            var job = await storage.Jobs.PublishAsync(uuid, new PublishedSpec(result.UnitCount, warnings), time.GetUtcNow(), cancellationToken);
            published = true;
            signals.JobChanged(uuid);
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
        // The first message is the file's flags (workers need them before the first chunk); then chunks.
        var channel = Channel.CreateBounded<object>(new BoundedChannelOptions(ChunksPerWrite * 2) { SingleReader = true, SingleWriter = true });
        var producer = Task.Factory.StartNew(() =>
        {
            try
            {
                void Send(object message)
                {
                    if (!channel.Writer.TryWrite(message))
                    {
                        // This is the reader's own thread: blocking it is how back-pressure reaches the reader.
                        channel.Writer.WriteAsync(message, stop.Token).AsTask().GetAwaiter().GetResult();
                    }
                }

                var chunker = new Chunker(import.ChunkUnits, import.ChunkBytes, Send);
                var result = SpecReader.Read(spool, new SpecReadOptions { Format = format, OnFlags = flags => Send(flags) }, chunker.Add);
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
            await foreach (var message in channel.Reader.ReadAllAsync(cancellationToken))
            {
                if (message is SpecFlags flags)
                {
                    await storage.Jobs.SetDraftFlagsAsync(jobUuid, flags.SkipDuplicateUrls, flags.UpsertMetadata, cancellationToken);
                    continue;
                }

                batch.Add((NewChunk)message);
                if (batch.Count == ChunksPerWrite)
                {
                    await AppendAsync(jobUuid, batch, cancellationToken);
                }
            }

            if (batch.Count > 0)
            {
                await AppendAsync(jobUuid, batch, cancellationToken);
            }
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }

        return await producer;
    }

    private async Task AppendAsync(Guid jobUuid, List<NewChunk> batch, CancellationToken cancellationToken)
    {
        await storage.Jobs.AppendChunksAsync(jobUuid, batch, cancellationToken);
        batch.Clear();
        signals.WorkAvailable();
    }

    /// <summary>Cuts the unit stream into chunks by count and by encoded size.</summary>
    private sealed class Chunker(int maxUnits, int maxBytes, Action<object> emit)
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
