using Curio.Contracts;
using Curio.Server.Features.Folders;
using Curio.Server.Features.Metadata;
using Curio.Server.Features.Thumbnails;
using Curio.Server.Hosting;
using Curio.Storage;
using Curio.Storage.Items;
using Microsoft.AspNetCore.Http.HttpResults;
using CoreItemTypes = Curio.Core.Items.ItemTypes;

namespace Curio.Server.Features.Items;

internal static class ItemEndpoints
{
    public const int MaxPageSize = 1000;

    public static void MapItems(this IEndpointRouteBuilder api)
    {
        api.MapGet("/folders/{uuid:guid}/items", ListAsync).WithTags("Items").WithName("ListItems")
            .WithSummary("List a folder's items (groups and series, not their frames), oldest first, or filtered and sorted (docs/filters.md)");
        api.MapPost("/folders/{uuid:guid}/items/query", QueryAsync).WithTags("Items").WithName("QueryItems")
            .WithSummary("List a folder's items matching a filter given as a JSON document (or text), sorted, a page at a time");
        api.MapGet("/folders/{uuid:guid}/items/counts", CountsAsync).WithTags("Items").WithName("CountItemValues")
            .WithSummary("How many of a folder's items (matching a filter) have each option of an enum key, value of a boolean or varchar key, or item type ($type)");
        var group = api.MapGroup("/items").WithTags("Items");
        group.MapGet("/{uuid:guid}", GetAsync).WithName("GetItem").WithSummary("Get an item");
        group.MapGet("/{uuid:guid}/children", ChildrenAsync).WithName("ListChildItems").WithSummary("List the frames of a group or series, in order");
        group.MapGet("/{uuid:guid}/content", ItemContent.GetAsync).AllowAnonymous().WithName("GetItemContent")
            .WithSummary("The item's file, streamed by the server (bearer token, or a link from signedUrl); single byte ranges honoured");
        group.MapThumbnail();
        group.MapDelete("/{uuid:guid}", DeleteAsync).WithName("DeleteItem").WithSummary("Delete an item (a group or series with its frames)");
    }

    private static Task<Ok<Page<Item>>> ListAsync(
        Guid uuid, int? pageSize, string? pageToken, string[]? itemTypes, string? search, string? filter, string? sort, bool? descending, bool? signUrl,
        IStorage storage, SchemaCache schemas, ItemSigner signer, HttpRequest request, CancellationToken cancellationToken) =>
        PageAsync(uuid, new ItemQueryRequest
        {
            PageSize = pageSize,
            PageToken = pageToken,
            ItemTypes = itemTypes,
            Search = search,
            FilterText = filter,
            Sort = sort,
            Descending = descending,
            SignUrl = signUrl,
        }, storage, schemas, signer, request, cancellationToken);

    private static Task<Ok<Page<Item>>> QueryAsync(
        Guid uuid, ItemQueryRequest query, IStorage storage, SchemaCache schemas, ItemSigner signer, HttpRequest request, CancellationToken cancellationToken) =>
        PageAsync(uuid, query, storage, schemas, signer, request, cancellationToken);

    private static async Task<Ok<ValueCounts>> CountsAsync(
        Guid uuid, string key, string? filter, IStorage storage, SchemaCache schemas, CancellationToken cancellationToken) =>
        TypedResults.Ok(await CountValuesAsync(uuid, key, filter, storage, schemas, cancellationToken));

    /// <summary>How many of a folder's items have each value of <paramref name="key"/> (<c>$type</c>: per item type); also the web UI's.</summary>
    internal static async Task<ValueCounts> CountValuesAsync(
        Guid uuid, string key, string? filter, IStorage storage, SchemaCache schemas, CancellationToken cancellationToken)
    {
        await RequireFolderAsync(uuid, storage, cancellationToken);
        var target = await ItemFilters.CountTargetAsync(key, schemas, cancellationToken);
        var (bound, _) = await ItemFilters.BindAsync(filter, null, null, schemas, cancellationToken);
        var counts = await storage.Items.CountValuesAsync(uuid, target, bound, cancellationToken);
        return new ValueCounts { Key = key, Counts = counts.Select(c => new Contracts.ValueCount { Value = c.Value, Count = c.Count }).ToList() };
    }

    /// <summary>
    /// A folder's items from a 0-based position, in the order of an unfiltered listing: the web UI's scrolled grid and
    /// table ask for whatever rows come into view.
    /// </summary>
    internal static async Task<IReadOnlyList<Item>> ItemsAtAsync(Guid uuid, long position, int count, IStorage storage, CancellationToken cancellationToken)
    {
        await RequireFolderAsync(uuid, storage, cancellationToken);
        var page = await storage.Items.ListAtAsync(uuid, position, PageSize(count), cancellationToken);
        return page.Items.Select(ItemMapping.ToDto).ToList();
    }

    private static async Task<Ok<Page<Item>>> PageAsync(
        Guid uuid, ItemQueryRequest query, IStorage storage, SchemaCache schemas, ItemSigner signer, HttpRequest request, CancellationToken cancellationToken)
    {
        await RequireFolderAsync(uuid, storage, cancellationToken);
        var types = (query.ItemTypes ?? []).Select(t => CoreItemTypes.TryParse(t, out var type)
            ? type
            : throw ProblemException.BadRequest($"'{t}' is not an item type; use video, image, imageGroup, imageSequence, dicomSeries, audio, plainText, pdf or nifti.")).ToList();
        var (filter, sort) = await ItemFilters.BindAsync(query.FilterText, query.Filter, query.Sort, schemas, cancellationToken);
        var page = await storage.Items.ListAsync(uuid, new ItemListQuery
        {
            PageSize = PageSize(query.PageSize),
            PageToken = query.PageToken,
            Types = types,
            Search = query.Search,
            Filter = filter,
            Sort = sort,
            Descending = query.Descending ?? false,
        }, cancellationToken);
        var results = query.SignUrl == true
            ? await signer.SignAsync(page.Items, request, cancellationToken)
            : page.Items.Select(ItemMapping.ToDto).ToList();
        return TypedResults.Ok(new Page<Item> { Results = results, NextPageToken = page.NextPageToken });
    }

    private static async Task<Ok<Item>> GetAsync(
        Guid uuid, bool? signUrl, IStorage storage, ItemSigner signer, HttpRequest request, CancellationToken cancellationToken)
    {
        var item = await storage.Items.GetAsync(uuid, cancellationToken) ?? throw NotFound(uuid);
        return TypedResults.Ok(signUrl == true ? (await signer.SignAsync([item], request, cancellationToken))[0] : ItemMapping.ToDto(item));
    }

    /// <summary>An item (frames too: the web UI opens them from their group's page), or a 404 problem.</summary>
    internal static async Task<Item> ItemAsync(Guid uuid, IStorage storage, CancellationToken cancellationToken) =>
        ItemMapping.ToDto(await storage.Items.GetAsync(uuid, cancellationToken) ?? throw NotFound(uuid));

    private static async Task<Ok<Page<Item>>> ChildrenAsync(
        Guid uuid, bool? signUrl, IStorage storage, ItemSigner signer, HttpRequest request, CancellationToken cancellationToken)
    {
        if (signUrl == true)
        {
            _ = await storage.Items.GetAsync(uuid, cancellationToken) ?? throw NotFound(uuid);
            var children = await storage.Items.ListChildrenAsync(uuid, cancellationToken);
            return TypedResults.Ok(new Page<Item> { Results = await signer.SignAsync(children, request, cancellationToken) });
        }

        return TypedResults.Ok(new Page<Item> { Results = await FramesAsync(uuid, storage, cancellationToken) });
    }

    /// <summary>The frames of a group or series, in order (none for a single file); a 404 problem when the item is missing.</summary>
    internal static async Task<IReadOnlyList<Item>> FramesAsync(Guid uuid, IStorage storage, CancellationToken cancellationToken)
    {
        _ = await storage.Items.GetAsync(uuid, cancellationToken) ?? throw NotFound(uuid);
        var children = await storage.Items.ListChildrenAsync(uuid, cancellationToken);
        return children.Select(ItemMapping.ToDto).ToList();
    }

    private static async Task<NoContent> DeleteAsync(Guid uuid, IStorage storage, CancellationToken cancellationToken) =>
        await storage.Items.DeleteAsync(uuid, cancellationToken) ? TypedResults.NoContent() : throw NotFound(uuid);

    private static async Task RequireFolderAsync(Guid uuid, IStorage storage, CancellationToken cancellationToken)
    {
        if (await storage.Folders.GetAsync(uuid, cancellationToken) is null)
        {
            throw FolderNames.NotFound(uuid.ToString());
        }
    }

    public static int PageSize(int? requested) => requested switch
    {
        null => 100,
        >= 1 and <= MaxPageSize => requested.Value,
        _ => throw ProblemException.BadRequest($"pageSize must be between 1 and {MaxPageSize}."),
    };

    private static ProblemException NotFound(Guid uuid) =>
        ProblemException.NotFound(ErrorCodes.ItemNotFound, $"Item {uuid} not found (a frame is found through its group's children).");
}
