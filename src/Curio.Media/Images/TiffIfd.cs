using Curio.Media.Common;

namespace Curio.Media.Images;

internal readonly record struct TiffTags(long Width, long Height, int? Orientation);

/// <summary>Reads ImageWidth, ImageLength and Orientation from IFD0 of a TIFF (classic or BigTIFF) or an EXIF block.</summary>
internal static class TiffIfd
{
    private const ushort ImageWidth = 256;
    private const ushort ImageLength = 257;
    private const ushort OrientationTag = 274;
    private const ulong MaxEntries = 4096;

    /// <summary>Null when IFD0 was read into <paramref name="tags"/>; otherwise why not. Offsets are relative to <paramref name="tiff"/>.</summary>
    public static ImageHeaderResult? Read(ReadOnlySpan<byte> tiff, out TiffTags tags)
    {
        tags = default;
        if (!Bytes.Has(tiff, 0, 8))
        {
            return ImageHeaderResult.Need(8);
        }

        var littleEndian = tiff[0] == 'I' && tiff[1] == 'I';
        if (!littleEndian && !(tiff[0] == 'M' && tiff[1] == 'M'))
        {
            return ImageHeaderResult.Invalid("the TIFF byte order mark is invalid");
        }

        var version = Bytes.U16(tiff, 2, littleEndian);
        var big = version == 43;
        if (version != 42 && !big)
        {
            return ImageHeaderResult.Invalid("the TIFF version is invalid");
        }

        if (big && !Bytes.Has(tiff, 0, 16))
        {
            return ImageHeaderResult.Need(16);
        }

        if (big && Bytes.U16(tiff, 4, littleEndian) != 8)
        {
            return ImageHeaderResult.Invalid("the BigTIFF offset size is invalid");
        }

        var ifd = big ? Bytes.U64(tiff, 8, littleEndian) : Bytes.U32(tiff, 4, littleEndian);
        int countSize = big ? 8 : 2, entrySize = big ? 20 : 12, valueOffset = big ? 12 : 8;
        if (ifd < (big ? 16u : 8u) || ifd > int.MaxValue)
        {
            return ImageHeaderResult.Invalid("the TIFF IFD0 offset is invalid");
        }

        var at = (long)ifd;
        if (!Bytes.Has(tiff, at, countSize))
        {
            return ImageHeaderResult.Need(at + countSize);
        }

        var count = big ? Bytes.U64(tiff, (int)at, littleEndian) : Bytes.U16(tiff, (int)at, littleEndian);
        if (count is 0 or > MaxEntries)
        {
            return ImageHeaderResult.Invalid("the TIFF IFD0 entry count is invalid");
        }

        var entries = at + countSize;
        if (!Bytes.Has(tiff, entries, (long)count * entrySize))
        {
            return ImageHeaderResult.Need(entries + ((long)count * entrySize));
        }

        long width = 0, height = 0;
        int? orientation = null;
        for (var i = 0; i < (int)count; i++)
        {
            var entry = (int)entries + (i * entrySize);
            var tag = Bytes.U16(tiff, entry, littleEndian);
            var value = Scalar(tiff, entry + valueOffset, Bytes.U16(tiff, entry + 2, littleEndian), littleEndian);
            switch (tag)
            {
                case ImageWidth:
                    width = value;
                    break;
                case ImageLength:
                    height = value;
                    break;
                case OrientationTag when value is >= 1 and <= 8:
                    orientation = (int)value;
                    break;
            }
        }

        tags = new TiffTags(width, height, orientation);
        return null;
    }

    // SHORT and LONG values of count 1 sit in the entry itself, left-aligned in either byte order.
    private static long Scalar(ReadOnlySpan<byte> tiff, int offset, ushort type, bool littleEndian) => type switch
    {
        3 => Bytes.U16(tiff, offset, littleEndian),
        4 => Bytes.U32(tiff, offset, littleEndian),
        16 when Bytes.Has(tiff, offset, 8) => (long)Math.Min(Bytes.U64(tiff, offset, littleEndian), long.MaxValue),
        _ => 0,
    };
}
