using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Curio.Core.Json;

/// <summary>
/// Rewrites JSON the way PostgreSQL's jsonb stores it, so both storage backends return the same text:
/// duplicate keys keep the last value, and object keys are ordered shortest first, then by their UTF-8 bytes.
/// Numbers keep their text; strings keep their value and are escaped as jsonb escapes them (only '"', '\' and
/// control characters; everything else, emoji included, is written as itself); insignificant whitespace goes.
/// </summary>
public static class CanonicalJson
{
    public static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 128 };

    private static readonly byte[] HexDigits = "0123456789abcdef"u8.ToArray();

    /// <summary>Canonicalises the value at the reader's current token (the reader must already have read it).</summary>
    /// <exception cref="InvalidOperationException">A string holds invalid UTF-8 or an unpaired surrogate escape.</exception>
    public static byte[] ReadValue(ref Utf8JsonReader reader)
    {
        // One scratch buffer per thread: only the result is allocated. A buffer grown by a huge value is not kept.
        var buffer = _threadBuffer is { Capacity: <= MaxKeptBuffer } kept ? kept : new ByteBuffer(256);
        _threadBuffer = null;
        buffer.Length = 0;
        try
        {
            WriteValue(ref reader, buffer);
            return buffer.Written.ToArray();
        }
        finally
        {
            _threadBuffer = buffer;
        }
    }

    private const int MaxKeptBuffer = 1024 * 1024;

    [ThreadStatic]
    private static ByteBuffer? _threadBuffer;

    /// <summary>Canonicalises a whole JSON text. Throws <see cref="JsonException"/> when it is not valid JSON.</summary>
    public static string Canonicalize(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), ReaderOptions);
        reader.Read();
        var bytes = ReadValue(ref reader);
        if (reader.Read())
        {
            throw new JsonException("Unexpected data after the JSON value.");
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private static void WriteValue(ref Utf8JsonReader reader, ByteBuffer output)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                WriteObject(ref reader, output);
                break;
            case JsonTokenType.StartArray:
                output.Write("["u8);
                var first = true;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (!first)
                    {
                        output.Write(","u8);
                    }

                    first = false;
                    WriteValue(ref reader, output);
                }

                output.Write("]"u8);
                break;
            case JsonTokenType.String:
                var start = output.Length;
                AppendUnescaped(ref reader, output);
                QuoteInPlace(output, start);
                break;
            case JsonTokenType.Number:
                output.Write(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
                break;
            case JsonTokenType.True:
                output.Write("true"u8);
                break;
            case JsonTokenType.False:
                output.Write("false"u8);
                break;
            case JsonTokenType.Null:
                output.Write("null"u8);
                break;
            default:
                throw new JsonException($"Unexpected token {reader.TokenType}.");
        }
    }

    /// <summary>
    /// Members are first written one after another at the end of the output (key, then canonical value), then
    /// duplicates are dropped (the last wins), the rest sorted, and the object written over that scratch space:
    /// one buffer for the whole document, where a buffer per member cost millions of allocations per import.
    /// </summary>
    private static void WriteObject(ref Utf8JsonReader reader, ByteBuffer output)
    {
        var start = output.Length;
        var members = new List<Member>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var keyStart = output.Length;
            AppendUnescaped(ref reader, output);
            var keyLength = output.Length - keyStart;
            reader.Read();
            WriteValue(ref reader, output);
            members.Add(new Member(keyStart - start, keyLength, output.Length - keyStart - keyLength, members.Count));
        }

        var scratch = output.Written[start..].ToArray();
        output.Length = start;
        members.Sort((a, b) =>
        {
            var byKey = CompareKeys(scratch, a, b);
            return byKey != 0 ? byKey : b.Order.CompareTo(a.Order); // the last of equal keys first
        });

        output.Write("{"u8);
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0 && CompareKeys(scratch, members[i - 1], members[i]) == 0)
            {
                continue;
            }

            if (output.Length > start + 1)
            {
                output.Write(","u8);
            }

            var m = members[i];
            var keyStart = output.Length;
            output.Write(scratch.AsSpan(m.Offset, m.KeyLength));
            QuoteInPlace(output, keyStart);
            output.Write(":"u8);
            output.Write(scratch.AsSpan(m.Offset + m.KeyLength, m.ValueLength));
        }

        output.Write("}"u8);
    }

    /// <summary>jsonb order: shorter keys first, then by their UTF-8 bytes.</summary>
    private static int CompareKeys(byte[] scratch, Member a, Member b) =>
        a.KeyLength != b.KeyLength
            ? a.KeyLength.CompareTo(b.KeyLength)
            : scratch.AsSpan(a.Offset, a.KeyLength).SequenceCompareTo(scratch.AsSpan(b.Offset, b.KeyLength));

    private readonly record struct Member(int Offset, int KeyLength, int ValueLength, int Order);

    /// <summary>Appends the string or property name at the reader, unescaped, as UTF-8.</summary>
    private static void AppendUnescaped(ref Utf8JsonReader reader, ByteBuffer output)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            output.Write(reader.ValueSpan);
            return;
        }

        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        var written = reader.CopyString(output.Reserve(length));
        output.Length += written;
    }

    /// <summary>Replaces the raw UTF-8 text written from <paramref name="start"/> with its quoted form.</summary>
    private static void QuoteInPlace(ByteBuffer output, int start)
    {
        var text = output.Written[start..];
        if (text.IndexOfAnyInRange((byte)0, (byte)0x1F) < 0 && text.IndexOfAny((byte)'"', (byte)'\\') < 0)
        {
            // The common case: nothing to escape, so only the quotes are added around the text in place.
            var length = text.Length;
            output.Reserve(2);
            var all = output.Span;
            all.Slice(start, length).CopyTo(all.Slice(start + 1, length));
            all[start] = (byte)'"';
            all[start + length + 1] = (byte)'"';
            output.Length = start + length + 2;
            return;
        }

        var raw = text.ToArray();
        output.Length = start;
        WriteString(raw, output);
    }

    /// <summary>Quotes UTF-8 text as jsonb prints it: \" \\ \b \f \n \r \t, other control characters as \u00XX.</summary>
    private static void WriteString(ReadOnlySpan<byte> utf8, ByteBuffer output)
    {
        output.Write("\""u8);
        var run = 0;
        for (var i = 0; i < utf8.Length; i++)
        {
            var b = utf8[i];
            if (b >= 0x20 && b != (byte)'"' && b != (byte)'\\')
            {
                continue;
            }

            output.Write(utf8[run..i]);
            run = i + 1;
            switch (b)
            {
                case (byte)'"': output.Write("\\\""u8); break;
                case (byte)'\\': output.Write("\\\\"u8); break;
                case (byte)'\b': output.Write("\\b"u8); break;
                case (byte)'\f': output.Write("\\f"u8); break;
                case (byte)'\n': output.Write("\\n"u8); break;
                case (byte)'\r': output.Write("\\r"u8); break;
                case (byte)'\t': output.Write("\\t"u8); break;
                default:
                    output.Write("\\u00"u8);
                    output.Write([HexDigits[b >> 4], HexDigits[b & 0xF]]);
                    break;
            }
        }

        output.Write(utf8[run..]);
        output.Write("\""u8);
    }

    /// <summary>A growable byte buffer that, unlike ArrayBufferWriter, can be cut back.</summary>
    private sealed class ByteBuffer(int capacity)
    {
        private byte[] _data = new byte[capacity];

        public int Length { get; set; }

        public int Capacity => _data.Length;

        public ReadOnlySpan<byte> Written => _data.AsSpan(0, Length);

        /// <summary>The whole backing array, for in-place edits within <see cref="Length"/> plus what was reserved.</summary>
        public Span<byte> Span => _data;

        public void Write(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(Reserve(bytes.Length));
            Length += bytes.Length;
        }

        /// <summary>Room for <paramref name="count"/> more bytes after <see cref="Length"/>.</summary>
        public Span<byte> Reserve(int count)
        {
            if (Length + count > _data.Length)
            {
                Array.Resize(ref _data, Math.Max(_data.Length * 2, Length + count));
            }

            return _data.AsSpan(Length, count);
        }
    }
}
