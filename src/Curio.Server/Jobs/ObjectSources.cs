using System.Collections.Concurrent;
using Curio.Connectors;
using Curio.Server.Features.Integrations;
using Curio.Storage.Integrations;

namespace Curio.Server.Jobs;

/// <summary>One object source per integration, reused by every job that reads through it.</summary>
internal sealed class ObjectSources(ObjectSourceFactory factory)
{
    private readonly ConcurrentDictionary<Guid, IObjectSource> _sources = new();

    public IObjectSource For(IntegrationRecord integration) =>
        _sources.GetOrAdd(integration.Uuid, _ => factory.Create(integration.Settings()));
}
