using Curio.Media.Common;

namespace Curio.Media.Images;

/// <summary>
/// JPEG XL: the SizeHeader right after the FF 0A signature and the orientation at the start of the ImageMetadata
/// that follows it, from a bare codestream or from the jxlc box or jxlp boxes of the ISO-BMFF container.
/// </summary>
/// <remarks>
/// The codestream's orientation is the one decoders apply; it always has one (1 unless stated), so JPEG XL never
/// gives a null orientation once the header is read. An Exif box in the container may hold an Orientation tag too,
/// and it is not read: the format says the codestream's field overrides it (encoders copy a JPEG's EXIF value into
/// the codestream, and leave the Exif box as it was), so reading both would apply the turn twice.
/// </remarks>
internal static class JxlHeader
{
    // The signature, the longest SizeHeader (1 + 2 + 30 + 3 + 2 + 30 bits) and all_default, extra_fields and the
    // 3-bit orientation: 16 + 68 + 5 bits.
    private const int HeaderBytes = 12;

    private static readonly uint FullCodestream = Bytes.FourCc("jxlc");
    private static readonly uint PartialCodestream = Bytes.FourCc("jxlp");

    private static readonly (uint Numerator, uint Denominator)[] Ratios = [(1, 1), (12, 10), (4, 3), (3, 2), (16, 9), (5, 4), (2, 1)];

    private enum Parsed
    {
        Done,
        SizeOnly,
        Short,
        BadSignature,
    }

    // A bare codestream, like a box that runs to the end of the file, ends wherever the file does.
    public static ImageHeaderResult ReadCodestream(ReadOnlySpan<byte> data) => Evaluate(data, complete: false, HeaderBytes);

    public static ImageHeaderResult ReadContainer(ReadOnlySpan<byte> data)
    {
        // jxlp boxes may split the codestream anywhere, even inside the header, and other boxes may sit between
        // them; the first HeaderBytes of the codestream are gathered from them in order.
        Span<byte> parts = stackalloc byte[HeaderBytes];
        var gathered = 0;
        long pos = 0;
        while (true)
        {
            switch (Boxes.TryRead(data, pos, data.Length, out var box))
            {
                case BoxRead.Truncated:
                    return gathered > 0 ? Evaluate(parts[..gathered], complete: false, pos + 16) : ImageHeaderResult.Need(pos + 16);
                case BoxRead.Invalid:
                    return ImageHeaderResult.Invalid("the JPEG XL file has a box with an invalid size");
            }

            var boxComplete = !box.RunsToEnd && box.End <= data.Length;
            if (box.Type == FullCodestream && gathered == 0)
            {
                var end = (int)Math.Min(box.End, data.Length);
                return Evaluate(data[(int)box.ContentStart..end], boxComplete, box.ContentStart + HeaderBytes);
            }

            if (box.Type == PartialCodestream)
            {
                // A partial codestream box starts with a 4-byte index whose top bit marks the last part.
                if (box.End - box.ContentStart < 4)
                {
                    return ImageHeaderResult.Invalid("the JPEG XL jxlp box is too short");
                }

                var contentStart = box.ContentStart + 4;
                var take = (int)Math.Clamp(Math.Min(box.End, data.Length) - contentStart, 0, HeaderBytes - gathered);
                if (take > 0)
                {
                    data.Slice((int)contentStart, take).CopyTo(parts[gathered..]);
                    gathered += take;
                }

                if (gathered == HeaderBytes)
                {
                    return Evaluate(parts, complete: true, 0);
                }

                if (!boxComplete)
                {
                    return Evaluate(parts[..gathered], complete: false, contentStart + take + (HeaderBytes - gathered));
                }

                if ((Bytes.U32Be(data, (int)box.ContentStart) & 0x8000_0000) != 0)
                {
                    return Evaluate(parts[..gathered], complete: true, 0);
                }
            }

            if (box.RunsToEnd)
            {
                return gathered > 0
                    ? Evaluate(parts[..gathered], complete: true, 0)
                    : ImageHeaderResult.Invalid("the JPEG XL file has no codestream box");
            }

            pos = box.End;
        }
    }

    /// <param name="codestream">The start of the codestream, as much of it as is at hand.</param>
    /// <param name="complete">Whether the codestream really ends there (its box ends within the data).</param>
    /// <param name="need">Where the header would end in the file, to ask for when it is not complete.</param>
    private static ImageHeaderResult Evaluate(ReadOnlySpan<byte> codestream, bool complete, long need)
    {
        switch (Parse(codestream, out var width, out var height, out var orientation))
        {
            case Parsed.BadSignature:
                return ImageHeaderResult.Invalid("the JPEG XL codestream signature is missing");
            case Parsed.Done:
                return ImageHeaderResult.Size("JPEG XL", width, height, orientation);
            case Parsed.SizeOnly:
                // A codestream cut right after its SizeHeader still has a size; only the orientation is unknown.
                var size = ImageHeaderResult.Size("JPEG XL", width, height);
                return complete || !size.IsOk ? size : size.NeedMoreForOrientation(need);
            default:
                return complete ? ImageHeaderResult.Invalid("the JPEG XL size header is truncated") : ImageHeaderResult.Need(need);
        }
    }

    private static Parsed Parse(ReadOnlySpan<byte> codestream, out long width, out long height, out int orientation)
    {
        width = height = 0;
        orientation = 0;
        if (codestream.Length < 2)
        {
            return Parsed.Short;
        }

        if (codestream[0] != 0xFF || codestream[1] != 0x0A)
        {
            return Parsed.BadSignature;
        }

        var bits = new BitReader(codestream[2..]);
        return !TryReadSize(ref bits, out width, out height) ? Parsed.Short
            : TryReadOrientation(ref bits, out orientation) ? Parsed.Done
            : Parsed.SizeOnly;
    }

    // ImageMetadata opens with all_default; unless it is set, extra_fields; only with that, orientation - 1 in 3 bits.
    private static bool TryReadOrientation(ref BitReader bits, out int orientation)
    {
        orientation = ExifOrientation.Identity;
        if (!bits.TryRead(1, out var allDefault))
        {
            return false;
        }

        if (allDefault == 1)
        {
            return true;
        }

        if (!bits.TryRead(1, out var extraFields))
        {
            return false;
        }

        if (extraFields == 0)
        {
            return true;
        }

        if (!bits.TryRead(3, out var minusOne))
        {
            return false;
        }

        orientation = (int)minusOne + 1;
        return true;
    }

    private static bool TryReadSize(ref BitReader bits, out long width, out long height)
    {
        width = height = 0;
        if (!bits.TryRead(1, out var small) || !ReadDimension(ref bits, small == 1, out height) || !bits.TryRead(3, out var ratio))
        {
            return false;
        }

        if (ratio != 0)
        {
            var (numerator, denominator) = Ratios[ratio - 1];
            width = height * numerator / denominator;
            return true;
        }

        return ReadDimension(ref bits, small == 1, out width);
    }

    // Small images store size/8 - 1 in 5 bits; others size - 1 in a U32 of 9, 13, 18 or 30 bits.
    private static bool ReadDimension(ref BitReader bits, bool small, out long value)
    {
        value = 0;
        if (small)
        {
            if (!bits.TryRead(5, out var eighths))
            {
                return false;
            }

            value = (eighths + 1L) * 8;
            return true;
        }

        if (!bits.TryRead(2, out var selector) || !bits.TryRead(selector switch { 0 => 9, 1 => 13, 2 => 18, _ => 30 }, out var minusOne))
        {
            return false;
        }

        value = minusOne + 1L;
        return true;
    }

    /// <summary>Reads bits least-significant first, as JPEG XL stores them.</summary>
    private ref struct BitReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public bool TryRead(int count, out uint value)
        {
            value = 0;
            if (_position + count > _data.Length * 8)
            {
                return false;
            }

            for (var i = 0; i < count; i++, _position++)
            {
                value |= (uint)((_data[_position >> 3] >> (_position & 7)) & 1) << i;
            }

            return true;
        }
    }
}
