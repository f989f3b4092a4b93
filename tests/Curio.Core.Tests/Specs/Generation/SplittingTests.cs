using System.Text;
using Curio.Core.Specs;
using Curio.Core.Specs.Generation;

namespace Curio.Core.Tests.Specs.Generation;

public sealed class SplittingTests
{
    private static IEnumerable<string> Images(int count, string folder = "i") =>
        Enumerable.Range(0, count).Select(i => $"{folder}/{i:D6}.png");

    [Fact]
    public void A_new_file_starts_when_the_next_entry_would_go_over_the_items_limit()
    {
        // Given
        var options = new GenerationOptions { Limits = SpecLimits.Default with { MaxItems = 3 } };

        // When
        var run = GenerationHarness.Generate(options, Images(7));

        // Then
        Assert.Equal([new GeneratedFile(1, 3, 3), new GeneratedFile(2, 3, 3), new GeneratedFile(3, 1, 1)], run.Infos);
        Assert.Equal([3, 3, 1], run.Read(options.Limits).Select(units => units.Count));
        Assert.Equal(Images(7).Select(k => "s3://bucket/" + k), run.ReadAll().Select(u => u.Objects[0].Url));
    }

    [Fact]
    public void Max_entries_per_file_splits_below_the_formats_limit()
    {
        var run = GenerationHarness.Generate(new GenerationOptions { MaxEntriesPerFile = 2 }, Images(5));
        Assert.Equal([2, 2, 1], run.Infos.Select(f => f.EntryCount));
    }

    [Fact]
    public void A_group_is_never_split_and_urls_count_every_file_of_a_group()
    {
        // Given: 3 series of 3, 2 and 4 files, at most 5 URLs per file
        var options = new GenerationOptions { Limits = SpecLimits.Default with { MaxUrls = 5 } };
        string[] keys = ["a/1.dcm", "a/2.dcm", "a/3.dcm", "b/1.dcm", "b/2.dcm", "c/1.dcm", "c/2.dcm", "c/3.dcm", "c/4.dcm"];

        // When
        var run = GenerationHarness.Generate(options, keys);

        // Then
        Assert.Equal([new GeneratedFile(1, 2, 5), new GeneratedFile(2, 1, 4)], run.Infos);
        Assert.Equal([["a", "b"], ["c"]], run.Read(options.Limits).Select(units => units.Select(u => u.Title).ToArray()));
    }

    [Fact]
    public void A_group_larger_than_a_whole_file_stops_the_generation()
    {
        // Given
        var options = new GenerationOptions { Limits = SpecLimits.Default with { MaxUrls = 3 } };

        // When
        var ex = Assert.Throws<SpecGenerationException>(() =>
            GenerationHarness.Generate(options, ["a/1.dcm", "big/1.dcm", "big/2.dcm", "big/3.dcm", "big/4.dcm"]));

        // Then
        Assert.Equal("The DICOM series 'big' has 4 files, and an upload file holds at most 3 URLs; split the folder into several.", ex.Message);
    }

    [Fact]
    public void Csv_counts_a_row_per_file_and_says_to_use_json_for_a_larger_group()
    {
        // Given
        var options = new GenerationOptions { Format = SpecFormat.Csv, Limits = SpecLimits.Default with { MaxCsvRows = 4 } };

        // When
        var run = GenerationHarness.Generate(options, ["a/1.dcm", "a/2.dcm", "b/1.dcm", "b/2.dcm", "b/3.dcm", "c.png"]);
        var ex = Assert.Throws<SpecGenerationException>(() => GenerationHarness.Generate(options, Images(5, "i").Select(k => k.Replace(".png", ".dcm", StringComparison.Ordinal))));

        // Then
        Assert.Equal([new GeneratedFile(1, 1, 2), new GeneratedFile(2, 2, 4)], run.Infos);
        Assert.Equal([["a"], ["b", "c.png"]], run.Read(options.Limits).Select(units => units.Select(u => u.Title).ToArray()));
        Assert.StartsWith("The DICOM series 'i' has 5 files, and a CSV upload file holds at most 4 rows (one per file); write JSON instead", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_groups_whose_titles_would_merge_go_to_separate_files()
    {
        // Given: two folders whose long paths differ only in their beginning end with the same 299 characters
        var tail = new string('t', 320);
        string[] keys = [$"x/{tail}/1.dcm", $"y/{tail}/1.dcm", $"y/{tail}/2.dcm"];

        // When
        var csv = GenerationHarness.Generate(new GenerationOptions { Format = SpecFormat.Csv }, keys);
        var json = GenerationHarness.Generate(new GenerationOptions(), keys);

        // Then
        Assert.Equal([1, 1], csv.Infos.Select(f => f.EntryCount));
        Assert.Equal([1, 2], csv.ReadAll().Select(u => u.Objects.Count));
        Assert.Equal([2], json.Infos.Select(f => f.EntryCount));
    }

    [Fact]
    public void Csv_files_hold_10000_rows_and_no_more()
    {
        // When: the real limit
        var run = GenerationHarness.Generate(new GenerationOptions { Format = SpecFormat.Csv }, Images(10_001));

        // Then
        Assert.Equal([new GeneratedFile(1, 10_000, 10_000), new GeneratedFile(2, 1, 1)], run.Infos);
        Assert.Equal([10_000, 1], run.Read().Select(units => units.Count));
        var first = Encoding.UTF8.GetString(run.Files[0]);
        Assert.StartsWith("ObjectUrl,Image title\ns3://bucket/i/000000.png,i/000000.png\n", first, StringComparison.Ordinal);
        Assert.Equal(10_001, first.Count(c => c == '\n'));
    }

    [Fact]
    public void Json_files_are_the_user_file_dialect_one_entry_per_line()
    {
        // When
        var run = GenerationHarness.Generate(new GenerationOptions { GroupImagesByFolder = true }, ["a/clip.mp4", "a/x.png", "a/y.png", "ct/1.dcm", "b/c.mp4"]);

        // Then
        Assert.Equal(
            """
            {
              "videos": [
                {"objectUrl":"s3://bucket/a/clip.mp4","title":"a/clip.mp4"},
                {"objectUrl":"s3://bucket/b/c.mp4","title":"b/c.mp4"}
              ],
              "image_groups": [
                {"title":"a","objectUrl_0":"s3://bucket/a/x.png","objectUrl_1":"s3://bucket/a/y.png"}
              ],
              "dicom_series": [
                {"title":"ct","objectUrl_0":"s3://bucket/ct/1.dcm"}
              ]
            }

            """.ReplaceLineEndings("\n"),
            Encoding.UTF8.GetString(Assert.Single(run.Files)));
        var result = SpecTestHelpers.Read(run.Files[0]).Result;
        Assert.Equal(SpecDialect.UserFile, result.Dialect);
    }

    [Fact]
    public void An_empty_listing_writes_no_file()
    {
        var run = GenerationHarness.Generate(new GenerationOptions(), ["readme", "x.json"]);
        Assert.Empty(run.Files);
        Assert.Equal(2L, run.Counts.Unrecognised);
    }

    [Fact]
    public void Mixed_kinds_split_across_files_read_back_to_the_same_entries_in_both_formats()
    {
        // Given: every kind, groups of several sizes, small limits so that files split often
        var keys = new List<string>();
        for (var f = 0; f < 12; f++)
        {
            keys.AddRange(Enumerable.Range(0, f % 4 + 1).Select(i => $"site/{f:D2}/ct/{i}.dcm"));
            keys.AddRange(Enumerable.Range(0, f % 3 + 1).Select(i => $"site/{f:D2}/img-{i}.jpg"));
            keys.Add($"site/{f:D2}/clip.mov");
            keys.Add($"site/{f:D2}/talk.wav");
            keys.Add($"site/{f:D2}/notes.txt");
            keys.Add($"site/{f:D2}/report.pdf");
            keys.Add($"site/{f:D2}/vol.nii");
            keys.Add($"site/{f:D2}/labels.json");
        }

        keys.Sort(KeyOrder.Compare);
        var limits = SpecLimits.Default with { MaxItems = 7, MaxUrls = 9, MaxCsvRows = 9 };
        foreach (var format in new[] { SpecFormat.Json, SpecFormat.Csv })
        {
            foreach (var grouped in new[] { false, true })
            {
                // When
                var run = GenerationHarness.Generate(new GenerationOptions { Format = format, GroupImagesByFolder = grouped, Limits = limits }, keys);
                var units = run.ReadAll(limits);

                // Then
                Assert.True(run.Files.Count > 5);
                Assert.All(run.Infos, f => Assert.True(f.UrlCount <= 9 && f.EntryCount <= (format == SpecFormat.Json ? 7 : 9)));
                Assert.Equal(run.Counts.Entries, units.Count);
                Assert.Equal(
                    keys.Where(k => !k.EndsWith(".json", StringComparison.Ordinal)).Select(k => "s3://bucket/" + k).Order(StringComparer.Ordinal),
                    units.SelectMany(u => u.Objects.Select(o => o.Url)).Order(StringComparer.Ordinal));
                Assert.Equal(12, units.Count(u => u.Kind == UnitKind.DicomSeries));
                Assert.Equal(grouped ? 12 : 0, units.Count(u => u.Kind == UnitKind.ImageGroup));
                Assert.Equal(12L, run.Counts.Unrecognised);
            }
        }
    }
}
