using Curio.Core.Filtering;

namespace Curio.Core.Tests.Filtering;

/// <summary>Every message a user can get from the text form, with the column it points at.</summary>
public sealed class FilterSyntaxErrorTests
{
    [Theory]
    // empty, incomplete
    [InlineData("", 1, "the filter is empty")]
    [InlineData("   ", 4, "the filter is empty")]
    [InlineData("width >=", 9, "expected a value after '>=', found end of filter")]
    [InlineData("captured_at >=  ", 17, "expected a value after '>=', found end of filter")]
    [InlineData("x", 2, "expected an operator after x (=, !=, <, <=, >, >=, in, not in, between, prefix, contains, exists), found end of filter")]
    [InlineData("`camera id` 5", 13, "expected an operator after `camera id` (=, !=, <, <=, >, >=, in, not in, between, prefix, contains, exists), found number 5")]
    [InlineData("x = 1 AND", 10, "expected a condition after 'AND', found end of filter")]
    [InlineData("x = 1 and and y = 2", 11, "expected a condition after 'and', found 'and'")]
    [InlineData("x = 1 OR )", 10, "expected a condition after 'OR', found ')'")]
    [InlineData("NOT", 4, "expected a condition after 'NOT', found end of filter")]
    [InlineData("()", 2, "expected a condition after '(', found ')'")]
    [InlineData("true", 1, "expected a condition, found 'true'")]
    [InlineData(", x = 1", 1, "expected a condition, found ','")]
    [InlineData("(x = 1", 7, "expected ')' to close the '(' at column 1, found end of filter")]
    [InlineData("x = 1 AND (y = 2 OR z = 3 w", 27, "expected ')' to close the '(' at column 11, found 'w'")]
    // trailing input
    [InlineData("x = 1 y = 2", 7, "expected AND, OR or the end of the filter, found 'y'")]
    [InlineData("x = 1 2", 7, "expected AND, OR or the end of the filter, found number 2")]
    [InlineData("x = 1)", 6, "unexpected ')': there is no '(' for it to close")]
    [InlineData("x exists \"a\"", 10, "expected AND, OR or the end of the filter, found string \"a\"")]
    // operators
    [InlineData("x => 5", 3, "unknown operator '=>'; did you mean '>='?")]
    [InlineData("x =< 5", 3, "unknown operator '=<'; did you mean '<='?")]
    [InlineData("x == 5", 3, "unknown operator '=='; did you mean '='?")]
    [InlineData("x <> 5", 3, "unknown operator '<>'; did you mean '!='?")]
    [InlineData("x <<= 5", 3, "unknown operator '<<='; use one of =, !=, <, <=, >, >=")]
    [InlineData("x ! 5", 3, "unknown operator '!'; write NOT before a condition to negate it, or '!=' for not equal")]
    [InlineData("x like \"a\"", 3, "unknown operator 'like'; did you mean 'contains'?")]
    [InlineData("x startswith \"a\"", 3, "unknown operator 'startswith'; did you mean 'prefix'?")]
    [InlineData("x gte 5", 3, "unknown operator 'gte'; did you mean '>='?")]
    [InlineData("x is null", 3, "unknown operator 'is'; did you mean '='?")]
    [InlineData("x = 1 && y = 2", 7, "write AND instead of '&&'")]
    [InlineData("x = 1 || y = 2", 7, "write OR instead of '||'")]
    [InlineData("x not exists", 3, "'not' after a key only forms 'not in'; to negate a condition write NOT before it: NOT x exists")]
    [InlineData("`a b` NOT between 1 and 2", 7, "'not' after a key only forms 'not in'; to negate a condition write NOT before it: NOT `a b` between ...")]
    [InlineData("x not = 1", 7, "expected 'in' after 'not', found '='")]
    // values
    [InlineData("x = y", 5, "expected a value after '=', found 'y'; strings are written in double quotes")]
    [InlineData("x = `y`", 5, "expected a value after '=', found `y`")]
    [InlineData("x = $y", 5, "expected a value after '=', found '$y'")]
    [InlineData("x = (1)", 5, "expected a value after '=', found '('")]
    [InlineData("x = null", 5, "null is not a value; to match items without x, write NOT x exists")]
    [InlineData("x != NULL", 6, "null is not a value; to match items that have x, write x exists")]
    [InlineData("x > null", 5, "null is not a value; use a string, a number, true or false")]
    [InlineData("x in (null)", 7, "null is not a value; use a string, a number, true or false")]
    [InlineData("x = 'a'", 5, "strings are written in double quotes (\"...\"), not single quotes")]
    [InlineData("x contains 5", 12, "expected a string after 'contains', found number 5")]
    [InlineData("x PREFIX", 9, "expected a string after 'PREFIX', found end of filter")]
    [InlineData("x between 1 5", 13, "expected 'and' between the two values of 'between', found number 5")]
    [InlineData("x between 1 and", 16, "expected a value after 'and', found end of filter")]
    [InlineData("x between and 5", 11, "expected a value after 'between', found 'and'; strings are written in double quotes")]
    // in lists
    [InlineData("x in ()", 7, "an 'in' list needs at least one value")]
    [InlineData("x not in ( )", 12, "a 'not in' list needs at least one value")]
    [InlineData("x in 1", 6, "expected '(' after 'in', found number 1")]
    [InlineData("x not in 1", 10, "expected '(' after 'not in', found number 1")]
    [InlineData("x in (1, 2", 11, "expected ',' or ')' in the 'in' list, found end of filter")]
    [InlineData("x in (1 2)", 9, "expected ',' or ')' in the 'in' list, found number 2")]
    [InlineData("x in (1,)", 9, "expected a value after ',', found ')'")]
    [InlineData("x in (,1)", 7, "expected a value after '(', found ','")]
    // keys
    [InlineData("in = 5", 1, "'in' is a reserved word; to use it as a key, write it in backquotes: `in`")]
    [InlineData("AND exists", 1, "'AND' is a reserved word; to use it as a key, write it in backquotes: `AND`")]
    [InlineData("x = 1 and between between 1 and 2", 11, "'between' is a reserved word; to use it as a key, write it in backquotes: `between`")]
    [InlineData("not = 5", 1, "'not' is a reserved word; to use it as a key, write it in backquotes: `not`")]
    [InlineData("\"camera id\" = 1", 1, "a key is written bare or in backquotes (`camera id`), not in double quotes")]
    [InlineData("`` = 1", 1, "a key in backquotes cannot be empty")]
    [InlineData("`$width` > 1", 1, "a metadata key cannot start with '$'; for the built-in field write $width without backquotes")]
    [InlineData("`$ x` > 1", 1, "a metadata key cannot start with '$'")]
    [InlineData("`camera id = 1", 1, "unterminated key: this '`' has no closing '`'")]
    [InlineData("`camera\\", 1, "unterminated key: this '`' has no closing '`'")]
    [InlineData("`a\\nb` exists", 3, "unknown escape '\\n' in a key; in backquotes only \\` and \\\\ are escapes")]
    [InlineData("`a\tb` exists", 3, "a key cannot contain control characters (U+0009)")]
    [InlineData("$ = 1", 1, "expected a built-in field name after '$', such as $width")]
    [InlineData("$1 = 1", 1, "expected a built-in field name after '$', such as $width")]
    [InlineData("video.description contains \"crane\"", 1, "a key with '.' in it is written in backquotes: `video.description`")]
    [InlineData("x = 1 AND camera-id = 2", 11, "a key with '-' in it is written in backquotes: `camera-id`")]
    [InlineData("a.b.c-d = 1", 1, "a key with '.' in it is written in backquotes: `a.b.c-d`")]
    [InlineData("camera id = 1", 8, "expected an operator after camera, found 'id'; a key with spaces in it is written in backquotes: `camera id`")]
    [InlineData("x. = 1", 2, "unexpected character '.'")]
    [InlineData("x = 1 AND.5", 10, "a number needs a digit before its '.' (write 0.5, not .5)")]
    [InlineData("$a.b = 1", 3, "unexpected character '.'")]
    [InlineData("x @ 1", 3, "unexpected character '@'")]
    [InlineData("😀 = 1", 1, "unexpected character '😀'")]
    [InlineData("x\u200b = 1", 2, "unexpected character 'U+200B'")]
    [InlineData("e\u0301 = 1", 2, "unexpected character 'U+0301'")]
    // strings
    [InlineData("x = \"abc", 5, "unterminated string: this '\"' has no closing '\"'")]
    [InlineData("x = \"abc\\", 5, "unterminated string: this '\"' has no closing '\"'")]
    [InlineData("x = \"a\\qb\"", 7, "unknown escape '\\q' in a string; use \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX")]
    [InlineData("x = \"\\u12\"", 6, "'\\u' must be followed by four hex digits")]
    [InlineData("x = \"\\u12G4\"", 6, "'\\u' must be followed by four hex digits")]
    [InlineData("x = \"\\uD800\"", 6, "\\uD800 is half of a surrogate pair; a character above U+FFFF is written as two escapes, such as \\uD83D\\uDE00")]
    [InlineData("x = \"\\uDE00\\uD83D\"", 6, "\\uDE00 is half of a surrogate pair; a character above U+FFFF is written as two escapes, such as \\uD83D\\uDE00")]
    [InlineData("x = \"\\uD83Dx\"", 6, "\\uD83D is half of a surrogate pair; a character above U+FFFF is written as two escapes, such as \\uD83D\\uDE00")]
    [InlineData("x = \"a\tb\"", 7, "a string cannot hold a raw control character (U+0009); write it as an escape: \\n, \\t or \\uXXXX")]
    // numbers
    [InlineData("x = 012", 5, "a number cannot have leading zeros: '012'")]
    [InlineData("x = -00", 5, "a number cannot have leading zeros: '-00'")]
    [InlineData("x = 1.", 5, "expected a digit after the '.' in '1.'")]
    [InlineData("x = 1.e5", 5, "expected a digit after the '.' in '1.'")]
    [InlineData("x = 1e", 5, "expected the exponent's digits after '1e'")]
    [InlineData("x = 2E+", 5, "expected the exponent's digits after '2E+'")]
    [InlineData("x = -", 5, "expected a digit after '-'")]
    [InlineData("x = - 5", 5, "expected a digit after '-'")]
    [InlineData("x = +5", 5, "unexpected character '+'")]
    [InlineData("x = .5", 5, "a number needs a digit before its '.' (write 0.5, not .5)")]
    [InlineData("x = 1e400", 5, "the number 1e400 is out of range")]
    [InlineData("x = -1e309", 5, "the number -1e309 is out of range")]
    [InlineData("x = 5abc", 6, "unexpected 'a' right after the number 5")]
    [InlineData("x between 1and 5", 12, "unexpected 'a' right after the number 1")]
    [InlineData("x = 1.5.3", 8, "unexpected '.' right after the number 1.5")]
    public void Each_problem_is_reported_at_its_column(string text, int column, string reason)
    {
        var error = Assert.Throws<FilterSyntaxException>(() => FilterParser.Parse(text));

        Assert.Equal(reason, error.Reason);
        Assert.Equal((1, column), (error.Line, error.Column));
        Assert.Equal($"column {column}: {reason}", error.Message);
    }

    [Fact]
    public void A_filter_on_several_lines_reports_the_line_too()
    {
        var error = Assert.Throws<FilterSyntaxException>(() => FilterParser.Parse("x = 1\nAND y >="));

        Assert.Equal((2, 9, 14), (error.Line, error.Column, error.Offset));
        Assert.Equal("line 2, column 9: expected a value after '>=', found end of filter", error.Message);
    }

    [Fact]
    public void The_paren_in_a_message_is_located_by_line_when_it_is_not_on_the_first()
    {
        var error = Assert.Throws<FilterSyntaxException>(() => FilterParser.Parse("x = 1 AND\n  (y = 2"));

        Assert.Equal("line 2, column 9: expected ')' to close the '(' at line 2, column 3, found end of filter", error.Message);
    }

    [Fact]
    public void Columns_count_characters_and_offsets_count_utf16_units()
    {
        // Each emoji is two UTF-16 units but one column.
        var error = Assert.Throws<FilterSyntaxException>(() => FilterParser.Parse("`😀😀` = 1 2"));

        Assert.Equal((10, 11), (error.Column, error.Offset));
    }

    [Theory]
    [InlineData("x = \"\\ud800\"", 6, "U+D800")]
    [InlineData("x = 1 \\udc00", 7, "U+DC00")]
    [InlineData("`a\\udc00` exists", 3, "U+DC00")]
    [InlineData("x = \"\\ud83d", 6, "U+D83D")]
    public void Unpaired_surrogates_in_the_text_are_refused_where_they_are(string escaped, int column, string codePoint)
    {
        // Theory data cannot carry an unpaired surrogate intact, so the cases arrive escaped.
        var text = System.Text.RegularExpressions.Regex.Unescape(escaped);
        var error = Assert.Throws<FilterSyntaxException>(() => FilterParser.Parse(text));

        Assert.Equal($"column {column}: the text has an unpaired surrogate ({codePoint}), which is not a character", error.Message);
    }

    [Fact]
    public void The_first_problem_from_the_left_is_the_one_reported()
    {
        // The unterminated string comes after the missing value; the user fixes the missing value first.
        var error = Assert.Throws<FilterSyntaxException>(() => FilterParser.Parse("x = AND y = \"abc"));

        Assert.Equal("column 5: expected a value after '=', found 'AND'; strings are written in double quotes", error.Message);
    }

    [Fact]
    public void Long_tokens_are_shortened_in_messages()
    {
        var error = Assert.Throws<FilterSyntaxException>(() => FilterParser.Parse($"x = 1 \"{new string('a', 100)}\""));

        Assert.Equal($"expected AND, OR or the end of the filter, found string \"{new string('a', 38)}…", error.Reason);
    }

    [Fact]
    public void Null_text_is_an_argument_error_not_a_syntax_error()
    {
        Assert.Throws<ArgumentNullException>(() => FilterParser.Parse(null!));
    }

    [Fact]
    public void Both_exception_types_share_a_base_so_an_api_can_map_them_once()
    {
        FilterException text = Assert.Throws<FilterSyntaxException>(() => FilterParser.Parse("x ="));
        FilterException json = Assert.Throws<FilterJsonException>(() => FilterJson.Parse("{}"));

        Assert.StartsWith("expected a value", text.Reason, StringComparison.Ordinal);
        Assert.StartsWith("empty filter object", json.Reason, StringComparison.Ordinal);
    }
}
