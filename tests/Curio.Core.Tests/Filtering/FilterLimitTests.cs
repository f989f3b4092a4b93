using System.Text;
using System.Text.Json;
using Curio.Core.Filtering;
using static Curio.Core.Tests.Filtering.Ast;

namespace Curio.Core.Tests.Filtering;

/// <summary>Each limit in <see cref="FilterLimits"/>, at the limit and one past it, in both forms.</summary>
public sealed class FilterLimitTests
{
    private const string Leaf = """{"key": "x", "op": "exists"}""";

    [Fact]
    public void Text_up_to_64_KiB_reads_and_one_character_more_is_refused()
    {
        var atLimit = $"x = \"{new string('a', FilterLimits.MaxLength - 6)}\"";
        Assert.Equal(FilterLimits.MaxLength, atLimit.Length);
        Assert.IsType<CompareNode>(FilterParser.Parse(atLimit));

        var error = Assert.Throws<FilterSyntaxException>(() => FilterParser.Parse(atLimit + " "));
        Assert.Equal("column 65537: the filter is longer than 65536 characters", error.Message);
    }

    [Fact]
    public void Sixty_three_nots_read_and_a_sixty_fourth_makes_the_filter_too_deep()
    {
        Assert.IsType<NotNode>(FilterParser.Parse(Repeat("NOT ", 63) + "x exists"));

        var error = Assert.Throws<FilterSyntaxException>(() => FilterParser.Parse(Repeat("NOT ", 64) + "x exists"));
        Assert.Equal("column 1: the filter nests more than 64 levels deep", error.Message);
    }

    [Fact]
    public void Sixty_four_nested_parentheses_read_and_a_sixty_fifth_is_refused_before_recursing_further()
    {
        Assert.Equal(Exists("x"), FilterParser.Parse(Repeat("(", 64) + "x exists" + Repeat(")", 64)));

        var error = Assert.Throws<FilterSyntaxException>(() => FilterParser.Parse(Repeat("(", 65) + "x exists" + Repeat(")", 65)));
        Assert.Equal("column 65: the filter nests more than 64 levels deep", error.Message);
    }

    [Fact]
    public void A_long_run_of_nots_or_parentheses_fails_cleanly_instead_of_overflowing_the_stack()
    {
        Assert.Throws<FilterSyntaxException>(() => FilterParser.Parse(Repeat("NOT ", 16_000)));
        Assert.Throws<FilterSyntaxException>(() => FilterParser.Parse(Repeat("(", FilterLimits.MaxLength)));
    }

    [Fact]
    public void Alternating_and_or_is_held_to_64_levels_of_the_tree()
    {
        Assert.Equal(64, Depth(FilterParser.Parse(Alternating(64))));

        // 64 levels of parentheses are allowed, but the tree under them is 65 deep.
        var error = Assert.Throws<FilterSyntaxException>(() => FilterParser.Parse(Alternating(65)));
        Assert.Equal("column 7: the filter nests more than 64 levels deep", error.Message);
    }

    [Fact]
    public void Parentheses_that_flatten_add_no_depth()
    {
        var text = string.Join(" AND (", Enumerable.Repeat("x = 1", 60)) + Repeat(")", 59);

        Assert.Equal(60, Assert.IsType<AndNode>(FilterParser.Parse(text)).Operands.Count);
    }

    [Fact]
    public void Two_hundred_fifty_six_nodes_read_and_one_more_is_refused_where_it_appears()
    {
        Assert.Equal(255, Assert.IsType<AndNode>(FilterParser.Parse(Conditions(255, " AND "))).Operands.Count);

        // 256 conditions and their AND: reading left to right, the last condition is the 257th node.
        var error = Assert.Throws<FilterSyntaxException>(() => FilterParser.Parse(Conditions(256, " AND ")));
        Assert.Equal($"column {(255 * 10) + 1}: the filter has more than 256 conditions and operators (AND, OR, NOT)", error.Message);

        error = Assert.Throws<FilterSyntaxException>(() => FilterParser.Parse(Conditions(300, " OR ")));
        Assert.Equal($"column {(255 * 9) + 1}: the filter has more than 256 conditions and operators (AND, OR, NOT)", error.Message);
    }

    [Fact]
    public void Groups_that_flatten_count_once()
    {
        // 51 groups of 5 in parentheses: 255 conditions under one AND once flattened, 256 nodes.
        var text = string.Join(" AND ", Enumerable.Repeat("(" + Conditions(5, " AND ") + ")", 51));
        Assert.Equal(255, Assert.IsType<AndNode>(FilterParser.Parse(text)).Operands.Count);

        var json = """{"and": [""" + string.Join(",", Enumerable.Repeat(JsonAnd(5), 51)) + "]}";
        Assert.Equal(255, Assert.IsType<AndNode>(FilterJson.Parse(json)).Operands.Count);

        // The same groups joined by OR stay groups: 51 ANDs and an OR on top make 307 nodes.
        var error = Assert.Throws<FilterSyntaxException>(() => FilterParser.Parse(text.Replace(") AND (", ") OR (", StringComparison.Ordinal)));
        Assert.EndsWith("the filter has more than 256 conditions and operators (AND, OR, NOT)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_in_list_holds_1000_values_and_the_1001st_is_refused()
    {
        Assert.Equal(1000, Assert.IsType<InNode>(FilterParser.Parse(InList(1000))).Values.Count);

        var error = Assert.Throws<FilterSyntaxException>(() => FilterParser.Parse(InList(1001)));
        Assert.Equal($"column {7 + (1000 * 3)}: an 'in' list can hold at most 1000 values", error.Message);
    }

    [Fact]
    public void Json_up_to_64_KiB_reads_and_one_byte_more_is_refused()
    {
        var prefix = """{"key":"x","op":"=","value":""";
        var atLimit = prefix + "\"" + new string('a', FilterLimits.MaxLength - prefix.Length - 3) + "\"}";
        Assert.Equal(FilterLimits.MaxLength, Encoding.UTF8.GetByteCount(atLimit));
        Assert.IsType<CompareNode>(FilterJson.Parse(atLimit));

        var error = Assert.Throws<FilterJsonException>(() => FilterJson.Parse(atLimit + " "));
        Assert.Equal("$: the filter is larger than 65536 bytes", error.Message);
    }

    [Fact]
    public void Json_nests_64_levels_and_the_65th_is_refused_at_its_path()
    {
        Assert.Equal(64, Depth(FilterJson.Parse(Repeat("""{"not": """, 63) + Leaf + Repeat("}", 63))));

        var error = Assert.Throws<FilterJsonException>(() => FilterJson.Parse(Repeat("""{"not": """, 64) + Leaf + Repeat("}", 64)));
        Assert.Equal("$" + Repeat(".not", 64) + ": the filter nests more than 64 levels deep", error.Message);

        // Deeper than System.Text.Json's default limit of 64 too: still this message, not "invalid JSON".
        error = Assert.Throws<FilterJsonException>(() => FilterJson.Parse(Repeat("""{"and": [""", 400) + Leaf + Repeat("]}", 400)));
        Assert.StartsWith("$.and[0].and[0]", error.Path, StringComparison.Ordinal);
        Assert.Equal("the filter nests more than 64 levels deep", error.Reason);
    }

    [Fact]
    public void Json_counts_nodes_as_the_text_form_does()
    {
        Assert.Equal(255, Assert.IsType<AndNode>(FilterJson.Parse(JsonAnd(255))).Operands.Count);

        // Document order: the "and" object comes first, so the 256th condition is the 257th node.
        var error = Assert.Throws<FilterJsonException>(() => FilterJson.Parse(JsonAnd(256)));
        Assert.Equal("$.and[255]: the filter has more than 256 conditions and operators (and, or, not)", error.Message);

        error = Assert.Throws<FilterJsonException>(() => FilterJson.Parse("""{"or": [""" + JsonAnd(200) + "," + JsonAnd(100) + "]}"));
        Assert.Equal("$.or[1].and[53]: the filter has more than 256 conditions and operators (and, or, not)", error.Message);
    }

    [Fact]
    public void Json_in_lists_hold_1000_values()
    {
        var values = string.Join(",", Enumerable.Range(0, 1000));
        Assert.Equal(1000, Assert.IsType<InNode>(FilterJson.Parse($$"""{"key": "x", "op": "in", "values": [{{values}}]}""")).Values.Count);

        var error = Assert.Throws<FilterJsonException>(() => FilterJson.Parse($$"""{"key": "x", "op": "not in", "values": [{{values}},1]}"""));
        Assert.Equal("$.values: an 'in' list can hold at most 1000 values; this one has 1001", error.Message);
    }

    [Fact]
    public void A_tree_built_in_code_beyond_any_limit_fails_cleanly_when_printed()
    {
        // The parsers never build such a tree, but a caller can; printing it must not take the process down.
        FilterNode node = Exists("x");
        for (var i = 0; i < 200_000; i++)
        {
            node = new NotNode(node);
        }

        Assert.Throws<InsufficientExecutionStackException>(() => FilterText.Format(node));
        using var writer = new Utf8JsonWriter(Stream.Null);
        Assert.Throws<InvalidOperationException>(() => FilterJson.Write(node, writer)); // the writer's own depth limit
        using var deepWriter = new Utf8JsonWriter(Stream.Null, new JsonWriterOptions { MaxDepth = int.MaxValue });
        Assert.Throws<InsufficientExecutionStackException>(() => FilterJson.Write(node, deepWriter));
    }

    private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));

    private static string Conditions(int count, string separator) => string.Join(separator, Enumerable.Repeat("x = 1", count));

    private static string InList(int count) => "x in (" + string.Join(", ", Enumerable.Repeat("1", count)) + ")";

    private static string JsonAnd(int count) => """{"and": [""" + string.Join(",", Enumerable.Repeat(Leaf, count)) + "]}";

    /// <summary>x = 1 AND (x = 1 OR (x = 1 AND (...))): one pair of parentheses per level, none of them flattening.</summary>
    private static string Alternating(int depth) =>
        depth == 1 ? "x = 1" : $"x = 1 {(depth % 2 == 0 ? "AND" : "OR")} ({Alternating(depth - 1)})";

    private static int Depth(FilterNode node) => node switch
    {
        AndNode all => 1 + all.Operands.Max(Depth),
        OrNode any => 1 + any.Operands.Max(Depth),
        NotNode negation => 1 + Depth(negation.Operand),
        _ => 1,
    };
}
