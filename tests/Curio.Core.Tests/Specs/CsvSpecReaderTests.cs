using System.Text;
using Curio.Core.Specs;
using static Curio.Core.Tests.Specs.SpecTestHelpers;

namespace Curio.Core.Tests.Specs;

public sealed class CsvSpecReaderTests
{
    [Fact]
    public void Sections_name_their_type_and_rows_sharing_a_title_form_one_group_in_row_order()
    {
        var (result, units) = Read("""
            ObjectUrl,Image title
            https://h/a.png,
             https://h/b.png , Bee
            ObjectUrl,Image group title,Create video
            https://h/g/2.jpg,walk,false
            https://h/x/1.jpg,other,
            https://h/g/1.jpg,walk,
            OBJECTURL,series TITLE
            https://h/s/1.dcm,ct
            https://h/s/2.dcm,ct
            """, SpecFormat.Csv);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(SpecDialect.Csv, result.Dialect);
        Assert.Equal(
            [(UnitKind.Image, "/a.png"), (UnitKind.Image, "Bee"), (UnitKind.ImageGroup, "walk"), (UnitKind.ImageGroup, "other"), (UnitKind.DicomSeries, "ct")],
            units.Select(u => (u.Kind, u.Title)));
        Assert.Equal(["https://h/g/2.jpg", "https://h/g/1.jpg"], units[2].Objects.Select(o => o.Url));
        Assert.Equal("https://h/b.png", units[1].Objects[0].Url);
        Assert.Equal("line 5", units[2].Source);
        Assert.Equal(7, result.UrlCount);
    }

    [Fact]
    public void A_single_ObjectUrl_column_means_videos()
    {
        var (result, units) = Read("ObjectUrl\r\nhttps://h/a.mp4\r\nhttps://h/b.mp4\r\n", SpecFormat.Csv);

        Assert.True(result.IsValid);
        Assert.All(units, u => Assert.Equal(UnitKind.Video, u.Kind));
        Assert.Equal(2, units.Count);
    }

    [Fact]
    public void Create_video_turns_a_group_into_a_sequence()
    {
        var (_, units) = Read("ObjectUrl,Image group title,Create video\na.jpg,tl,true\nb.jpg,tl,\n", SpecFormat.Csv);

        var unit = Assert.Single(units);
        Assert.Equal(UnitKind.ImageSequence, unit.Kind);
        Assert.True(unit.CreateVideo);
    }

    [Fact]
    public void Quoted_cells_may_hold_commas_quotes_and_line_breaks()
    {
        var (result, units) = Read("ObjectUrl,Video title\n\"https://h/a.mp4\",\"a, \"\"quoted\"\"\ntitle\"\nhttps://h/b.mp4,b\n", SpecFormat.Csv);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal("a, \"quoted\"\ntitle", units[0].Title);
        Assert.Equal("line 4", units[1].Source);
    }

    [Fact]
    public void Trailing_blank_rows_are_fine_but_blank_rows_between_rows_are_not()
    {
        Assert.True(Read("ObjectUrl\na.mp4\n\n,\n", SpecFormat.Csv).Result.IsValid);

        var error = SingleError("ObjectUrl\na.mp4\n\nb.mp4\n", SpecFormat.Csv);
        Assert.Equal((SpecErrorCodes.CsvBlankRow, 3), (error.Code, error.Line));
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_reported_on_their_own_line()
    {
        // The text reader decodes blocks ahead of the row being read: the line used to be that of the row being
        // read when the block was decoded (here line 0, before the first row).
        var rows = Enumerable.Range(0, 40).Select(i => Encoding.UTF8.GetBytes($"https://h/{i}.png,t{i}\n")).ToList();
        rows[19] = [.. "https://h/x.png,caf"u8, 0xE9, .. "\n"u8];

        var error = SingleError([.. "ObjectUrl,Image title\n"u8, .. rows.SelectMany(r => r)], SpecFormat.Csv);

        Assert.Equal((SpecErrorCodes.CsvEncoding, 21), (error.Code, error.Line));
        Assert.Contains("line 21", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_utf16_csv_is_refused_rather_than_decoded_by_guess()
    {
        var error = SingleError([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("ObjectUrl\nhttps://h/v.mp4\n")], SpecFormat.Csv);

        Assert.Equal((SpecErrorCodes.CsvEncoding, 1), (error.Code, error.Line));
    }

    [Fact]
    public void An_unclosed_quote_is_reported_where_it_opens_even_when_the_rest_of_the_file_is_long()
    {
        var rest = string.Concat(Enumerable.Repeat("https://h/c.mp4,c\n", 70_000));
        var error = SingleError($"ObjectUrl,Video title\nhttps://h/a.mp4,a\nhttps://h/b.mp4,\"b\n{rest}", SpecFormat.Csv);

        Assert.Equal((SpecErrorCodes.CsvUnterminatedQuote, 3, 2), (error.Code, error.Line, error.Column));
        Assert.Contains("Add the closing double quote", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_overlong_line_is_not_called_an_unclosed_quote()
    {
        var error = SingleError($"ObjectUrl,Video title\nhttps://h/a.mp4,{new string('t', 1_100_000)}\n", SpecFormat.Csv);

        Assert.Equal((SpecErrorCodes.InvalidValue, 2), (error.Code, error.Line));
        MessageRules.AssertHelpful(error.Message);
    }

    [Theory]
    [InlineData("ObjectUrl,Video title,Create video\nhttps://h/v.mp4,v,true\n", SpecErrorCodes.CsvUnknownColumn, 1, 3)]
    [InlineData("ObjectUrl,Image group title,Create video\nhttps://h/1.jpg,g,maybe\n", SpecErrorCodes.InvalidValue, 2, 3)]
    [InlineData("ObjectUrl,Image group title,Create video\nhttps://h/1.jpg,g,true\nhttps://h/2.jpg,g,no\n", SpecErrorCodes.CsvGroupConflict, 3, 3)]
    [InlineData("ObjectUrl,Series title\nhttps://h/1.dcm,\n", SpecErrorCodes.MissingField, 2, 2)]
    [InlineData("Image title,ObjectUrl\nh,https://h/a b.png\n", SpecErrorCodes.UrlWhitespace, 2, 2)]
    public void Errors_in_a_cell_name_its_column(string csv, string code, int line, int column)
    {
        var error = SingleError(csv, SpecFormat.Csv);

        Assert.Equal((code, line, column), (error.Code, error.Line, error.Column));
        MessageRules.AssertHelpful(error.Message);
    }

    [Fact]
    public void A_header_without_an_ObjectUrl_column_is_told_so()
    {
        var error = SingleError("Url,Image title\nhttps://h/a.png,a\n", SpecFormat.Csv);

        Assert.Equal((SpecErrorCodes.CsvNoHeader, 1), (error.Code, error.Line));
        Assert.StartsWith("The header row has no ObjectUrl column.", error.Message, StringComparison.Ordinal);
    }
}
