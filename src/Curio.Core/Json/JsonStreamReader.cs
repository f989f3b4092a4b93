using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Curio.Core.Json;

/// <summary>
/// Token-by-token reading of a JSON stream of any size through a bounded buffer: the structure is walked
/// as it arrives, and only the values a caller asks for (<see cref="ReadValue"/>) are held whole.
/// </summary>
internal sealed class JsonStreamReader
{
    /// <summary>The buffer never grows past this, whatever the input: one value held whole must fit in it.</summary>
    public const int MaxBufferBytes = 64 * 1024 * 1024;

    private readonly Stream _stream;
    private readonly bool _validateText;
    private byte[] _buffer;
    private int _start;
    private int _end;

    /// <summary>Offset of <c>_buffer[0]</c> in the text, counted from after a byte-order mark.</summary>
    private long _base;
    private bool _final;
    private JsonReaderState _state;
    private string? _string;

    /// <param name="stream">The JSON text, read from its current position.</param>
    /// <param name="validateText">
    /// Check every string and property name for what System.Text.Json only notices when a string is decoded
    /// (invalid UTF-8, unpaired surrogate escapes) and for U+0000, which no storage backend keeps; throws
    /// <see cref="JsonTextException"/> at the first one. The first pass over a file turns this on so that later
    /// passes can decode any string without failing.
    /// </param>
    /// <param name="bufferSize">Initial buffer size; it doubles as needed up to <see cref="MaxBufferBytes"/>.</param>
    public JsonStreamReader(Stream stream, bool validateText = false, int bufferSize = 64 * 1024)
    {
        _stream = stream;
        _validateText = validateText;
        _buffer = new byte[bufferSize];
        _state = new JsonReaderState(CanonicalJson.ReaderOptions);
        Refill();
        if (_end - _start >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
        {
            _start = 3;
            _base = -3;
        }
    }

    public JsonTokenType TokenType { get; private set; }

    /// <summary>The first token of the value <see cref="ReadValue"/> last read (an end token when there was none).</summary>
    public JsonTokenType ValueStart { get; private set; }

    /// <summary>Depth of the current token: 0 for the root value, 1 for the root's members.</summary>
    public int Depth { get; private set; }

    /// <summary>The current property name or string value, when <see cref="Read"/> was asked to capture it.</summary>
    public string String => _string ?? throw new InvalidOperationException("The current token's string was not captured.");

    /// <summary>False when the rest of the input is only whitespace (an empty file, before any token).</summary>
    public bool HasContent()
    {
        while (true)
        {
            foreach (var b in _buffer.AsSpan(_start, _end - _start))
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    return true;
                }
            }

            if (_final)
            {
                return false;
            }

            Refill();
        }
    }

    /// <summary>Reads the next token; false at the end of the input.</summary>
    public bool Read(bool captureString = false)
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            if (reader.Read())
            {
                CheckText(ref reader);
                TokenType = reader.TokenType;
                Depth = reader.CurrentDepth;
                _string = captureString && reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String
                    ? reader.GetString()
                    : null;
                _start += (int)reader.BytesConsumed;
                _state = reader.CurrentState;
                return true;
            }

            if (_final)
            {
                return false;
            }

            Refill();
        }
    }

    /// <summary>Skips the rest of the current value; after a start token, up to and including its end token.</summary>
    public void SkipValue()
    {
        if (TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return;
        }

        var depth = Depth;
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            while (reader.Read())
            {
                CheckText(ref reader);
                if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray && reader.CurrentDepth == depth)
                {
                    TokenType = reader.TokenType;
                    Depth = depth;
                    _start += (int)reader.BytesConsumed;
                    _state = reader.CurrentState;
                    return;
                }
            }

            _start += (int)reader.BytesConsumed;
            _state = reader.CurrentState;
            if (_final)
            {
                throw new JsonException("The JSON ends inside a value.");
            }

            Refill();
        }
    }

    /// <summary>
    /// Reads the next whole value and returns its bytes (valid until the next call), or null when it is longer
    /// than <paramref name="maxBytes"/>, in which case it has been skipped. The stream position moves past it.
    /// </summary>
    public ReadOnlyMemory<byte>? ReadValue(int maxBytes)
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            if (reader.Read())
            {
                var tokenStart = (int)reader.TokenStartIndex;
                ValueStart = reader.TokenType;
                var complete = reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray) || reader.TrySkip();
                if (complete)
                {
                    TokenType = reader.TokenType;
                    Depth = reader.CurrentDepth;
                    var length = (int)reader.BytesConsumed - tokenStart;
                    var value = new ReadOnlyMemory<byte>(_buffer, _start + tokenStart, length);
                    _start += (int)reader.BytesConsumed;
                    _state = reader.CurrentState;
                    return length <= maxBytes ? value : null;
                }

                if (_end - _start - tokenStart > maxBytes)
                {
                    // Too big to hold: walk past it token by token instead.
                    TokenType = reader.TokenType;
                    Depth = reader.CurrentDepth;
                    _start += (int)reader.BytesConsumed;
                    _state = reader.CurrentState;
                    SkipValue();
                    return null;
                }
            }

            if (_final)
            {
                throw new JsonException("The JSON ends inside a value.");
            }

            Refill();
        }
    }

    private void CheckText(ref Utf8JsonReader reader)
    {
        if (!_validateText || reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
        {
            return;
        }

        // The reader is always built over one span, so ValueSpan is the whole raw string (without its quotes).
        var raw = reader.ValueSpan;
        var offset = _base + _start + reader.TokenStartIndex + 1;
        if (!Utf8.IsValid(raw))
        {
            var at = FirstInvalidByte(raw);
            throw new JsonTextException(JsonTextProblem.InvalidUtf8, raw[at], offset + at);
        }

        if (reader.ValueIsEscaped && FindBadEscape(raw, out var problem) is var index and >= 0)
        {
            throw new JsonTextException(problem, 0, offset + index);
        }
    }

    private static int FirstInvalidByte(ReadOnlySpan<byte> raw)
    {
        var i = 0;
        while (i < raw.Length && Rune.DecodeFromUtf8(raw[i..], out _, out var consumed) == OperationStatus.Done)
        {
            i += consumed;
        }

        return i;
    }

    /// <summary>Index of the first \u escape that is U+0000 or half of a surrogate pair without its other half; -1 if none.</summary>
    private static int FindBadEscape(ReadOnlySpan<byte> raw, out JsonTextProblem problem)
    {
        problem = JsonTextProblem.UnpairedSurrogate;
        var pendingHigh = -1;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != (byte)'\\')
            {
                if (pendingHigh >= 0)
                {
                    return pendingHigh;
                }

                continue;
            }

            if (raw[i + 1] != (byte)'u')
            {
                if (pendingHigh >= 0)
                {
                    return pendingHigh;
                }

                i++; // a two-character escape such as \" or \\
                continue;
            }

            // The reader has already checked that four hex digits follow.
            var code = int.Parse(raw.Slice(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            var isLow = code is >= 0xDC00 and <= 0xDFFF;
            if (pendingHigh >= 0 && !isLow)
            {
                return pendingHigh;
            }

            if (pendingHigh < 0 && isLow)
            {
                return i;
            }

            if (code == 0)
            {
                problem = JsonTextProblem.Nul;
                return i;
            }

            pendingHigh = pendingHigh < 0 && code is >= 0xD800 and <= 0xDBFF ? i : -1;
            i += 5;
        }

        return pendingHigh;
    }

    private void Refill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _base += _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxBufferBytes)
            {
                throw new JsonException($"A single JSON token is longer than {MaxBufferBytes / (1024 * 1024)} MB.");
            }

            Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxBufferBytes));
        }

        // Fill the free space: a stream may return fewer bytes than asked, and a short read must not look like the end.
        var free = _buffer.Length - _end;
        var read = _stream.ReadAtLeast(_buffer.AsSpan(_end, free), free, throwOnEndOfStream: false);
        _end += read;
        _final = read < free;
    }
}

internal enum JsonTextProblem
{
    InvalidUtf8,
    UnpairedSurrogate,
    Nul,
}

/// <summary>A string in otherwise well-formed JSON that cannot be decoded or stored; <see cref="Offset"/> is its byte position.</summary>
internal sealed class JsonTextException(JsonTextProblem problem, byte invalidByte, long offset)
    : JsonException($"The JSON text has a {problem} at byte {offset}.")
{
    public JsonTextProblem Problem { get; } = problem;

    /// <summary>For <see cref="JsonTextProblem.InvalidUtf8"/>, the offending byte.</summary>
    public byte InvalidByte { get; } = invalidByte;

    /// <summary>Counted from the start of the text, after a byte-order mark.</summary>
    public long Offset { get; } = offset;
}
