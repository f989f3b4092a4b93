using Curio.Core.Filtering;

namespace Curio.Core.Tests.Filtering;

/// <summary>Short builders so expected trees read like the filters they stand for.</summary>
internal static class Ast
{
    public static FilterKey Key(string name) => new(name);

    public static FilterKey Field(string name) => FilterKey.Field(name);

    public static StringLiteral Str(string value) => new(value);

    public static NumberLiteral Num(string lexeme) => NumberLiteral.Parse(lexeme);

    public static BooleanLiteral Bool(bool value) => new(value);

    public static CompareNode Cmp(string key, CompareOp op, FilterLiteral value) => new(Key(key), op, value);

    public static CompareNode Eq(string key, FilterLiteral value) => Cmp(key, CompareOp.Equal, value);

    public static CompareNode Eq(string key, int value) => Eq(key, Num(value.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static ExistsNode Exists(string key) => new(Key(key));

    public static AndNode And(params FilterNode[] operands) => new(operands);

    public static OrNode Or(params FilterNode[] operands) => new(operands);

    public static NotNode Not(FilterNode operand) => new(operand);
}
