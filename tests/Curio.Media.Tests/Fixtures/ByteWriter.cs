using System.Buffers.Binary;
using System.Text;

namespace Curio.Media.Tests.Fixtures;

/// <summary>Appends fixed-width values and text to a growing byte array.</summary>
internal sealed class ByteWriter
{
    private readonly List<byte> _bytes = [];

    public int Length => _bytes.Count;

    public ByteWriter Bytes(params ReadOnlySpan<byte> bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public ByteWriter Ascii(string text) => Bytes(Encoding.ASCII.GetBytes(text));

    public ByteWriter U8(int value) => Bytes((byte)value);

    public ByteWriter Zeros(int count) => Bytes(new byte[count]);

    public ByteWriter Fill(int count, byte value)
    {
        _bytes.AddRange(Enumerable.Repeat(value, count));
        return this;
    }

    public ByteWriter U16Le(int value) => Write(2, s => BinaryPrimitives.WriteUInt16LittleEndian(s, (ushort)value));

    public ByteWriter U16Be(int value) => Write(2, s => BinaryPrimitives.WriteUInt16BigEndian(s, (ushort)value));

    public ByteWriter U16(int value, bool littleEndian) => littleEndian ? U16Le(value) : U16Be(value);

    public ByteWriter U32Le(long value) => Write(4, s => BinaryPrimitives.WriteUInt32LittleEndian(s, (uint)value));

    public ByteWriter U32Be(long value) => Write(4, s => BinaryPrimitives.WriteUInt32BigEndian(s, (uint)value));

    public ByteWriter U32(long value, bool littleEndian) => littleEndian ? U32Le(value) : U32Be(value);

    public ByteWriter U64Le(long value) => Write(8, s => BinaryPrimitives.WriteUInt64LittleEndian(s, (ulong)value));

    public ByteWriter U64Be(long value) => Write(8, s => BinaryPrimitives.WriteUInt64BigEndian(s, (ulong)value));

    public ByteWriter U64(long value, bool littleEndian) => littleEndian ? U64Le(value) : U64Be(value);

    public ByteWriter I32(int value, bool littleEndian) => U32(unchecked((uint)value), littleEndian);

    public ByteWriter F32Le(float value) => Write(4, s => BinaryPrimitives.WriteSingleLittleEndian(s, value));

    /// <summary>Overwrites four bytes at <paramref name="offset"/>, e.g. a size known only at the end.</summary>
    public ByteWriter PatchU32(int offset, long value, bool littleEndian)
    {
        Span<byte> buffer = stackalloc byte[4];
        if (littleEndian)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(buffer, (uint)value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)value);
        }

        for (var i = 0; i < 4; i++)
        {
            _bytes[offset + i] = buffer[i];
        }

        return this;
    }

    public byte[] ToArray() => [.. _bytes];

    private ByteWriter Write(int size, SpanAction write)
    {
        Span<byte> buffer = stackalloc byte[size];
        write(buffer);
        return Bytes(buffer);
    }

    private delegate void SpanAction(Span<byte> span);
}
