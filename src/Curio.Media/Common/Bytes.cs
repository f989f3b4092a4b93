using System.Buffers.Binary;

namespace Curio.Media.Common;

// Every read is guarded by Has(); the readers themselves rely on Slice to throw if a caller forgot,
// which the fuzz tests would catch.
internal static class Bytes
{
    public static bool Has(ReadOnlySpan<byte> data, long offset, long count) =>
        offset >= 0 && count >= 0 && offset <= data.Length && count <= data.Length - offset;

    public static bool At(ReadOnlySpan<byte> data, long offset, ReadOnlySpan<byte> magic) =>
        Has(data, offset, magic.Length) && data.Slice((int)offset, magic.Length).SequenceEqual(magic);

    public static ushort U16Be(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);

    public static ushort U16Le(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt16LittleEndian(data[offset..]);

    public static uint U32Be(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt32BigEndian(data[offset..]);

    public static uint U32Le(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]);

    public static ulong U64Be(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt64BigEndian(data[offset..]);

    public static ulong U64Le(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(data[offset..]);

    public static ushort U16(ReadOnlySpan<byte> data, int offset, bool littleEndian) =>
        littleEndian ? U16Le(data, offset) : U16Be(data, offset);

    public static uint U32(ReadOnlySpan<byte> data, int offset, bool littleEndian) =>
        littleEndian ? U32Le(data, offset) : U32Be(data, offset);

    public static ulong U64(ReadOnlySpan<byte> data, int offset, bool littleEndian) =>
        littleEndian ? U64Le(data, offset) : U64Be(data, offset);

    public static int I32(ReadOnlySpan<byte> data, int offset, bool littleEndian) =>
        littleEndian ? BinaryPrimitives.ReadInt32LittleEndian(data[offset..]) : BinaryPrimitives.ReadInt32BigEndian(data[offset..]);

    public static uint FourCc(ReadOnlySpan<byte> data, int offset) => U32Be(data, offset);

    public static uint FourCc(string code) =>
        ((uint)code[0] << 24) | ((uint)code[1] << 16) | ((uint)code[2] << 8) | code[3];
}
