using System.IO.Compression;
using static Curio.Media.Tests.Fixtures.Containers;

namespace Curio.Media.Tests.Fixtures;

/// <summary>Minimal, structurally valid image files built byte by byte.</summary>
internal static class ImageFixtures
{
    /// <summary>
    /// A greyscale PNG; <paramref name="exif"/> is the data of an eXIf chunk, placed before IDAT unless
    /// <paramref name="exifAfterIdat"/>, and <paramref name="textBytes"/> the size of a tEXt chunk between IHDR and it.
    /// </summary>
    public static byte[] Png(int width, int height, bool appleCgbi = false, byte[]? exif = null, bool exifAfterIdat = false, int textBytes = 0)
    {
        var png = new ByteWriter().Bytes(0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A);
        if (appleCgbi)
        {
            PngChunk(png, "CgBI", [0x50, 0x00, 0x20, 0x06]);
        }

        PngChunk(png, "IHDR", new ByteWriter().U32Be(width).U32Be(height).U8(8).U8(0).U8(0).U8(0).U8(0).ToArray());
        if (textBytes > 0)
        {
            PngChunk(png, "tEXt", new ByteWriter().Ascii("Comment\0").Fill(textBytes - 8, (byte)'x').ToArray());
        }

        if (exif is not null && !exifAfterIdat)
        {
            PngChunk(png, "eXIf", exif);
        }

        // One grey byte per pixel behind a "no filter" byte per row.
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(new byte[(long)Math.Max(height, 0) * (Math.Max(width, 0) + 1)]);
        }

        PngChunk(png, "IDAT", compressed.ToArray());
        if (exif is not null && exifAfterIdat)
        {
            PngChunk(png, "eXIf", exif);
        }

        PngChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A grey PNG that declares <paramref name="width"/> x <paramref name="height"/> but holds only the first rows' data: a decompression bomb's header.</summary>
    public static byte[] PngDeclaring(int width, int height, int rowsOfData)
    {
        var png = new ByteWriter().Bytes(0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A);
        PngChunk(png, "IHDR", new ByteWriter().U32Be(width).U32Be(height).U8(8).U8(0).U8(0).U8(0).U8(0).ToArray());
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(new byte[(long)rowsOfData * (width + 1)]);
        }

        PngChunk(png, "IDAT", compressed.ToArray());
        PngChunk(png, "IEND", []);
        return png.ToArray();
    }

    public static byte[] Jpeg(int width, int height, int? orientation = null, int app1Padding = 0, int iccSegments = 0, byte frameMarker = 0xC0)
    {
        var jpeg = new ByteWriter().Bytes(0xFF, 0xD8);
        Segment(jpeg, 0xE0, new ByteWriter().Ascii("JFIF\0").Bytes(1, 1, 0).U16Be(1).U16Be(1).Bytes(0, 0).ToArray());
        if (orientation is not null || app1Padding > 0)
        {
            var entries = orientation is { } o ? new[] { new TiffEntry(274, 3, o) } : [];
            var exif = new ByteWriter().Ascii("Exif\0\0").Bytes(TiffFile(littleEndian: false, entries)).Zeros(app1Padding);
            Segment(jpeg, 0xE1, exif.ToArray());
        }

        for (var i = 0; i < iccSegments; i++)
        {
            Segment(jpeg, 0xE2, new ByteWriter().Ascii("ICC_PROFILE\0").U8(i + 1).U8(iccSegments).Zeros(65533 - 2 - 14).ToArray());
        }

        Segment(jpeg, 0xDB, new ByteWriter().U8(0).Fill(64, 1).ToArray());
        Segment(jpeg, frameMarker, new ByteWriter().U8(8).U16Be(height).U16Be(width).U8(3)
            .Bytes(1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1).ToArray());
        Segment(jpeg, 0xC4, new ByteWriter().U8(0).U8(1).Zeros(15).U8(0).ToArray());
        Segment(jpeg, 0xDA, new ByteWriter().U8(3).Bytes(1, 0, 2, 0x11, 3, 0x11).Bytes(0, 63, 0).ToArray());
        return jpeg.Zeros(16).Bytes(0xFF, 0xD9).ToArray();
    }

    public static byte[] Gif(int width, int height, string version = "89a") =>
        new ByteWriter().Ascii("GIF" + version).U16Le(width).U16Le(height).Bytes(0, 0, 0)
            .U8(0x2C).U16Le(0).U16Le(0).U16Le(width).U16Le(height).U8(0)
            .Bytes(2, 2, 0x44, 0x01, 0).U8(0x3B).ToArray();

    public static byte[] WebPLossy(int width, int height) =>
        Riff("WEBP", RiffChunk("VP8 ", new ByteWriter().Bytes(0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A)
            .U16Le(width).U16Le(height).Zeros(10).ToArray()));

    public static byte[] WebPLossless(int width, int height) =>
        Riff("WEBP", VP8L(width, height));

    /// <summary>
    /// A VP8X file with a lossless image, then (as writers place it) an EXIF chunk after the image data.
    /// <paramref name="imagePadding"/> grows the image chunk; <paramref name="frames"/> adds that many animation
    /// frame chunks of <paramref name="frameBytes"/> each before the EXIF chunk.
    /// </summary>
    public static byte[] WebPExtended(int width, int height, byte[]? exif = null, bool? exifFlag = null, int imagePadding = 0,
        int frames = 0, int frameBytes = 0)
    {
        var flags = 0x10 | ((exifFlag ?? exif is not null) ? 0x08 : 0) | (frames > 0 ? 0x02 : 0);
        var vp8x = new ByteWriter().U8(flags).Zeros(3)
            .Bytes((byte)(width - 1), (byte)((width - 1) >> 8), (byte)((width - 1) >> 16))
            .Bytes((byte)(height - 1), (byte)((height - 1) >> 8), (byte)((height - 1) >> 16)).ToArray();
        List<byte[]> chunks = [RiffChunk("VP8X", vp8x)];
        if (frames > 0)
        {
            chunks.Add(RiffChunk("ANIM", new byte[6]));
            chunks.AddRange(Enumerable.Range(0, frames).Select(_ => RiffChunk("ANMF", new byte[frameBytes])));
        }
        else
        {
            chunks.Add(VP8L(width, height, imagePadding));
        }

        if (exif is not null)
        {
            chunks.Add(RiffChunk("EXIF", exif));
        }

        return Riff("WEBP", [.. chunks]);
    }

    /// <summary>An EXIF block (a TIFF structure with IFD0) holding just an Orientation tag.</summary>
    public static byte[] Exif(int orientation, bool littleEndian = false) =>
        TiffFile(littleEndian, [new TiffEntry(274, 3, orientation)]);

    public static byte[] Bmp(int width, int height, bool topDown)
    {
        var rowSize = ((24 * width) + 31) / 32 * 4;
        var pixels = rowSize * height;
        return new ByteWriter().Ascii("BM").U32Le(54 + pixels).U16Le(0).U16Le(0).U32Le(54)
            .U32Le(40).I32(width, true).I32(topDown ? -height : height, true).U16Le(1).U16Le(24)
            .U32Le(0).U32Le(pixels).U32Le(2835).U32Le(2835).U32Le(0).U32Le(0)
            .Zeros(pixels).ToArray();
    }

    public static byte[] BmpOs2(int width, int height) =>
        new ByteWriter().Ascii("BM").U32Le(26 + 16).U32Le(0).U32Le(26)
            .U32Le(12).U16Le(width).U16Le(height).U16Le(1).U16Le(24).Zeros(16).ToArray();

    public static byte[] Tiff(bool littleEndian, int width, int height, int? orientation = null, int pixelBytes = 16, bool longSizes = false)
    {
        var sizeType = longSizes ? (ushort)4 : (ushort)3;
        List<TiffEntry> entries =
        [
            new(256, sizeType, width), new(257, sizeType, height), new(258, 3, 8), new(259, 3, 1),
            new(262, 3, 1), new(273, 4, 8), new(277, 3, 1), new(278, 3, height), new(279, 4, pixelBytes),
        ];
        if (orientation is { } o)
        {
            entries.Add(new TiffEntry(274, 3, o));
        }

        return TiffFile(littleEndian, [.. entries.OrderBy(e => e.Tag)], pixelBytes);
    }

    public static byte[] BigTiff(bool littleEndian, int width, int height)
    {
        var tiff = new ByteWriter().Ascii(littleEndian ? "II" : "MM").U16(43, littleEndian).U16(8, littleEndian).U16(0, littleEndian)
            .U64(16, littleEndian).U64(2, littleEndian);
        foreach (var (tag, value) in new[] { (256, width), (257, height) })
        {
            tiff.U16(tag, littleEndian).U16(4, littleEndian).U64(1, littleEndian).U32(value, littleEndian).U32(0, littleEndian);
        }

        return tiff.U64(0, littleEndian).ToArray();
    }

    public static byte[] TiffFile(bool littleEndian, IReadOnlyList<TiffEntry> entries, int pixelBytes = 0)
    {
        var tiff = new ByteWriter().Ascii(littleEndian ? "II" : "MM").U16(42, littleEndian).U32(8 + pixelBytes, littleEndian)
            .Zeros(pixelBytes).U16(entries.Count, littleEndian);
        foreach (var entry in entries)
        {
            tiff.U16(entry.Tag, littleEndian).U16(entry.Type, littleEndian).U32(1, littleEndian);
            if (entry.Type == 3)
            {
                tiff.U16((int)entry.Value, littleEndian).U16(0, littleEndian);
            }
            else
            {
                tiff.U32(entry.Value, littleEndian);
            }
        }

        return tiff.U32(0, littleEndian).ToArray();
    }

    /// <summary>
    /// An AVIF/HEIC still: primary item 1, plus optionally a larger item 2 whose ispe comes first. Each of
    /// <paramref name="transforms"/> ("irot" with its angle byte or "imir" with its axis byte) is a property associated
    /// with the primary item in the order given, placed in ipco in that order or, with
    /// <paramref name="transformsReversedInIpco"/>, in reverse; with <paramref name="decoyTransforms"/> the decoy item
    /// gets the same transforms too, and without <paramref name="primaryTransforms"/> only it does. A negative value
    /// makes an empty box. <paramref name="exifOrientation"/> adds an Exif item, as cameras write one.
    /// </summary>
    public static byte[] Heif(string major, string[] compatible, int width, int height, bool decoyFirst = false,
        bool metaAfterMdat = false, int mdatSize = 64, bool wideIpma = false, int ipmaVersion = 0,
        (string Type, int Value)[]? transforms = null, bool transformsReversedInIpco = false, bool decoyTransforms = false,
        bool primaryTransforms = true, int? exifOrientation = null)
    {
        var hdlr = FullBox("hdlr", 0, 0, new byte[4], "pict"u8.ToArray(), new byte[13]);
        var pitm = FullBox("pitm", 0, 0, [0, 1]);
        byte[] Ispe(int w, int h) => FullBox("ispe", 0, 0, new ByteWriter().U32Be(w).U32Be(h).ToArray());
        List<byte[]> properties = decoyFirst ? [Ispe(width * 4, height * 4), Ispe(width, height)] : [Ispe(width, height)];
        var primaryIndex = decoyFirst ? 2 : 1;
        transforms ??= [];
        var first = properties.Count + 1;
        var placed = transformsReversedInIpco ? transforms.Reverse().ToArray() : transforms;
        properties.AddRange(placed.Select(t => Box(t.Type, t.Value < 0 ? [] : [(byte)t.Value])));
        var transformIndices = transforms.Select((_, i) => first + (transformsReversedInIpco ? transforms.Length - 1 - i : i)).ToArray();
        var ipco = Box("ipco", [.. properties]);

        var ipma = new ByteWriter().U32Be(decoyFirst ? 2 : 1);
        void Entry(int item, params int[] indices)
        {
            if (ipmaVersion == 0)
            {
                ipma.U16Be(item);
            }
            else
            {
                ipma.U32Be(item);
            }

            ipma.U8(indices.Length);
            foreach (var property in indices)
            {
                if (wideIpma)
                {
                    ipma.U16Be(0x8000 | property);
                }
                else
                {
                    ipma.U8(0x80 | property);
                }
            }
        }

        if (decoyFirst)
        {
            Entry(2, [1, .. decoyTransforms ? transformIndices : []]);
        }

        Entry(1, [primaryIndex, .. primaryTransforms ? transformIndices : []]);
        var iprp = Box("iprp", ipco, FullBox("ipma", ipmaVersion, wideIpma ? 1 : 0, ipma.ToArray()));
        var meta = exifOrientation is { } o
            ? FullBox("meta", 0, 0, hdlr, pitm, FullBox("iinf", 0, 0, [0, 1], FullBox("infe", 2, 0, [0, 3, 0, 0], "Exif"u8.ToArray(), [0])),
                Box("idat", [0, 0, 0, 0, .. Exif(o)]), iprp)
            : FullBox("meta", 0, 0, hdlr, pitm, iprp);
        var mdat = Box("mdat", new byte[mdatSize]);
        var ftyp = Ftyp(major, compatible);
        return metaAfterMdat ? Concat(ftyp, mdat, meta) : Concat(ftyp, meta, mdat);
    }

    /// <summary>An icon directory; a size of 256 or more is stored as 0 and, with <c>png</c>, embedded as a PNG.</summary>
    public static byte[] Ico(params (int Width, int Height, bool Png)[] entries)
    {
        var images = entries.Select(e => e.Png ? Png(e.Width, e.Height) : new ByteWriter().U32Le(40).I32(e.Width, true)
            .I32(e.Height * 2, true).U16Le(1).U16Le(32).Zeros(24 + 16).ToArray()).ToList();
        var ico = new ByteWriter().U16Le(0).U16Le(1).U16Le(entries.Length);
        var offset = 6 + (16 * entries.Length);
        for (var i = 0; i < entries.Length; i++)
        {
            ico.U8(entries[i].Width >= 256 ? 0 : entries[i].Width).U8(entries[i].Height >= 256 ? 0 : entries[i].Height)
                .U8(0).U8(0).U16Le(1).U16Le(32).U32Le(images[i].Length).U32Le(offset);
            offset += images[i].Length;
        }

        images.ForEach(image => ico.Bytes(image));
        return ico.ToArray();
    }

    public static byte[] Jp2(int width, int height, string brand = "jp2 ")
    {
        byte[] signature = [0, 0, 0, 0x0C, (byte)'j', (byte)'P', 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A];
        var ihdr = Box("ihdr", new ByteWriter().U32Be(height).U32Be(width).U16Be(3).Bytes(7, 7, 0, 0).ToArray());
        var jp2h = Box("jp2h", ihdr, Box("colr", [1, 0, 0, 0, 0, 0, 0x10]));
        return Concat(signature, Ftyp(brand, brand), jp2h, Box("jp2c", J2k(width, height)));
    }

    // The image area is offset inside the reference grid so that width = Xsiz - XOsiz is really computed.
    public static byte[] J2k(int width, int height) =>
        new ByteWriter().Bytes(0xFF, 0x4F, 0xFF, 0x51).U16Be(41).U16Be(0)
            .U32Be(width + 5).U32Be(height + 3).U32Be(5).U32Be(3)
            .U32Be(width + 5).U32Be(height + 3).U32Be(0).U32Be(0).U16Be(1).Bytes(7, 1, 1)
            .Bytes(0xFF, 0xD9).ToArray();

    /// <summary>
    /// The SizeHeader, then the start of ImageMetadata: all_default when <paramref name="orientation"/> is null,
    /// else extra_fields and the orientation (later fields are left as zero bits).
    /// </summary>
    public static byte[] JxlCodestream(int width, int height, int ratio = 0, int? orientation = null)
    {
        var bits = new BitWriter();
        var small = ratio == 0 && width % 8 == 0 && height % 8 == 0 && width <= 256 && height <= 256;
        bits.Write(1, small ? 1u : 0u);
        WriteJxlDimension(bits, height, small);
        bits.Write(3, (uint)ratio);
        if (ratio == 0)
        {
            WriteJxlDimension(bits, width, small);
        }

        if (orientation is { } o)
        {
            bits.Write(1, 0);
            bits.Write(1, 1);
            bits.Write(3, (uint)(o - 1));
        }
        else
        {
            bits.Write(1, 1);
        }

        return new ByteWriter().Bytes(0xFF, 0x0A).Bytes(bits.ToArray()).Zeros(16).ToArray();
    }

    /// <summary>The codestream in a jxlc box or, with <paramref name="splitAt"/>, in two jxlp boxes split there with an Exif box between them.</summary>
    public static byte[] JxlContainer(int width, int height, int? splitAt = null, int? orientation = null, int? exifOrientation = null)
    {
        var codestream = JxlCodestream(width, height, orientation: orientation);
        var exif = exifOrientation is { } e ? Box("Exif", [0, 0, 0, 0], Exif(e)) : [];
        return splitAt is { } at
            ? JxlFile(Box("jxlp", [0, 0, 0, 0], codestream[..at]), exif, Box("jxlp", [0x80, 0, 0, 1], codestream[at..]))
            : JxlFile(exif, Box("jxlc", codestream));
    }

    /// <summary>The JPEG XL container's signature, ftyp and level boxes, then the boxes given.</summary>
    public static byte[] JxlFile(params byte[][] boxes)
    {
        byte[] signature = [0, 0, 0, 0x0C, (byte)'J', (byte)'X', (byte)'L', 0x20, 0x0D, 0x0A, 0x87, 0x0A];
        return Concat([signature, Ftyp("jxl ", "jxl "), Box("jxll", [5]), .. boxes]);
    }

    private static void WriteJxlDimension(BitWriter bits, int size, bool small)
    {
        if (small)
        {
            bits.Write(5, (uint)((size / 8) - 1));
            return;
        }

        var value = (uint)(size - 1);
        var selector = value < 1u << 9 ? 0 : value < 1u << 13 ? 1 : value < 1u << 18 ? 2 : 3;
        bits.Write(2, (uint)selector);
        bits.Write(selector switch { 0 => 9, 1 => 13, 2 => 18, _ => 30 }, value);
    }

    private static byte[] VP8L(int width, int height, int padding = 0) =>
        RiffChunk("VP8L", new ByteWriter().U8(0x2F).U32Le((width - 1) | ((height - 1) << 14)).Zeros(10 + padding).ToArray());

    private static void PngChunk(ByteWriter png, string type, byte[] data)
    {
        var typed = new ByteWriter().Ascii(type).Bytes(data).ToArray();
        png.U32Be(data.Length).Bytes(typed).U32Be(Crc32.Compute(typed));
    }

    private static void Segment(ByteWriter jpeg, byte marker, byte[] payload) =>
        jpeg.Bytes(0xFF, marker).U16Be(payload.Length + 2).Bytes(payload);
}

internal readonly record struct TiffEntry(ushort Tag, ushort Type, long Value);
