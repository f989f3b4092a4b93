using System.Text;

namespace Curio.Media.Tests;

public sealed class TextSniffingTests
{
    private static SniffResult Sniff(byte[] bytes, long? totalSize = null) => MediaSniffer.Sniff(bytes, totalSize ?? bytes.Length);

    [Fact]
    public void A_multi_byte_character_cut_by_the_end_of_the_head_is_still_text()
    {
        var full = Encoding.UTF8.GetBytes("label: 東京");
        var head = full[..^2];

        Assert.Equal(new SniffResult(MediaCategory.Text, "text/plain"), Sniff(head, full.Length));
    }

    [Fact]
    public void A_multi_byte_character_cut_by_the_end_of_the_file_is_not_text()
    {
        var truncatedFile = Encoding.UTF8.GetBytes("label: 東京")[..^2];

        Assert.Equal(MediaCategory.Unknown, Sniff(truncatedFile).Category);
    }

    [Fact]
    public void An_invalid_sequence_in_the_middle_is_not_text()
    {
        byte[] bytes = [.. "abc"u8, 0xC3, 0x28, .. "def"u8];

        Assert.Equal(MediaCategory.Unknown, Sniff(bytes, 1000).Category);
    }

    [Fact]
    public void An_overlong_encoding_is_not_text()
    {
        byte[] bytes = [.. "path"u8, 0xC0, 0xAF, .. "etc"u8];

        Assert.Equal(MediaCategory.Unknown, Sniff(bytes).Category);
    }

    [Fact]
    public void A_nul_byte_makes_it_binary()
    {
        byte[] bytes = [.. "hello"u8, 0, .. "world"u8];

        Assert.Equal(MediaCategory.Unknown, Sniff(bytes).Category);
    }

    [Fact]
    public void Tabs_carriage_returns_and_form_feeds_are_text()
    {
        var bytes = "a\tb\r\nc\fd\n"u8.ToArray();

        Assert.Equal(MediaCategory.Text, Sniff(bytes).Category);
    }

    [Fact]
    public void One_stray_control_character_in_a_hundred_is_tolerated_but_two_are_not()
    {
        var tolerated = Encoding.ASCII.GetBytes("\u001B" + new string('x', 99));
        var tooMany = Encoding.ASCII.GetBytes("\u001B\u0007" + new string('x', 98));

        Assert.Equal(MediaCategory.Text, Sniff(tolerated).Category);
        Assert.Equal(MediaCategory.Unknown, Sniff(tooMany).Category);
    }

    [Fact]
    public void Utf16_with_an_unpaired_surrogate_is_not_text()
    {
        byte[] bytes = [0xFF, 0xFE, (byte)'a', 0, 0x00, 0xDC, (byte)'b', 0];

        Assert.Equal(MediaCategory.Unknown, Sniff(bytes).Category);
    }

    [Fact]
    public void Utf16_cut_between_the_bytes_of_a_character_is_text_when_the_file_goes_on()
    {
        byte[] full = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("Grüße")];

        Assert.Equal(new SniffResult(MediaCategory.Text, "text/plain; charset=utf-16le"), Sniff(full[..^1], full.Length));
        Assert.Equal(MediaCategory.Unknown, Sniff(full[..^1]).Category);
    }

    [Fact]
    public void A_bom_alone_is_empty_text()
    {
        Assert.Equal(new SniffResult(MediaCategory.Text, "text/plain"), Sniff([0xEF, 0xBB, 0xBF]));
    }

    [Fact]
    public void Json_cut_by_the_end_of_the_head_is_still_json()
    {
        var full = Encoding.UTF8.GetBytes("{\"items\": [" + string.Join(", ", Enumerable.Range(0, 500)) + "]}");

        Assert.Equal("application/json", Sniff(full[..200], full.Length).MimeType);
    }

    [Fact]
    public void Json_cut_by_the_end_of_the_file_is_plain_text()
    {
        var truncated = "{\"items\": [1, 2, "u8.ToArray();

        Assert.Equal("text/plain", Sniff(truncated).MimeType);
    }

    [Fact]
    public void Json_with_a_syntax_error_is_plain_text()
    {
        var bytes = "{\"a\": 1,, \"b\": 2}"u8.ToArray();

        Assert.Equal("text/plain", Sniff(bytes).MimeType);
    }

    [Fact]
    public void Xml_whose_root_is_html_is_html()
    {
        var bytes = "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"></html>"u8.ToArray();

        Assert.Equal("text/html", Sniff(bytes).MimeType);
    }

    [Fact]
    public void A_namespaced_svg_root_is_svg()
    {
        var bytes = "<?xml version=\"1.0\"?><svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\"/>"u8.ToArray();

        Assert.Equal(new SniffResult(MediaCategory.Image, "image/svg+xml"), Sniff(bytes));
    }

    [Fact]
    public void Markup_without_a_declaration_or_known_root_is_plain_text()
    {
        var bytes = "<annotation><object>cat</object></annotation>"u8.ToArray();

        Assert.Equal("text/plain", Sniff(bytes).MimeType);
    }

    [Fact]
    public void Only_the_first_64_KiB_are_scanned()
    {
        byte[] bytes = [.. Encoding.ASCII.GetBytes(new string('a', 64 * 1024)), 0, 0, 0, 0];

        Assert.Equal(MediaCategory.Text, Sniff(bytes).Category);
    }
}
