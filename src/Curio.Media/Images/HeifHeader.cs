using Curio.Media.Common;

namespace Curio.Media.Images;

/// <summary>
/// AVIF and HEIC: the size is the image spatial extent ("ispe") property of the primary item, found through
/// meta → pitm (which item) and iprp → ipma (its properties) → ipco (the properties themselves). The primary item's
/// rotation (irot) and mirror (imir) properties, in the order ipma lists them, become the EXIF orientation that
/// shows the same; clean apertures (clap) are not applied to the size.
/// </summary>
/// <remarks>
/// An Exif item inside a HEIF file may carry its own Orientation tag, and it is deliberately not read. HEIF says the
/// transformative properties are what a reader applies for display, and that Exif orientation is informative only;
/// writers such as iPhones keep the camera's original Exif value next to an irot that already turns the image, so
/// applying both would turn it twice. Decoders (libheif, Apple's, browsers) apply irot/imir alone.
/// </remarks>
internal static class HeifHeader
{
    private static readonly uint Meta = Bytes.FourCc("meta");
    private static readonly uint Pitm = Bytes.FourCc("pitm");
    private static readonly uint Iprp = Bytes.FourCc("iprp");
    private static readonly uint Ipco = Bytes.FourCc("ipco");
    private static readonly uint Ipma = Bytes.FourCc("ipma");
    private static readonly uint Ispe = Bytes.FourCc("ispe");
    private static readonly uint Irot = Bytes.FourCc("irot");
    private static readonly uint Imir = Bytes.FourCc("imir");

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

        // The primary item's transforms, by their place in its association list: each as the EXIF orientation
        // that does the same on its own, 0 where the property is something else.
        Span<byte> transforms = stackalloc byte[255];
        transforms.Clear();
        var primaryAssociated = primaryProperties[..associated];
        uint primaryWidth = 0, primaryHeight = 0, bestWidth = 0, bestHeight = 0;
        var primaryFound = false;
        var index = 0;
        foreach (var (type, content) in Children(properties))
        {
            // ipma indices have at most 15 bits; properties past that cannot belong to any item.
            index++;
            var listed = index <= 0x7FFF && primaryAssociated.Contains((ushort)index);
            if (type == Irot || type == Imir)
            {
                if (listed)
                {
                    MarkTransform(primaryAssociated, (ushort)index, Transform(type, content), transforms);
                }

                continue;
            }

            if (type != Ispe || content.Length < 12)
            {
                continue;
            }

            uint width = Bytes.U32Be(content, 4), height = Bytes.U32Be(content, 8);
            if (listed && !primaryFound)
            {
                (primaryWidth, primaryHeight, primaryFound) = (width, height, true);
            }

            // Without a usable pitm/ipma, the largest extent is the full image rather than a thumbnail or tile.
            if ((ulong)width * height > (ulong)bestWidth * bestHeight)
            {
                (bestWidth, bestHeight) = (width, height);
            }
        }

        if (primaryFound)
        {
            return ImageHeaderResult.Size("HEIF", primaryWidth, primaryHeight, Orientation(transforms[..associated]));
        }

        return bestWidth == 0 && bestHeight == 0
            ? ImageHeaderResult.Invalid("the HEIF file has no image size (ispe) property")
            : ImageHeaderResult.Size("HEIF", bestWidth, bestHeight);
    }

    // irot: the low 2 bits are anticlockwise quarter turns. imir: the low bit is the axis; 0 mirrors about the
    // horizontal axis (top to bottom), 1 about the vertical axis (left to right). The reserved bits are ignored.
    private static byte Transform(uint type, ReadOnlySpan<byte> content)
    {
        if (content.Length < 1)
        {
            return 0;
        }

        if (type == Imir)
        {
            return (content[0] & 1) == 0 ? (byte)ExifOrientation.FlipVertical : (byte)ExifOrientation.FlipHorizontal;
        }

        return (content[0] & 3) switch
        {
            0 => ExifOrientation.Identity,
            1 => ExifOrientation.Rotate90Anticlockwise,
            2 => ExifOrientation.Rotate180,
            _ => ExifOrientation.Rotate90Clockwise,
        };
    }

    private static void MarkTransform(ReadOnlySpan<ushort> associated, ushort index, byte transform, Span<byte> transforms)
    {
        for (var i = 0; i < associated.Length; i++)
        {
            if (associated[i] == index)
            {
                transforms[i] = transform;
            }
        }
    }

    // Transformative properties apply in the order the item's associations list them. Null when there are none:
    // the file says nothing about orientation (its Exif item is not consulted, see the remarks above).
    private static int? Orientation(ReadOnlySpan<byte> transforms)
    {
        int? orientation = null;
        foreach (var transform in transforms)
        {
            if (transform != 0)
            {
                orientation = ExifOrientation.Compose(orientation ?? ExifOrientation.Identity, transform);
            }
        }

        return orientation;
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
