using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Curio.Core.Json;

/// <summary>
/// Rewrites JSON the way PostgreSQL's jsonb stores it, so both storage backends return the same text:
/// duplicate keys keep the last value, and object keys are ordered shortest first, then by their UTF-8 bytes.
/// Numbers and strings keep their value; insignificant whitespace goes.
/// </summary>
public static class CanonicalJson
{
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    public static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 128 };

    /// <summary>Canonicalises the value at the reader's current token (the reader must already have read it).</summary>
    public static byte[] ReadValue(ref Utf8JsonReader reader)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteValue(ref reader, writer);
        }

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

    private static void WriteValue(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                WriteObject(ref reader, writer);
                break;
            case JsonTokenType.StartArray:
                writer.WriteStartArray();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    WriteValue(ref reader, writer);
                }

                writer.WriteEndArray();
                break;
            case JsonTokenType.String:
                writer.WriteStringValue(reader.GetString());
                break;
            case JsonTokenType.Number:
                writer.WriteRawValue(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan, skipInputValidation: true);
                break;
            case JsonTokenType.True:
                writer.WriteBooleanValue(true);
                break;
            case JsonTokenType.False:
                writer.WriteBooleanValue(false);
                break;
            case JsonTokenType.Null:
                writer.WriteNullValue();
                break;
            default:
                throw new JsonException($"Unexpected token {reader.TokenType}.");
        }
    }

    private static void WriteObject(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        // Members are buffered so duplicates can be dropped and the rest sorted.
        var members = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            members[name] = ReadValue(ref reader);
        }

        var keys = members.Keys.Select(k => (Key: k, Utf8: Encoding.UTF8.GetBytes(k))).ToArray();
        Array.Sort(keys, static (a, b) => a.Utf8.Length != b.Utf8.Length
            ? a.Utf8.Length.CompareTo(b.Utf8.Length)
            : a.Utf8.AsSpan().SequenceCompareTo(b.Utf8));

        writer.WriteStartObject();
        foreach (var (key, utf8) in keys)
        {
            writer.WritePropertyName(utf8);
            writer.WriteRawValue(members[key], skipInputValidation: true);
        }

        writer.WriteEndObject();
    }
}
