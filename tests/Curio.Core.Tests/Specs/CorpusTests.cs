using System.Globalization;
using Curio.Core.Specs;

namespace Curio.Core.Tests.Specs;

/// <summary>
/// The corpus of malformed and limit-breaking upload files (Corpus/corpus.tsv says what each must produce) and of
/// tricky valid ones (Corpus/valid/valid.tsv). Every file is read the way the server reads an upload: format from
/// the file name, default limits.
/// </summary>
public sealed class CorpusTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Corpus");

    /// <summary>The first error a file must produce; '-' in the manifest is null here.</summary>
    public sealed record Expected(string Code, string? Path, int? Line, int? Column);

    public static TheoryData<string> InvalidFiles() => new(Invalid.Keys);

    public static TheoryData<string> ValidFiles() => new(Valid.Keys);

    private static Dictionary<string, Expected> Invalid { get; } = ReadManifest("corpus.tsv", r => new Expected(
        r[1], Optional(r[2]), Optional(r[3]) is { } line ? int.Parse(line, CultureInfo.InvariantCulture) : null,
        Optional(r[4]) is { } column ? int.Parse(column, CultureInfo.InvariantCulture) : null));

    private static Dictionary<string, (int Units, int Urls)> Valid { get; } = ReadManifest(Path.Combine("valid", "valid.tsv"), r =>
        (int.Parse(r[1], CultureInfo.InvariantCulture), int.Parse(r[2], CultureInfo.InvariantCulture)));

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void A_malformed_file_is_refused_whole_with_its_first_error_at_its_place(string file)
    {
        var (result, units) = ReadFile(file, "");

        Assert.False(result.IsValid);
        Assert.Empty(units);
        var first = result.Errors[0];
        Assert.Equal(Invalid[file], new Expected(first.Code, first.Path, first.Line, first.Column));
        MessageRules.AssertHelpful(first.Message);
    }

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public void A_tricky_but_valid_file_passes(string file)
    {
        var (result, units) = ReadFile(file, "valid");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(Valid[file], (units.Count, result.UrlCount));
        Assert.Equal(result.UnitCount, units.Count);
    }

    [Fact]
    public void The_manifests_list_every_corpus_file_and_nothing_else()
    {
        static IEnumerable<string> OnDisk(string folder) => Directory.GetFiles(Path.Combine(Root, folder))
            .Select(Path.GetFileName).Where(n => !n!.EndsWith(".tsv", StringComparison.Ordinal))!;

        Assert.Equal(OnDisk("").Order(StringComparer.Ordinal), Invalid.Keys.Where(IsCommitted).Order(StringComparer.Ordinal));
        Assert.Equal(OnDisk("valid").Order(StringComparer.Ordinal), Valid.Keys.Where(IsCommitted).Order(StringComparer.Ordinal));
        Assert.Equal(
            GeneratedCorpus.Files.Keys.Order(StringComparer.Ordinal),
            Invalid.Keys.Concat(Valid.Keys).Where(k => !IsCommitted(k)).Order(StringComparer.Ordinal));
        Assert.True(Invalid.Keys.Count(IsCommitted) >= 70, "The committed corpus has fewer than 70 malformed files.");
    }

    [Fact]
    public void The_corpus_reaches_every_error_code_a_single_file_can_produce()
    {
        // TooManyItems, TooManyUrls and MetadataTooLarge need files of many megabytes: LimitTests covers them.
        // TooManyErrors only ever follows other errors, so it is never the first one: SpecReaderFixTests covers it.
        // UnknownKey is only ever a warning.
        string[] elsewhere =
        [
            SpecErrorCodes.TooManyItems, SpecErrorCodes.TooManyUrls, SpecErrorCodes.MetadataTooLarge, SpecErrorCodes.TooManyErrors,
            SpecErrorCodes.UnknownKey,
        ];
        Assert.Equal(
            SpecErrorCodes.All.Except(elsewhere).Order(StringComparer.Ordinal),
            Invalid.Values.Select(e => e.Code).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_user_documentation_lists_every_error_code()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Curio.slnx")))
        {
            root = root.Parent!;
        }

        var docs = File.ReadAllText(Path.Combine(root.FullName, "docs", "spec-format.md"));
        Assert.All(SpecErrorCodes.All, code => Assert.Contains($"| `{code}` |", docs, StringComparison.Ordinal));
    }

    private static (SpecReadResult Result, List<SpecUnit> Units) ReadFile(string file, string folder)
    {
        var bytes = IsCommitted(file) ? File.ReadAllBytes(Path.Combine(Root, folder, file)) : GeneratedCorpus.Files[file]();
        var units = new List<SpecUnit>();
        using var stream = new MemoryStream(bytes, writable: false);
        var result = SpecReader.Read(stream, new SpecReadOptions { FileName = Path.GetFileName(file) }, units.Add);
        return (result, units);
    }

    private static bool IsCommitted(string file) => !file.StartsWith(GeneratedCorpus.Prefix, StringComparison.Ordinal);

    private static string? Optional(string cell) => cell == "-" ? null : cell;

    private static Dictionary<string, T> ReadManifest<T>(string name, Func<string[], T> parse) =>
        File.ReadLines(Path.Combine(Root, name))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .ToDictionary(r => r[0], parse, StringComparer.Ordinal);
}
