using System.Text;
using Curio.Core.Specs;

namespace Curio.Core.Tests.Specs;

public sealed class SpecReaderTests
{
    public static TheoryData<string, byte[], string> NotText() => new()
    {
        { "upload.xlsx", [.. "PK\x03\x04"u8, .. new byte[60]], "ZIP archive" },
        { "upload.csv", [.. "PK\x03\x04"u8, .. new byte[60]], "ZIP archive" },
        { "upload.xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[60]], "old Excel" },
        { "upload.json", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("{\"images\": []}")], "UTF-16" },
        { "upload", [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes("ObjectUrl\n")], "UTF-16" },
        { "upload.bin", [0x7B, 0x00, 0x01, 0x02], "binary" },
    };

    [Theory]
    [MemberData(nameof(NotText))]
    public void A_file_that_is_no_text_is_an_unknown_format_whatever_its_name(string fileName, byte[] bytes, string what)
    {
        // Before, a workbook was read as a CSV ("no header row") and a UTF-16 CSV was decoded by guess.
        var units = new List<SpecUnit>();
        var result = SpecReader.Read(new MemoryStream(bytes), new SpecReadOptions { FileName = fileName }, units.Add);

        var error = Assert.Single(result.Errors);
        Assert.Equal(SpecErrorCodes.UnknownFormat, error.Code);
        Assert.Contains(what, error.Message, StringComparison.Ordinal);
        Assert.Equal("file", error.Location);
        MessageRules.AssertHelpful(error.Message);
        Assert.Empty(units);
    }

    [Fact]
    public void Errors_beyond_the_listed_ones_are_summed_up_in_a_last_entry()
    {
        var items = string.Join(",", Enumerable.Range(0, 150).Select(i => $$"""{"objectUrl": "s3://b/{{i}} .png"}"""));
        var (result, _) = SpecTestHelpers.Read($$"""{"images": [{{items}}]}""");

        Assert.Equal(101, result.Errors.Count);
        Assert.All(result.Errors.Take(100), e => Assert.Equal(SpecErrorCodes.UrlWhitespace, e.Code));
        Assert.Equal("$.images[99].objectUrl", result.Errors[99].Path);
        var last = result.Errors[^1];
        Assert.Equal(SpecErrorCodes.TooManyErrors, last.Code);
        Assert.StartsWith("50 more problems", last.Message, StringComparison.Ordinal);
        Assert.Equal(50, result.UnlistedErrorCount);
        MessageRules.AssertHelpful(last.Message);
    }
}
