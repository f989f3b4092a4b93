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
}
