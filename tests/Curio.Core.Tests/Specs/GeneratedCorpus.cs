using System.Text;

namespace Curio.Core.Tests.Specs;

/// <summary>
/// Corpus entries too large to commit, built at test time. Their names start with <see cref="Prefix"/> and their
/// expectations live in the corpus manifests with the committed files.
/// </summary>
internal static class GeneratedCorpus
{
    public const string Prefix = "generated/";

    private const string Host = "https://acme.s3.eu-west-1.amazonaws.com/";

    public static IReadOnlyDictionary<string, Func<byte[]>> Files { get; } = new Dictionary<string, Func<byte[]>>(StringComparer.Ordinal)
    {
        // 16 KB is counted in UTF-8 bytes: these URLs are mostly 'é', so they are far fewer characters than bytes.
        ["generated/url-16385-bytes.json"] = () => Utf8($$"""{"images": [{"objectUrl": "{{UrlOfBytes(16_385)}}"}]}"""),
        ["generated/url-16385-bytes-frame.json"] = () =>
            Utf8($$"""{"image_groups": [{"title": "g", "objectUrl_0": "{{Host}}1.jpg", "objectUrl_1": "{{UrlOfBytes(16_385)}}"}]}"""),
        ["generated/url-16385-bytes.csv"] = () => Utf8($"ObjectUrl,Image title\n{UrlOfBytes(16_385)},a\n"),
        ["generated/url-16384-bytes.json"] = () => Utf8($$"""{"images": [{"objectUrl": "{{UrlOfBytes(16_384)}}"}]}"""),
        ["generated/url-16384-bytes.csv"] = () => Utf8($"ObjectUrl,Image title\n{UrlOfBytes(16_384)},a\n"),

        // Titles count characters: an emoji is one character, two UTF-16 units and four UTF-8 bytes.
        ["generated/title-301-emoji.json"] = () => Utf8($$"""{"videos": [{"objectUrl": "{{Host}}v.mp4", "title": "{{Emoji(301)}}"}]}"""),
        ["generated/title-300-emoji.json"] = () => Utf8($$"""{"videos": [{"objectUrl": "{{Host}}v.mp4", "title": "{{Emoji(300)}}"}]}"""),

        ["generated/csv-10000-rows.csv"] = () => CsvRows(10_000),
        ["generated/csv-10001-rows.csv"] = () => CsvRows(10_001),
        ["generated/csv-line-too-long.csv"] = () => Utf8($"ObjectUrl,Video title\n{Host}v.mp4,{new string('t', 1_100_000)}\n"),
        ["generated/csv-unterminated-quote-runs-on.csv"] = () =>
            Utf8($"ObjectUrl,Video title\n{Host}a.mp4,a\n{Host}b.mp4,\"b\n" + string.Concat(Enumerable.Repeat($"{Host}c.mp4,c\n", 20_000))),
    };

    /// <summary>A URL of exactly <paramref name="bytes"/> UTF-8 bytes, mostly two-byte characters.</summary>
    public static string UrlOfBytes(int bytes)
    {
        const string prefix = Host + "k/";
        var rest = bytes - prefix.Length;
        var url = prefix + new string('é', rest / 2) + new string('x', rest % 2);
        Assert.Equal(bytes, Encoding.UTF8.GetByteCount(url));
        Assert.True(url.Length < bytes);
        return url;
    }

    private static string Emoji(int count) => string.Concat(Enumerable.Repeat("🎞", count));

    private static byte[] CsvRows(int rows)
    {
        var text = new StringBuilder("ObjectUrl,Image title\n");
        for (var i = 0; i < rows; i++)
        {
            text.Append(Host).Append(i).Append(".png,t").Append(i).Append('\n');
        }

        return Utf8(text.ToString());
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
