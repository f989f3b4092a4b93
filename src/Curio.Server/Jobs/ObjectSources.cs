using System.Collections.Concurrent;
using Curio.Connectors;
using Curio.Server.Features.Integrations;
using Curio.Storage.Integrations;

namespace Curio.Server.Jobs;

/// <summary>
/// One object source per integration, reused by every job, listing and signed URL that reads through it: cloud
/// sources hold connection pools and signing keys, so making one per request would waste both.
/// </summary>
internal sealed class ObjectSources(ObjectSourceFactory factory, IntegrationSecretsProtector protector) : IDisposable
{
    private readonly ConcurrentDictionary<Guid, Lazy<IObjectSource>> _sources = new();

    public IObjectSource For(IntegrationRecord integration)
    {
        var lazy = _sources.GetOrAdd(integration.Uuid, _ => new Lazy<IObjectSource>(
            () => factory.Create(integration.Settings(), protector.Unprotect(integration.Secrets, integration.Name))));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // A Lazy keeps its exception; the next caller should try again (keys restored, say), not inherit it.
            _sources.TryRemove(new KeyValuePair<Guid, Lazy<IObjectSource>>(integration.Uuid, lazy));
            throw;
        }
    }

    /// <summary>Drops the source of a deleted integration.</summary>
    public void Forget(Guid integration)
    {
        if (_sources.TryRemove(integration, out var source) && source.IsValueCreated)
        {
            (source.Value as IDisposable)?.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var key in _sources.Keys)
        {
            Forget(key);
        }
    }
}
