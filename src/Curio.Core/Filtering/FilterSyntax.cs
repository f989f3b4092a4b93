using System.Globalization;
using System.Text;

namespace Curio.Core.Filtering;

/// <summary>The lexical rules both forms share: identifiers, reserved words, key rules, number grammar and operator names.</summary>
internal static class FilterSyntax
{
    /// <summary>Every operator in the order the docs and error messages list them.</summary>
    public const string OperatorList = "=, !=, <, <=, >, >=, in, not in, between, prefix, contains, exists";

    // Words that start or shape a condition; a key spelled like one must be backquoted so a condition reads one way only.
    private static readonly string[] ReservedWords =
        ["and", "or", "not", "in", "between", "prefix", "contains", "exists", "true", "false", "null"];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["=="] = "=",
        ["==="] = "=",
        ["eq"] = "=",
        ["equals"] = "=",
        ["is"] = "=",
        ["<>"] = "!=",
        ["!=="] = "!=",
        ["=!"] = "!=",
        ["ne"] = "!=",
        ["neq"] = "!=",
        ["lt"] = "<",
        ["le"] = "<=",
        ["lte"] = "<=",
        ["=<"] = "<=",
        ["gt"] = ">",
        ["ge"] = ">=",
        ["gte"] = ">=",
        ["=>"] = ">=",
        ["nin"] = "not in",
        ["notin"] = "not in",
        ["not_in"] = "not in",
        ["not-in"] = "not in",
        ["startswith"] = "prefix",
        ["starts_with"] = "prefix",
        ["starts with"] = "prefix",
        ["begins_with"] = "prefix",
        ["like"] = "contains",
        ["includes"] = "contains",
        ["contain"] = "contains",
        ["exist"] = "exists",
        ["has_key"] = "exists",
        ["range"] = "between",
    };

    public static bool IsReserved(ReadOnlySpan<char> word)
    {
        foreach (var reserved in ReservedWords)
        {
            if (IsWord(word, reserved))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Keywords are case-insensitive in ASCII only, so that no non-ASCII letter folds into one (<c>ſ</c> is not <c>s</c>).</summary>
    public static bool IsWord(ReadOnlySpan<char> word, string keyword) => Ascii.EqualsIgnoreCase(word, keyword);

    public static bool IsIdentifierStart(Rune rune) => rune.Value == '_' || Rune.IsLetter(rune);

    public static bool IsIdentifierPart(Rune rune) => rune.Value == '_' || Rune.IsLetter(rune) || Rune.IsDigit(rune);

    /// <summary>A name that can be written bare: <c>[letter _][letter digit _]*</c>, letters and digits in the Unicode sense.</summary>
    public static bool IsIdentifier(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        var first = true;
        foreach (var rune in name.EnumerateRunes())
        {
            if (first ? !IsIdentifierStart(rune) : !IsIdentifierPart(rune))
            {
                return false;
            }

            first = false;
        }

        return true;
    }

    /// <summary>Why <paramref name="name"/> cannot be a key, or null when it can.</summary>
    public static string? KeyProblem(string name, bool builtIn)
    {
        if (name.Length == 0)
        {
            return builtIn ? "a built-in field name cannot be empty" : "a key cannot be empty";
        }

        foreach (var c in name)
        {
            if (char.IsControl(c))
            {
                return $"a key cannot contain control characters ({Describe(c)})";
            }
        }

        if (IndexOfUnpairedSurrogate(name) >= 0)
        {
            return "a key cannot contain an unpaired surrogate";
        }

        if (builtIn)
        {
            return name[0] == '$' && IsIdentifier(name[1..]) ? $"write the built-in field name without '$': {name[1..]}"
                : IsIdentifier(name) ? null
                : $"'{name}' is not a built-in field name: those are letters, digits and '_', not starting with a digit";
        }

        return name[0] == '$'
            ? "a metadata key cannot start with '$'; a built-in field is written $name in text and as \"field\" in JSON"
            : null;
    }

    public static int IndexOfUnpairedSurrogate(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Scans a number in JSON's grammar from <paramref name="start"/>; <see cref="NumberScan.End"/> is where it stops.
    /// A problem names the number as far as it got, which is what a user needs to find it.
    /// </summary>
    public static NumberScan ScanNumber(string text, int start)
    {
        var i = start;
        if (i < text.Length && text[i] == '-')
        {
            i++;
        }

        if (i >= text.Length || !char.IsAsciiDigit(text[i]))
        {
            return new NumberScan(i, "expected a digit after '-'");
        }

        if (text[i] == '0' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
        {
            i = SkipDigits(text, i);
            return new NumberScan(i, $"a number cannot have leading zeros: '{text[start..i]}'");
        }

        i = SkipDigits(text, i);
        if (i < text.Length && text[i] == '.')
        {
            i++;
            if (i >= text.Length || !char.IsAsciiDigit(text[i]))
            {
                return new NumberScan(i, $"expected a digit after the '.' in '{text[start..i]}'");
            }

            i = SkipDigits(text, i);
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }

            if (i >= text.Length || !char.IsAsciiDigit(text[i]))
            {
                return new NumberScan(i, $"expected the exponent's digits after '{text[start..i]}'");
            }

            i = SkipDigits(text, i);
        }

        return new NumberScan(i, null);
    }

    public static string Symbol(CompareOp op) => op switch
    {
        CompareOp.Equal => "=",
        CompareOp.NotEqual => "!=",
        CompareOp.LessThan => "<",
        CompareOp.LessThanOrEqual => "<=",
        CompareOp.GreaterThan => ">",
        CompareOp.GreaterThanOrEqual => ">=",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public static CompareOp? CompareOpOf(string symbol) => symbol switch
    {
        "=" => CompareOp.Equal,
        "!=" => CompareOp.NotEqual,
        "<" => CompareOp.LessThan,
        "<=" => CompareOp.LessThanOrEqual,
        ">" => CompareOp.GreaterThan,
        ">=" => CompareOp.GreaterThanOrEqual,
        _ => null,
    };

    public static string Name(TextMatch match) => match == TextMatch.Prefix ? "prefix" : "contains";

    /// <summary>The operator someone who wrote <paramref name="written"/> most likely meant (<c>gte</c> → <c>&gt;=</c>), or null.</summary>
    public static string? Suggest(string written)
    {
        if (Aliases.TryGetValue(written, out var suggestion))
        {
            return suggestion;
        }

        foreach (var op in OperatorList.Split(", "))
        {
            if (string.Equals(op, written, StringComparison.OrdinalIgnoreCase))
            {
                return op;
            }
        }

        return null;
    }

    /// <summary>A character as a message shows it: itself, or its code point when it would be invisible or would combine with the quote.</summary>
    public static string Describe(char c) =>
        char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
            ? $"U+{(int)c:X4}"
            : c.ToString(CultureInfo.InvariantCulture);

    private static int SkipDigits(string text, int i)
    {
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i;
    }
}

/// <summary>Where a number ends, or the problem that stopped it (measured from the number's start).</summary>
internal readonly record struct NumberScan(int End, string? Problem);
