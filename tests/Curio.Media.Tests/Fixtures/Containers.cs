using System.Text;

namespace Curio.Media.Tests.Fixtures;

/// <summary>ISO-BMFF boxes (also JPEG 2000 and JPEG XL) and RIFF chunks.</summary>
internal static class Containers
{
    public static byte[] Box(string type, params byte[][] content)
    {
        var body = content.SelectMany(c => c).ToArray();
        return new ByteWriter().U32Be(8 + body.Length).Ascii(type).Bytes(body).ToArray();
    }

    public static byte[] FullBox(string type, int version, int flags, params byte[][] content) =>
        Box(type, [[(byte)version, (byte)(flags >> 16), (byte)(flags >> 8), (byte)flags], .. content]);

    public static byte[] Ftyp(string major, params string[] compatible) =>
        Box("ftyp", [Encoding.ASCII.GetBytes(major), [0, 0, 0, 0], .. compatible.Select(Encoding.ASCII.GetBytes)]);

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    public static byte[] Riff(string form, params byte[][] chunks) =>
        new ByteWriter().Ascii("RIFF").U32Le(4 + chunks.Sum(c => c.Length)).Ascii(form).Bytes(Concat(chunks)).ToArray();

    public static byte[] RiffChunk(string id, byte[] data)
    {
        var chunk = new ByteWriter().Ascii(id).U32Le(data.Length).Bytes(data);
        return (data.Length % 2 == 1 ? chunk.U8(0) : chunk).ToArray();
    }
}
