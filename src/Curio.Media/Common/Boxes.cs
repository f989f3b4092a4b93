namespace Curio.Media.Common;

/// <summary>An ISO-BMFF / JPEG 2000 box header read from a span; offsets are absolute within that span.</summary>
internal readonly record struct Box(uint Type, long Start, int HeaderLength, long End, bool RunsToEnd)
{
    public long ContentStart => Start + HeaderLength;
}

internal enum BoxRead
{
    Ok,
    Truncated,
    Invalid,
}

internal static class Boxes
{
    // A box of size 0 runs to the end of the file; we only know where the data ends, so that stands in.
    public static BoxRead TryRead(ReadOnlySpan<byte> data, long start, long limit, out Box box)
    {
        box = default;
        if (!Bytes.Has(data, start, 8))
        {
            return BoxRead.Truncated;
        }

        var at = (int)start;
        ulong size = Bytes.U32Be(data, at);
        var type = Bytes.FourCc(data, at + 4);
        var header = 8;
        var runsToEnd = size == 0;
        if (size == 1)
        {
            if (!Bytes.Has(data, start, 16))
            {
                return BoxRead.Truncated;
            }

            size = Bytes.U64Be(data, at + 8);
            header = 16;
        }
        else if (size == 0)
        {
            size = (ulong)(limit - start);
        }

        if (size < (ulong)header || size > (ulong)(long.MaxValue - start))
        {
            return BoxRead.Invalid;
        }

        box = new Box(type, start, header, start + (long)size, runsToEnd);
        return BoxRead.Ok;
    }
}
