using Curio.Contracts;
using Curio.Server.Hosting;
using Curio.Storage.Items;

namespace Curio.Server.Features.Items;

internal static class ItemMapping
{
    public static Item ToDto(ItemRecord item) => new()
    {
        Uuid = item.Uuid,
        Parent = item.FolderUuid,
        ParentItem = item.ParentItemUuid,
        Position = item.Position,
        // The two enums share values; a structural test holds them together.
        ItemType = (ItemType)(int)item.Type,
        Name = item.Name,
        Description = item.Description,
        Url = item.Url,
        ClientMetadata = JsonText.Element(item.ClientMetadata),
        MediaMetadata = item.MediaMetadata is null ? null : JsonText.Element(item.MediaMetadata),
        TechnicalMetadata = item.TechnicalMetadata is null ? null : JsonText.Element(item.TechnicalMetadata),
        StorageLocation = item.IntegrationProvider,
        IntegrationHash = item.IntegrationUuid,
        UploadJobId = item.JobUuid,
        FileSize = item.FileSize,
        MimeType = item.MimeType,
        Width = item.Width,
        Height = item.Height,
        Duration = item.Duration,
        Fps = item.Fps,
        FrameCount = item.FrameCount,
        NumPages = item.NumPages,
        AudioSampleRate = item.AudioSampleRate,
        AudioBitDepth = item.AudioBitDepth,
        AudioCodec = item.AudioCodec,
        AudioNumChannels = item.AudioNumChannels,
        DicomInstanceUid = item.DicomInstanceUid,
        DicomStudyUid = item.DicomStudyUid,
        DicomSeriesUid = item.DicomSeriesUid,
        ChildCount = item.ChildCount,
        CreatedAt = item.CreatedAt,
        LastEditedAt = item.LastEditedAt,
    };
}
