using System.IO.Compression;
using System.Text;

namespace Curio.Media.Tests.Fixtures;

internal static class MedicalFixtures
{
    public static byte[] DicomPart10()
    {
        var meta = new ByteWriter();
        Explicit(meta, 0x0002, 0x0001, "OB", [0, 1]);
        Explicit(meta, 0x0002, 0x0002, "UI", Ui("1.2.840.10008.5.1.4.1.1.7"));
        Explicit(meta, 0x0002, 0x0010, "UI", Ui("1.2.840.10008.1.2.1"));
        var group = meta.ToArray();
        var file = new ByteWriter().Zeros(128).Ascii("DICM");
        Explicit(file, 0x0002, 0x0000, "UL", BitConverter.GetBytes(group.Length));
        file.Bytes(group);
        return file.Bytes(Dataset(explicitVr: true)).ToArray();
    }

    /// <summary>A dataset with no preamble and no file meta group, as some archives store them.</summary>
    public static byte[] Dataset(bool explicitVr)
    {
        var data = new ByteWriter();
        Element(data, explicitVr, 0x0008, 0x0005, "CS", Encoding.ASCII.GetBytes("ISO_IR 100"));
        Element(data, explicitVr, 0x0008, 0x0016, "UI", Ui("1.2.840.10008.5.1.4.1.1.7"));
        Element(data, explicitVr, 0x0008, 0x0018, "UI", Ui("1.2.3.4.5.6.7"));
        Element(data, explicitVr, 0x0010, 0x0010, "PN", Encoding.ASCII.GetBytes("Doe^Jane"));
        Element(data, explicitVr, 0x0028, 0x0010, "US", [4, 0]);
        Element(data, explicitVr, 0x0028, 0x0011, "US", [4, 0]);
        Element(data, explicitVr, 0x7FE0, 0x0010, "OW", new byte[32]);
        return data.ToArray();
    }

    public static byte[] Nifti1(bool littleEndian, string magic = "n+1")
    {
        var header = new ByteWriter().I32(348, littleEndian).Zeros(36);
        foreach (var dim in new short[] { 3, 4, 4, 2, 1, 1, 1, 1 })
        {
            header.U16(dim, littleEndian);
        }

        header.Zeros(70 - header.Length).U16(2, littleEndian).U16(8, littleEndian).Zeros(108 - 74);
        var voxOffset = BitConverter.GetBytes(352f);
        if (BitConverter.IsLittleEndian != littleEndian)
        {
            Array.Reverse(voxOffset);
        }

        header.Bytes(voxOffset).Zeros(344 - 112).Ascii(magic).U8(0);
        return header.Zeros(4).Fill(32, 7).ToArray();
    }

    public static byte[] Nifti2(bool littleEndian) =>
        new ByteWriter().I32(540, littleEndian).Ascii("n+2\0").Bytes(0x0D, 0x0A, 0x1A, 0x0A).Zeros(540 - 12).Zeros(4).Fill(32, 7).ToArray();

    public static byte[] Gzip(byte[] content, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, level))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    private static byte[] Ui(string uid) => Encoding.ASCII.GetBytes(uid.Length % 2 == 0 ? uid : uid + "\0");

    private static void Element(ByteWriter data, bool explicitVr, int group, int element, string vr, byte[] value)
    {
        if (explicitVr)
        {
            Explicit(data, group, element, vr, value);
            return;
        }

        data.U16Le(group).U16Le(element).U32Le(value.Length).Bytes(value);
    }

    private static void Explicit(ByteWriter data, int group, int element, string vr, byte[] value)
    {
        data.U16Le(group).U16Le(element).Ascii(vr);
        if (vr is "OB" or "OW" or "SQ" or "UN" or "UT")
        {
            data.U16Le(0).U32Le(value.Length);
        }
        else
        {
            data.U16Le(value.Length);
        }

        data.Bytes(value);
    }
}
