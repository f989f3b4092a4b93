using Curio.Core.Specs;

namespace Curio.Core.Items;

/// <summary>Encord's storage item types; the wire names are fixed by the Encord SDK (camelCase).</summary>
public enum ItemType : byte
{
    Video = 1,
    Image = 2,
    Group = 3,
    ImageGroup = 4,
    ImageSequence = 5,
    DicomFile = 6,
    DicomSeries = 7,
    Audio = 8,
    Nifti = 9,
    PlainText = 10,
    Pdf = 11,
    Scene = 12,
}

public static class ItemTypes
{
    private static readonly Dictionary<string, ItemType> ByName =
        Enum.GetValues<ItemType>().ToDictionary(WireName, t => t, StringComparer.Ordinal);

    public static string WireName(this ItemType type) => type switch
    {
        ItemType.Video => "video",
        ItemType.Image => "image",
        ItemType.Group => "group",
        ItemType.ImageGroup => "imageGroup",
        ItemType.ImageSequence => "imageSequence",
        ItemType.DicomFile => "dicomFile",
        ItemType.DicomSeries => "dicomSeries",
        ItemType.Audio => "audio",
        ItemType.Nifti => "nifti",
        ItemType.PlainText => "plainText",
        ItemType.Pdf => "pdf",
        ItemType.Scene => "scene",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static bool TryParse(string name, out ItemType type) => ByName.TryGetValue(name, out type);

    /// <summary>The item a unit registers at the top of its folder.</summary>
    public static ItemType TopItemType(this SpecUnit unit) => unit.Kind switch
    {
        UnitKind.Video => ItemType.Video,
        UnitKind.Image => ItemType.Image,
        UnitKind.Audio => ItemType.Audio,
        UnitKind.Text => ItemType.PlainText,
        UnitKind.Pdf => ItemType.Pdf,
        UnitKind.Nifti => ItemType.Nifti,
        UnitKind.ImageGroup => ItemType.ImageGroup,
        UnitKind.ImageSequence => ItemType.ImageSequence,
        UnitKind.DicomSeries => ItemType.DicomSeries,
        UnitKind.ImageGroupFromItems => unit.CreateVideo ? ItemType.ImageSequence : ItemType.ImageGroup,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit.Kind, null),
    };

    /// <summary>The type of each frame (child item) of a group or series.</summary>
    public static ItemType ChildItemType(this UnitKind kind) =>
        kind == UnitKind.DicomSeries ? ItemType.DicomFile : ItemType.Image;
}
