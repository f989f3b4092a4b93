namespace Curio.Core.Specs;

/// <summary>What one unit of an upload registers. A unit is processed, counted and reported as a whole.</summary>
public enum UnitKind : byte
{
    Video = 1,
    Image = 2,
    Audio = 3,
    Text = 4,
    Pdf = 5,
    Nifti = 6,
    ImageGroup = 7,
    ImageSequence = 8,
    DicomSeries = 9,
    ImageGroupFromItems = 10,
}

public static class UnitKinds
{
    public static bool IsGroup(this UnitKind kind) =>
        kind is UnitKind.ImageGroup or UnitKind.ImageSequence or UnitKind.DicomSeries or UnitKind.ImageGroupFromItems;

    /// <summary>The noun used in messages: "Expected a video", "Expected an image", ...</summary>
    public static string Noun(this UnitKind kind) => kind switch
    {
        UnitKind.Video => "a video",
        UnitKind.Image => "an image",
        UnitKind.Audio => "an audio file",
        UnitKind.Text => "a text file",
        UnitKind.Pdf => "a PDF",
        UnitKind.Nifti => "a NIfTI volume",
        UnitKind.ImageGroup or UnitKind.ImageSequence or UnitKind.ImageGroupFromItems => "an image",
        UnitKind.DicomSeries => "a DICOM file",
        _ => "a file",
    };

    /// <summary>The name of the top-level key in the user-file dialect, used in messages and CSV reports.</summary>
    public static string SpecKey(this UnitKind kind) => kind switch
    {
        UnitKind.Video => "videos",
        UnitKind.Image => "images",
        UnitKind.Audio => "audio",
        UnitKind.Text => "text",
        UnitKind.Pdf => "pdf",
        UnitKind.Nifti => "nifti",
        UnitKind.ImageGroup or UnitKind.ImageSequence => "image_groups",
        UnitKind.DicomSeries => "dicom_series",
        UnitKind.ImageGroupFromItems => "imageGroupsFromItems",
        _ => "unknown",
    };
}
