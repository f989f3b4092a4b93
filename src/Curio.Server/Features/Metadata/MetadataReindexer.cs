using Curio.Storage;

namespace Curio.Server.Features.Metadata;

/// <summary>
/// Re-checks stored custom metadata against the schema after each change, a batch per transaction so imports and
/// updates interleave: values that no longer conform stay stored but leave the typed index and appear in the report;
/// values that now conform join it. Also finishes a pass interrupted by a restart.
/// </summary>
internal sealed class MetadataReindexer(IStorage storage, SchemaCache schemas, ILogger<MetadataReindexer> logger) : BackgroundService
{
    private const int Batch = 1000;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _wake = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        schemas.Changed += Wake;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var progress = await storage.Metadata.GetReindexProgressAsync(stoppingToken);
                    while (!progress.Done)
                    {
                        progress = await storage.Metadata.ReindexAsync(Batch, stoppingToken);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Re-checking custom metadata against the schema failed; retrying");
                }

                // Another process may change the schema: look again now and then even without a local change.
                await _wake.WaitAsync(Poll, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            schemas.Changed -= Wake;
        }
    }

    private void Wake() => _wake.Release();

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}
