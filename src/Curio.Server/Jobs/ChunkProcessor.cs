using Curio.Core.Importing;
using Curio.Core.Specs;
using Curio.Server.Features.Integrations;
using Curio.Server.Hosting;
using Curio.Storage;
using Curio.Storage.Jobs;
using Microsoft.Extensions.Options;

namespace Curio.Server.Jobs;

/// <summary>Turns a leased chunk into outcomes: its units are checked concurrently, each on its own.</summary>
internal sealed class ChunkProcessor(IStorage storage, ObjectSources sources, UnitProber prober, IOptions<CurioOptions> options)
{
    public async Task<IReadOnlyList<UnitOutcome>> ProcessAsync(ChunkLease lease, CancellationToken cancellationToken)
    {
        IReadOnlyList<SpecUnit> units;
        try
        {
            units = UnitCodec.Decode(lease.Payload);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            throw new JobFailedException($"The stored units of this job are unreadable ({ex.Message}); submit the upload file again.");
        }

        var integration = await storage.Integrations.GetAsync(lease.IntegrationUuid, cancellationToken)
            ?? throw new JobFailedException("The job's integration no longer exists; create it again and resubmit the upload file.");
        var context = new UnitContext(sources.For(integration), integration.Name, lease.FolderUuid, integration.Settings().StrictClientOnly);
        var outcomes = new UnitOutcome[units.Count];

        // Units whose files carry their metadata need no I/O: they are done inline, the rest concurrently.
        var reads = new List<int>();
        for (var i = 0; i < units.Count; i++)
        {
            if (UnitProber.NeedsReading(units[i]))
            {
                reads.Add(i);
            }
            else
            {
                outcomes[i] = await prober.ProcessAsync(units[i], context, cancellationToken);
            }
        }

        await Parallel.ForEachAsync(reads,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.Import.UnitConcurrency, CancellationToken = cancellationToken },
            async (i, token) => outcomes[i] = await prober.ProcessAsync(units[i], context, token));
        return outcomes;
    }
}
