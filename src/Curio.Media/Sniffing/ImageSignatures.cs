using Curio.Media.Common;

namespace Curio.Media.Sniffing;

internal enum ImageFormat
{
    None,
    Jpeg,
    Png,
    Gif,
    WebP,
    Bmp,
    Tiff,
    Ico,
    Heif,
    Jp2,
    J2c,
    Jxl,
    JxlContainer,
}

/// <summary>Binary image formats recognised by magic bytes. SVG is text and is found by the text sniffer.</summary>
internal static class ImageSignatures
{
    public static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    // The JP2 and JPEG XL containers open with a fixed 12-byte signature box.
    private static ReadOnlySpan<byte> Jp2Signature => [0, 0, 0, 0x0C, (byte)'j', (byte)'P', 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A];

    private static ReadOnlySpan<byte> JxlSignature => [0, 0, 0, 0x0C, (byte)'J', (byte)'X', (byte)'L', 0x20, 0x0D, 0x0A, 0x87, 0x0A];

    public static (ImageFormat Format, SniffResult? Result) Detect(ReadOnlySpan<byte> head)
    {
        if (Bytes.At(head, 0, [0xFF, 0xD8, 0xFF]))
        {
            return Image(ImageFormat.Jpeg, MimeTypes.Jpeg);
        }

        if (Bytes.At(head, 0, PngSignature))
        {
            return Image(ImageFormat.Png, MimeTypes.Png);
        }

        if (Bytes.At(head, 0, "GIF87a"u8) || Bytes.At(head, 0, "GIF89a"u8))
        {
            return Image(ImageFormat.Gif, MimeTypes.Gif);
        }

        if (Bytes.At(head, 0, "RIFF"u8) && Bytes.At(head, 8, "WEBP"u8))
        {
            return Image(ImageFormat.WebP, MimeTypes.WebP);
        }

        if (IsBmp(head))
        {
            return Image(ImageFormat.Bmp, MimeTypes.Bmp);
        }

        if (Bytes.At(head, 0, "II*\0"u8) || Bytes.At(head, 0, "MM\0*"u8)
            || Bytes.At(head, 0, "II+\0"u8) || Bytes.At(head, 0, "MM\0+"u8))
        {
            return Image(ImageFormat.Tiff, MimeTypes.Tiff);
        }

        if (IsIco(head))
        {
            return Image(ImageFormat.Ico, MimeTypes.Ico);
        }

        if (Bytes.At(head, 0, Jp2Signature))
        {
            return Jp2(head);
        }

        if (Bytes.At(head, 0, [0xFF, 0x4F, 0xFF, 0x51]))
        {
            return Image(ImageFormat.J2c, MimeTypes.J2c);
        }

        if (Bytes.At(head, 0, [0xFF, 0x0A]))
        {
            return Image(ImageFormat.Jxl, MimeTypes.Jxl);
        }

        if (Bytes.At(head, 0, JxlSignature))
        {
            return Image(ImageFormat.JxlContainer, MimeTypes.Jxl);
        }

        if (IsoBmffBrands.Classify(head) is { Category: MediaCategory.Image } heif)
        {
            return (ImageFormat.Heif, heif);
        }

        return (ImageFormat.None, null);
    }

    private static (ImageFormat, SniffResult?) Image(ImageFormat format, string mime) =>
        (format, new SniffResult(MediaCategory.Image, mime));

    // "BM" alone is too weak (text may start with it); the DIB header size must be one of the known ones.
    private static bool IsBmp(ReadOnlySpan<byte> head) =>
        Bytes.At(head, 0, "BM"u8) && Bytes.Has(head, 14, 4)
        && Bytes.U32Le(head, 14) is 12 or 16 or 40 or 52 or 56 or 64 or 108 or 124;

    // 00 00 01 00 is four bytes of mostly zeros, so check the first directory entry too.
    private static bool IsIco(ReadOnlySpan<byte> head)
    {
        if (!Bytes.At(head, 0, [0, 0, 1, 0]) || !Bytes.Has(head, 0, 6 + 16))
        {
            return false;
        }

        var count = Bytes.U16Le(head, 4);
        return count > 0
            && head[6 + 3] == 0
            && Bytes.U16Le(head, 6 + 4) <= 1
            && Bytes.U32Le(head, 6 + 8) > 0
            && Bytes.U32Le(head, 6 + 12) >= 6 + (16u * count);
    }

    // The brand of the ftyp box after the signature separates still images from Motion JPEG 2000.
    private static (ImageFormat, SniffResult?) Jp2(ReadOnlySpan<byte> head)
    {
        if (Bytes.At(head, 16, "ftyp"u8) && Bytes.Has(head, 20, 4))
        {
            if (Bytes.At(head, 20, "mjp2"u8) || Bytes.At(head, 20, "mj2s"u8))
            {
                return (ImageFormat.None, new SniffResult(MediaCategory.Video, MimeTypes.MotionJpeg2000));
            }

            if (Bytes.At(head, 20, "jpx "u8))
            {
                return Image(ImageFormat.Jp2, MimeTypes.Jpx);
            }
        }

        return Image(ImageFormat.Jp2, MimeTypes.Jp2);
    }
}
