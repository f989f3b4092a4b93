using System.Globalization;
using System.Text;

namespace Curio.Media.Pdf;

/// <summary>
/// Reads PDF objects from a span that starts at a known file offset. Running out of bytes asks the
/// <see cref="PdfBytes"/> for more (or, inside a decoded object stream, means the stream is broken).
/// </summary>
internal ref struct PdfParser
{
    private const int MaxDepth = 32;
    private const int MaxItems = 4096;

    private readonly ReadOnlySpan<byte> _data;
    private readonly long _base;
    private readonly PdfBytes? _bytes;
    private int _pos;

    /// <param name="data">The bytes from <paramref name="baseOffset"/> on.</param>
    /// <param name="baseOffset">Where <paramref name="data"/> starts in the file (0 in a decoded stream).</param>
    /// <param name="bytes">Where to ask for more; null for a decoded stream, which has no more.</param>
    public PdfParser(ReadOnlySpan<byte> data, long baseOffset, PdfBytes? bytes)
    {
        _data = data;
        _base = baseOffset;
        _bytes = bytes;
    }

    /// <summary>The absolute position of the next byte.</summary>
    public readonly long Position => _base + _pos;

    public static bool IsWhite(byte b) => b is 0 or 9 or 10 or 12 or 13 or 32;

    public static bool IsDelimiter(byte b) => b is (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']'
        or (byte)'{' or (byte)'}' or (byte)'/' or (byte)'%';

    public static bool IsRegular(byte b) => !IsWhite(b) && !IsDelimiter(b);

    public void SkipSpace()
    {
        while (!EndsAt(0))
        {
            var b = Peek();
            if (IsWhite(b))
            {
                _pos++;
            }
            else if (b == '%')
            {
                while (!EndsAt(0) && Peek() is not ((byte)'\n' or (byte)'\r'))
                {
                    _pos++;
                }
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>True, and past it, when <paramref name="word"/> comes next as a whole token.</summary>
    public bool TryKeyword(ReadOnlySpan<byte> word)
    {
        SkipSpace();
        for (var i = 0; i < word.Length; i++)
        {
            if (EndsAt(i) || PeekAt(i) != word[i])
            {
                return false;
            }
        }

        if (!EndsAt(word.Length) && IsRegular(PeekAt(word.Length)))
        {
            return false;
        }

        _pos += word.Length;
        return true;
    }

    public long ReadInteger()
    {
        SkipSpace();
        return ReadObject() is PdfInteger integer ? integer.Value : throw new PdfBrokenException("an integer was expected");
    }

    /// <summary>Reads "n g obj", the object, and the start of its stream data if it has one.</summary>
    public PdfObject ReadIndirect(int expectedNumber)
    {
        var number = ReadInteger();
        ReadInteger();
        if (!TryKeyword("obj"u8))
        {
            throw new PdfBrokenException("an object header was expected");
        }

        if (expectedNumber >= 0 && number != expectedNumber)
        {
            throw new PdfBrokenException("a cross-reference entry points at another object");
        }

        var value = ReadObject();
        if (value is PdfDict dict && TryKeyword("stream"u8))
        {
            // The keyword ends with CRLF or LF (a lone CR is tolerated).
            if (Peek() == '\r')
            {
                _pos++;
            }

            if (Peek() == '\n')
            {
                _pos++;
            }

            dict.StreamStart = Position;
        }

        return value;
    }

    public PdfObject ReadObject(int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new PdfBrokenException("objects are nested too deeply");
        }

        SkipSpace();
        var b = Peek();
        switch (b)
        {
            case (byte)'/':
                _pos++;
                return new PdfName(ReadName());
            case (byte)'<' when PeekAt(1) == '<':
                _pos += 2;
                return ReadDict(depth);
            case (byte)'<':
                SkipHexString();
                return PdfOther.Instance;
            case (byte)'[':
                _pos++;
                return ReadArray(depth);
            case (byte)'(':
                SkipLiteralString();
                return PdfOther.Instance;
            case (byte)'+' or (byte)'-' or (byte)'.' or (>= (byte)'0' and <= (byte)'9'):
                return ReadNumberOrRef();
        }

        if (TryKeyword("true"u8) || TryKeyword("false"u8) || TryKeyword("null"u8))
        {
            return PdfOther.Instance;
        }

        throw new PdfBrokenException("an object was expected");
    }

    private PdfDict ReadDict(int depth)
    {
        var entries = new Dictionary<string, PdfObject>(StringComparer.Ordinal);
        while (true)
        {
            SkipSpace();
            if (Peek() == '>' && PeekAt(1) == '>')
            {
                _pos += 2;
                return new PdfDict(entries);
            }

            if (Peek() != '/')
            {
                throw new PdfBrokenException("a dictionary key was expected");
            }

            _pos++;
            var key = ReadName();
            var value = ReadObject(depth + 1);
            if (entries.Count >= MaxItems)
            {
                throw new PdfBrokenException("a dictionary has too many entries");
            }

            entries[key] = value;
        }
    }

    private PdfArray ReadArray(int depth)
    {
        var items = new List<PdfObject>();
        while (true)
        {
            SkipSpace();
            if (Peek() == ']')
            {
                _pos++;
                return new PdfArray(items);
            }

            // Long arrays (page kids, widths) are walked but only their start is kept: nothing here needs the rest.
            var item = ReadObject(depth + 1);
            if (items.Count < MaxItems)
            {
                items.Add(item);
            }
        }
    }

    private PdfObject ReadNumberOrRef()
    {
        var start = _pos;
        if (PeekOrEnd() is (byte)'+' or (byte)'-')
        {
            _pos++;
        }

        var real = false;
        while (PeekOrEnd() is (>= (byte)'0' and <= (byte)'9') or (byte)'.')
        {
            real |= _data[_pos] == '.';
            _pos++;
        }

        var text = Encoding.ASCII.GetString(_data[start.._pos]);
        if (real || !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return new PdfReal(double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0);
        }

        // "n g R" is a reference; anything else leaves the integer alone.
        if (integer is >= 0 and <= int.MaxValue)
        {
            var after = _pos;
            SkipSpace();
            if (PeekOrEnd() is >= (byte)'0' and <= (byte)'9')
            {
                var genStart = _pos;
                while (PeekOrEnd() is >= (byte)'0' and <= (byte)'9')
                {
                    _pos++;
                }

                var generation = _pos - genStart <= 5 ? int.Parse(_data[genStart.._pos], CultureInfo.InvariantCulture) : -1;
                if (generation >= 0 && TryKeyword("R"u8))
                {
                    return new PdfRef((int)integer, generation);
                }
            }

            _pos = after;
        }

        return new PdfInteger(integer);
    }

    private string ReadName()
    {
        var name = new StringBuilder();
        while (IsRegular(PeekOrEnd()))
        {
            var c = _data[_pos++];
            if (c == '#' && IsHex(PeekOrEnd()) && IsHex(PeekAtOrEnd(1)))
            {
                c = (byte)((HexValue(_data[_pos]) << 4) | HexValue(_data[_pos + 1]));
                _pos += 2;
            }

            name.Append((char)c);
        }

        return name.ToString();
    }

    private void SkipLiteralString()
    {
        _pos++;
        var depth = 1;
        while (depth > 0)
        {
            var c = Peek();
            _pos++;
            if (c == '\\')
            {
                Peek();
                _pos++;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth--;
            }
        }
    }

    private void SkipHexString()
    {
        _pos++;
        while (Peek() != '>')
        {
            _pos++;
        }

        _pos++;
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;

    private readonly byte Peek() => PeekAt(0);

    private readonly byte PeekAt(int ahead)
    {
        var at = _pos + ahead;
        if (at < _data.Length)
        {
            return _data[at];
        }

        throw _bytes is null
            ? new PdfBrokenException("an object stream ends inside an object")
            : _bytes.Need(_base, at + 1L);
    }

    // True when the data really ends that far ahead: the end of the file, or of a decoded stream.
    private readonly bool EndsAt(int ahead) => _pos + ahead >= _data.Length && (_bytes is null || _base + _pos + ahead >= _bytes.Size);

    // At the very end of the data a name may end without a delimiter.
    private readonly byte PeekOrEnd() => PeekAtOrEnd(0);

    private readonly byte PeekAtOrEnd(int ahead) => EndsAt(ahead) ? (byte)' ' : PeekAt(ahead);
}
