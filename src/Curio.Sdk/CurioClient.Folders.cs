using Curio.Contracts;
using Curio.Sdk.Internal;

namespace Curio.Sdk;

// Folders: they nest, and hold items.
public partial class CurioClient
{
    /// <summary>Lists the sub-folders of a folder, by name.</summary>
    /// <param name="parent">The folder; null for the root folders.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The sub-folders.</returns>
    public virtual IAsyncEnumerable<Folder> GetFoldersAsync(Guid? parent = null, CancellationToken cancellationToken = default) =>
        PagesAsync((token, ct) => SendAsync(HttpMethod.Get,
            new RequestPath("api/v1/folders").Query("parent", parent).Query("pageToken", token).ToString(), null, CurioJsonContext.Default.PageFolder, ct),
            cancellationToken);

    /// <summary>Gets a folder.</summary>
    /// <param name="uuid">The folder.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The folder, with its path.</returns>
    /// <exception cref="CurioRequestFailedException">404 <see cref="ErrorCodes.FolderNotFound"/>, among others.</exception>
    public virtual Task<Folder> GetFolderAsync(Guid uuid, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"api/v1/folders/{RequestPath.Segment(uuid)}", null, CurioJsonContext.Default.Folder, cancellationToken);

    /// <summary>Finds a folder by its path.</summary>
    /// <param name="path">Folder names from the root, joined with '/', e.g. <c>cams/front</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The folder.</returns>
    /// <exception cref="CurioRequestFailedException">404 <see cref="ErrorCodes.FolderNotFound"/>, among others.</exception>
    public virtual Task<Folder> GetFolderByPathAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return SendAsync(HttpMethod.Get, new RequestPath("api/v1/folders/by-path").Query("path", path).ToString(), null,
            CurioJsonContext.Default.Folder, cancellationToken);
    }

    /// <summary>Creates a folder as the request says: by path (missing parents are created), or by name under a parent.</summary>
    /// <param name="request">Where, and its description and metadata.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The new folder.</returns>
    /// <exception cref="CurioRequestFailedException">409 <see cref="ErrorCodes.FolderNameTaken"/>, 404 (parent), among others.</exception>
    public virtual Task<Folder> CreateFolderAsync(CreateFolderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(HttpMethod.Post, "api/v1/folders", Json(request, CurioJsonContext.Default.CreateFolderRequest),
            CurioJsonContext.Default.Folder, cancellationToken);
    }

    /// <summary>Creates the folder at a path, and its missing parents.</summary>
    /// <param name="path">Folder names from the root, joined with '/', e.g. <c>cams/front</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The new folder (the last of the path).</returns>
    /// <exception cref="CurioRequestFailedException">409 <see cref="ErrorCodes.FolderNameTaken"/> when it exists, among others.</exception>
    public virtual Task<Folder> CreateFolderAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return CreateFolderAsync(new CreateFolderRequest { Path = path }, cancellationToken);
    }

    /// <summary>Creates a folder under a parent.</summary>
    /// <param name="name">Its name (no '/').</param>
    /// <param name="parent">The parent folder; null for a root folder.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The new folder.</returns>
    /// <exception cref="CurioRequestFailedException">409 <see cref="ErrorCodes.FolderNameTaken"/>, 404 (parent), among others.</exception>
    public virtual Task<Folder> CreateFolderAsync(string name, Guid? parent, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return CreateFolderAsync(new CreateFolderRequest { Name = name, Parent = parent }, cancellationToken);
    }

    /// <summary>Renames a folder, or changes its description or metadata; members left null stay as they are.</summary>
    /// <param name="uuid">The folder.</param>
    /// <param name="request">What changes.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The folder as it now is.</returns>
    /// <exception cref="CurioRequestFailedException">404, 409 <see cref="ErrorCodes.FolderNameTaken"/>, among others.</exception>
    public virtual Task<Folder> UpdateFolderAsync(Guid uuid, UpdateFolderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(HttpMethod.Patch, $"api/v1/folders/{RequestPath.Segment(uuid)}", Json(request, CurioJsonContext.Default.UpdateFolderRequest),
            CurioJsonContext.Default.Folder, cancellationToken);
    }

    /// <summary>Applies up to 1,000 folder patches in one request (Encord's folder <c>patch-bulk</c>): all of them, or none.</summary>
    /// <param name="patches">Patches by folder; a patch's null members leave those fields as they are.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The patched folders; none, without a request, when there are no patches.</returns>
    /// <exception cref="ArgumentOutOfRangeException">More than 1,000 patches.</exception>
    /// <exception cref="CurioRequestFailedException">404 or 409 <see cref="ErrorCodes.FolderNameTaken"/> (nothing was changed), 400.</exception>
    public virtual async Task<IReadOnlyList<Folder>> PatchFoldersAsync(IReadOnlyDictionary<Guid, UpdateFolderRequest> patches, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patches);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(patches.Count, MaxPatchesPerRequest, nameof(patches));
        if (patches.Count == 0)
        {
            return [];
        }

        var page = await SendAsync(HttpMethod.Patch, "api/v1/folders", Json(new PatchFoldersRequest { FolderPatches = patches }, CurioJsonContext.Default.PatchFoldersRequest),
            CurioJsonContext.Default.PageFolder, cancellationToken).ConfigureAwait(false);
        return page.Results;
    }

    /// <summary>Deletes a folder.</summary>
    /// <param name="uuid">The folder.</param>
    /// <param name="recursive">Also delete its sub-folders and items; without it, a folder that is not empty is refused.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when it is deleted.</returns>
    /// <exception cref="CurioRequestFailedException">404, 409 <see cref="ErrorCodes.FolderNotEmpty"/> or <see cref="ErrorCodes.FolderBusy"/>, among others.</exception>
    public virtual Task DeleteFolderAsync(Guid uuid, bool recursive = false, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, new RequestPath($"api/v1/folders/{RequestPath.Segment(uuid)}").Query("recursive", recursive ? "true" : null).ToString(),
            cancellationToken);
}
