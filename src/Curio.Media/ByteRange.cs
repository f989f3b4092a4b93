namespace Curio.Media;

/// <summary>Bytes read from an object at a known offset (a ranged read).</summary>
public readonly record struct ByteRange(long Offset, ReadOnlyMemory<byte> Bytes)
{
    public long End => Offset + Bytes.Length;
}
