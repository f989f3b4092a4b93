using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace Curio.Server.Features.Thumbnails;

/// <summary><c>GET /api/v1/items/{uuid}/thumbnail</c>.</summary>
internal static class ThumbnailEndpoint
{
    // An item never changes its file, so its thumbnail only changes when the thumbnail folder is cleared or its
    // settings change; a week is long enough to make grids fast and short enough for those rare cases.
    public const string CacheControl = "private, max-age=604800, immutable";

    public static RouteHandlerBuilder MapThumbnail(this RouteGroupBuilder items) =>
        items.MapGet("/{uuid:guid}/thumbnail", GetAsync).WithName("GetItemThumbnail")
            .WithSummary("A JPEG thumbnail of an image, a video's poster frame, or the first frame of a group or series; made on first request")
            .Produces<Stream>(StatusCodes.Status200OK, "image/jpeg")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    // Also the web UI's thumbnail route (cookie-authorized, under /ui). Not a doc comment: that would become the API summary.
    internal static async Task<IResult> GetAsync(Guid uuid, ItemThumbnails thumbnails, HttpResponse response, CancellationToken cancellationToken)
    {
        var file = await thumbnails.GetAsync(uuid, cancellationToken);
        response.Headers.CacheControl = CacheControl;

        // Size and write time identify the rendering: a re-render (after the folder was cleared) gets a new tag.
        var tag = string.Create(CultureInfo.InvariantCulture, $"\"{file.Length:x}-{file.LastWriteTimeUtc.Ticks:x}\"");
        return TypedResults.PhysicalFile(file.FullName, "image/jpeg", lastModified: file.LastWriteTimeUtc, entityTag: new EntityTagHeaderValue(tag));
    }
}
