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
    /// <exception cref="DecoderFallbackException">The text reader met bytes that are not in its encoding.</exception>
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
        var quoteLine = 0;
        var length = 0;
        while (true)
        {
            var c = Next();
            if (quoted && (c < 0 || length + 1 > MaxRecordChars))
            {
                // Reported where the quote opened: that is where the closing quote is missing, however far it ran.
                throw new CsvFormatException(quoteLine, cells.Count + 1, unterminatedQuote: true,
                    $"The quoted cell that starts on line {quoteLine} is never closed, so the rest of the file reads as one cell. Add the closing double quote (write a quote inside a quoted cell as \"\").");
            }

            if (++length > MaxRecordChars)
            {
                throw new CsvFormatException(RecordLine, null, unterminatedQuote: false,
                    $"Line {RecordLine} is longer than {MaxRecordChars:N0} characters; no row of an upload CSV is that long. Check that this is a comma-separated text file with one file per row.");
            }

            if (quoted)
            {
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
                    quoteLine = _line;
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

internal sealed class CsvFormatException(int line, int? column, bool unterminatedQuote, string message) : Exception(message)
{
    public int Line { get; } = line;

    /// <summary>The cell (1-based) where the problem starts, when there is one.</summary>
    public int? Column { get; } = column;

    /// <summary>True for a quote never closed, false for a line too long to be a row.</summary>
    public bool UnterminatedQuote { get; } = unterminatedQuote;
}
