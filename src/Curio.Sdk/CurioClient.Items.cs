using System.Text.Json;
using Curio.Contracts;
using Curio.Sdk.Internal;

namespace Curio.Sdk;

// Items: the registered files, groups and series.
public partial class CurioClient
{
    /// <summary>Lists a folder's items (groups and series, not their frames), oldest first, requesting pages as the caller enumerates.</summary>
    /// <param name="folderUuid">The folder.</param>
    /// <param name="query">Filters and page size; null for all items.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The items.</returns>
    /// <exception cref="CurioRequestFailedException">404 <see cref="ErrorCodes.FolderNotFound"/>, among others (when enumerated).</exception>
    public virtual IAsyncEnumerable<Item> GetItemsAsync(Guid folderUuid, ItemQuery? query = null, CancellationToken cancellationToken = default)
    {
        CheckPageSize(query?.PageSize, nameof(query));
        return PagesAsync((token, ct) => GetItemsPageAsync(folderUuid, token, query, ct), cancellationToken);
    }

    /// <summary>Gets one page of a folder's items, with the token of the next; for callers that keep their place between calls.</summary>
    /// <param name="folderUuid">The folder.</param>
    /// <param name="pageToken">The <see cref="Page{T}.NextPageToken"/> of the previous page; null for the first.</param>
    /// <param name="query">Filters and page size; null for all items.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The page.</returns>
    /// <exception cref="CurioRequestFailedException">404 <see cref="ErrorCodes.FolderNotFound"/>, 400 <see cref="ErrorCodes.InvalidPageToken"/>, among others.</exception>
    public virtual Task<Page<Item>> GetItemsPageAsync(Guid folderUuid, string? pageToken = null, ItemQuery? query = null, CancellationToken cancellationToken = default)
    {
        CheckPageSize(query?.PageSize, nameof(query));
        var path = new RequestPath($"api/v1/folders/{RequestPath.Segment(folderUuid)}/items")
            .Query("pageSize", query?.PageSize)
            .Query("pageToken", pageToken)
            .Query("search", string.IsNullOrEmpty(query?.Search) ? null : query.Search)
            .Query("signUrl", query?.SignUrls == true ? "true" : null);
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

    /// <summary>Deletes an item; a group or series goes with its frames.</summary>
    /// <param name="uuid">The item.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when it is deleted.</returns>
    /// <exception cref="CurioRequestFailedException">404 <see cref="ErrorCodes.ItemNotFound"/>, among others.</exception>
    public virtual Task DeleteItemAsync(Guid uuid, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"api/v1/items/{RequestPath.Segment(uuid)}", cancellationToken);

    /// <summary>The wire name (<c>imageGroup</c>, ...), from the same attributes the JSON uses.</summary>
    private static string WireName(ItemType type) => JsonSerializer.Serialize(type, CurioJsonContext.Default.ItemType).Trim('"');
}
