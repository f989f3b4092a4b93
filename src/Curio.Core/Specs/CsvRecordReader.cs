using System.Text;

namespace Curio.Core.Specs;

/// <summary>RFC 4180 records (quoted cells, doubled quotes, line breaks inside quotes) with the line each starts on.</summary>
internal sealed class CsvRecordReader(TextReader text)
{
    /// <summary>A record longer than this is refused rather than held: no legitimate row comes close.</summary>
    public const int MaxRecordChars = 1024 * 1024;

    private readonly StringBuilder _cell = new();
    private int _line = 1;
    private int _peeked = -2;

    /// <summary>Line on which the last record read started.</summary>
    public int RecordLine { get; private set; }

    /// <summary>Reads the next record into <paramref name="cells"/>; false at the end of the input.</summary>
    /// <exception cref="CsvFormatException">An unterminated quote or an oversized record.</exception>
    public bool Read(List<string> cells)
    {
        cells.Clear();
        if (Peek() < 0)
        {
            return false;
        }

        RecordLine = _line;
        _cell.Clear();
        var quoted = false;
        var wasQuoted = false;
        var length = 0;
        while (true)
        {
            var c = Next();
            if (++length > MaxRecordChars)
            {
                throw new CsvFormatException(RecordLine, $"The record is longer than {MaxRecordChars / (1024 * 1024)} MB.");
            }

            if (quoted)
            {
                if (c < 0)
                {
                    throw new CsvFormatException(RecordLine, "A quoted cell is never closed; add the closing double quote.");
                }

                if (c == '"')
                {
                    if (Peek() == '"')
                    {
                        Next();
                        _cell.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    _cell.Append((char)c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when !wasQuoted && IsBlank(_cell):
                    _cell.Clear();
                    quoted = wasQuoted = true;
                    break;
                case ',':
                    cells.Add(_cell.ToString().Trim());
                    _cell.Clear();
                    wasQuoted = false;
                    break;
                case '\n':
                case '\r':
                case -1:
                    cells.Add(_cell.ToString().Trim());
                    return true;
                default:
                    _cell.Append((char)c);
                    break;
            }
        }
    }

    private static bool IsBlank(StringBuilder cell)
    {
        for (var i = 0; i < cell.Length; i++)
        {
            if (!char.IsWhiteSpace(cell[i]))
            {
                return false;
            }
        }

        return true;
    }

    private int Peek()
    {
        if (_peeked == -2)
        {
            _peeked = text.Read();
        }

        return _peeked;
    }

    private int Next()
    {
        var c = Peek();
        _peeked = -2;
        if (c == '\r')
        {
            if (Peek() == '\n')
            {
                _peeked = -2;
            }

            _line++;
            return '\n';
        }

        if (c == '\n')
        {
            _line++;
        }

        return c;
    }
}

internal sealed class CsvFormatException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}
