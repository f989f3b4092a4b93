using Curio.Media.Common;

namespace Curio.Media.Images;

/// <summary>
/// AVIF and HEIC: the size is the image spatial extent ("ispe") property of the primary item, found through
/// meta → pitm (which item) and iprp → ipma (its properties) → ipco (the properties themselves).
/// Rotation and mirroring properties (irot, imir) and clean apertures are not applied.
/// </summary>
internal static class HeifHeader
{
    private static readonly uint Meta = Bytes.FourCc("meta");
    private static readonly uint Pitm = Bytes.FourCc("pitm");
    private static readonly uint Iprp = Bytes.FourCc("iprp");
    private static readonly uint Ipco = Bytes.FourCc("ipco");
    private static readonly uint Ipma = Bytes.FourCc("ipma");
    private static readonly uint Ispe = Bytes.FourCc("ispe");

    public static ImageHeaderResult Read(ReadOnlySpan<byte> data)
    {
        long pos = 0;
        while (true)
        {
            switch (Boxes.TryRead(data, pos, data.Length, out var box))
            {
                case BoxRead.Truncated:
                    return ImageHeaderResult.Need(pos + 16);
                case BoxRead.Invalid:
                    return ImageHeaderResult.Invalid("the HEIF file has a box with an invalid size");
            }

            if (box.Type == Meta)
            {
                if (box.End > data.Length)
                {
                    return ImageHeaderResult.Need(box.End);
                }

                return box.End - box.ContentStart < 4
                    ? ImageHeaderResult.Invalid("the HEIF meta box is empty")
                    : ReadMeta(data[(int)(box.ContentStart + 4)..(int)box.End]);
            }

            if (box.RunsToEnd)
            {
                return ImageHeaderResult.Invalid("the HEIF file has no meta box");
            }

            pos = box.End;
        }
    }

    private static ImageHeaderResult ReadMeta(ReadOnlySpan<byte> meta)
    {
        long primary = -1;
        ReadOnlySpan<byte> properties = [], associations = [];
        foreach (var (type, content) in Children(meta))
        {
            if (type == Pitm && content.Length >= 6)
            {
                primary = content[0] == 0 ? Bytes.U16Be(content, 4) : content.Length >= 8 ? Bytes.U32Be(content, 4) : -1;
            }
            else if (type == Iprp)
            {
                foreach (var (inner, innerContent) in Children(content))
                {
                    if (inner == Ipco)
                    {
                        properties = innerContent;
                    }
                    else if (inner == Ipma)
                    {
                        associations = innerContent;
                    }
                }
            }
        }

        Span<ushort> primaryProperties = stackalloc ushort[255];
        var associated = PrimaryAssociations(associations, primary, primaryProperties);

        uint bestWidth = 0, bestHeight = 0;
        var index = 0;
        foreach (var (type, content) in Children(properties))
        {
            index++;
            if (type != Ispe || content.Length < 12)
            {
                continue;
            }

            uint width = Bytes.U32Be(content, 4), height = Bytes.U32Be(content, 8);
            if (primaryProperties[..associated].Contains((ushort)index))
            {
                return ImageHeaderResult.Size("HEIF", width, height);
            }

            // Without a usable pitm/ipma, the largest extent is the full image rather than a thumbnail or tile.
            if ((ulong)width * height > (ulong)bestWidth * bestHeight)
            {
                (bestWidth, bestHeight) = (width, height);
            }
        }

        return bestWidth == 0 && bestHeight == 0
            ? ImageHeaderResult.Invalid("the HEIF file has no image size (ispe) property")
            : ImageHeaderResult.Size("HEIF", bestWidth, bestHeight);
    }

    // ipma: version/flags, entry count, then per item its ID and 7- or 15-bit property indices (1-based).
    private static int PrimaryAssociations(ReadOnlySpan<byte> ipma, long primary, Span<ushort> found)
    {
        if (primary < 0 || ipma.Length < 8)
        {
            return 0;
        }

        var version = ipma[0];
        var wide = (ipma[3] & 1) != 0;
        var entries = Bytes.U32Be(ipma, 4);
        var pos = 8;
        for (uint i = 0; i < entries; i++)
        {
            var idSize = version < 1 ? 2 : 4;
            if (!Bytes.Has(ipma, pos, idSize + 1))
            {
                return 0;
            }

            long item = version < 1 ? Bytes.U16Be(ipma, pos) : Bytes.U32Be(ipma, pos);
            int count = ipma[pos + idSize];
            pos += idSize + 1;
            var size = wide ? 2 : 1;
            if (!Bytes.Has(ipma, pos, (long)count * size))
            {
                return 0;
            }

            if (item == primary)
            {
                for (var j = 0; j < count; j++)
                {
                    found[j] = wide ? (ushort)(Bytes.U16Be(ipma, pos + (2 * j)) & 0x7FFF) : (ushort)(ipma[pos + j] & 0x7F);
                }

                return count;
            }

            pos += count * size;
        }

        return 0;
    }

    private static BoxChildren Children(ReadOnlySpan<byte> content) => new(content);

    /// <summary>Enumerates well-formed child boxes of a container; stops at the first malformed or truncated one.</summary>
    private ref struct BoxChildren(ReadOnlySpan<byte> content)
    {
        private readonly ReadOnlySpan<byte> _content = content;
        private long _next;

        public Child Current { get; private set; }

        public readonly BoxChildren GetEnumerator() => this;

        public bool MoveNext()
        {
            if (Boxes.TryRead(_content, _next, _content.Length, out var box) != BoxRead.Ok || box.End > _content.Length)
            {
                return false;
            }

            Current = new Child(box.Type, _content[(int)box.ContentStart..(int)box.End]);
            _next = box.End;
            return true;
        }
    }

    private readonly ref struct Child(uint type, ReadOnlySpan<byte> content)
    {
        private readonly ReadOnlySpan<byte> _content = content;

        public void Deconstruct(out uint boxType, out ReadOnlySpan<byte> boxContent)
        {
            boxType = type;
            boxContent = _content;
        }
    }
}
