using Curio.Core.Filtering;
using static Curio.Core.Tests.Filtering.Ast;

namespace Curio.Core.Tests.Filtering;

public sealed class FilterAstTests
{
    [Fact]
    public void Nodes_compare_by_value_including_their_lists()
    {
        var a = And(Eq("a", 1), Or(Exists("b"), new InNode(Key("c"), [Str("x"), Num("2")], Negated: false)));
        var b = And(Eq("a", 1), Or(Exists("b"), new InNode(Key("c"), [Str("x"), Num("2")], Negated: false)));

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(And(Eq("a", 1), Eq("b", 2)), And(Eq("b", 2), Eq("a", 1)));
        Assert.NotEqual<FilterNode>(And(Eq("a", 1), Eq("b", 2)), Or(Eq("a", 1), Eq("b", 2)));
        Assert.NotEqual(new InNode(Key("c"), [Str("x")], Negated: false), new InNode(Key("c"), [Str("x")], Negated: true));
        Assert.NotEqual(new InNode(Key("c"), [Str("x")], Negated: false), new InNode(Key("c"), [Str("x"), Str("x")], Negated: false));
        Assert.NotEqual(Eq("x", Str("1")), Eq("x", Num("1")));
        Assert.NotEqual(new ExistsNode(Key("width")), new ExistsNode(Field("width")));
    }

    [Fact]
    public void Nodes_copy_their_lists_so_they_cannot_change_after_construction()
    {
        var operands = new List<FilterNode> { Exists("a"), Exists("b") };
        var values = new List<FilterLiteral> { Num("1") };
        var and = new AndNode(operands);
        var @in = new InNode(Key("x"), values, Negated: false);

        operands.Add(Exists("c"));
        values.Add(Num("2"));

        Assert.Equal(2, and.Operands.Count);
        Assert.Single(@in.Values);
    }

    [Fact]
    public void And_and_or_hold_at_least_two_operands_and_never_their_own_kind()
    {
        Assert.Throws<ArgumentException>(() => new AndNode([Exists("a")]));
        Assert.Throws<ArgumentException>(() => new OrNode([]));
        Assert.Throws<ArgumentException>(() => new AndNode([Exists("a"), And(Exists("b"), Exists("c"))]));
        Assert.Throws<ArgumentException>(() => new OrNode([Or(Exists("b"), Exists("c")), Exists("a")]));
        Assert.Throws<ArgumentNullException>(() => new AndNode([Exists("a"), null!]));
        Assert.IsType<AndNode>(new AndNode([Exists("a"), Or(Exists("b"), Exists("c"))]));
        Assert.IsType<NotNode>(Not(Not(Exists("a"))));
    }

    [Fact]
    public void The_combinators_flatten_and_return_a_single_node_as_it_is()
    {
        Assert.Equal(Exists("a"), FilterNode.And(Exists("a")));
        Assert.Equal(And(Exists("a"), Exists("b"), Exists("c")), FilterNode.And(And(Exists("a"), Exists("b")), Exists("c")));
        Assert.Equal(And(Or(Exists("a"), Exists("b")), Exists("c")), FilterNode.And(Or(Exists("a"), Exists("b")), Exists("c")));
        Assert.Equal(Or(Exists("a"), Exists("b"), Exists("c")), FilterNode.Or([Exists("a"), Or(Exists("b"), Exists("c"))]));
        Assert.Throws<ArgumentException>(() => FilterNode.Or());
    }

    [Fact]
    public void Other_nodes_refuse_what_neither_form_could_write()
    {
        Assert.Throws<ArgumentException>(() => new InNode(Key("x"), [], Negated: false));
        Assert.Throws<ArgumentNullException>(() => new CompareNode(Key("x"), CompareOp.Equal, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CompareNode(Key("x"), (CompareOp)42, Num("1")));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TextMatchNode(Key("x"), (TextMatch)7, "a"));
        Assert.Throws<ArgumentException>(() => new TextMatchNode(Key("x"), TextMatch.Prefix, "\ud800"));
        Assert.Throws<ArgumentException>(() => new StringLiteral("a\udc00"));
        Assert.Throws<ArgumentNullException>(() => new StringLiteral(null!));
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("$width", false)]
    [InlineData("a\nb", false)]
    [InlineData("a\u0085b", false)]
    [InlineData("", true)]
    [InlineData("$width", true)]
    [InlineData("frame count", true)]
    [InlineData("1st", true)]
    [InlineData("video.fps", true)]
    public void Keys_refuse_names_no_form_can_carry(string name, bool builtIn)
    {
        Assert.Throws<ArgumentException>(() => new FilterKey(name, builtIn));
    }

    [Theory]
    [InlineData("width", false)]
    [InlineData("camera id", false)]
    [InlineData("a$", false)]
    [InlineData("and", false)]
    [InlineData(" ", false)]
    [InlineData("width", true)]
    [InlineData("frame_count", true)]
    [InlineData("größe", true)]
    public void Keys_take_any_other_name(string name, bool builtIn)
    {
        var key = new FilterKey(name, builtIn);

        Assert.Equal((name, builtIn), (key.Name, key.BuiltIn));
    }

    [Theory]
    [InlineData("01")]
    [InlineData("+1")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("1e")]
    [InlineData("- 1")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("0x10")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e400")]
    [InlineData("")]
    public void Number_lexemes_follow_json_grammar_and_stay_finite(string lexeme)
    {
        Assert.Throws<FormatException>(() => NumberLiteral.Parse(lexeme));
    }

    [Fact]
    public void Numbers_from_dotnet_values_get_a_lexeme_that_reads_back()
    {
        Assert.Equal("42", NumberLiteral.From(42).Lexeme);
        Assert.Equal("-9223372036854775808", NumberLiteral.From(long.MinValue).Lexeme);
        Assert.Equal("1.50", NumberLiteral.From(1.50m).Lexeme);
        Assert.Equal(1.50m, NumberLiteral.From(1.50m).DecimalValue);
        Assert.Equal("0.1", NumberLiteral.From(0.1).Lexeme);
        Assert.Equal("1E+20", NumberLiteral.From(1e20).Lexeme);
        Assert.Equal(1e20, NumberLiteral.From(1e20).Value);
        Assert.Equal(5e-324, NumberLiteral.From(double.Epsilon).Value);
        Assert.Throws<ArgumentOutOfRangeException>(() => NumberLiteral.From(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => NumberLiteral.From(double.PositiveInfinity));
    }

    [Fact]
    public void ToString_shows_the_canonical_text_form()
    {
        Assert.Equal("a = 1 AND (b exists OR NOT $width > 2)", And(Eq("a", 1), Or(Exists("b"), Not(new CompareNode(Field("width"), CompareOp.GreaterThan, Num("2"))))).ToString());
        Assert.Equal("`camera id`", Key("camera id").ToString());
        Assert.Equal("$width", Field("width").ToString());
        Assert.Equal("\"a\\\"b\"", Str("a\"b").ToString());
        Assert.Equal("1.50", Num("1.50").ToString());
        Assert.Equal("false", Bool(false).ToString());
    }

    [Fact]
    public void Nodes_deconstruct_for_pattern_matching()
    {
        var (key, op, value) = Cmp("x", CompareOp.LessThan, Num("3"));

        Assert.Equal((Key("x"), CompareOp.LessThan, (FilterLiteral)Num("3")), (key, op, value));
        Assert.True(FilterParser.Parse("NOT x between 1 and 2") is NotNode(BetweenNode(_, NumberLiteral { Value: 1 }, NumberLiteral { Value: 2 })));
    }
}
