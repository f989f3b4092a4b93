using System.Text;
using Curio.Media.Tests.Fixtures;
using Curio.Media.Text;

namespace Curio.Media.Tests.Text;

public sealed class TextInfoReaderTests
{
    private static HeaderResult<TextInfo> Read(byte[] bytes, string? name = null) => TextInfoReader.Read(bytes, bytes.Length, name);

    [Fact]
    public void The_sample_readme_is_ascii_plain_text()
    {
        var bytes = Repo.Sample("text", "readme.txt");

        var result = Read(bytes, "readme.txt");

        Assert.True(result.IsOk, result.Reason);
        Assert.Equal(new TextInfo { Size = 62, MimeType = "text/plain", Encoding = "us-ascii", HasByteOrderMark = false }, result.Value);
    }

    [Theory]
    [InlineData(null, "text/plain")]
    [InlineData("notes", "text/plain")]
    [InlineData("notes.txt", "text/plain")]
    [InlineData("README.md", "text/markdown")]
    [InlineData("a/b/page.HTML", "text/html")]
    [InlineData("page.htm", "text/html")]
    [InlineData("table.csv", "text/csv")]
    [InlineData("table.tsv", "text/tab-separated-values")]
    [InlineData("labels.json", "application/json")]
    [InlineData("manifest.jsonl", "application/x-ndjson")]
    [InlineData("annotation.xml", "application/xml")]
    [InlineData("config.yml", "application/yaml")]
    [InlineData("https://bucket.s3.amazonaws.com/docs/a.csv?X-Amz-Signature=abc.json", "text/csv")]
    [InlineData("/dir.md/file", "text/plain")]
    [InlineData("archive.tar.gz", "text/plain")]
    public void The_mime_type_comes_from_the_extension(string? name, string mime)
    {
        Assert.Equal(mime, Read("a,b\n1,2\n"u8.ToArray(), name).Value!.MimeType);
    }

    [Fact]
    public void Content_does_not_change_the_mime_type()
    {
        Assert.Equal("text/plain", Read("{\"a\": 1}"u8.ToArray(), "data.txt").Value!.MimeType);
    }

    [Theory]
    [InlineData("utf-8", true)]
    [InlineData("utf-16le", true)]
    [InlineData("utf-16be", true)]
    [InlineData("utf-32le", true)]
    [InlineData("utf-32be", true)]
    [InlineData("utf-8", false)]
    public void Byte_order_marks_name_the_encoding(string encodingName, bool withBom)
    {
        var encoding = Encoding(encodingName);
        var text = "Grüße, 東京 🚀\r\nline two\n";
        byte[] bytes = withBom ? [.. encoding.GetPreamble(), .. encoding.GetBytes(text)] : encoding.GetBytes(text);

        var result = Read(bytes);

        Assert.True(result.IsOk, result.Reason);
        Assert.Equal((encodingName, withBom), (result.Value.Encoding, result.Value.HasByteOrderMark));
    }

    [Fact]
    public void Ascii_with_a_utf8_bom_is_utf8()
    {
        Assert.Equal("utf-8", Read([0xEF, 0xBB, 0xBF, .. "plain"u8]).Value!.Encoding);
    }

    [Fact]
    public void Latin1_text_without_c1_bytes_is_iso_8859_1()
    {
        var bytes = System.Text.Encoding.Latin1.GetBytes("café crème brûlée, señor\n");

        Assert.Equal("iso-8859-1", Read(bytes).Value!.Encoding);
    }

    [Fact]
    public void Text_with_windows_1252_quotes_and_euro_sign_is_windows_1252()
    {
        // “Prix” – 5 € : 0x93, 0x94, 0x96 and 0x80 in windows-1252.
        byte[] bytes = [0x93, .. "Prix"u8, 0x94, .. " "u8, 0x96, .. " 5 "u8, 0x80, .. "\n"u8];

        Assert.Equal("windows-1252", Read(bytes).Value!.Encoding);
    }

    [Fact]
    public void Bytes_undefined_in_windows_1252_are_not_text()
    {
        byte[] bytes = [.. "abc "u8, 0x81, .. " def"u8];

        Assert.Equal("not a text file: neither UTF-8 nor an 8-bit text encoding", Read(bytes).Reason);
    }

    [Fact]
    public void Binary_data_with_nul_bytes_is_not_text()
    {
        var png = Catalog.All["png"].Bytes;

        var result = Read(png, "image.txt");

        Assert.Equal(HeaderStatus.Invalid, result.Status);
        Assert.Equal("not a text file: it contains NUL bytes", result.Reason);
    }

    [Fact]
    public void Random_bytes_are_not_text()
    {
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var bytes = new byte[random.Next(200, 5000)];
            random.NextBytes(bytes);

            var result = Read(bytes);

            Assert.Equal(HeaderStatus.Invalid, result.Status);
            Assert.StartsWith("not a text file", result.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Many_control_characters_are_not_text()
    {
        var bytes = Enumerable.Range(0, 200).Select(i => (byte)(i % 10 == 0 ? 0x01 : 'a')).ToArray();

        Assert.Equal("not a text file: too many control characters", Read(bytes).Reason);
    }

    [Fact]
    public void A_log_with_ansi_colours_is_text()
    {
        var line = "\u001b[32mINFO\u001b[0m server started on port 8080\n";
        var bytes = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(line, 50)));

        Assert.Equal("us-ascii", Read(bytes, "server.log").Value!.Encoding);
    }

    [Fact]
    public void Utf16_with_a_nul_character_is_not_text()
    {
        byte[] bytes = [0xFF, 0xFE, (byte)'a', 0, 0, 0, (byte)'b', 0];

        Assert.Equal("not a text file: it contains NUL characters", Read(bytes).Reason);
    }

    [Fact]
    public void Utf16_with_a_lone_surrogate_is_not_text()
    {
        byte[] bytes = [0xFF, 0xFE, (byte)'a', 0, 0x00, 0xDC, (byte)'b', 0];

        Assert.Equal("not a text file: invalid utf-16le", Read(bytes).Reason);
    }

    [Fact]
    public void Utf32_beyond_unicode_is_not_text()
    {
        byte[] bytes = [0, 0, 0xFE, 0xFF, 0, 0x11, 0, 0];

        Assert.Equal("not a text file: invalid utf-32be", Read(bytes).Reason);
    }

    [Fact]
    public void Utf16_ending_in_half_a_character_is_not_text_but_a_cut_head_may_be()
    {
        byte[] bytes = [0xFF, 0xFE, (byte)'a', 0, (byte)'b'];

        Assert.Equal("not a text file: the utf-16le text ends in the middle of a character", Read(bytes).Reason);
        Assert.Equal("utf-16le", TextInfoReader.Read(bytes, -1).Value!.Encoding);
    }

    [Fact]
    public void A_multibyte_character_cut_by_the_end_of_the_scan_is_fine_but_not_by_the_end_of_the_file()
    {
        var text = new string('a', TextInfoReader.ScanBytes - 1) + "東京";
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);

        var truncatedFile = System.Text.Encoding.UTF8.GetBytes("label: 東京")[..^1];

        Assert.Equal("utf-8", Read(bytes).Value!.Encoding);
        Assert.Equal(HeaderStatus.Invalid, Read(truncatedFile).Status);
    }

    [Fact]
    public void Only_the_first_64_KiB_are_judged()
    {
        byte[] bytes = [.. Enumerable.Repeat((byte)'a', TextInfoReader.ScanBytes), 0, 0, 0];

        var result = Read(bytes);

        Assert.True(result.IsOk, result.Reason);
        Assert.Equal(TextInfoReader.ScanBytes + 3L, result.Value.Size);
    }

    [Fact]
    public void A_short_head_of_a_larger_file_asks_for_64_KiB()
    {
        var result = TextInfoReader.Read("hello"u8, 1_000_000);

        Assert.Equal(HeaderStatus.NeedMoreBytes, result.Status);
        Assert.Equal(TextInfoReader.ScanBytes, result.BytesNeeded);
    }

    [Fact]
    public void An_unknown_size_judges_the_head_as_given()
    {
        var result = TextInfoReader.Read("hello"u8, -1);

        Assert.True(result.IsOk, result.Reason);
        Assert.Null(result.Value.Size);
    }

    [Fact]
    public void An_empty_file_is_invalid()
    {
        Assert.Equal("the file is empty", TextInfoReader.Read([], 0).Reason);
        Assert.Equal("the file is empty", TextInfoReader.Read([], -1).Reason);
    }

    [Fact]
    public void A_huge_declared_size_costs_only_the_scan()
    {
        var head = new byte[TextInfoReader.ScanBytes];
        head.AsSpan().Fill((byte)'x');

        var result = HeaderAssert.AllocatesLittle(() => TextInfoReader.Read(head, 10L * 1024 * 1024 * 1024, "big.csv"), 4096);

        Assert.Equal((10L * 1024 * 1024 * 1024, "text/csv"), (result.Value!.Size, result.Value.MimeType));
    }

    [Fact]
    public void Every_prefix_and_mutation_keeps_the_protocol()
    {
        var random = new Random(1252);
        foreach (var name in new[] { "text-utf8", "text-utf16le", "text-utf16be", "latin1-text", "json", "png", "binary-junk" })
        {
            var bytes = Catalog.All[name].Bytes;
            for (var length = 0; length <= bytes.Length; length++)
            {
                HeaderAssert.KeepsProtocol(TextInfoReader.Read(bytes.AsSpan(0, length), bytes.Length), length, bytes.Length);
                HeaderAssert.KeepsProtocol(TextInfoReader.Read(bytes.AsSpan(0, length), length), length, length);
            }

            for (var i = 0; i < 200; i++)
            {
                var mutated = (byte[])bytes.Clone();
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
                HeaderAssert.KeepsProtocol(TextInfoReader.Read(mutated, mutated.Length), mutated.Length, mutated.Length);
            }
        }
    }

    private static Encoding Encoding(string name) => name switch
    {
        "utf-8" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: true),
        "utf-16le" => System.Text.Encoding.Unicode,
        "utf-16be" => System.Text.Encoding.BigEndianUnicode,
        "utf-32le" => System.Text.Encoding.UTF32,
        _ => new UTF32Encoding(bigEndian: true, byteOrderMark: true),
    };
}
