using Curio.Connectors;
using Curio.Contracts;
using Curio.Server.Features.Integrations;
using Curio.Server.Jobs;
using Curio.Storage;
using Curio.Storage.Items;

namespace Curio.Server.Features.Items;

/// <summary>
/// Adds <c>signedUrl</c> to items when a client asks (<c>signUrl=true</c>): the storage's own signature where it can
/// sign (S3, Azure, GCS; direct URLs are used as given), else a link the server signs and serves itself.
/// </summary>
internal sealed class ItemSigner(IStorage storage, ObjectSources sources, ContentLinks links)
{
    public async Task<IReadOnlyList<Item>> SignAsync(IReadOnlyList<ItemRecord> items, HttpRequest request, CancellationToken cancellationToken)
    {
        var integrations = new Dictionary<Guid, (IObjectSource Source, TimeSpan Ttl)?>();
        var result = new Item[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var dto = ItemMapping.ToDto(item);
            if (item.Url is not null && item.IntegrationUuid is { } id)
            {
                if (!integrations.TryGetValue(id, out var entry))
                {
                    var record = await storage.Integrations.GetAsync(id, cancellationToken);
                    entry = record is null ? null : (sources.For(record), record.Settings().SignedUrlTtl);
                    integrations[id] = entry;
                }

                if (entry is { } found)
                {
                    dto = dto with { SignedUrl = await SignAsync(item, found.Source, found.Ttl, request, cancellationToken) };
                }
            }

            result[i] = dto;
        }

        return result;
    }

    private async Task<string?> SignAsync(ItemRecord item, IObjectSource source, TimeSpan ttl, HttpRequest request, CancellationToken cancellationToken)
    {
        if (source.Resolve(item.Url!).Location is not { } location)
        {
            return null;
        }

        try
        {
            if (await source.GetSignedUrlAsync(location, ttl, cancellationToken) is { } signed)
            {
                // AbsoluteUri, not ToString(): ToString() unescapes, and a signature covers the escaped form.
                return signed.AbsoluteUri;
            }
        }
        catch (ObjectSourceException)
        {
            // Signing is local for every provider; a failure here (a SAS-only Azure credential, say) falls back to a served link.
        }

        return $"{request.Scheme}://{request.Host}{request.PathBase}{links.Create(item.Uuid, ttl)}";
    }
}
