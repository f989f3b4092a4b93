using Curio.Media.Common;

namespace Curio.Media.Images;

/// <summary>JPEG XL: the SizeHeader right after the FF 0A signature, bare or inside a jxlc/jxlp box.</summary>
internal static class JxlHeader
{
    // The longest SizeHeader is 1 + 2 + 30 + 3 + 2 + 30 bits.
    private const int SizeHeaderBytes = 9;

    private static readonly uint FullCodestream = Bytes.FourCc("jxlc");
    private static readonly uint PartialCodestream = Bytes.FourCc("jxlp");

    private static readonly (uint Numerator, uint Denominator)[] Ratios = [(1, 1), (12, 10), (4, 3), (3, 2), (16, 9), (5, 4), (2, 1)];

    // A bare codestream, like a box that runs to the end of the file, ends wherever the file does.
    public static ImageHeaderResult ReadCodestream(ReadOnlySpan<byte> data) => ReadCodestreamAt(data, 0, long.MaxValue);

    public static ImageHeaderResult ReadContainer(ReadOnlySpan<byte> data)
    {
        long pos = 0;
        while (true)
        {
            switch (Boxes.TryRead(data, pos, data.Length, out var box))
            {
                case BoxRead.Truncated:
                    return ImageHeaderResult.Need(pos + 16);
                case BoxRead.Invalid:
                    return ImageHeaderResult.Invalid("the JPEG XL file has a box with an invalid size");
            }

            if (box.Type == FullCodestream || box.Type == PartialCodestream)
            {
                // A partial codestream box starts with a 4-byte sequence index.
                var start = box.ContentStart + (box.Type == PartialCodestream ? 4 : 0);
                return ReadCodestreamAt(data, start, box.RunsToEnd ? long.MaxValue : box.End);
            }

            if (box.RunsToEnd)
            {
                return ImageHeaderResult.Invalid("the JPEG XL file has no codestream box");
            }

            pos = box.End;
        }
    }

    private static ImageHeaderResult ReadCodestreamAt(ReadOnlySpan<byte> data, long start, long end)
    {
        if (!Bytes.Has(data, start, 2))
        {
            return ImageHeaderResult.Need(start + 2 + SizeHeaderBytes);
        }

        if (data[(int)start] != 0xFF || data[(int)start + 1] != 0x0A)
        {
            return ImageHeaderResult.Invalid("the JPEG XL codestream signature is missing");
        }

        var available = (int)Math.Max(start + 2, Math.Min(end, data.Length));
        var bits = new BitReader(data[((int)start + 2)..available]);
        if (TryReadSize(ref bits, out var width, out var height))
        {
            return ImageHeaderResult.Size("JPEG XL", width, height);
        }

        return end <= data.Length
            ? ImageHeaderResult.Invalid("the JPEG XL size header is truncated")
            : ImageHeaderResult.Need(start + 2 + SizeHeaderBytes);
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
