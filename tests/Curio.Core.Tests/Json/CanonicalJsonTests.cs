using Curio.Core.Json;

namespace Curio.Core.Tests.Json;

public sealed class CanonicalJsonTests
{
    [Theory]
    [InlineData("""{"a":"😀"}""", """{"a":"😀"}""")]
    [InlineData("""{"a":"\ud83d\ude00"}""", """{"a":"😀"}""")]
    [InlineData("{\"a\":\"\u2028 \u007f \ufeff \u0085 é 日本\"}", "{\"a\":\"\u2028 \u007f \ufeff \u0085 é 日本\"}")]
    [InlineData("""{"a":"\u0001\t\n\r\b\f\/\"\\<>&'"}""", """{"a":"\u0001\t\n\r\b\f/\"\\<>&'"}""")]
    [InlineData("""{"\u00e9":1,"😀":2}""", """{"é":1,"😀":2}""")]
    public void Strings_are_escaped_only_where_jsonb_escapes_them(string input, string canonical)
    {
        // jsonb prints every character as itself except '"', '\' and control characters; escaping more (emoji as
        // \uD83D\uDE00) would make the two storage backends return different text and count 10 MB differently.
        Assert.Equal(canonical, CanonicalJson.Canonicalize(input));
    }

    [Fact]
    public void Keys_sort_by_utf8_length_then_bytes_and_the_last_duplicate_wins()
    {
        Assert.Equal("""{"b":1,"aa":2,"é":3}""", CanonicalJson.Canonicalize("""{"aa":2,"é":0,"b":1,"\u00e9":3}"""));
    }
}
