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
        var buffer = new ArrayBufferWriter<byte>();
        WriteValue(ref reader, buffer);
        return buffer.WrittenSpan.ToArray();
    }

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

    private static void WriteValue(ref Utf8JsonReader reader, ArrayBufferWriter<byte> output)
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
                WriteString(Unescaped(ref reader), output);
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

    private static void WriteObject(ref Utf8JsonReader reader, ArrayBufferWriter<byte> output)
    {
        // Members are buffered so duplicates can be dropped and the rest sorted; keys are compared as UTF-8 bytes.
        var members = new Dictionary<byte[], byte[]>(ByteKeyComparer.Instance);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = Unescaped(ref reader);
            reader.Read();
            members[key] = ReadValue(ref reader);
        }

        var sorted = members.Select(m => (Key: m.Key, Value: m.Value)).ToArray();
        Array.Sort(sorted, static (a, b) => a.Key.Length != b.Key.Length
            ? a.Key.Length.CompareTo(b.Key.Length)
            : a.Key.AsSpan().SequenceCompareTo(b.Key));

        output.Write("{"u8);
        for (var i = 0; i < sorted.Length; i++)
        {
            if (i > 0)
            {
                output.Write(","u8);
            }

            WriteString(sorted[i].Key, output);
            output.Write(":"u8);
            output.Write(sorted[i].Value);
        }

        output.Write("}"u8);
    }

    /// <summary>The string or property name at the reader, unescaped, as UTF-8.</summary>
    private static byte[] Unescaped(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return reader.ValueSpan.ToArray();
        }

        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        var buffer = new byte[length];
        var written = reader.CopyString(buffer);
        return buffer[..written];
    }

    /// <summary>Quotes UTF-8 text as jsonb prints it: \" \\ \b \f \n \r \t, other control characters as \u00XX.</summary>
    private static void WriteString(ReadOnlySpan<byte> utf8, ArrayBufferWriter<byte> output)
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

    private sealed class ByteKeyComparer : IEqualityComparer<byte[]>
    {
        public static readonly ByteKeyComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj)
        {
            var hash = new HashCode();
            hash.AddBytes(obj);
            return hash.ToHashCode();
        }
    }
}
