using System.Diagnostics.CodeAnalysis;
using Curio.Connectors;
using Curio.Contracts;
using Curio.Server.Features.Integrations;
using Curio.Server.Hosting;
using Curio.Server.Jobs;
using Curio.Storage;
using Curio.Storage.Integrations;
using Curio.Storage.Items;

namespace Curio.Server.Features.Items;

/// <summary>Where an item's file is, for the server to read it.</summary>
internal sealed record ItemObject(IntegrationRecord Integration, IObjectSource Source, ObjectLocation Location);

internal static class ItemObjects
{
    /// <summary>
    /// The item's object through its integration, or the problem that stops the server from reading it: 404 for an
    /// item without one (a group or series) or an URL that left the integration, 409 for a strict client-only integration.
    /// </summary>
    public static async Task<ItemObject> ResolveAsync([NotNull] ItemRecord? item, Guid uuid, IStorage storage, ObjectSources sources, CancellationToken cancellationToken)
    {
        if (item?.Url is null || item.IntegrationUuid is not { } integrationId
            || await storage.Integrations.GetAsync(integrationId, cancellationToken) is not { } integration)
        {
            throw ProblemException.NotFound(ErrorCodes.ItemNotFound, $"Item {uuid} has no object to serve (groups and series serve their frames).");
        }

        if (integration.Settings().StrictClientOnly)
        {
            throw new ProblemException(409, ErrorCodes.StorageUnavailable, "Conflict",
                $"The integration '{integration.Name}' is strict client-only: the server never downloads its objects. Use the item's signedUrl.");
        }

        var source = sources.For(integration);
        var location = source.Resolve(item.Url).Location
            ?? throw ProblemException.NotFound(ErrorCodes.ItemNotFound, $"{item.Url} no longer belongs to the integration '{integration.Name}'.");
        return new ItemObject(integration, source, location);
    }
}
