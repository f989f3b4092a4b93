using System.Text.Json;
using Curio.Contracts;
using Curio.Sdk.Internal;

namespace Curio.Sdk;

// Items: the registered files, groups and series.
public partial class CurioClient
{
    /// <summary>
    /// Lists a folder's items (groups and series, not their frames), oldest first or in the query's order, requesting
    /// pages as the caller enumerates.
    /// </summary>
    /// <param name="folderUuid">The folder.</param>
    /// <param name="query">Filters, order and page size; null for all items.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The items.</returns>
    /// <exception cref="ArgumentException">Both <see cref="ItemQuery.Filter"/> and <see cref="ItemQuery.FilterDocument"/> are set.</exception>
    /// <exception cref="CurioRequestFailedException">
    /// 404 <see cref="ErrorCodes.FolderNotFound"/>, 400 <see cref="ErrorCodes.FilterInvalid"/> (the detail says where and why), among others (when enumerated).
    /// </exception>
    public virtual IAsyncEnumerable<Item> GetItemsAsync(Guid folderUuid, ItemQuery? query = null, CancellationToken cancellationToken = default)
    {
        CheckQuery(query);
        return PagesAsync((token, ct) => GetItemsPageAsync(folderUuid, token, query, ct), cancellationToken);
    }

    /// <summary>Gets one page of a folder's items, with the token of the next; for callers that keep their place between calls.</summary>
    /// <param name="folderUuid">The folder.</param>
    /// <param name="pageToken">The <see cref="Page{T}.NextPageToken"/> of the previous page; null for the first.</param>
    /// <param name="query">Filters, order and page size; null for all items. Pass the same one for every page.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ArgumentException">Both <see cref="ItemQuery.Filter"/> and <see cref="ItemQuery.FilterDocument"/> are set.</exception>
    /// <exception cref="CurioRequestFailedException">
    /// 404 <see cref="ErrorCodes.FolderNotFound"/>, 400 <see cref="ErrorCodes.InvalidPageToken"/>, 400 <see cref="ErrorCodes.FilterInvalid"/>, among others.
    /// </exception>
    public virtual Task<Page<Item>> GetItemsPageAsync(Guid folderUuid, string? pageToken = null, ItemQuery? query = null, CancellationToken cancellationToken = default)
    {
        CheckQuery(query);
        if (query?.FilterDocument is { } filter)
        {
            // The JSON form has no query-string spelling: the same query goes as a body.
            var body = new ItemQueryRequest
            {
                Filter = filter,
                Sort = query.Sort,
                Descending = query.Descending ? true : null,
                PageSize = query.PageSize,
                PageToken = pageToken,
                ItemTypes = query.ItemTypes.Count == 0 ? null : [.. query.ItemTypes.Select(WireName)],
                Search = string.IsNullOrEmpty(query.Search) ? null : query.Search,
                SignUrl = query.SignUrls ? true : null,
            };
            return SendAsync(HttpMethod.Post, $"api/v1/folders/{RequestPath.Segment(folderUuid)}/items/query",
                Json(body, CurioJsonContext.Default.ItemQueryRequest), CurioJsonContext.Default.PageItem, cancellationToken);
        }

        var path = new RequestPath($"api/v1/folders/{RequestPath.Segment(folderUuid)}/items")
            .Query("pageSize", query?.PageSize)
            .Query("pageToken", pageToken)
            .Query("search", string.IsNullOrEmpty(query?.Search) ? null : query.Search)
            .Query("signUrl", query?.SignUrls == true ? "true" : null)
            .Query("filter", string.IsNullOrEmpty(query?.Filter) ? null : query.Filter)
            .Query("sort", string.IsNullOrEmpty(query?.Sort) ? null : query.Sort)
            .Query("descending", query?.Descending == true ? "true" : null);
        foreach (var type in query?.ItemTypes ?? [])
        {
            path.Query("itemTypes", WireName(type));
        }

        return SendAsync(HttpMethod.Get, path.ToString(), null, CurioJsonContext.Default.PageItem, cancellationToken);
    }

    /// <summary>Gets an item.</summary>
    /// <param name="uuid">The item.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The item.</returns>
    /// <exception cref="CurioRequestFailedException">404 <see cref="ErrorCodes.ItemNotFound"/>, among others.</exception>
    public virtual Task<Item> GetItemAsync(Guid uuid, CancellationToken cancellationToken = default) =>
        GetItemAsync(uuid, signUrl: false, cancellationToken);

    /// <summary>Gets an item, with a signed URL when asked (Encord's <c>sign_url</c>).</summary>
    /// <param name="uuid">The item.</param>
    /// <param name="signUrl">Fill <see cref="Item.SignedUrl"/>: a URL a browser can fetch for the integration's TTL.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The item.</returns>
    /// <exception cref="CurioRequestFailedException">404 <see cref="ErrorCodes.ItemNotFound"/>, among others.</exception>
    public virtual Task<Item> GetItemAsync(Guid uuid, bool signUrl, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, new RequestPath($"api/v1/items/{RequestPath.Segment(uuid)}").Query("signUrl", signUrl ? "true" : null).ToString(),
            null, CurioJsonContext.Default.Item, cancellationToken);

    /// <summary>Lists the frames of an image group or sequence, or the files of a DICOM series, in order.</summary>
    /// <param name="uuid">The group or series.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The child items; none for other items.</returns>
    /// <exception cref="CurioRequestFailedException">404 <see cref="ErrorCodes.ItemNotFound"/>, among others (when enumerated).</exception>
    public virtual IAsyncEnumerable<Item> GetChildItemsAsync(Guid uuid, CancellationToken cancellationToken = default) =>
        PagesAsync((token, ct) => SendAsync(HttpMethod.Get,
            new RequestPath($"api/v1/items/{RequestPath.Segment(uuid)}/children").Query("pageToken", token).ToString(), null, CurioJsonContext.Default.PageItem, ct),
            cancellationToken);

    /// <summary>
    /// A JPEG thumbnail of an image, a video's poster frame, or the first frame of a group, sequence or DICOM series
    /// (longest side 256 px unless the server is configured otherwise). The server renders it on the first request.
    /// </summary>
    /// <param name="uuid">The item.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The JPEG's bytes.</returns>
    /// <exception cref="CurioRequestFailedException">
    /// 404 <see cref="ErrorCodes.ThumbnailUnavailable"/> (audio, text, PDF, NIfTI, some compressed DICOM),
    /// 422 <see cref="ErrorCodes.ThumbnailFailed"/> (a file that cannot be rendered), 409 for a strict client-only integration,
    /// 404 <see cref="ErrorCodes.ItemNotFound"/>, among others.
    /// </exception>
    public virtual async Task<byte[]> GetThumbnailAsync(Guid uuid, CancellationToken cancellationToken = default)
    {
        var path = $"api/v1/items/{RequestPath.Segment(uuid)}/thumbnail";
        using var response = await SendAsync(HttpMethod.Get, path, null, HttpCompletionOption.ResponseContentRead, default, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// How many of a folder's items (those matching a filter, when given) have each option of an enum key, each value of a
    /// boolean or varchar key, or each item type (<c>$type</c>), most frequent first.
    /// </summary>
    /// <param name="folderUuid">The folder.</param>
    /// <param name="key">The key counted: an enum, boolean or varchar schema key, or <c>$type</c>.</param>
    /// <param name="filter">A filter in the text form; null for all items.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The counts.</returns>
    /// <exception cref="CurioRequestFailedException">404 <see cref="ErrorCodes.FolderNotFound"/>, 400 <see cref="ErrorCodes.FilterInvalid"/> (a key that cannot be counted), among others.</exception>
    public virtual Task<ValueCounts> CountItemValuesAsync(Guid folderUuid, string key, string? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var path = new RequestPath($"api/v1/folders/{RequestPath.Segment(folderUuid)}/items/counts")
            .Query("key", key)
            .Query("filter", string.IsNullOrEmpty(filter) ? null : filter);
        return SendAsync(HttpMethod.Get, path.ToString(), null, CurioJsonContext.Default.ValueCounts, cancellationToken);
    }

    /// <summary>
    /// Renames an item and/or replaces its custom metadata. The new <c>clientMetadata</c> replaces the old one whole
    /// (Encord's semantics): to change one key, copy the item's metadata, change it, and send it all.
    /// </summary>
    /// <param name="uuid">The item (a group or series, not one of its frames).</param>
    /// <param name="name">A new name (1 to 300 characters); null to keep it.</param>
    /// <param name="clientMetadata">A new custom metadata object; null to keep it.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The item as it now is.</returns>
    /// <exception cref="ArgumentException">Neither a name nor metadata is given.</exception>
    /// <exception cref="CurioRequestFailedException">
    /// 422 <see cref="ErrorCodes.MetadataValueInvalid"/> (a schema key's value does not conform; see
    /// <see cref="CurioRequestFailedException.MetadataProblems"/>), 400 (not an object, too large, a bad name), 404 <see cref="ErrorCodes.ItemNotFound"/>, among others.
    /// </exception>
    public virtual Task<Item> UpdateItemAsync(Guid uuid, string? name = null, JsonElement? clientMetadata = null, CancellationToken cancellationToken = default)
    {
        var request = new UpdateItemRequest { Name = name, ClientMetadata = clientMetadata is { ValueKind: JsonValueKind.Undefined } ? null : clientMetadata };
        if (IsEmpty(request))
        {
            throw new ArgumentException("Give a new name, new client metadata, or both.", nameof(name));
        }

        return SendAsync(HttpMethod.Patch, $"api/v1/items/{RequestPath.Segment(uuid)}", Json(request, CurioJsonContext.Default.UpdateItemRequest),
            CurioJsonContext.Default.Item, cancellationToken);
    }

    /// <summary>
    /// Applies up to 1,000 item patches in one request, all or nothing: one value that does not conform refuses them all.
    /// For more, or to gather updates as they come, use <see cref="CreateItemBundle"/>.
    /// </summary>
    /// <param name="patches">Patches by item; a patch's null members leave those fields as they are.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The updated items; none, without a request, when there are no patches.</returns>
    /// <exception cref="ArgumentOutOfRangeException">More than 1,000 patches.</exception>
    /// <exception cref="CurioRequestFailedException">
    /// 422 <see cref="ErrorCodes.MetadataValueInvalid"/> (see <see cref="CurioRequestFailedException.MetadataProblems"/>; nothing was updated), 400, among others.
    /// </exception>
    public virtual async Task<IReadOnlyList<Item>> PatchItemsAsync(IReadOnlyDictionary<Guid, UpdateItemRequest> patches, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patches);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(patches.Count, MaxPatchesPerRequest, nameof(patches));
        if (patches.Count == 0)
        {
            return [];
        }

        var page = await SendAsync(HttpMethod.Patch, "api/v1/items", Json(new PatchItemsRequest { ItemPatches = patches }, CurioJsonContext.Default.PatchItemsRequest),
            CurioJsonContext.Default.PageItem, cancellationToken).ConfigureAwait(false);
        return page.Results;
    }

    /// <summary>
    /// A bundle that gathers item updates and sends them in requests of up to <paramref name="bundleSize"/> patches
    /// (Encord's <c>Bundle</c>). Dispose it (<c>await using</c>) to send what is left.
    /// </summary>
    /// <param name="bundleSize">Patches per request, 1 to 1000.</param>
    /// <returns>An empty bundle.</returns>
    public virtual ItemBundle CreateItemBundle(int bundleSize = MaxPatchesPerRequest) => new(this, bundleSize);

    /// <summary>Deletes an item; a group or series goes with its frames.</summary>
    /// <param name="uuid">The item.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when it is deleted.</returns>
    /// <exception cref="CurioRequestFailedException">404 <see cref="ErrorCodes.ItemNotFound"/>, among others.</exception>
    public virtual Task DeleteItemAsync(Guid uuid, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"api/v1/items/{RequestPath.Segment(uuid)}", cancellationToken);

    /// <summary>The server's limit on patches per request.</summary>
    internal const int MaxPatchesPerRequest = 1000;

    private static bool IsEmpty(UpdateItemRequest patch) =>
        patch.Name is null && patch.ClientMetadata is null or { ValueKind: JsonValueKind.Undefined };

    private static void CheckQuery(ItemQuery? query)
    {
        CheckPageSize(query?.PageSize, nameof(query));
        if (!string.IsNullOrEmpty(query?.Filter) && query.FilterDocument is not null)
        {
            throw new ArgumentException("Set ItemQuery.Filter (text) or ItemQuery.FilterDocument (JSON), not both.", nameof(query));
        }
    }

    /// <summary>The wire name (<c>imageGroup</c>, ...), from the same attributes the JSON uses.</summary>
    private static string WireName(ItemType type) => JsonSerializer.Serialize(type, CurioJsonContext.Default.ItemType).Trim('"');
}
