using System.Text.Json;
using Curio.Connectors;
using Curio.Core.Specs;
using Curio.Server.Features.Importing;
using Curio.Storage;
using Curio.Storage.Integrations;
using Microsoft.Extensions.Options;

namespace Curio.Server.Hosting;

/// <summary>
/// With <c>curio serve --samples DIR</c>: a <c>samples</c> local integration over DIR and, on the first start, a
/// <c>samples</c> folder filled by importing <c>DIR/specs/samples.json</c>, so a new server has something to show.
/// </summary>
internal sealed class SampleSeeder(
    IStorage storage, ImportSubmitter submitter, IOptions<CurioOptions> options, TimeProvider time, ILogger<SampleSeeder> logger) : BackgroundService
{
    public const string Name = "samples";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.SamplesDirectory is not { Length: > 0 } directory)
        {
            return;
        }

        var root = Path.GetFullPath(directory);
        var spec = Path.Combine(root, "specs", "samples.json");
        try
        {
            var integration = await storage.Integrations.FindByNameAsync(Name, stoppingToken);
            if (integration is null)
            {
                var settings = new IntegrationSettings { Provider = IntegrationSettings.Local, Root = root };
                integration = new IntegrationRecord
                {
                    Uuid = Guid.CreateVersion7(time.GetUtcNow()),
                    Name = Name,
                    Provider = settings.Provider,
                    Settings = JsonSerializer.Serialize(settings, ServerJson.Default.IntegrationSettings),
                    CreatedAt = time.GetUtcNow(),
                };
                await storage.Integrations.CreateAsync(integration, stoppingToken);
            }

            if (await storage.Folders.FindByPathAsync([Name], stoppingToken) is not null || !File.Exists(spec))
            {
                return;
            }

            var folder = await storage.Folders.EnsurePathAsync([Name], null, time.GetUtcNow(), stoppingToken);
            await using var file = File.OpenRead(spec);
            var job = await submitter.SubmitAsync(file, new ImportTarget(folder.Uuid, integration.Uuid, IgnoreErrors: true, "samples.json", SpecFormat.Json, null), stoppingToken);
            logger.LogInformation("Importing the samples of {Root} into folder '{Folder}' (job {Job})", root, Name, job.Uuid);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not import the samples of {Root}", root);
        }
    }
}
