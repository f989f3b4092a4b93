using Curio.Server.Features.Items;
using Curio.Server.Features.Thumbnails;

namespace Curio.Server.Components.Endpoints;

/// <summary>
/// What the browser loads outside the Blazor circuit for the files pages (img, video and audio sources), behind the UI's
/// cookie: the same handlers as the API's thumbnail and content routes, so ranges, caching and problems are theirs.
/// </summary>
internal static class ItemUiEndpoints
{
    public static RouteGroupBuilder MapItemUi(this RouteGroupBuilder ui)
    {
        ui.MapGet("/items/{uuid:guid}/thumbnail", ThumbnailEndpoint.GetAsync).WithName("UiItemThumbnail");
        ui.MapGet("/items/{uuid:guid}/content", ItemContent.GetAsync).WithName("UiItemContent");
        return ui;
    }

    public static string Thumbnail(Guid item) => $"/ui/items/{item}/thumbnail";

    public static string Content(Guid item) => $"/ui/items/{item}/content";
}
