using System.Buffers.Binary;

namespace Curio.Media.Thumbnails;

/// <summary>
/// The first frame of an encapsulated (compressed) DICOM image as the JPEG codestream ffmpeg decodes, for 8-bit
/// pictures in JPEG (baseline, extended, lossless) and JPEG-LS. Deeper samples are refused: ffmpeg 5.1 decodes
/// dcmtk's 12-bit lossless JPEG to wrong values and scales 12-bit extended JPEG by 16, and without the stored values
/// rescale and window cannot be applied, so such a thumbnail would be wrong rather than missing. Other syntaxes (RLE,
/// JPEG 2000, MPEG) are refused too; see docs/thumbnails.md.
/// </summary>
internal sealed class DicomCodestream
{
    /// <summary>Fragments of one frame at most; beyond it the file is treated as broken.</summary>
    internal const int MaxFragments = 4096;

    private const uint ItemTag = 0xE000FFFE;
    private const uint SequenceDelimiterTag = 0xE0DDFFFE;

    private DicomCodestream(bool invert) => Invert = invert;

    /// <summary>MONOCHROME1: the decoded picture is negated.</summary>
    public bool Invert { get; }

    /// <summary>ffmpeg's demuxer for the codestream.</summary>
    public static string Demuxer => "jpeg_pipe";

    /// <summary>The codestream's settings, or a <see cref="ThumbnailException"/> (Unsupported) saying why there is none.</summary>
    public static DicomCodestream For(Dicom.DicomHeader header, long maxPixels)
    {
        ArgumentNullException.ThrowIfNull(header);
        var syntax = header.TransferSyntaxUid;
        var name = DicomSlice.TransferSyntaxName(syntax);
        if (syntax is not ("1.2.840.10008.1.2.4.50" or "1.2.840.10008.1.2.4.51" or "1.2.840.10008.1.2.4.57" or "1.2.840.10008.1.2.4.70"
            or "1.2.840.10008.1.2.4.80" or "1.2.840.10008.1.2.4.81"))
        {
            throw ThumbnailException.Unsupported(
                $"No thumbnail for DICOM transfer syntax {name} ({syntax}): uncompressed, JPEG and JPEG-LS images of 8-bit samples are rendered.");
        }

        if (header.BitsStored is not (>= 1 and <= 8))
        {
            throw ThumbnailException.Unsupported(
                $"No thumbnail for {name} ({syntax}) DICOM images of {header.BitsStored?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"} bits stored: "
                + "compressed images are rendered for 8-bit samples only (deeper ones need rescale and window, which the decoder's output does not allow).");
        }

        if (header.Rows is > 0 and var rows && header.Columns is > 0 and var columns && (long)rows * columns > maxPixels)
        {
            throw ThumbnailException.Failed($"The DICOM image is {columns}x{rows} pixels, more than the {maxPixels.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} pixels thumbnails decode.");
        }

        if (header.PixelDataValueOffset is null || header.PixelDataLength is not null)
        {
            throw ThumbnailException.Failed("The DICOM file's PixelData (7FE0,0010) is not encapsulated, as its transfer syntax says it is.");
        }

        return new DicomCodestream(header.PhotometricInterpretation == "MONOCHROME1");
    }

    /// <summary>
    /// The byte ranges of the first frame's fragments, from the item headers read by <paramref name="read"/> (8 bytes
    /// at an offset; fewer at the end of the file). With a basic offset table of two or more entries, the fragments
    /// before the second frame's offset; for a single frame, every fragment; otherwise the first fragment.
    /// </summary>
    public static async Task<IReadOnlyList<(long Offset, int Length)>> FirstFrameAsync(
        long start, int frameCount, long maxBytes, Func<long, int, Task<byte[]>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var (tag, length) = await ItemAsync(start, read);
        if (tag != ItemTag || length % 4 != 0)
        {
            throw Broken("its encapsulated pixel data does not start with a basic offset table item");
        }

        long? frameEnd = null;
        if (length >= 8)
        {
            var table = await read(start + 8, 8);
            frameEnd = table.Length == 8 ? BinaryPrimitives.ReadUInt32LittleEndian(table.AsSpan(4)) : throw Broken("its basic offset table is truncated");
        }

        var first = start + 8 + length;
        var fragments = new List<(long, int)>();
        long total = 0;
        for (var at = first; ;)
        {
            (tag, length) = await ItemAsync(at, read);
            if (tag == SequenceDelimiterTag)
            {
                break;
            }

            if (tag != ItemTag || (frameEnd is { } end && at - first >= end))
            {
                break;
            }

            total += length;
            if (fragments.Count >= MaxFragments || total > maxBytes)
            {
                throw Broken($"its first frame has more than {MaxFragments} fragments or {maxBytes} bytes");
            }

            fragments.Add((at + 8, (int)length));
            at += 8 + length;
            if (frameEnd is null && frameCount > 1)
            {
                break;
            }
        }

        return fragments.Count > 0 ? fragments : throw Broken("its encapsulated pixel data has no fragment");
    }

    private static async Task<(uint Tag, long Length)> ItemAsync(long at, Func<long, int, Task<byte[]>> read)
    {
        var header = await read(at, 8);
        if (header.Length < 8)
        {
            throw Broken("it ends inside its encapsulated pixel data");
        }

        return (BinaryPrimitives.ReadUInt32LittleEndian(header), BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4)));
    }

    private static ThumbnailException Broken(string what) => ThumbnailException.Failed($"The DICOM file cannot be rendered: {what}.");
}
