using System.Text;
using Curio.Media.Dicom;
using Curio.Media.Tests.Fixtures;

namespace Curio.Media.Tests.Dicom;

internal enum DicomEncoding
{
    ExplicitLittle,
    ImplicitLittle,
    ExplicitBig,
}

/// <summary>One data element to write; the writer encodes it in whichever transfer syntax the file uses.</summary>
internal abstract record Node(uint Tag);

/// <summary>A string value, padded to even length (UI with NUL, the rest with a space) unless <paramref name="Pad"/> is false.</summary>
internal sealed record Str(uint Tag, string Vr, string Value, bool Pad = true) : Node(Tag);

internal sealed record Us(uint Tag, params ushort[] Values) : Node(Tag);

/// <summary>Bytes written as they are, with the VR given (OB, OW, UN, or anything for corrupt files).</summary>
internal sealed record Bin(uint Tag, string Vr, byte[] Value) : Node(Tag);

/// <summary>A header whose length field says <paramref name="Length"/> whatever follows: for corrupt files.</summary>
internal sealed record Lie(uint Tag, string Vr, uint Length, byte[] Value) : Node(Tag);

internal sealed record Seq(uint Tag, IReadOnlyList<Item> Items, bool Undefined = false, string Vr = "SQ") : Node(Tag);

internal sealed record Item(IReadOnlyList<Node> Elements, bool Undefined = false);

/// <summary>A small DICOM writer for fixtures: explicit VR little endian, implicit VR little endian, explicit VR big endian, sequences and items of defined and undefined length.</summary>
internal static class DicomWriter
{
    public const string ImplicitLittle = "1.2.840.10008.1.2";
    public const string ExplicitLittle = "1.2.840.10008.1.2.1";
    public const string ExplicitBig = "1.2.840.10008.1.2.2";
    public const string Deflated = "1.2.840.10008.1.2.1.99";
    public const string JpegBaseline = "1.2.840.10008.1.2.4.50";

    private static readonly HashSet<string> LongVrs = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"];

    public static DicomEncoding EncodingOf(string transferSyntax) => transferSyntax switch
    {
        ImplicitLittle => DicomEncoding.ImplicitLittle,
        ExplicitBig => DicomEncoding.ExplicitBig,
        _ => DicomEncoding.ExplicitLittle,
    };

    /// <summary>A Part-10 file: preamble (unless left out), "DICM", file meta, dataset.</summary>
    public static byte[] Part10(IEnumerable<Node> dataset, string transferSyntax = ExplicitLittle, bool preamble = true)
    {
        var nodes = dataset.ToList();
        var file = new ByteWriter();
        if (preamble)
        {
            file.Zeros(128).Ascii("DICM");
        }

        file.Bytes(Meta(nodes, transferSyntax));
        return file.Bytes(Dataset(nodes, EncodingOf(transferSyntax))).ToArray();
    }

    /// <summary>The group 0002 file meta information, with its group length.</summary>
    public static byte[] Meta(IReadOnlyList<Node> dataset, string transferSyntax)
    {
        string Uid(uint tag) => dataset.OfType<Str>().FirstOrDefault(s => s.Tag == tag)?.Value ?? "1.2.3";
        var group = Dataset(
        [
            new Bin(0x00020001, "OB", [0, 1]),
            new Str(DicomTags.MediaStorageSopClassUid, "UI", Uid(DicomTags.SopClassUid)),
            new Str(DicomTags.MediaStorageSopInstanceUid, "UI", Uid(DicomTags.SopInstanceUid)),
            new Str(DicomTags.TransferSyntaxUid, "UI", transferSyntax),
            new Str(0x00020012, "UI", "1.2.826.0.1.3680043.10.1071.99"),
        ], DicomEncoding.ExplicitLittle);
        return new ByteWriter().U16Le(0x0002).U16Le(0x0000).Ascii("UL").U16Le(4).U32Le(group.Length).Bytes(group).ToArray();
    }

    public static byte[] Dataset(IEnumerable<Node> nodes, DicomEncoding encoding)
    {
        var writer = new ByteWriter();
        foreach (var node in nodes)
        {
            Write(writer, node, encoding);
        }

        return writer.ToArray();
    }

    private static void Write(ByteWriter writer, Node node, DicomEncoding encoding)
    {
        switch (node)
        {
            case Str s:
                Element(writer, s.Tag, s.Vr, Text(s), encoding);
                break;
            case Us u:
                var values = new ByteWriter();
                foreach (var value in u.Values)
                {
                    values.U16(value, encoding != DicomEncoding.ExplicitBig);
                }

                Element(writer, u.Tag, "US", values.ToArray(), encoding);
                break;
            case Bin b:
                Element(writer, b.Tag, b.Vr, b.Value, encoding);
                break;
            case Lie l:
                Header(writer, l.Tag, l.Vr, l.Length, encoding);
                writer.Bytes(l.Value);
                break;
            case Seq q:
                // UN holding a sequence (CP-246): the items are implicit VR little endian whatever the file's syntax.
                var inner = q.Vr == "UN" ? DicomEncoding.ImplicitLittle : encoding;
                var items = new ByteWriter();
                foreach (var item in q.Items)
                {
                    var body = Dataset(item.Elements, inner);
                    Tag(items, DicomTags.Item, inner);
                    items.U32(item.Undefined ? uint.MaxValue : (uint)body.Length, inner != DicomEncoding.ExplicitBig).Bytes(body);
                    if (item.Undefined)
                    {
                        Tag(items, DicomTags.ItemDelimitation, inner);
                        items.U32(0, true);
                    }
                }

                if (q.Undefined)
                {
                    Tag(items, DicomTags.SequenceDelimitation, inner);
                    items.U32(0, true);
                }

                var content = items.ToArray();
                Header(writer, q.Tag, q.Vr, q.Undefined ? uint.MaxValue : (uint)content.Length, encoding);
                writer.Bytes(content);
                break;
            default:
                throw new ArgumentException($"Unknown node {node}");
        }
    }

    private static byte[] Text(Str s)
    {
        var bytes = Encoding.UTF8.GetBytes(s.Value);
        return !s.Pad || bytes.Length % 2 == 0 ? bytes : [.. bytes, s.Vr == "UI" ? (byte)0 : (byte)' '];
    }

    private static void Element(ByteWriter writer, uint tag, string vr, byte[] value, DicomEncoding encoding)
    {
        Header(writer, tag, vr, (uint)value.Length, encoding);
        writer.Bytes(value);
    }

    private static void Header(ByteWriter writer, uint tag, string vr, uint length, DicomEncoding encoding)
    {
        var little = encoding != DicomEncoding.ExplicitBig;
        Tag(writer, tag, encoding);
        if (encoding == DicomEncoding.ImplicitLittle)
        {
            writer.U32Le(length);
        }
        else if (LongVrs.Contains(vr))
        {
            writer.Ascii(vr).U16Le(0).U32(length, little);
        }
        else
        {
            writer.Ascii(vr).U16((int)length, little);
        }
    }

    private static void Tag(ByteWriter writer, uint tag, DicomEncoding encoding)
    {
        var little = encoding != DicomEncoding.ExplicitBig;
        writer.U16((int)(tag >> 16), little).U16((int)(tag & 0xFFFF), little);
    }
}
