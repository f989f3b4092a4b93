using Curio.Media.Common;
using Curio.Media.Sniffing;

namespace Curio.Media.Images;

/// <summary>
/// Formats whose size sits at a fixed place near the start: PNG, GIF, BMP, WebP, ICO. PNG and extended WebP may
/// also carry EXIF, whose orientation is read from chunks further on.
/// </summary>
internal static class SimpleHeaders
{
    /// <summary>IHDR's size, then the orientation of an eXIf chunk among the chunks before the image data.</summary>
    public static ImageHeaderResult Png(ReadOnlySpan<byte> data)
    {
        var size = PngSize(data, out var afterIhdr);
        return size.IsOk ? PngOrientation(data, afterIhdr, size) : size;
    }

    // PNG chunks: a 4-byte big-endian data length, the type, the data, a CRC.
    private static ImageHeaderResult PngOrientation(ReadOnlySpan<byte> data, long pos, ImageHeaderResult size)
    {
        // eXIf must come before the first IDAT (PNG third edition), so the walk stops there and never reads pixels.
        // Each step moves at least 12 bytes, so the walk ends; a chunk that runs past the head asks for more, and
        // ImageHeaderReader settles for no orientation when the file or the cap ends first.
        while (true)
        {
            if (!Bytes.Has(data, pos, 8))
            {
                return size.NeedMoreForOrientation(pos + 8);
            }

            long length = Bytes.U32Be(data, (int)pos);
            if (length > int.MaxValue || Bytes.At(data, pos + 4, "IDAT"u8) || Bytes.At(data, pos + 4, "IEND"u8))
            {
                return size;
            }

            if (Bytes.At(data, pos + 4, "eXIf"u8))
            {
                return Bytes.Has(data, pos + 8, length)
                    ? size.WithOrientation(ExifOrientation.FromExif(data.Slice((int)pos + 8, (int)length)))
                    : size.NeedMoreForOrientation(pos + 8 + length);
            }

            pos += 12 + length;
        }
    }

    /// <summary>IHDR alone: for PNGs inside other files (ICO), where the chunks after it are not worth a walk.</summary>
    public static ImageHeaderResult PngSize(ReadOnlySpan<byte> data) => PngSize(data, out _);

    private static ImageHeaderResult PngSize(ReadOnlySpan<byte> data, out long afterIhdr)
    {
        long pos = 8;
        afterIhdr = 0;

        // Apple's "CgBI" PNGs put one chunk before IHDR.
        if (Bytes.At(data, 12, "CgBI"u8))
        {
            pos += 12L + Bytes.U32Be(data, 8);
        }

        if (!Bytes.Has(data, pos, 8 + 13))
        {
            return ImageHeaderResult.Need(pos + 8 + 13);
        }

        var at = (int)pos;
        if (!Bytes.At(data, at + 4, "IHDR"u8))
        {
            return ImageHeaderResult.Invalid("the PNG does not start with an IHDR chunk");
        }

        afterIhdr = pos + 8 + 13 + 4;
        return Bytes.U32Be(data, at) != 13
            ? ImageHeaderResult.Invalid("the PNG IHDR chunk has the wrong length")
            : ImageHeaderResult.Size("PNG", Bytes.U32Be(data, at + 8), Bytes.U32Be(data, at + 12));
    }

    public static ImageHeaderResult Gif(ReadOnlySpan<byte> data) =>
        Bytes.Has(data, 0, 10)
            ? ImageHeaderResult.Size("GIF", Bytes.U16Le(data, 6), Bytes.U16Le(data, 8))
            : ImageHeaderResult.Need(10);

    public static ImageHeaderResult Bmp(ReadOnlySpan<byte> data)
    {
        if (!Bytes.Has(data, 0, 18))
        {
            return ImageHeaderResult.Need(18);
        }

        // The 12-byte OS/2 header has unsigned 16-bit sizes; every later one signed 32-bit.
        if (Bytes.U32Le(data, 14) == 12)
        {
            return Bytes.Has(data, 0, 22)
                ? ImageHeaderResult.Size("BMP", Bytes.U16Le(data, 18), Bytes.U16Le(data, 20))
                : ImageHeaderResult.Need(22);
        }

        if (!Bytes.Has(data, 0, 26))
        {
            return ImageHeaderResult.Need(26);
        }

        var width = Bytes.I32(data, 18, littleEndian: true);
        var height = Bytes.I32(data, 22, littleEndian: true);

        // A negative height marks a top-down bitmap; the size is its magnitude.
        return width < 0
            ? ImageHeaderResult.Invalid("the BMP header gives a negative width")
            : ImageHeaderResult.Size("BMP", width, Math.Abs((long)height));
    }

    public static ImageHeaderResult WebP(ReadOnlySpan<byte> data)
    {
        if (!Bytes.Has(data, 0, 30))
        {
            return ImageHeaderResult.Need(30);
        }

        if (Bytes.At(data, 12, "VP8 "u8))
        {
            // A lossy stream opens with a key frame: a 3-byte frame tag (bit 0 clear), the start code, then 14-bit sizes.
            if ((data[20] & 1) != 0 || !Bytes.At(data, 23, [0x9D, 0x01, 0x2A]))
            {
                return ImageHeaderResult.Invalid("the WebP VP8 frame header is invalid");
            }

            return ImageHeaderResult.Size("WebP", Bytes.U16Le(data, 26) & 0x3FFF, Bytes.U16Le(data, 28) & 0x3FFF);
        }

        if (Bytes.At(data, 12, "VP8L"u8))
        {
            if (data[20] != 0x2F)
            {
                return ImageHeaderResult.Invalid("the WebP VP8L signature is missing");
            }

            var bits = Bytes.U32Le(data, 21);
            return ImageHeaderResult.Size("WebP", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
        }

        if (Bytes.At(data, 12, "VP8X"u8))
        {
            var size = ImageHeaderResult.Size("WebP", U24Le(data, 24) + 1L, U24Le(data, 27) + 1L);
            return size.IsOk ? WebPOrientation(data, size) : size;
        }

        return ImageHeaderResult.Invalid("the WebP file does not start with a VP8, VP8L or VP8X chunk");
    }

    // Only the extended format (VP8X) carries metadata, and its EXIF chunk normally follows the image data (and
    // any animation frames), so reaching it may take more bytes. The VP8X flag says whether there is one; without
    // it nothing is read. Otherwise the chunks are walked by their sizes to the EXIF chunk. When the next chunk
    // header lies past the head, the request at least doubles the head (up to the RIFF's end): an animation's many
    // frame chunks then cost a few round-trips, not one each. Chunk sizes that run past the RIFF, the file or the
    // 16 MiB cap give no orientation rather than a failure: the size is already known.
    private static ImageHeaderResult WebPOrientation(ReadOnlySpan<byte> data, ImageHeaderResult size)
    {
        const byte ExifFlag = 0x08;
        if ((data[20] & ExifFlag) == 0)
        {
            return size;
        }

        var riffEnd = 8L + Bytes.U32Le(data, 4);
        var pos = 20L + PaddedChunkSize(Bytes.U32Le(data, 16));
        while (pos + 8 <= riffEnd)
        {
            if (!Bytes.Has(data, pos, 8))
            {
                var wanted = Math.Min(2L * data.Length, Math.Min(riffEnd, ImageHeaderReader.MaxHeaderBytes));
                return size.NeedMoreForOrientation(Math.Max(pos + 8, wanted));
            }

            var length = Bytes.U32Le(data, (int)pos + 4);
            if (Bytes.At(data, pos, "EXIF"u8))
            {
                if (pos + 8 + length > riffEnd)
                {
                    return size;
                }

                return Bytes.Has(data, pos + 8, length)
                    ? size.WithOrientation(ExifOrientation.FromExif(data.Slice((int)pos + 8, (int)length)))
                    : size.NeedMoreForOrientation(pos + 8 + length);
            }

            pos += 8 + PaddedChunkSize(length);
        }

        return size;
    }

    // RIFF chunk data is padded to an even length.
    private static long PaddedChunkSize(uint length) => length + (length & 1L);

    // The icon directory lists every size; the largest one stands for the file. Sizes of 256 and above are
    // stored as 0, and such an entry may be a PNG that is larger still, so its own IHDR is read, asking for
    // more bytes if need be: the answer must not depend on how much of the file was at hand.
    public static ImageHeaderResult Ico(ReadOnlySpan<byte> data)
    {
        if (!Bytes.Has(data, 0, 6))
        {
            return ImageHeaderResult.Need(6);
        }

        int count = Bytes.U16Le(data, 4);
        if (count == 0)
        {
            return ImageHeaderResult.Invalid("the ICO directory is empty");
        }

        if (!Bytes.Has(data, 6, 16L * count))
        {
            return ImageHeaderResult.Need(6 + (16L * count));
        }

        long bestWidth = 0, bestHeight = 0, needed = 0;
        for (var i = 0; i < count; i++)
        {
            var entry = 6 + (16 * i);
            long width = data[entry] == 0 ? 256 : data[entry];
            long height = data[entry + 1] == 0 ? 256 : data[entry + 1];
            long offset = Bytes.U32Le(data, entry + 12);
            if (width == 256 || height == 256)
            {
                const int PngHeader = 8 + 8 + 13;
                if (!Bytes.Has(data, offset, PngHeader))
                {
                    needed = Math.Max(needed, offset + PngHeader);
                }
                else if (Bytes.At(data, offset, ImageSignatures.PngSignature) && PngSize(data[(int)offset..]) is { IsOk: true } png)
                {
                    (width, height) = (png.Width, png.Height);
                }
            }

            if (width * height > bestWidth * bestHeight)
            {
                (bestWidth, bestHeight) = (width, height);
            }
        }

        return needed > 0 ? ImageHeaderResult.Need(needed) : ImageHeaderResult.Size("ICO", bestWidth, bestHeight);
    }

    private static uint U24Le(ReadOnlySpan<byte> data, int offset) =>
        data[offset] | ((uint)data[offset + 1] << 8) | ((uint)data[offset + 2] << 16);
}
