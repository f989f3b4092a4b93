using Curio.Media.Common;

namespace Curio.Media.Images;

internal static class Jpeg2000Header
{
    private static readonly uint Jp2Header = Bytes.FourCc("jp2h");
    private static readonly uint ImageHeader = Bytes.FourCc("ihdr");
    private static readonly uint Codestream = Bytes.FourCc("jp2c");

    // JP2: the jp2h superbox must come before the codestream, and its first child, ihdr, holds height then width.
    public static ImageHeaderResult ReadJp2(ReadOnlySpan<byte> data)
    {
        long pos = 0;
        while (true)
        {
            switch (Boxes.TryRead(data, pos, data.Length, out var box))
            {
                case BoxRead.Truncated:
                    return ImageHeaderResult.Need(pos + 16);
                case BoxRead.Invalid:
                    return ImageHeaderResult.Invalid("the JPEG 2000 file has a box with an invalid size");
            }

            if (box.Type == Codestream || (box.RunsToEnd && box.Type != Jp2Header))
            {
                return ImageHeaderResult.Invalid("the JPEG 2000 file has no header box before its codestream");
            }

            if (box.Type == Jp2Header)
            {
                switch (Boxes.TryRead(data, box.ContentStart, box.End, out var ihdr))
                {
                    case BoxRead.Truncated:
                        return ImageHeaderResult.Need(box.ContentStart + 16);
                    case BoxRead.Invalid:
                        return ImageHeaderResult.Invalid("the JPEG 2000 header box is malformed");
                }

                if (ihdr.Type != ImageHeader || ihdr.End - ihdr.ContentStart < 8)
                {
                    return ImageHeaderResult.Invalid("the JPEG 2000 header box does not start with ihdr");
                }

                if (!Bytes.Has(data, ihdr.ContentStart, 8))
                {
                    return ImageHeaderResult.Need(ihdr.ContentStart + 8);
                }

                var at = (int)ihdr.ContentStart;
                return ImageHeaderResult.Size("JPEG 2000", Bytes.U32Be(data, at + 4), Bytes.U32Be(data, at));
            }

            pos = box.End;
        }
    }

    // A raw codestream: SIZ follows SOC at once; the image spans (Xsiz - XOsiz) by (Ysiz - YOsiz).
    public static ImageHeaderResult ReadCodestream(ReadOnlySpan<byte> data)
    {
        if (!Bytes.Has(data, 0, 24))
        {
            return ImageHeaderResult.Need(24);
        }

        long width = (long)Bytes.U32Be(data, 8) - Bytes.U32Be(data, 16);
        long height = (long)Bytes.U32Be(data, 12) - Bytes.U32Be(data, 20);
        return ImageHeaderResult.Size("JPEG 2000", width, height);
    }
}
