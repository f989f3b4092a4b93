using System.Globalization;

namespace Curio.Core.Filtering;

/// <summary>
/// A value in a filter: <see cref="StringLiteral"/>, <see cref="NumberLiteral"/> or <see cref="BooleanLiteral"/>.
/// Dates, times and UUIDs are strings here; the binder types them against the key's schema type.
/// </summary>
public abstract record FilterLiteral
{
    /// <summary>The canonical text form: <c>"a\"b"</c>, <c>-1.5e3</c>, <c>true</c>.</summary>
    public sealed override string ToString() => FilterText.FormatLiteral(this);
}

/// <summary>A string value. Any text that is valid UTF-16 (no unpaired surrogates, which neither form can carry).</summary>
public sealed record StringLiteral(string Value) : FilterLiteral
{
    public string Value { get; } = Check(Value, nameof(Value));

    internal static string Check(string value, string parameter)
    {
        ArgumentNullException.ThrowIfNull(value, parameter);
        if (FilterSyntax.IndexOfUnpairedSurrogate(value) >= 0)
        {
            throw new ArgumentException("The text has an unpaired surrogate, which is not a character.", parameter);
        }

        return value;
    }
}

/// <summary>true or false.</summary>
public sealed record BooleanLiteral(bool Value) : FilterLiteral;

/// <summary>
/// A number, kept as its <see cref="Lexeme"/>: the exact text written, in JSON's number grammar (<c>-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?</c>).
/// Two numbers are equal when their lexemes are (<c>1</c> and <c>1.0</c> differ here; the binder compares values).
/// </summary>
/// <remarks>
/// Keeping the lexeme lets both forms print a number exactly as it came and keeps huge integers and long decimals
/// whole for a backend that compares them exactly. <see cref="Value"/> is always there (nearest double, finite);
/// <see cref="DecimalValue"/> only when the number is a decimal exactly: at most 28 significant digits, below 10^28
/// and no more than 28 decimal places.
/// </remarks>
public sealed record NumberLiteral : FilterLiteral
{
    private const int DecimalDigits = 28;

    private NumberLiteral(string lexeme, double value, decimal? decimalValue)
    {
        Lexeme = lexeme;
        Value = value;
        DecimalValue = decimalValue;
    }

    public string Lexeme { get; }

    /// <summary>The nearest double; finite (a number beyond double's range is refused). Tiny numbers may round to 0.</summary>
    public double Value { get; }

    /// <summary>The exact value as a decimal, or null when it has no exact decimal (too many digits, too large, too small).</summary>
    public decimal? DecimalValue { get; }

    /// <exception cref="FormatException">Not a number in JSON's grammar, or out of double's range; the message says why.</exception>
    public static NumberLiteral Parse(string lexeme)
    {
        ArgumentNullException.ThrowIfNull(lexeme);
        return TryCreate(lexeme, out var literal, out var problem) ? literal : throw new FormatException(problem);
    }

    public static NumberLiteral From(long value) => Parse(value.ToString(CultureInfo.InvariantCulture));

    public static NumberLiteral From(decimal value) => Parse(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>The shortest lexeme that reads back as <paramref name="value"/> (<c>1E+20</c>, <c>0.1</c>).</summary>
    public static NumberLiteral From(double value) => double.IsFinite(value)
        ? Parse(value.ToString("R", CultureInfo.InvariantCulture))
        : throw new ArgumentOutOfRangeException(nameof(value), "NaN and infinities are not filter values.");

    /// <summary>Checks the whole of <paramref name="lexeme"/>; <paramref name="problem"/> says what is wrong in a user's terms.</summary>
    internal static bool TryCreate(string lexeme, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NumberLiteral? literal,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem)
    {
        literal = null;
        var scan = FilterSyntax.ScanNumber(lexeme, 0);
        if (scan.Problem is not null)
        {
            problem = scan.Problem;
            return false;
        }

        if (scan.End != lexeme.Length)
        {
            problem = $"'{lexeme}' is not a number";
            return false;
        }

        var value = double.Parse(lexeme, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
        {
            problem = $"the number {lexeme} is out of range";
            return false;
        }

        problem = null;
        literal = new NumberLiteral(lexeme, value, ExactDecimal(lexeme));
        return true;
    }

    private static decimal? ExactDecimal(string lexeme)
    {
        // value = digits × 10^scale, from the lexeme's parts, before trusting decimal.Parse (which rounds silently).
        var body = lexeme.AsSpan().TrimStart('-');
        var e = body.IndexOfAny('e', 'E');
        var mantissa = e < 0 ? body : body[..e];
        var exponent = e < 0 ? 0 : ClampedExponent(body[(e + 1)..]);
        var point = mantissa.IndexOf('.');
        var digits = point < 0 ? mantissa.ToString() : string.Concat(mantissa[..point], mantissa[(point + 1)..]);
        var scale = exponent - (point < 0 ? 0 : mantissa.Length - point - 1);
        var significant = digits.TrimStart('0');
        var trimmed = significant.TrimEnd('0');
        scale += significant.Length - trimmed.Length;
        if (trimmed.Length == 0)
        {
            return 0m;
        }

        var fits = trimmed.Length <= DecimalDigits
            && (scale >= 0 ? trimmed.Length + scale <= DecimalDigits : -scale <= DecimalDigits);
        return fits ? decimal.Parse(lexeme, NumberStyles.Float, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>The exponent, held to ±10^9 so that <c>0e99999999999999999999</c> (a valid zero) cannot overflow.</summary>
    private static long ClampedExponent(ReadOnlySpan<char> text)
    {
        var negative = text[0] == '-';
        var digits = text.TrimStart("+-").TrimStart('0');
        var magnitude = digits.Length > 9 ? 1_000_000_000L : digits.Length == 0 ? 0 : long.Parse(digits, CultureInfo.InvariantCulture);
        return negative ? -magnitude : magnitude;
    }
}
