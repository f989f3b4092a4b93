namespace Curio.Media.Tests.Fixtures;

/// <summary>Writes bits least-significant first, the way JPEG XL reads them.</summary>
internal sealed class BitWriter
{
    private readonly List<byte> _bytes = [];
    private int _bit;

    public void Write(int count, uint value)
    {
        for (var i = 0; i < count; i++, _bit++)
        {
            if (_bit % 8 == 0)
            {
                _bytes.Add(0);
            }

            _bytes[^1] |= (byte)(((value >> i) & 1) << (_bit % 8));
        }
    }

    public byte[] ToArray() => [.. _bytes];
}

internal static class Crc32
{
    private static readonly uint[] Table = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        }

        return c;
    }).ToArray();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFF;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFF;
    }
}
