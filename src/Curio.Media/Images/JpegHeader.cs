using Curio.Media.Common;

namespace Curio.Media.Images;

/// <summary>Walks JPEG marker segments (APPn, EXIF, ICC, tables) to the first frame header (SOFn).</summary>
internal static class JpegHeader
{
    public static ImageHeaderResult Read(ReadOnlySpan<byte> data)
    {
        long pos = 2;
        int? orientation = null;
        while (true)
        {
            if (!Bytes.Has(data, pos, 1))
            {
                return ImageHeaderResult.Need(pos + 4);
            }

            if (data[(int)pos] != 0xFF)
            {
                return ImageHeaderResult.Invalid("the JPEG has data where a marker should be");
            }

            // Any number of 0xFF fill bytes may precede a marker.
            while (Bytes.Has(data, pos, 1) && data[(int)pos] == 0xFF)
            {
                pos++;
            }

            if (!Bytes.Has(data, pos, 3))
            {
                return ImageHeaderResult.Need(pos + 3);
            }

            var marker = data[(int)pos++];
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                continue;
            }

            switch (marker)
            {
                case 0xD8:
                    return ImageHeaderResult.Invalid("the JPEG has a second start-of-image marker");
                case 0xD9:
                    return ImageHeaderResult.Invalid("the JPEG ends before its frame header");
                case 0xDA:
                    return ImageHeaderResult.Invalid("the JPEG has a scan before its frame header");
            }

            int length = Bytes.U16Be(data, (int)pos);
            if (length < 2)
            {
                return ImageHeaderResult.Invalid("a JPEG segment has an invalid length");
            }

            if (IsFrameHeader(marker))
            {
                if (length < 8)
                {
                    return ImageHeaderResult.Invalid("the JPEG frame header is too short");
                }

                if (!Bytes.Has(data, pos, 7))
                {
                    return ImageHeaderResult.Need(pos + 7);
                }

                // A zero height would be set later by a DNL marker, which nobody writes in practice.
                var height = Bytes.U16Be(data, (int)pos + 3);
                var width = Bytes.U16Be(data, (int)pos + 5);
                return ImageHeaderResult.Size("JPEG", width, height, orientation);
            }

            if (marker == 0xE1 && orientation is null && Bytes.Has(data, pos, length))
            {
                orientation = FromApp1(data.Slice((int)pos + 2, length - 2));
            }

            pos += length;
        }
    }

    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC); F7 is JPEG-LS, laid out the same.
    private static bool IsFrameHeader(byte marker) =>
        marker is (>= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC)) or 0xF7;

    private static int? FromApp1(ReadOnlySpan<byte> app1) =>
        app1.StartsWith("Exif\0\0"u8) ? ExifOrientation.FromExif(app1) : null;
}
