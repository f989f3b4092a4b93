using Curio.Core.Filtering;

namespace Curio.Core.Tests.Filtering;

/// <summary>
/// Text → tree → text and JSON → tree → JSON agree, on a corpus and on seeded random trees. A failure names its seed
/// and shows the filter, so it can be replayed alone.
/// </summary>
public sealed class FilterRoundTripTests
{
    private const int BaseSeed = 20_240_611;

    [Theory]
    [InlineData("x=5", "x = 5")]
    [InlineData("x IN (1,2)", "x in (1, 2)")]
    [InlineData("x Not  In(\"a\")", "x not in (\"a\")")]
    [InlineData("x BETWEEN 1 AND 2", "x between 1 and 2")]
    [InlineData("x PREFIX \"a\" and y CONTAINS \"b\" and z EXISTS", "x prefix \"a\" AND y contains \"b\" AND z exists")]
    [InlineData("a=1 or b=2 and c=3", "a = 1 OR b = 2 AND c = 3")]
    [InlineData("(a=1 or b=2) and c=3", "(a = 1 OR b = 2) AND c = 3")]
    [InlineData("((a=1 and b=2)) or (c=3)", "a = 1 AND b = 2 OR c = 3")]
    [InlineData("not (a=1 and b=2)", "NOT (a = 1 AND b = 2)")]
    [InlineData("not (a=1 or b=2)", "NOT (a = 1 OR b = 2)")]
    [InlineData("not (not a exists)", "NOT NOT a exists")]
    [InlineData("NOT (a exists) AND b exists", "NOT a exists AND b exists")]
    [InlineData("a = TRUE or b != FALSE", "a = true OR b != false")]
    [InlineData("$width>1", "$width > 1")]
    [InlineData("`x` = 1", "x = 1")]
    [InlineData("`and` = 1", "`and` = 1")]
    [InlineData("`Exists` = 1", "`Exists` = 1")]
    [InlineData("`a b` = 1", "`a b` = 1")]
    [InlineData("`a\\`b` = 1", "`a\\`b` = 1")]
    [InlineData("`1st` = 1", "`1st` = 1")]
    [InlineData("größe = 1", "größe = 1")]
    [InlineData("`e\u0301` = 1", "`e\u0301` = 1")]
    [InlineData("x = \"\\/\\u00e9\\u0001\\u007f\\t\"", "x = \"/é\\u0001\u007f\\t\"")]
    [InlineData("x = 1.50e+3", "x = 1.50e+3")]
    [InlineData("x IN (1,2)  or  NOT (a=1 AND `b`=TRUE)", "x in (1, 2) OR NOT (a = 1 AND b = true)")]
    public void Text_prints_in_canonical_form(string text, string canonical)
    {
        Assert.Equal(canonical, FilterText.Format(FilterParser.Parse(text)));
    }

    public static TheoryData<string> Corpus =>
    [
        "`video.description` contains \"crane\" AND captured_at >= \"2024-01-01\"",
        "camera in (\"front\", \"rear\", 3) OR NOT `camera id` exists",
        "$type = \"video\" AND $duration between 10 and 60.5 AND NOT (fps < 24 OR fps > 60)",
        "score >= -1.5e-3 AND score <= 123456789012345678901234567890 AND flag = true",
        "notes prefix \"cr\" OR notes contains \"\\\"quoted\\\" \\\\ and \\n newline\"",
        "a exists AND (b exists OR c exists AND (d exists OR e not in (1, 2, 3)))",
        "`and` = 1 AND `or` != 2 AND `not` < 3 AND `in` > 4 AND `between` <= 5 AND `null` >= 6",
        "カメラ = \"正面\" AND `😀 key` = \"😀\"",
        "NOT NOT NOT x exists",
    ];

    [Theory]
    [MemberData(nameof(Corpus))]
    public void The_corpus_survives_both_forms(string text)
    {
        var node = FilterParser.Parse(text);

        AssertRoundTrips(node);
    }

    [Fact]
    public void Random_trees_print_and_reparse_to_equal_trees_in_both_forms()
    {
        for (var i = 0; i < 600; i++)
        {
            var seed = BaseSeed + i;
            var node = new FilterGenerator(new Random(seed)).Node();
            Check(seed, node, () => AssertRoundTrips(node));
        }
    }

    [Fact]
    public void Random_spellings_of_a_tree_read_back_as_that_tree()
    {
        // Keyword case, whitespace, optional backquotes, redundant parentheses, regrouped chains and alternative string
        // escapes all change the text, never the tree.
        for (var i = 0; i < 600; i++)
        {
            var seed = BaseSeed + 10_000 + i;
            var random = new Random(seed);
            var node = new FilterGenerator(random).Node();
            var text = new NoisyPrinter(random).Print(node);
            Check(seed, node, () => Assert.Equal(node, FilterParser.Parse(text)), text);
        }
    }

    [Fact]
    public void Every_strict_prefix_of_a_canonical_filter_either_reads_or_fails_with_a_position_inside_it()
    {
        // Every cut point of a few filters; each failing parse costs an exception, so the filters are kept short.
        for (var i = 0; i < 30; i++)
        {
            var seed = BaseSeed + 20_000 + i;
            var text = FilterText.Format(new FilterGenerator(new Random(seed)).Node());
            for (var length = 0; length < Math.Min(text.Length, 300); length++)
            {
                var prefix = text[..length];
                try
                {
                    FilterParser.Parse(prefix);
                }
                catch (FilterSyntaxException e)
                {
                    Assert.InRange(e.Offset, 0, prefix.Length);
                }
            }
        }
    }

    private static void AssertRoundTrips(FilterNode node)
    {
        var text = FilterText.Format(node);
        var fromText = FilterParser.Parse(text);
        Assert.Equal(node, fromText);
        Assert.Equal(text, FilterText.Format(fromText));

        var json = FilterJson.ToJson(node);
        var fromJson = FilterJson.Parse(json);
        Assert.Equal(node, fromJson);
        Assert.Equal(json, FilterJson.ToJson(fromJson));
    }

    private static void Check(int seed, FilterNode node, Action assertion, string? spelling = null)
    {
        try
        {
            assertion();
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException(
                $"seed {seed}\ntree: {FilterText.Format(node)}\njson: {FilterJson.ToJson(node)}{(spelling is null ? "" : $"\nspelled: {spelling}")}\n{e}");
        }
    }
}
