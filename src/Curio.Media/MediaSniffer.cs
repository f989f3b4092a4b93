using Curio.Media.Common;
using Curio.Media.Sniffing;

namespace Curio.Media;

/// <summary>Decides what a file really is from its first bytes; see docs/media-sniffing.md for the table.</summary>
public static class MediaSniffer
{
    private const int PdfJunkLimit = 1024;

    private static readonly SniffResult Unknown = new(MediaCategory.Unknown, MimeTypes.OctetStream);

    /// <param name="head">The start of the file, or all of it when small.</param>
    /// <param name="totalSize">The object's full size; a negative value means unknown.</param>
    public static SniffResult Sniff(ReadOnlySpan<byte> head, long totalSize)
    {
        if (totalSize == 0)
        {
            return new(MediaCategory.Empty, MimeTypes.Empty);
        }

        if (head.IsEmpty)
        {
            return Unknown;
        }

        // Strong signatures first; weaker ones (frame syncs, bare DICOM, junk before %PDF) later; text last,
        // because AMR, PDF and SVG are ASCII too.
        if (MedicalSignatures.IsDicomPart10(head))
        {
            return new(MediaCategory.Dicom, MimeTypes.Dicom);
        }

        // FF FE is both the UTF-16LE byte order mark and a valid MPEG audio sync; text that decodes cleanly wins.
        var headIsWholeFile = totalSize > 0 && head.Length >= totalSize;
        if (Bytes.At(head, 0, [0xFF, 0xFE]) && TextSniffer.Sniff(head, headIsWholeFile) is { } utf16)
        {
            return utf16;
        }

        if (ImageSignatures.Detect(head).Result is { } image)
        {
            return image;
        }

        if (IsoBmffBrands.Classify(head) is { } isoMedia)
        {
            return isoMedia;
        }

        if ((ContainerSignatures.Sniff(head) ?? AudioSignatures.Sniff(head)) is { } media)
        {
            return media;
        }

        if (Bytes.At(head, 0, "%PDF-"u8))
        {
            return new(MediaCategory.Pdf, MimeTypes.Pdf);
        }

        if (Bytes.At(head, 0, [0x1F, 0x8B, 0x08]))
        {
            return MedicalSignatures.Gzip(head);
        }

        if (MedicalSignatures.IsNifti(head))
        {
            return new(MediaCategory.Nifti, MimeTypes.Nifti);
        }

        if (ContainerSignatures.LegacyQuickTime(head) is { } quickTime)
        {
            return quickTime;
        }

        if (MedicalSignatures.IsRawDicom(head))
        {
            return new(MediaCategory.Dicom, MimeTypes.Dicom);
        }

        if (HasPdfHeaderAfterJunk(head))
        {
            return new(MediaCategory.Pdf, MimeTypes.Pdf);
        }

        return TextSniffer.Sniff(head, headIsWholeFile) ?? Unknown;
    }

    // Readers accept up to 1 KiB before the header; the version digits keep prose about "%PDF-" out.
    private static bool HasPdfHeaderAfterJunk(ReadOnlySpan<byte> head)
    {
        var window = head[..Math.Min(head.Length, PdfJunkLimit + 8)];
        var at = window.IndexOf("%PDF-"u8);
        return at is >= 0 and <= PdfJunkLimit
            && Bytes.Has(window, at + 5, 3)
            && char.IsAsciiDigit((char)window[at + 5]) && window[at + 6] == '.' && char.IsAsciiDigit((char)window[at + 7]);
    }
}
