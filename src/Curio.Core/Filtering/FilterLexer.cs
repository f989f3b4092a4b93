using System.Globalization;
using System.Text;

namespace Curio.Core.Filtering;

internal enum TokenKind
{
    End,
    Word,
    Field,
    QuotedKey,
    String,
    Number,
    Symbol,
    LeftParen,
    RightParen,
    Comma,

    /// <summary>Text that cannot be read; <see cref="Token.Text"/> is the message and <see cref="Token.Start"/> where it applies.</summary>
    Error,
}

/// <summary>
/// One token. <see cref="Text"/> is the word, the field name (without <c>$</c>), the unescaped key or string, the number's
/// lexeme, the operator, or an error's message; <see cref="Start"/> and <see cref="End"/> bound it in the source.
/// </summary>
internal readonly record struct Token(TokenKind Kind, int Start, int End, string Text, NumberLiteral? Number = null);

/// <summary>
/// Splits filter text into tokens. It stops at the first text it cannot read and hands that over as an
/// <see cref="TokenKind.Error"/> token, so the parser reports it only if nothing earlier is wrong: a user fixes
/// problems from left to right.
/// </summary>
internal static class FilterLexer
{
    private const string StringEscapes = "\\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX";

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, i, i, ""));
                return tokens;
            }

            var token = tokens.Count > 0 && SplitKey(text, tokens[^1], i) is { } split ? split : Next(text, i);
            tokens.Add(token);
            if (token.Kind == TokenKind.Error)
            {
                return tokens;
            }

            i = token.End;
        }
    }

    private static Token Next(string text, int i)
    {
        var c = text[i];
        var next = i + 1 < text.Length ? text[i + 1] : '\0';
        switch (c)
        {
            case '(':
                return new Token(TokenKind.LeftParen, i, i + 1, "(");
            case ')':
                return new Token(TokenKind.RightParen, i, i + 1, ")");
            case ',':
                return new Token(TokenKind.Comma, i, i + 1, ",");
            case '"':
                return LexString(text, i);
            case '`':
                return LexQuotedKey(text, i);
            case '$':
                return LexField(text, i);
            case '=' or '!' or '<' or '>':
                return LexSymbol(text, i);
            case '-' or (>= '0' and <= '9'):
                return LexNumber(text, i);
            case '\'':
                return Error(i, "strings are written in double quotes (\"...\"), not single quotes");
            case '&' when next == '&':
                return Error(i, "write AND instead of '&&'");
            case '|' when next == '|':
                return Error(i, "write OR instead of '||'");
            case '.' when char.IsAsciiDigit(next):
                return Error(i, "a number needs a digit before its '.' (write 0.5, not .5)");
        }

        if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out _) != System.Buffers.OperationStatus.Done)
        {
            return Error(i, $"the text has an unpaired surrogate ({FilterSyntax.Describe(c)}), which is not a character");
        }

        return FilterSyntax.IsIdentifierStart(rune)
            ? LexWord(text, i)
            : Error(i, $"unexpected character '{DescribeAt(text, i)}'");
    }

    /// <summary>
    /// <c>video.description</c> or <c>x-y</c> written bare would read as a key and then a stray character; name the
    /// mistake rather than the character.
    /// </summary>
    private static Token? SplitKey(string text, Token previous, int i)
    {
        if (previous.Kind != TokenKind.Word || previous.End != i || text[i] is not ('.' or '-')
            || FilterSyntax.IsReserved(previous.Text) || i + 1 >= text.Length || !StartsIdentifierPart(text, i + 1))
        {
            return null;
        }

        var end = i;
        while (end < text.Length && (text[end] is '.' or '-' || StartsIdentifierPart(text, end)))
        {
            end += char.IsHighSurrogate(text[end]) ? 2 : 1;
        }

        return Error(previous.Start, $"a key with '{text[i]}' in it is written in backquotes: `{text[previous.Start..end]}`");
    }

    private static Token LexWord(string text, int start)
    {
        var end = SkipIdentifier(text, start);
        return new Token(TokenKind.Word, start, end, text[start..end]);
    }

    private static Token LexField(string text, int start)
    {
        if (start + 1 < text.Length && Rune.DecodeFromUtf16(text.AsSpan(start + 1), out var rune, out _) == System.Buffers.OperationStatus.Done
            && FilterSyntax.IsIdentifierStart(rune))
        {
            var end = SkipIdentifier(text, start + 1);
            return new Token(TokenKind.Field, start, end, text[(start + 1)..end]);
        }

        return Error(start, "expected a built-in field name after '$', such as $width");
    }

    private static Token LexSymbol(string text, int start)
    {
        var end = start;
        while (end < text.Length && text[end] is '=' or '!' or '<' or '>')
        {
            end++;
        }

        var symbol = text[start..end];
        if (FilterSyntax.CompareOpOf(symbol) is not null)
        {
            return new Token(TokenKind.Symbol, start, end, symbol);
        }

        return symbol == "!"
            ? Error(start, "unknown operator '!'; write NOT before a condition to negate it, or '!=' for not equal")
            : FilterSyntax.Suggest(symbol) is { } suggestion
                ? Error(start, $"unknown operator '{symbol}'; did you mean '{suggestion}'?")
                : Error(start, $"unknown operator '{symbol}'; use one of =, !=, <, <=, >, >=");
    }

    private static Token LexNumber(string text, int start)
    {
        var scan = FilterSyntax.ScanNumber(text, start);
        if (scan.Problem is not null)
        {
            return Error(start, scan.Problem);
        }

        var lexeme = text[start..scan.End];
        if (scan.End < text.Length && (text[scan.End] == '.' || StartsIdentifierPart(text, scan.End)))
        {
            return Error(scan.End, $"unexpected '{DescribeAt(text, scan.End)}' right after the number {lexeme}");
        }

        return NumberLiteral.TryCreate(lexeme, out var number, out var problem)
            ? new Token(TokenKind.Number, start, scan.End, lexeme, number)
            : Error(start, problem);
    }

    private static Token LexString(string text, int start)
    {
        var value = new StringBuilder();
        var i = start + 1;
        while (true)
        {
            if (i >= text.Length)
            {
                return Error(start, "unterminated string: this '\"' has no closing '\"'");
            }

            var c = text[i];
            if (c == '"')
            {
                return new Token(TokenKind.String, start, i + 1, value.ToString());
            }

            if (c == '\\')
            {
                if (i + 1 >= text.Length)
                {
                    return Error(start, "unterminated string: this '\"' has no closing '\"'");
                }

                var escape = text[i + 1];
                var simple = escape switch
                {
                    '"' => '"',
                    '\\' => '\\',
                    '/' => '/',
                    'b' => '\b',
                    'f' => '\f',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    _ => (char?)null,
                };
                if (simple is { } unescaped)
                {
                    value.Append(unescaped);
                    i += 2;
                    continue;
                }

                if (escape != 'u')
                {
                    return Error(i, $"unknown escape '\\{DescribeAt(text, i + 1)}' in a string; use {StringEscapes}");
                }

                if (Hex4(text, i + 2) is not { } code)
                {
                    return Error(i, "'\\u' must be followed by four hex digits");
                }

                if (char.IsHighSurrogate(code) && text.AsSpan(i + 6).StartsWith("\\u", StringComparison.Ordinal)
                    && Hex4(text, i + 8) is { } low && char.IsLowSurrogate(low))
                {
                    value.Append(code).Append(low);
                    i += 12;
                    continue;
                }

                if (char.IsSurrogate(code))
                {
                    return Error(i, $"\\u{(int)code:X4} is half of a surrogate pair; a character above U+FFFF is written as two escapes, such as \\uD83D\\uDE00");
                }

                value.Append(code);
                i += 6;
                continue;
            }

            if (c < ' ')
            {
                return Error(i, $"a string cannot hold a raw control character ({FilterSyntax.Describe(c)}); write it as an escape: \\n, \\t or \\uXXXX");
            }

            if (char.IsSurrogate(c))
            {
                if (!char.IsHighSurrogate(c) || i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return Error(i, $"the text has an unpaired surrogate ({FilterSyntax.Describe(c)}), which is not a character");
                }

                value.Append(c).Append(text[i + 1]);
                i += 2;
                continue;
            }

            value.Append(c);
            i++;
        }
    }

    private static Token LexQuotedKey(string text, int start)
    {
        var name = new StringBuilder();
        var i = start + 1;
        while (true)
        {
            if (i >= text.Length || (text[i] == '\\' && i + 1 >= text.Length))
            {
                return Error(start, "unterminated key: this '`' has no closing '`'");
            }

            var c = text[i];
            if (c == '`')
            {
                break;
            }

            if (c == '\\')
            {
                if (text[i + 1] is not ('`' or '\\'))
                {
                    return Error(i, $"unknown escape '\\{DescribeAt(text, i + 1)}' in a key; in backquotes only \\` and \\\\ are escapes");
                }

                name.Append(text[i + 1]);
                i += 2;
                continue;
            }

            if (char.IsControl(c))
            {
                return Error(i, $"a key cannot contain control characters ({FilterSyntax.Describe(c)})");
            }

            if (char.IsSurrogate(c))
            {
                if (!char.IsHighSurrogate(c) || i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return Error(i, $"the text has an unpaired surrogate ({FilterSyntax.Describe(c)}), which is not a character");
                }

                name.Append(c).Append(text[i + 1]);
                i += 2;
                continue;
            }

            name.Append(c);
            i++;
        }

        var key = name.ToString();
        if (key.Length == 0)
        {
            return Error(start, "a key in backquotes cannot be empty");
        }

        if (key[0] == '$')
        {
            return Error(start, FilterSyntax.IsIdentifier(key[1..])
                ? $"a metadata key cannot start with '$'; for the built-in field write {key} without backquotes"
                : "a metadata key cannot start with '$'");
        }

        return new Token(TokenKind.QuotedKey, start, i + 1, key);
    }

    private static char? Hex4(string text, int start) =>
        start + 4 <= text.Length && ushort.TryParse(text.AsSpan(start, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
            ? (char)code
            : null;

    private static int SkipIdentifier(string text, int start)
    {
        var i = start;
        while (i < text.Length && Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var length) == System.Buffers.OperationStatus.Done
               && (i == start ? FilterSyntax.IsIdentifierStart(rune) : FilterSyntax.IsIdentifierPart(rune)))
        {
            i += length;
        }

        return i;
    }

    private static bool StartsIdentifierPart(string text, int i) =>
        Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out _) == System.Buffers.OperationStatus.Done && FilterSyntax.IsIdentifierPart(rune);

    /// <summary>The character at <paramref name="i"/> as a message shows it, a surrogate pair as one character.</summary>
    private static string DescribeAt(string text, int i) =>
        Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out _) == System.Buffers.OperationStatus.Done && rune.Value > 0xFFFF
            ? rune.ToString()
            : FilterSyntax.Describe(text[i]);

    private static Token Error(int at, string message) => new(TokenKind.Error, at, at, message);
}
