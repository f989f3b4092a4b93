using Curio.Core.Specs;
using Curio.Core.Specs.Generation;

namespace Curio.Core.Tests.Specs.Generation;

public sealed class GroupingTests
{
    private static readonly GenerationOptions Json = new();

    [Fact]
    public void Dicom_files_form_one_series_per_folder_titled_with_its_path_in_key_order()
    {
        // Given: within a folder the files come out of order (as a local folder lists them)
        string[] keys = ["ct/p1/s2.dcm", "ct/p1/s1.dcm", "ct/p1/s3.dcm", "ct/p2/a.dcm", "top.dcm"];

        // When
        var run = GenerationHarness.Generate(Json, keys);
        var units = run.ReadAll();

        // Then
        Assert.Equal(
            [
                (UnitKind.DicomSeries, "ct/p1", "s3://bucket/ct/p1/s1.dcm s3://bucket/ct/p1/s2.dcm s3://bucket/ct/p1/s3.dcm"),
                (UnitKind.DicomSeries, "ct/p2", "s3://bucket/ct/p2/a.dcm"),
                (UnitKind.DicomSeries, "/", "s3://bucket/top.dcm"),
            ],
            units.Select(u => (u.Kind, u.Title, string.Join(' ', u.Objects.Select(o => o.Url)))));
        Assert.Equal((5L, 3L, 5L), (run.Counts.Files(FileKind.Dicom), run.Counts.DicomSeries, run.Counts.Urls));
    }

    [Fact]
    public void A_folder_whose_files_are_split_by_a_subfolder_in_key_order_is_still_one_series()
    {
        // Given: in key order "a/b.dcm" < "a/b/c.dcm" < "a/c.dcm" ('.' < '/' < 'c'), so a/b sits inside a's files.
        string[] keys = ["a/b.dcm", "a/b/c.dcm", "a/b/d.dcm", "a/c.dcm", "b/e.dcm"];

        // When
        var units = GenerationHarness.Generate(Json, keys).ReadAll();

        // Then
        Assert.Equal(
            [("a/b", 2), ("a", 2), ("b", 1)],
            units.Select(u => (u.Title, u.Objects.Count)));
    }

    [Fact]
    public void A_folders_group_is_closed_as_soon_as_the_listing_leaves_its_subtree()
    {
        // Given
        var grouper = new FolderGrouper(groupImages: true);
        var closed = new List<(GeneratedEntry Entry, FileKind Kind)>();
        void Add(string key, FileKind kind)
        {
            grouper.MoveTo(key, closed);
            grouper.Add(key, key, kind);
        }

        // When / Then
        Add("a/1.dcm", FileKind.Dicom);
        Add("a/1.png", FileKind.Image);
        Add("a/sub/2.dcm", FileKind.Dicom);
        Assert.Empty(closed);
        grouper.MoveTo("a/zz.mp4", closed);
        Assert.Equal(["a/sub"], closed.Select(c => c.Entry.Title));
        Add("a/z.dcm", FileKind.Dicom);
        grouper.MoveTo("b/x.txt", closed);
        Assert.Equal(
            [(UnitKind.DicomSeries, "a/sub", 1), (UnitKind.DicomSeries, "a", 2), (UnitKind.ImageGroup, "a", 1)],
            closed.Select(c => (c.Entry.Kind, c.Entry.Title, c.Entry.Urls.Count)));
        closed.Clear();
        grouper.Complete(closed);
        Assert.Empty(closed);
    }

    [Fact]
    public void Images_are_single_entries_unless_grouped_by_folder()
    {
        // Given
        string[] keys = ["shots/b.png", "shots/a.jpg", "shots/night/c.webp", "d.gif"];

        // When
        var single = GenerationHarness.Generate(Json, keys).ReadAll();
        var grouped = GenerationHarness.Generate(Json with { GroupImagesByFolder = true }, keys).ReadAll();

        // Then
        Assert.Equal(
            [(UnitKind.Image, "shots/b.png"), (UnitKind.Image, "shots/a.jpg"), (UnitKind.Image, "shots/night/c.webp"), (UnitKind.Image, "d.gif")],
            single.Select(u => (u.Kind, u.Title)));
        Assert.Equal(
            [(UnitKind.ImageGroup, "shots/night", "s3://bucket/shots/night/c.webp"),
             (UnitKind.ImageGroup, "shots", "s3://bucket/shots/a.jpg s3://bucket/shots/b.png"),
             (UnitKind.ImageGroup, "/", "s3://bucket/d.gif")],
            grouped.Select(u => (u.Kind, u.Title, string.Join(' ', u.Objects.Select(o => o.Url)))));
        Assert.All(grouped, u => Assert.False(u.CreateVideo));
    }

    [Fact]
    public void Every_kind_goes_to_its_array_and_unrecognised_files_are_counted()
    {
        // Given
        string[] keys =
        [
            "a/clip.mp4", "a/img.png", "a/ct/1.dcm", "a/ct/2.dcm", "a/notes.md", "a/page.html", "a/doc.pdf", "a/brain.nii.gz",
            "a/song.flac", "a/upload.json", "a/IM0001", "a/data.bin",
        ];

        // When
        var run = GenerationHarness.Generate(Json, keys);
        var units = run.ReadAll();

        // Then: the file holds its arrays in a fixed order
        Assert.Equal(
            [UnitKind.Video, UnitKind.Image, UnitKind.DicomSeries, UnitKind.Audio, UnitKind.Text, UnitKind.Text, UnitKind.Pdf, UnitKind.Nifti],
            units.Select(u => u.Kind));
        var counts = run.Counts;
        Assert.Equal((12L, 3L, 0L, 0L, 3L), (counts.Listed, counts.Unrecognised, counts.OtherKinds, counts.InvalidUrls, counts.Skipped));
        Assert.Equal(
            [1L, 1L, 1L, 2L, 2L, 1L, 1L],
            FileKinds.All.Select(counts.Files));
        Assert.Equal((8L, 9L), (counts.Entries, counts.Urls));
    }

    [Fact]
    public void A_type_filter_keeps_one_kind_and_counts_the_others()
    {
        // Given
        string[] keys = ["a/clip.mp4", "a/img.png", "a/ct/1.dcm", "a/x.bin"];

        // When
        var images = GenerationHarness.Generate(Json with { Only = FileKind.Image }, keys);
        var dicom = GenerationHarness.Generate(Json with { Only = FileKind.Dicom }, keys);

        // Then
        Assert.Equal([UnitKind.Image], images.ReadAll().Select(u => u.Kind));
        Assert.Equal((2L, 1L, 3L), (images.Counts.OtherKinds, images.Counts.Unrecognised, images.Counts.Skipped));
        Assert.Equal([UnitKind.DicomSeries], dicom.ReadAll().Select(u => u.Kind));
    }

    [Fact]
    public void Urls_no_upload_file_can_hold_are_skipped_with_a_warning()
    {
        // Given
        var longKey = "l/" + new string('x', 17_000) + ".png";
        string[] keys = ["ok.png", "space.png", longKey, "ct/a.dcm", "ct/b.dcm"];
        string Url(string key) => key switch
        {
            "space.png" => "s3://bucket/my photo.png",
            "ct/b.dcm" => "s3://bucket/ct/\ud800.dcm",
            _ => "s3://bucket/" + key,
        };

        // When
        var run = GenerationHarness.Generate(Json, keys, Url);
        var units = run.ReadAll();

        // Then
        Assert.Equal([("ok.png", 1), ("ct", 1)], units.Select(u => (u.Title, u.Objects.Count)));
        Assert.Equal(3L, run.Counts.InvalidUrls);
        Assert.Equal(3, run.Warnings.Count);
        Assert.Contains(run.Warnings, w => w.StartsWith("Skipped space.png: its URL contains a space", StringComparison.Ordinal));
        Assert.Contains(run.Warnings, w => w.Contains("16,384 bytes", StringComparison.Ordinal));
        Assert.Contains(run.Warnings, w => w.Contains("unpaired surrogate", StringComparison.Ordinal));
    }

    [Fact]
    public void Awkward_keys_make_valid_titles_in_both_formats()
    {
        // Given
        var deep = string.Join('/', Enumerable.Repeat("level-with-a-long-name", 20));
        string[] keys =
        [
            $"{deep}/scan.dcm", $"{deep}/photo.png", "Object URL/1.dcm", "  /2.dcm", "quote\"d,comma/3.dcm", "tab\there/4.png", "new\nline.png",
            "日本/写真.jpg", "emoji😀/a.png",
        ];

        foreach (var format in new[] { SpecFormat.Json, SpecFormat.Csv })
        {
            // When
            var units = GenerationHarness.Generate(new GenerationOptions { Format = format }, keys,
                key => "s3://bucket/" + string.Join('/', key.Split('/').Select(Uri.EscapeDataString))).ReadAll();

            // Then
            Assert.Equal(keys.Length, units.Sum(u => u.Objects.Count));
            Assert.All(units, u => Assert.Null(SpecRules.CheckTitle(u.Title, SpecLimits.Default, "title")));
            var deepSeries = units.Single(u => u.Kind == UnitKind.DicomSeries && u.Title.StartsWith('\u2026'));
            Assert.EndsWith("level-with-a-long-name", deepSeries.Title, StringComparison.Ordinal);
            Assert.EndsWith("/photo.png", units.Single(u => u.Objects[0].Url.EndsWith("photo.png", StringComparison.Ordinal)).Title, StringComparison.Ordinal);
            Assert.Contains(units, u => u.Title == (format == SpecFormat.Csv ? "/Object URL" : "Object URL"));
            Assert.Contains(units, u => u.Title == "quote\"d,comma");
            Assert.Contains(units, u => u.Title == "tab\uFFFDhere/4.png");
            Assert.Contains(units, u => u.Title == "日本/写真.jpg");
        }
    }
}
