using Curio.Core.Specs;
using Curio.Core.Specs.Generation;

namespace Curio.Core.Tests.Specs.Generation;

public sealed class TitleTests
{
    [Fact]
    public void A_title_at_the_limit_is_kept_whole()
    {
        var title = new string('a', 296) + ".png";
        Assert.Same(title, GeneratedTitles.Shorten(title, 300));
    }

    [Fact]
    public void A_longer_title_keeps_its_end_behind_an_ellipsis_and_is_exactly_the_limit()
    {
        // Given
        var title = "deep/" + new string('x', 400) + "/scan-0001.png";

        // When
        var shortened = GeneratedTitles.Shorten(title, 300);

        // Then
        Assert.Equal(300, shortened.Length);
        Assert.StartsWith("\u2026xxx", shortened, StringComparison.Ordinal);
        Assert.EndsWith("/scan-0001.png", shortened, StringComparison.Ordinal);
        Assert.Null(SpecRules.CheckTitle(shortened, SpecLimits.Default, "title"));
    }

    [Fact]
    public void Characters_above_U_FFFF_count_once_and_are_never_cut_in_half()
    {
        // Given: 300 emoji are 600 UTF-16 units but 300 characters; 301 are one too many.
        var fits = string.Concat(Enumerable.Repeat("😀", 300));
        var over = "a" + fits;
        var odd = string.Concat(Enumerable.Repeat("😀", 150)) + new string('b', 151);

        // When
        var kept = GeneratedTitles.Shorten(fits, 300);
        var shortened = GeneratedTitles.Shorten(over, 300);
        var mixed = GeneratedTitles.Shorten(odd, 300);

        // Then
        Assert.Same(fits, kept);
        Assert.Equal("\u2026" + string.Concat(Enumerable.Repeat("😀", 299)), shortened);
        Assert.Equal("\u2026" + string.Concat(Enumerable.Repeat("😀", 148)) + new string('b', 151), mixed);
        Assert.Null(SpecRules.CheckTitle(shortened, SpecLimits.Default, "title"));
        Assert.Null(SpecRules.CheckTitle(mixed, SpecLimits.Default, "title"));
    }

    [Fact]
    public void Control_characters_and_unpaired_surrogates_become_replacement_characters()
    {
        Assert.Equal("a\uFFFDb\uFFFDc😀", GeneratedTitles.Sanitize("a\u0000b\ud800c😀"));
        Assert.Equal("tab\uFFFDand\uFFFDnewline", GeneratedTitles.Sanitize("tab\tand\nnewline"));
        var clean = "plain/é/日本.png";
        Assert.Same(clean, GeneratedTitles.Sanitize(clean));
    }

    [Theory]
    [InlineData("a/b/c.dcm", "a/b")]
    [InlineData("c.dcm", "")]
    [InlineData("/c.dcm", "")]
    [InlineData("a//c.dcm", "a/")]
    public void A_keys_folder_is_its_parent_path(string key, string folder) => Assert.Equal(folder, GeneratedTitles.FolderOf(key));

    [Theory]
    [InlineData("", "/")]
    [InlineData("scans/p1", "scans/p1")]
    public void A_folders_title_is_its_path_and_the_top_is_a_slash(string folder, string title) =>
        Assert.Equal(title, GeneratedTitles.ForFolder(folder));

    [Theory]
    [InlineData("  padded  ", true, "padded")]
    [InlineData("   ", true, "/")]
    [InlineData("   ", false, "")]
    [InlineData("Object URL", true, "/Object URL")]
    [InlineData("object_url", false, "/object_url")]
    [InlineData("objecturls", true, "objecturls")]
    [InlineData("a,b \"c\"", true, "a,b \"c\"")]
    public void Csv_titles_survive_trimming_and_never_read_as_a_header(string title, bool group, string expected) =>
        Assert.Equal(expected, GeneratedTitles.ForCsv(title, group));
}
