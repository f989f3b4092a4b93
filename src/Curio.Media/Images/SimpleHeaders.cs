using Curio.Media.Common;
using Curio.Media.Sniffing;

namespace Curio.Media.Images;

/// <summary>Formats whose size sits at a fixed place near the start: PNG, GIF, BMP, WebP, ICO.</summary>
internal static class SimpleHeaders
{
    public static ImageHeaderResult Png(ReadOnlySpan<byte> data)
    {
        long pos = 8;

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
            return ImageHeaderResult.Size("WebP", U24Le(data, 24) + 1L, U24Le(data, 27) + 1L);
        }

        return ImageHeaderResult.Invalid("the WebP file does not start with a VP8, VP8L or VP8X chunk");
    }

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
                else if (Bytes.At(data, offset, ImageSignatures.PngSignature) && Png(data[(int)offset..]) is { IsOk: true } png)
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
