using System.Text;
using System.Text.Json;
using Curio.Contracts;
using Curio.Core.Json;
using Curio.Core.Specs;
using Curio.Server.Features.Metadata;
using Curio.Server.Hosting;
using Curio.Storage;
using Curio.Storage.Items;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Curio.Server.Features.Items;

/// <summary>
/// Item updates, one or up to 1,000 at a time (Encord's bundle). A new <c>clientMetadata</c> replaces the old whole
/// (Encord's semantics) and is checked against the schema first; a bulk request is checked whole, so either every
/// patch is applied or none.
/// </summary>
internal static class ItemUpdates
{
    public const int MaxPatches = 1000;

    public static void MapItemUpdates(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/items").WithTags("Items");
        group.MapPatch("/{uuid:guid}", UpdateAsync).WithName("UpdateItem")
            .WithSummary("Rename an item or replace its clientMetadata (the new object replaces the old whole)");
        group.MapPatch("/", PatchAsync).WithName("PatchItems")
            .WithSummary("Apply up to 1,000 item patches in one transaction; one invalid value refuses them all");
    }

    private static async Task<Ok<Item>> UpdateAsync(Guid uuid, UpdateItemRequest request, IStorage storage, SchemaCache schemas, TimeProvider time, CancellationToken cancellationToken)
    {
        var patch = await CheckedAsync([(uuid, request)], schemas, cancellationToken);
        var updated = await storage.Items.PatchAsync(patch, time.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(ItemMapping.ToDto(updated.Count == 1 ? updated[0] : throw NotFound(uuid)));
    }

    private static async Task<Ok<Page<Item>>> PatchAsync(PatchItemsRequest request, IStorage storage, SchemaCache schemas, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request.ItemPatches.Count > MaxPatches)
        {
            throw ProblemException.BadRequest($"{request.ItemPatches.Count} item patches in one request; send at most {MaxPatches} (the SDK's bundle splits them).");
        }

        var patches = await CheckedAsync(request.ItemPatches.Select(p => (p.Key, p.Value)).ToList(), schemas, cancellationToken);
        var updated = await storage.Items.PatchAsync(patches, time.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(new Page<Item> { Results = updated.Select(ItemMapping.ToDto).ToList() });
    }

    private static async Task<List<ItemPatch>> CheckedAsync(List<(Guid Item, UpdateItemRequest Request)> requests, SchemaCache schemas, CancellationToken cancellationToken)
    {
        var patches = new List<ItemPatch>(requests.Count);
        var metadata = new List<(Guid, JsonElement)>();
        foreach (var (item, request) in requests)
        {
            if (request.Name is { } name && (string.IsNullOrWhiteSpace(name) || name.EnumerateRunes().Count() > SpecLimits.Default.MaxTitleLength))
            {
                throw ProblemException.BadRequest($"Item {item}: a name has 1 to {SpecLimits.Default.MaxTitleLength} characters.");
            }

            string? canonical = null;
            if (request.ClientMetadata is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } m)
            {
                if (m.ValueKind != JsonValueKind.Object)
                {
                    throw ProblemException.BadRequest($"Item {item}: clientMetadata must be a JSON object.");
                }

                canonical = CanonicalJson.Canonicalize(m.GetRawText());
                if (Encoding.UTF8.GetByteCount(canonical) > SpecLimits.Default.MaxClientMetadataBytes)
                {
                    throw ProblemException.BadRequest($"Item {item}: clientMetadata is larger than {SpecLimits.Default.MaxClientMetadataBytes / (1024 * 1024)} MB once serialized.");
                }

                metadata.Add((item, m));
            }

            patches.Add(new ItemPatch(item, request.Name, canonical));
        }

        if (metadata.Count > 0)
        {
            MetadataChecks.ThrowIfInvalid(await schemas.GetAsync(cancellationToken), metadata);
        }

        return patches;
    }

    private static ProblemException NotFound(Guid uuid) => ProblemException.NotFound(ErrorCodes.ItemNotFound, $"No item {uuid} (a frame's metadata is its group's).");
}
