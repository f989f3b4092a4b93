using System.Buffers;
using System.Text;
using System.Text.Json;
using Curio.Core.Filtering;
using static Curio.Core.Tests.Filtering.Ast;

namespace Curio.Core.Tests.Filtering;

public sealed class FilterJsonTests
{
    [Fact]
    public void Every_operator_reads_from_its_json_form()
    {
        Assert.Equal(Cmp("captured_at", CompareOp.GreaterThanOrEqual, Str("2024-01-01")),
            FilterJson.Parse("""{"key": "captured_at", "op": ">=", "value": "2024-01-01"}"""));
        Assert.Equal(Cmp("x", CompareOp.Equal, Num("1")), FilterJson.Parse("""{"key": "x", "op": "=", "value": 1}"""));
        Assert.Equal(Cmp("x", CompareOp.NotEqual, Bool(false)), FilterJson.Parse("""{"key": "x", "op": "!=", "value": false}"""));
        Assert.Equal(Cmp("x", CompareOp.LessThan, Num("-2.5")), FilterJson.Parse("""{"key": "x", "op": "<", "value": -2.5}"""));
        Assert.Equal(Cmp("x", CompareOp.LessThanOrEqual, Num("3")), FilterJson.Parse("""{"key": "x", "op": "<=", "value": 3}"""));
        Assert.Equal(Cmp("x", CompareOp.GreaterThan, Num("3")), FilterJson.Parse("""{"key": "x", "op": ">", "value": 3}"""));
        Assert.Equal(new InNode(Key("camera"), [Str("front"), Str("rear")], Negated: false),
            FilterJson.Parse("""{"key": "camera", "op": "in", "values": ["front", "rear"]}"""));
        Assert.Equal(new InNode(Key("camera"), [Num("1"), Bool(true)], Negated: true),
            FilterJson.Parse("""{"key": "camera", "op": "not in", "values": [1, true]}"""));
        Assert.Equal(new BetweenNode(Key("x"), Num("1"), Num("5")), FilterJson.Parse("""{"key": "x", "op": "between", "low": 1, "high": 5}"""));
        Assert.Equal(Exists("x"), FilterJson.Parse("""{"key": "x", "op": "exists"}"""));
        Assert.Equal(new TextMatchNode(Key("notes"), TextMatch.Contains, "crane"), FilterJson.Parse("""{"key": "notes", "op": "contains", "value": "crane"}"""));
        Assert.Equal(new TextMatchNode(Key("notes"), TextMatch.Prefix, "cr"), FilterJson.Parse("""{"key": "notes", "op": "prefix", "value": "cr"}"""));
    }

    [Fact]
    public void Built_in_fields_are_written_as_field()
    {
        Assert.Equal(new CompareNode(Field("width"), CompareOp.GreaterThan, Num("1920")), FilterJson.Parse("""{"field": "width", "op": ">", "value": 1920}"""));
        Assert.Equal(FilterParser.Parse("$width > 1920"), FilterJson.Parse("""{"op": ">", "value": 1920, "field": "width"}"""));
    }

    [Fact]
    public void And_or_and_not_nest_and_read_like_the_text_form()
    {
        var json = """
            {"and": [
              {"key": "video.description", "op": "contains", "value": "crane"},
              {"or": [{"key": "a", "op": "=", "value": 1}, {"not": {"key": "b", "op": "exists"}}]}
            ]}
            """;

        Assert.Equal(FilterParser.Parse("`video.description` contains \"crane\" AND (a = 1 OR NOT b exists)"), FilterJson.Parse(json));
    }

    [Fact]
    public void Nested_lists_of_the_same_kind_flatten_and_a_one_item_list_is_its_item()
    {
        var a = """{"key": "a", "op": "exists"}""";
        var b = """{"key": "b", "op": "exists"}""";
        var c = """{"key": "c", "op": "exists"}""";

        Assert.Equal(And(Exists("a"), Exists("b"), Exists("c")), FilterJson.Parse($$"""{"and": [{"and": [{{a}}, {{b}}]}, {{c}}]}"""));
        Assert.Equal(Or(Exists("a"), Exists("b"), Exists("c")), FilterJson.Parse($$"""{"or": [{{a}}, {"or": [{{b}}, {{c}}]}]}"""));
        Assert.Equal(Exists("a"), FilterJson.Parse($$"""{"and": [{{a}}]}"""));
        Assert.Equal(Exists("a"), FilterJson.Parse($$"""{"or": [{"and": [{{a}}]}]}"""));
        Assert.Equal(Or(And(Exists("a"), Exists("b")), Exists("c")), FilterJson.Parse($$"""{"or": [{"and": [{{a}}, {{b}}]}, {{c}}]}"""));
    }

    [Theory]
    [InlineData("1", "1")]
    [InlineData("1.50", "1.50")]
    [InlineData("-0", "-0")]
    [InlineData("1E3", "1E3")]
    [InlineData("2.5e-3", "2.5e-3")]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567890")]
    public void Numbers_keep_their_lexeme(string json, string lexeme)
    {
        var node = (CompareNode)FilterJson.Parse($$"""{"key": "x", "op": "=", "value": {{json}}}""");

        Assert.Equal(lexeme, Assert.IsType<NumberLiteral>(node.Value).Lexeme);
    }

    [Fact]
    public void Strings_and_keys_take_json_escapes_and_any_unicode()
    {
        Assert.Equal(Eq("größe \"x\"", Str("日本\n😀/")), FilterJson.Parse("""{"key": "gr\u00f6\u00dfe \"x\"", "op": "=", "value": "日本\n\ud83d\ude00\/"}"""));
        Assert.Equal(Eq("and", Str("")), FilterJson.Parse("""{"key": "and", "op": "=", "value": ""}"""));
    }

    [Fact]
    public void A_byte_order_mark_and_surrounding_whitespace_are_fine()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("\n {\"key\": \"x\", \"op\": \"exists\"} \n")).ToArray();

        Assert.Equal(Exists("x"), FilterJson.Parse(bytes));
    }

    [Fact]
    public void An_element_of_a_larger_document_reads_with_paths_under_its_own()
    {
        using var document = JsonDocument.Parse("""{"limit": 10, "filter": {"and": [{"key": "x", "op": "exists"}, {"key": "y", "op": "gte", "value": 1}]}}""");

        Assert.Equal(Exists("x"), FilterJson.Parse(document.RootElement.GetProperty("filter").GetProperty("and")[0]));
        var error = Assert.Throws<FilterJsonException>(() => FilterJson.Parse(document.RootElement.GetProperty("filter"), "$.filter"));
        Assert.Equal("$.filter.and[1].op", error.Path);
    }

    [Fact]
    public void The_writer_emits_the_documented_shape_with_numbers_as_written()
    {
        var node = FilterParser.Parse(
            "`video.description` contains \"crane\" AND captured_at >= \"2024-01-01\" AND (camera in (\"front\", \"rear\") OR NOT $width between 1.50 and 2E3) AND x exists AND n prefix \"é\"");

        Assert.Equal(
            """{"and":[{"key":"video.description","op":"contains","value":"crane"},{"key":"captured_at","op":">=","value":"2024-01-01"},"""
            + """{"or":[{"key":"camera","op":"in","values":["front","rear"]},{"not":{"field":"width","op":"between","low":1.50,"high":2E3}}]},"""
            + """{"key":"x","op":"exists"},{"key":"n","op":"prefix","value":"é"}]}""",
            FilterJson.ToJson(node));
    }

    [Fact]
    public void The_writer_writes_into_a_callers_writer_with_its_options()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            FilterJson.Write(FilterParser.Parse("x not in (1, \"é\") OR b = true"), writer);
        }

        var json = Encoding.UTF8.GetString(buffer.WrittenSpan);
        Assert.Contains("\n", json, StringComparison.Ordinal);
        Assert.Contains("\\u00E9", json, StringComparison.Ordinal);
        Assert.Equal(FilterParser.Parse("x not in (1, \"é\") OR b = true"), FilterJson.Parse(json));
    }

    [Theory]
    // shape
    [InlineData("[]", "$", "expected a filter object, found an array")]
    [InlineData("\"x = 1\"", "$", "expected a filter object, found a string")]
    [InlineData("null", "$", "expected a filter object, found null")]
    [InlineData("{}", "$", "empty filter object; expected 'and', 'or', 'not', or a condition with 'key' (or 'field') and 'op'")]
    [InlineData("""{"and": {}}""", "$.and", "expected an array of filters, found an object")]
    [InlineData("""{"or": []}""", "$.or", "'or' needs at least one filter")]
    [InlineData("""{"and": [1]}""", "$.and[0]", "expected a filter object, found a number")]
    [InlineData("""{"not": []}""", "$.not", "expected a filter object, found an array")]
    [InlineData("""{"not": {}}""", "$.not", "empty filter object; expected 'and', 'or', 'not', or a condition with 'key' (or 'field') and 'op'")]
    [InlineData("""{"and": [{"key": "x", "op": "exists"}], "key": "y"}""", "$.key", "'and' stands alone in its object; put 'key' in a filter object of its own")]
    [InlineData("""{"key": "y", "or": []}""", "$.key", "'or' stands alone in its object; put 'key' in a filter object of its own")]
    [InlineData("""{"not": {"key": "x", "op": "exists"}, "and": []}""", "$.and", "'not' stands alone in its object; put 'and' in a filter object of its own")]
    // properties
    [InlineData("""{"Key": "x", "op": "exists"}""", "$.Key", "unknown property 'Key'; did you mean 'key'? (property names are lower case)")]
    [InlineData("""{"key": "x", "op": "exists", "foo": 1}""", "$.foo", "unknown property 'foo'; a filter object has 'and', 'or' or 'not', or is a condition with 'key' (or 'field'), 'op', and 'value', 'values' or 'low' and 'high'")]
    [InlineData("""{"key": "x", "op": "exists", "a b": 1}""", "$['a b']", "unknown property 'a b'; a filter object has 'and', 'or' or 'not', or is a condition with 'key' (or 'field'), 'op', and 'value', 'values' or 'low' and 'high'")]
    [InlineData("""{"key": "x", "key": "y", "op": "exists"}""", "$.key", "duplicate property 'key'")]
    // keys
    [InlineData("""{"op": "exists"}""", "$", "a condition needs 'key' (a metadata key) or 'field' (a built-in field)")]
    [InlineData("""{"key": "x", "field": "width", "op": "exists"}""", "$.field", "use 'key' for a metadata key or 'field' for a built-in field, not both")]
    [InlineData("""{"key": 5, "op": "exists"}""", "$.key", "expected a string, found a number")]
    [InlineData("""{"field": null, "op": "exists"}""", "$.field", "expected a string, found null")]
    [InlineData("""{"key": "", "op": "exists"}""", "$.key", "a key cannot be empty")]
    [InlineData("""{"field": "", "op": "exists"}""", "$.field", "a built-in field name cannot be empty")]
    [InlineData("""{"key": "a\nb", "op": "exists"}""", "$.key", "a key cannot contain control characters (U+000A)")]
    [InlineData("""{"key": "$width", "op": "exists"}""", "$.key", "a metadata key cannot start with '$'; for the built-in field write \"field\": \"width\"")]
    [InlineData("""{"key": "$ x", "op": "exists"}""", "$.key", "a metadata key cannot start with '$'; a built-in field is written $name in text and as \"field\" in JSON")]
    [InlineData("""{"field": "$width", "op": "exists"}""", "$.field", "write the built-in field name without '$': width")]
    [InlineData("""{"field": "frame count", "op": "exists"}""", "$.field", "'frame count' is not a built-in field name: those are letters, digits and '_', not starting with a digit")]
    // operators
    [InlineData("""{"key": "x"}""", "$", "a condition needs 'op': one of =, !=, <, <=, >, >=, in, not in, between, prefix, contains, exists")]
    [InlineData("""{"key": "x", "op": 5}""", "$.op", "expected an operator string, found a number")]
    [InlineData("""{"key": "x", "op": "gte", "value": 1}""", "$.op", "unknown operator 'gte'; did you mean '>='? Use one of =, !=, <, <=, >, >=, in, not in, between, prefix, contains, exists")]
    [InlineData("""{"key": "x", "op": "IN", "values": [1]}""", "$.op", "unknown operator 'IN'; did you mean 'in'? Use one of =, !=, <, <=, >, >=, in, not in, between, prefix, contains, exists")]
    [InlineData("""{"key": "x", "op": "nin", "values": [1]}""", "$.op", "unknown operator 'nin'; did you mean 'not in'? Use one of =, !=, <, <=, >, >=, in, not in, between, prefix, contains, exists")]
    [InlineData("""{"key": "x", "op": "matches", "value": 1}""", "$.op", "unknown operator 'matches'; use one of =, !=, <, <=, >, >=, in, not in, between, prefix, contains, exists")]
    // operands
    [InlineData("""{"key": "x", "op": "="}""", "$", "missing 'value' for op '='")]
    [InlineData("""{"key": "x", "op": "=", "values": [1]}""", "$.values", "op '=' takes 'value', not 'values'")]
    [InlineData("""{"key": "x", "op": "in", "value": 1}""", "$.value", "op 'in' takes 'values', not 'value'")]
    [InlineData("""{"key": "x", "op": "in"}""", "$", "missing 'values' for op 'in'")]
    [InlineData("""{"key": "x", "op": "exists", "value": true}""", "$.value", "op 'exists' takes no 'value'")]
    [InlineData("""{"key": "x", "op": "between", "low": 1}""", "$", "missing 'high' for op 'between'")]
    [InlineData("""{"key": "x", "op": "between", "low": 1, "high": 2, "value": 3}""", "$.value", "op 'between' takes 'low' and 'high', not 'value'")]
    [InlineData("""{"key": "x", "op": "prefix", "low": "a"}""", "$.low", "op 'prefix' takes 'value', not 'low'")]
    [InlineData("""{"key": "x", "op": "in", "values": "a"}""", "$.values", "expected an array of values, found a string")]
    [InlineData("""{"key": "x", "op": "not in", "values": []}""", "$.values", "an 'in' list needs at least one value")]
    [InlineData("""{"key": "x", "op": "in", "values": [1, {}]}""", "$.values[1]", "expected a string, number or boolean, found an object")]
    [InlineData("""{"key": "x", "op": "in", "values": [1, null]}""", "$.values[1]", "null is not a value; use a string, a number, true or false")]
    [InlineData("""{"key": "x", "op": "=", "value": null}""", "$.value", "null is not a value; to match items without the key, put an 'exists' condition in a 'not'")]
    [InlineData("""{"key": "x", "op": "!=", "value": null}""", "$.value", "null is not a value; to match items that have the key, use op 'exists'")]
    [InlineData("""{"key": "x", "op": ">", "value": null}""", "$.value", "null is not a value; use a string, a number, true or false")]
    [InlineData("""{"key": "x", "op": "=", "value": [1]}""", "$.value", "expected a string, number or boolean, found an array")]
    [InlineData("""{"key": "x", "op": "between", "low": {}, "high": 1}""", "$.low", "expected a string, number or boolean, found an object")]
    [InlineData("""{"key": "x", "op": "between", "low": 1, "high": [2]}""", "$.high", "expected a string, number or boolean, found an array")]
    [InlineData("""{"key": "x", "op": "prefix", "value": 5}""", "$.value", "op 'prefix' needs a string, found a number")]
    [InlineData("""{"key": "x", "op": "contains", "value": true}""", "$.value", "op 'contains' needs a string, found a boolean")]
    [InlineData("""{"key": "x", "op": "=", "value": 1e400}""", "$.value", "the number 1e400 is out of range")]
    [InlineData("""{"key": "x", "op": "=", "value": "\ud800"}""", "$.value", "the string is not valid Unicode (an unpaired surrogate escape, or invalid UTF-8)")]
    [InlineData("""{"key": "\udc00", "op": "exists"}""", "$.key", "the string is not valid Unicode (an unpaired surrogate escape, or invalid UTF-8)")]
    // paths through the tree
    [InlineData("""{"and": [{"key": "x", "op": "exists"}, {"key": "y", "op": "gte", "value": 1}]}""", "$.and[1].op", "unknown operator 'gte'; did you mean '>='? Use one of =, !=, <, <=, >, >=, in, not in, between, prefix, contains, exists")]
    [InlineData("""{"or": [{"not": {"key": "x", "op": "in", "values": [1, {}]}}]}""", "$.or[0].not.values[1]", "expected a string, number or boolean, found an object")]
    [InlineData("""{"and": [{"key": "x", "op": "exists"}, {"or": [{"key": "y", "op": "exists"}, {"not": 1}]}]}""", "$.and[1].or[1].not", "expected a filter object, found a number")]
    public void Each_problem_names_its_json_path(string json, string path, string reason)
    {
        var error = Assert.Throws<FilterJsonException>(() => FilterJson.Parse(json));

        Assert.Equal((path, reason), (error.Path, error.Reason));
        Assert.Equal($"{path}: {reason}", error.Message);
    }

    [Theory]
    [InlineData("", 1, 1)]
    [InlineData("{", 1, 2)]
    [InlineData("{\"key\": \"x\",\n \"op\": \"exists\"} x", 2, 18)]
    [InlineData("""{"key": "x", "op": "exists",}""", 1, 29)]
    [InlineData("""{"key": "x", /* c */ "op": "exists"}""", 1, 14)]
    [InlineData("""{"key": 'x', "op": "exists"}""", 1, 9)]
    public void Text_that_is_not_json_is_reported_at_its_line_and_byte(string json, int line, int position)
    {
        var error = Assert.Throws<FilterJsonException>(() => FilterJson.Parse(json));

        // The middle is System.Text.Json's own explanation; only the frame is ours.
        Assert.Equal("$", error.Path);
        Assert.StartsWith("the filter is not valid JSON: ", error.Reason, StringComparison.Ordinal);
        Assert.EndsWith($" (line {line}, byte {position})", error.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_reported_at_its_byte()
    {
        byte[] json = [.. "{\"key\": \""u8, 0xFF, .. "\", \"op\": \"exists\"}"u8];

        var error = Assert.Throws<FilterJsonException>(() => FilterJson.Parse(json));

        Assert.Equal("$: the filter is not valid UTF-8 (byte 10)", error.Message);
    }

    [Fact]
    public void Invalid_utf8_inside_a_callers_element_is_reported_at_its_string()
    {
        byte[] json = [.. "{\"key\": \""u8, 0xC3, .. "\", \"op\": \"exists\"}"u8];
        using var document = JsonDocument.Parse(json);

        var error = Assert.Throws<FilterJsonException>(() => FilterJson.Parse(document.RootElement));

        Assert.Equal("$.key: the string is not valid Unicode (an unpaired surrogate escape, or invalid UTF-8)", error.Message);
    }
}
