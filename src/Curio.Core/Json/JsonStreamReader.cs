using System.Text.Json;

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
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _final;
    private JsonReaderState _state;
    private string? _string;

    public JsonStreamReader(Stream stream, int bufferSize = 64 * 1024)
    {
        _stream = stream;
        _buffer = new byte[bufferSize];
        _state = new JsonReaderState(CanonicalJson.ReaderOptions);
        Refill();
        if (_end - _start >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
        {
            _start = 3;
        }
    }

    public JsonTokenType TokenType { get; private set; }

    /// <summary>The first token of the value <see cref="ReadValue"/> last read (an end token when there was none).</summary>
    public JsonTokenType ValueStart { get; private set; }

    /// <summary>Depth of the current token: 0 for the root value, 1 for the root's members.</summary>
    public int Depth { get; private set; }

    /// <summary>The current property name or string value, when <see cref="Read"/> was asked to capture it.</summary>
    public string String => _string ?? throw new InvalidOperationException("The current token's string was not captured.");

    /// <summary>Reads the next token; false at the end of the input.</summary>
    public bool Read(bool captureString = false)
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            if (reader.Read())
            {
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

    private void Refill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
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

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        _end += read;
        _final = read == 0;
    }
}
