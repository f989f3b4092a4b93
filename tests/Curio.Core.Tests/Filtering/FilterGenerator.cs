using System.Globalization;
using System.Text;
using Curio.Core.Filtering;

namespace Curio.Core.Tests.Filtering;

/// <summary>
/// Seeded random filter trees within the limits, leaning on what is hard to print: reserved words and punctuation
/// in keys, escapes and astral characters in strings, numbers of every shape.
/// </summary>
internal sealed class FilterGenerator(Random random)
{
    private static readonly string[] KeyPool =
    [
        "width", "camera id", "video.description", "and", "IN", "Exists", "null", "größe", "カメラ", "a`b", "back\\slash",
        "😀", "x-y", " lead", "trail ", "Ω9", "_", "a1", "𠀀x", "1st", "a$", "\"quoted\"", "(paren)",
    ];

    private static readonly string[] FieldPool = ["type", "name", "width", "created_at", "frame_count", "ñ", "_x", "in"];

    private const string KeyAlphabet = "abcXYZ019 _-.`\\$é😀()=,\"";
    private const string StringAlphabet = "aZ 9\"\\/\n\t\r\b\f\u0001\u001f\u007fé日😀`$()ANDOR,\u2028";

    private int _budget;

    public FilterNode Node()
    {
        _budget = random.Next(1, 60);
        return Node(level: 1);
    }

    private FilterNode Node(int level)
    {
        _budget--;
        if (level >= 10 || _budget <= 0 || random.NextDouble() < 0.35)
        {
            return Leaf();
        }

        switch (random.Next(3))
        {
            case 0:
                return new NotNode(Node(level + 1));
            default:
                var operands = Enumerable.Range(0, random.Next(2, 5)).Select(_ => Node(level + 1)).ToList();
                return random.Next(2) == 0 ? FilterNode.And(operands) : FilterNode.Or(operands);
        }
    }

    private FilterNode Leaf() => random.Next(6) switch
    {
        0 => new CompareNode(Key(), (CompareOp)random.Next(6), Literal()),
        1 => new InNode(Key(), Enumerable.Range(0, random.Next(1, 5)).Select(_ => Literal()).ToList(), random.Next(2) == 0),
        2 => new BetweenNode(Key(), Literal(), Literal()),
        3 => new TextMatchNode(Key(), (TextMatch)random.Next(2), Text(StringAlphabet)),
        4 => new ExistsNode(Key()),
        _ => new CompareNode(Key(), CompareOp.Equal, new StringLiteral(Text(StringAlphabet))),
    };

    private FilterKey Key()
    {
        var roll = random.Next(10);
        if (roll < 2)
        {
            return FilterKey.Field(FieldPool[random.Next(FieldPool.Length)]);
        }

        if (roll < 7)
        {
            return new FilterKey(KeyPool[random.Next(KeyPool.Length)]);
        }

        var name = Text(KeyAlphabet);
        return new FilterKey(name.Length == 0 || name[0] == '$' ? "k" + name : name);
    }

    private FilterLiteral Literal() => random.Next(3) switch
    {
        0 => new StringLiteral(Text(StringAlphabet)),
        1 => Number(),
        _ => new BooleanLiteral(random.Next(2) == 0),
    };

    private NumberLiteral Number()
    {
        var lexeme = new StringBuilder();
        if (random.Next(3) == 0)
        {
            lexeme.Append('-');
        }

        if (random.Next(4) == 0)
        {
            lexeme.Append('0');
        }
        else
        {
            lexeme.Append((char)('1' + random.Next(9))).Append(Digits(random.Next(0, random.Next(2) == 0 ? 4 : 35)));
        }

        if (random.Next(2) == 0)
        {
            lexeme.Append('.').Append(Digits(random.Next(1, 30)));
        }

        if (random.Next(3) == 0)
        {
            lexeme.Append(random.Next(2) == 0 ? 'e' : 'E').Append(new[] { "", "+", "-" }[random.Next(3)])
                .Append(random.Next(0, 250).ToString(CultureInfo.InvariantCulture));
        }

        return NumberLiteral.Parse(lexeme.ToString());
    }

    private string Digits(int count) => string.Concat(Enumerable.Range(0, count).Select(_ => (char)('0' + random.Next(10))));

    /// <summary>0 to 8 characters from <paramref name="alphabet"/>, an astral character counted as one.</summary>
    private string Text(string alphabet)
    {
        var characters = alphabet.EnumerateRunes().ToArray();
        var text = new StringBuilder();
        for (var i = random.Next(0, 9); i > 0; i--)
        {
            text.Append(characters[random.Next(characters.Length)].ToString());
        }

        return text.ToString();
    }
}

/// <summary>
/// Prints a tree as a user might type it: any keyword case, any whitespace (or none where none is needed), optional
/// backquotes, redundant parentheses, chains regrouped in parentheses, and escapes where none are needed.
/// </summary>
internal sealed class NoisyPrinter(Random random)
{
    private static readonly string[] Spaces = [" ", "  ", "\t", "\n", "\r\n ", "\u00a0", "\u3000"];

    private readonly StringBuilder _text = new();

    public string Print(FilterNode node)
    {
        _text.Clear();
        Optional();
        Node(node, needsParentheses: false);
        Optional();
        return _text.ToString();
    }

    private void Node(FilterNode node, bool needsParentheses)
    {
        var parenthesise = needsParentheses || random.Next(8) == 0;
        if (parenthesise)
        {
            _text.Append('(');
            Optional();
        }

        switch (node)
        {
            case AndNode all:
                Chain(all.Operands, "AND", operand => operand is OrNode);
                break;
            case OrNode any:
                Chain(any.Operands, "OR", _ => false);
                break;
            case NotNode negation:
                Word("NOT");
                Node(negation.Operand, negation.Operand is AndNode or OrNode);
                break;
            case CompareNode compare:
                Key(compare.Key);
                Optional();
                _text.Append(FilterText.Format(new CompareNode(new FilterKey("k"), compare.Op, new BooleanLiteral(true)))[2..^5]);
                Optional();
                Literal(compare.Value);
                break;
            case InNode @in:
                Key(@in.Key);
                Required();
                if (@in.Negated)
                {
                    Word("not");
                }

                Word("in");
                _text.Length--; // the space Word left: a parenthesis needs none
                Optional();
                _text.Append('(');
                for (var i = 0; i < @in.Values.Count; i++)
                {
                    Optional();
                    if (i > 0)
                    {
                        _text.Append(',');
                        Optional();
                    }

                    Literal(@in.Values[i]);
                }

                Optional();
                _text.Append(')');
                break;
            case BetweenNode between:
                Key(between.Key);
                Required();
                Word("between");
                Literal(between.Low);
                Required();
                Word("and");
                Literal(between.High);
                break;
            case TextMatchNode match:
                Key(match.Key);
                Required();
                Word(match.Match == TextMatch.Prefix ? "prefix" : "contains");
                String(match.Text);
                break;
            case ExistsNode exists:
                Key(exists.Key);
                Required();
                Word("exists");
                _text.Length--;
                break;
        }

        if (parenthesise)
        {
            Optional();
            _text.Append(')');
        }
    }

    /// <summary>Operands joined by <paramref name="op"/>, sometimes with a leading run grouped in parentheses (which flattens back).</summary>
    private void Chain(IReadOnlyList<FilterNode> operands, string op, Func<FilterNode, bool> needsParentheses)
    {
        var group = operands.Count > 2 && random.Next(3) == 0 ? random.Next(2, operands.Count) : 0;
        for (var i = 0; i < operands.Count; i++)
        {
            if (i > 0)
            {
                Required();
                Word(op);
            }

            if (i == 0 && group > 0)
            {
                _text.Append('(');
            }

            Node(operands[i], needsParentheses(operands[i]));
            if (i == group - 1)
            {
                _text.Append(')');
            }
        }
    }

    /// <summary>The keyword in random case, followed by whitespace.</summary>
    private void Word(string word)
    {
        foreach (var c in word)
        {
            _text.Append(random.Next(2) == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
        }

        Required();
    }

    private void Key(FilterKey key)
    {
        var canonical = key.ToString();
        _text.Append(!key.BuiltIn && canonical[0] != '`' && random.Next(3) == 0 ? $"`{key.Name}`" : canonical);
    }

    private void Literal(FilterLiteral literal)
    {
        switch (literal)
        {
            case StringLiteral s:
                String(s.Value);
                break;
            case BooleanLiteral b:
                Word(b.Value ? "true" : "false");
                _text.Length--;
                break;
            default:
                _text.Append(literal.ToString());
                break;
        }
    }

    /// <summary>A string with some characters escaped that need not be, in either case of hex digit.</summary>
    private void String(string value)
    {
        var canonical = new StringLiteral(value).ToString();
        var text = new StringBuilder();
        var i = 1;
        while (i < canonical.Length - 1)
        {
            if (canonical[i] == '\\')
            {
                var length = canonical[i + 1] == 'u' ? 6 : 2;
                text.Append(canonical, i, length);
                i += length;
            }
            else if (canonical[i] == '/' && random.Next(2) == 0)
            {
                text.Append("\\/");
                i++;
            }
            else if (random.Next(6) == 0)
            {
                // A character above U+FFFF is escaped as both halves of its surrogate pair, never one.
                var length = char.IsHighSurrogate(canonical[i]) ? 2 : 1;
                for (var j = i; j < i + length; j++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"\\u{(random.Next(2) == 0 ? ((int)canonical[j]).ToString("X4", CultureInfo.InvariantCulture) : ((int)canonical[j]).ToString("x4", CultureInfo.InvariantCulture))}");
                }

                i += length;
            }
            else
            {
                var length = char.IsHighSurrogate(canonical[i]) ? 2 : 1;
                text.Append(canonical, i, length);
                i += length;
            }
        }

        _text.Append('"').Append(text).Append('"');
    }

    private void Required() => _text.Append(Spaces[random.Next(Spaces.Length)]);

    private void Optional()
    {
        if (random.Next(2) == 0)
        {
            Required();
        }
    }
}
