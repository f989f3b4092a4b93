using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Curio.Core.Filtering;

/// <summary>
/// Prints the canonical text form: AND, OR and NOT in upper case, other keywords in lower case, one space around
/// operators, parentheses only where precedence needs them, keys bare unless they must be backquoted, numbers as their
/// lexeme. <see cref="FilterParser.Parse"/> reads it back to an equal node.
/// </summary>
public static class FilterText
{
    public static string Format(FilterNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var text = new StringBuilder();
        Append(text, node);
        return text.ToString();
    }

    internal static string FormatKey(FilterKey key)
    {
        var text = new StringBuilder();
        AppendKey(text, key);
        return text.ToString();
    }

    internal static string FormatLiteral(FilterLiteral literal)
    {
        var text = new StringBuilder();
        AppendLiteral(text, literal);
        return text.ToString();
    }

    private static void Append(StringBuilder text, FilterNode node)
    {
        // Nodes built in code are not held to the parsers' depth limit; fail cleanly rather than overflow the stack.
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (node)
        {
            case OrNode any:
                // AND and NOT bind tighter than OR, and an OR never holds an OR: no operand needs parentheses.
                AppendJoined(text, any.Operands, " OR ", static _ => false);
                break;
            case AndNode all:
                AppendJoined(text, all.Operands, " AND ", static operand => operand is OrNode);
                break;
            case NotNode negation:
                text.Append("NOT ");
                AppendOperand(text, negation.Operand, negation.Operand is AndNode or OrNode);
                break;
            case CompareNode compare:
                AppendKey(text, compare.Key);
                text.Append(' ').Append(FilterSyntax.Symbol(compare.Op)).Append(' ');
                AppendLiteral(text, compare.Value);
                break;
            case InNode @in:
                AppendKey(text, @in.Key);
                text.Append(@in.Negated ? " not in (" : " in (");
                for (var i = 0; i < @in.Values.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(", ");
                    }

                    AppendLiteral(text, @in.Values[i]);
                }

                text.Append(')');
                break;
            case BetweenNode between:
                AppendKey(text, between.Key);
                text.Append(" between ");
                AppendLiteral(text, between.Low);
                text.Append(" and ");
                AppendLiteral(text, between.High);
                break;
            case TextMatchNode match:
                AppendKey(text, match.Key);
                text.Append(' ').Append(FilterSyntax.Name(match.Match)).Append(' ');
                AppendString(text, match.Text);
                break;
            case ExistsNode exists:
                AppendKey(text, exists.Key);
                text.Append(" exists");
                break;
            default:
                throw new ArgumentException($"Unknown filter node {node.GetType().Name}.", nameof(node));
        }
    }

    private static void AppendJoined(StringBuilder text, IReadOnlyList<FilterNode> operands, string separator, Func<FilterNode, bool> parenthesise)
    {
        for (var i = 0; i < operands.Count; i++)
        {
            if (i > 0)
            {
                text.Append(separator);
            }

            AppendOperand(text, operands[i], parenthesise(operands[i]));
        }
    }

    private static void AppendOperand(StringBuilder text, FilterNode operand, bool parenthesise)
    {
        if (parenthesise)
        {
            text.Append('(');
        }

        Append(text, operand);
        if (parenthesise)
        {
            text.Append(')');
        }
    }

    private static void AppendKey(StringBuilder text, FilterKey key)
    {
        if (key.BuiltIn)
        {
            text.Append('$').Append(key.Name);
            return;
        }

        if (FilterSyntax.IsIdentifier(key.Name) && !FilterSyntax.IsReserved(key.Name))
        {
            text.Append(key.Name);
            return;
        }

        text.Append('`');
        foreach (var c in key.Name)
        {
            if (c is '`' or '\\')
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        text.Append('`');
    }

    private static void AppendLiteral(StringBuilder text, FilterLiteral literal)
    {
        switch (literal)
        {
            case StringLiteral s:
                AppendString(text, s.Value);
                break;
            case NumberLiteral n:
                text.Append(n.Lexeme);
                break;
            case BooleanLiteral b:
                text.Append(b.Value ? "true" : "false");
                break;
            default:
                throw new ArgumentException($"Unknown filter literal {literal.GetType().Name}.", nameof(literal));
        }
    }

    /// <summary>Escapes only what must be: the quote, the backslash and control characters (which the parser refuses raw).</summary>
    private static void AppendString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case '\r':
                    text.Append("\\r");
                    break;
                case '\t':
                    text.Append("\\t");
                    break;
                case '\b':
                    text.Append("\\b");
                    break;
                case '\f':
                    text.Append("\\f");
                    break;
                case < ' ':
                    text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        text.Append('"');
    }
}
