namespace Curio.Media;

/// <summary>What a file really is, judged from its first bytes.</summary>
public enum MediaCategory
{
    Unknown = 0,
    Empty,
    Image,
    Video,
    Audio,
    Text,
    Pdf,
    Dicom,
    Nifti,
}

/// <summary>A sniffed type: the category and the MIME type reported to users ("image/png", "application/octet-stream").</summary>
public readonly record struct SniffResult(MediaCategory Category, string MimeType);
