using Curio.Core.Filtering;
using static Curio.Core.Tests.Filtering.Ast;

namespace Curio.Core.Tests.Filtering;

public sealed class FilterParserTests
{
    [Fact]
    public void The_example_from_the_docs_reads_as_a_contains_and_a_comparison()
    {
        var node = FilterParser.Parse("`video.description` contains \"crane\" AND captured_at >= \"2024-01-01\"");

        Assert.Equal(And(
            new TextMatchNode(Key("video.description"), TextMatch.Contains, "crane"),
            Cmp("captured_at", CompareOp.GreaterThanOrEqual, Str("2024-01-01"))), node);
    }

    [Theory]
    [InlineData("x = 5", CompareOp.Equal)]
    [InlineData("x != 5", CompareOp.NotEqual)]
    [InlineData("x < 5", CompareOp.LessThan)]
    [InlineData("x <= 5", CompareOp.LessThanOrEqual)]
    [InlineData("x > 5", CompareOp.GreaterThan)]
    [InlineData("x >= 5", CompareOp.GreaterThanOrEqual)]
    [InlineData("x>=5", CompareOp.GreaterThanOrEqual)]
    [InlineData("x\t<=\n5", CompareOp.LessThanOrEqual)]
    public void Every_comparison_operator_reads(string text, CompareOp op)
    {
        Assert.Equal(Cmp("x", op, Num("5")), FilterParser.Parse(text));
    }

    [Fact]
    public void In_and_not_in_keep_their_values_in_order_with_duplicates()
    {
        Assert.Equal(new InNode(Key("camera"), [Str("front"), Str("rear"), Num("3"), Bool(true), Str("front")], Negated: false),
            FilterParser.Parse("camera in (\"front\", \"rear\", 3, true, \"front\")"));
        Assert.Equal(new InNode(Key("camera"), [Str("side")], Negated: true), FilterParser.Parse("camera not in (\"side\")"));
        Assert.Equal(new InNode(Key("n"), [Num("1"), Num("-2")], Negated: false), FilterParser.Parse("n in(1,-2)"));
    }

    [Fact]
    public void Between_takes_its_own_and_so_a_following_AND_joins_conditions()
    {
        var between = new BetweenNode(Key("x"), Num("1"), Num("5"));

        Assert.Equal(between, FilterParser.Parse("x between 1 and 5"));
        Assert.Equal(And(between, Eq("y", 2)), FilterParser.Parse("x between 1 and 5 and y = 2"));
        Assert.Equal(And(Eq("y", 2), between, Exists("z")), FilterParser.Parse("y = 2 AND x between 1 and 5 AND z exists"));
        Assert.Equal(Or(between, Exists("z")), FilterParser.Parse("x between 1 and 5 or z exists"));
        Assert.Equal(new BetweenNode(Key("t"), Str("2024-01-01"), Str("2024-12-31T23:59:59Z")),
            FilterParser.Parse("t between \"2024-01-01\" and \"2024-12-31T23:59:59Z\""));
    }

    [Fact]
    public void Prefix_contains_and_exists_read()
    {
        Assert.Equal(new TextMatchNode(Key("notes"), TextMatch.Prefix, "cr"), FilterParser.Parse("notes prefix \"cr\""));
        Assert.Equal(new TextMatchNode(Key("notes"), TextMatch.Contains, "crane"), FilterParser.Parse("notes contains \"crane\""));
        Assert.Equal(new TextMatchNode(Key("notes"), TextMatch.Contains, ""), FilterParser.Parse("notes contains \"\""));
        Assert.Equal(Exists("notes"), FilterParser.Parse("notes exists"));
        Assert.Equal(Not(Exists("notes")), FilterParser.Parse("NOT notes exists"));
    }

    [Theory]
    [InlineData("a = 1 OR b = 2 AND c = 3")]
    [InlineData("a = 1 OR (b = 2 AND c = 3)")]
    public void And_binds_tighter_than_or(string text)
    {
        Assert.Equal(Or(Eq("a", 1), And(Eq("b", 2), Eq("c", 3))), FilterParser.Parse(text));
    }

    [Fact]
    public void Not_binds_tighter_than_and_and_parentheses_override_both()
    {
        Assert.Equal(And(Not(Eq("a", 1)), Eq("b", 2)), FilterParser.Parse("NOT a = 1 AND b = 2"));
        Assert.Equal(Not(And(Eq("a", 1), Eq("b", 2))), FilterParser.Parse("NOT (a = 1 AND b = 2)"));
        Assert.Equal(And(Or(Eq("a", 1), Eq("b", 2)), Eq("c", 3)), FilterParser.Parse("(a = 1 OR b = 2) AND c = 3"));
        Assert.Equal(Or(And(Eq("a", 1), Not(Eq("b", 2))), Eq("c", 3)), FilterParser.Parse("a = 1 AND NOT b = 2 OR c = 3"));
        Assert.Equal(Not(Not(Exists("a"))), FilterParser.Parse("NOT NOT a exists"));
        Assert.Equal(Not(Exists("a")), FilterParser.Parse("NOT(a exists)"));
    }

    [Fact]
    public void Chains_of_one_operator_flatten_into_one_node_even_across_parentheses()
    {
        Assert.Equal(And(Eq("a", 1), Eq("b", 2), Eq("c", 3)), FilterParser.Parse("a = 1 AND b = 2 AND c = 3"));
        Assert.Equal(And(Eq("a", 1), Eq("b", 2), Eq("c", 3), Eq("d", 4)), FilterParser.Parse("(a = 1 AND b = 2) AND (c = 3 AND d = 4)"));
        Assert.Equal(And(Eq("a", 1), Eq("b", 2), Eq("c", 3)), FilterParser.Parse("a = 1 AND ((b = 2 AND (c = 3)))"));
        Assert.Equal(Or(Eq("a", 1), Eq("b", 2), Eq("c", 3)), FilterParser.Parse("a = 1 OR (b = 2 OR c = 3)"));
        Assert.Equal(Or(Eq("a", 1), And(Eq("b", 2), Eq("c", 3))), FilterParser.Parse("((a = 1) OR ((b = 2) AND c = 3))"));
        Assert.Equal(Eq("a", 1), FilterParser.Parse("((((a = 1))))"));
        Assert.Equal(And(Not(And(Eq("a", 1), Eq("b", 2))), Eq("c", 3)), FilterParser.Parse("NOT (a = 1 AND b = 2) AND c = 3"));
    }

    [Fact]
    public void Keywords_are_case_insensitive()
    {
        var expected = Or(
            And(
                new InNode(Key("x"), [Num("1")], Negated: false),
                new InNode(Key("y"), [Num("2")], Negated: true)),
            And(
                new BetweenNode(Key("z"), Num("1"), Num("2")),
                new TextMatchNode(Key("w"), TextMatch.Prefix, "a"),
                new TextMatchNode(Key("v"), TextMatch.Contains, "b"),
                Not(Exists("u")),
                Eq("t", Bool(true)),
                Eq("s", Bool(false))));

        Assert.Equal(expected, FilterParser.Parse(
            "x IN (1) aNd y NoT In (2) Or z BETWEEN 1 AnD 2 and w PREFIX \"a\" AND v Contains \"b\" AND not u EXISTS AND t = TRUE and s = False"));
    }

    [Theory]
    [InlineData("größe = 1", "größe")]
    [InlineData("カメラ = 1", "カメラ")]
    [InlineData("_x9 = 1", "_x9")]
    [InlineData("名前2 = 1", "名前2")]
    [InlineData("𠀀x = 1", "𠀀x")]
    [InlineData("Ωmega_٣ = 1", "Ωmega_٣")]
    [InlineData("`video.description` = 1", "video.description")]
    [InlineData("`camera id` = 1", "camera id")]
    [InlineData("`x-y` = 1", "x-y")]
    [InlineData("`😀` = 1", "😀")]
    [InlineData("`a\\`b\\\\c` = 1", "a`b\\c")]
    [InlineData("`and` = 1", "and")]
    [InlineData("`IN` = 1", "IN")]
    [InlineData("`x` = 1", "x")]
    [InlineData("` spaced ` = 1", " spaced ")]
    [InlineData("width = 1", "width")]
    public void Keys_are_identifiers_or_backquoted_text(string text, string name)
    {
        Assert.Equal(Eq(name, 1), FilterParser.Parse(text));
    }

    [Fact]
    public void Keys_are_case_sensitive_and_not_built_in_unless_dollar_prefixed()
    {
        Assert.NotEqual(FilterParser.Parse("Width = 1"), FilterParser.Parse("width = 1"));
        Assert.Equal(new CompareNode(Field("width"), CompareOp.GreaterThan, Num("100")), FilterParser.Parse("$width > 100"));
        Assert.Equal(new CompareNode(Field("type"), CompareOp.Equal, Str("video")), FilterParser.Parse("$type = \"video\""));
        Assert.Equal(new ExistsNode(Field("in")), FilterParser.Parse("$in exists"));
        Assert.False(((CompareNode)FilterParser.Parse("width = 1")).Key.BuiltIn);
    }

    [Theory]
    [InlineData("0", 0d, "0")]
    [InlineData("-0", 0d, "0")]
    [InlineData("5", 5d, "5")]
    [InlineData("-5", -5d, "-5")]
    [InlineData("1.5", 1.5, "1.5")]
    [InlineData("-1.25", -1.25, "-1.25")]
    [InlineData("0.1", 0.1, "0.1")]
    [InlineData("1.50", 1.5, "1.50")]
    [InlineData("1e3", 1000d, "1000")]
    [InlineData("1E+3", 1000d, "1000")]
    [InlineData("2.5e-3", 0.0025, "0.0025")]
    [InlineData("-4E-2", -0.04, "-0.04")]
    [InlineData("18446744073709551616", 18446744073709551616d, "18446744073709551616")]
    [InlineData("9999999999999999999999999999", 9999999999999999999999999999d, "9999999999999999999999999999")]
    [InlineData("0.0000000000000000000000000001", 1e-28, "0.0000000000000000000000000001")]
    [InlineData("100000000000000000000000000000000000e-10", 1e25, "10000000000000000000000000")]
    [InlineData("0e99999999999999999999", 0d, "0")]
    public void Numbers_keep_their_lexeme_a_double_and_an_exact_decimal(string lexeme, double value, string exact)
    {
        var number = Assert.IsType<NumberLiteral>(((CompareNode)FilterParser.Parse($"x = {lexeme}")).Value);

        Assert.Equal(lexeme, number.Lexeme);
        Assert.Equal(value, number.Value);
        Assert.Equal(decimal.Parse(exact, System.Globalization.CultureInfo.InvariantCulture), number.DecimalValue);
    }

    [Theory]
    [InlineData("123456789012345678901234567890", 1.2345678901234568e29)]
    [InlineData("79228162514264337593543950335", 7.922816251426434e28)]
    [InlineData("1.00000000000000000000000000001", 1d)]
    [InlineData("1e28", 1e28)]
    [InlineData("1e-29", 1e-29)]
    [InlineData("1e-400", 0d)]
    [InlineData("-1.7976931348623157e308", double.MinValue)]
    public void Numbers_beyond_an_exact_decimal_keep_their_lexeme_and_double(string lexeme, double value)
    {
        var number = Assert.IsType<NumberLiteral>(((CompareNode)FilterParser.Parse($"x = {lexeme}")).Value);

        Assert.Equal(lexeme, number.Lexeme);
        Assert.Equal(value, number.Value);
        Assert.Null(number.DecimalValue);
    }

    [Fact]
    public void Numbers_are_equal_by_lexeme_so_the_tree_says_what_was_written()
    {
        Assert.NotEqual(FilterParser.Parse("x = 1"), FilterParser.Parse("x = 1.0"));
        Assert.Equal(FilterParser.Parse("x = 1.0"), FilterParser.Parse("x   =   1.0"));
    }

    [Theory]
    [InlineData("\"\"", "")]
    [InlineData("\"plain\"", "plain")]
    [InlineData("\"a\\\"b\"", "a\"b")]
    [InlineData("\"a\\\\b\"", "a\\b")]
    [InlineData("\"a\\/b\"", "a/b")]
    [InlineData("\"\\b\\f\\n\\r\\t\"", "\b\f\n\r\t")]
    [InlineData("\"\\u00e9\\u00C9\"", "éÉ")]
    [InlineData("\"\\u0000\"", "\0")]
    [InlineData("\"\\uD83D\\uDE00\"", "😀")]
    [InlineData("\"日本 😀 \u007f\u2028\"", "日本 😀 \u007f\u2028")]
    [InlineData("\"AND OR NOT ( ) ` $x\"", "AND OR NOT ( ) ` $x")]
    public void Strings_take_json_escapes(string literal, string value)
    {
        Assert.Equal(Eq("x", Str(value)), FilterParser.Parse($"x = {literal}"));
    }

    [Fact]
    public void Datetimes_and_uuids_are_strings_for_the_binder_to_type()
    {
        Assert.Equal(Eq("id", Str("0b7e8a8e-4a47-4e55-9b31-6b1f1f6f0c2e")), FilterParser.Parse("id = \"0b7e8a8e-4a47-4e55-9b31-6b1f1f6f0c2e\""));
        Assert.Equal(Cmp("at", CompareOp.LessThan, Str("2024-06-01T12:00:00+02:00")), FilterParser.Parse("at < \"2024-06-01T12:00:00+02:00\""));
    }

    [Fact]
    public void Any_unicode_whitespace_separates_tokens_and_none_is_needed_around_punctuation()
    {
        Assert.Equal(And(Eq("a", 1), Eq("b", 2)), FilterParser.Parse("\n\ta\u00A0=\u30001\r\nAND\u2003b=2  \n"));
        Assert.Equal(Or(Eq("a", 1), Eq("b", 2)), FilterParser.Parse("(a=1)OR(b=2)"));
        Assert.Equal(new InNode(Key("c"), [Str("a"), Str("b")], Negated: false), FilterParser.Parse("c in(\"a\",\"b\")"));
        Assert.Equal(Cmp("x", CompareOp.NotEqual, Num("-5")), FilterParser.Parse("x!=-5"));
        Assert.Equal(Eq("k", 1), FilterParser.Parse("`k`=1"));
    }
}
