using System.Text;

namespace Curio.Core.Specs.Generation;

/// <summary>
/// Titles of generated entries: a single file is titled with its key, a group or series with its folder's path
/// (<c>/</c> for files at the top of the listing). Titles are made valid for every reader: control characters and
/// unpaired surrogates become U+FFFD, and a title over the limit keeps its end (which carries the file name) behind a
/// leading <c>…</c>, so that it is exactly the limit long.
/// </summary>
public static class GeneratedTitles
{
    /// <summary>The title of the group of files directly in <paramref name="folder"/> (a key's parent path).</summary>
    public static string ForFolder(string folder) => folder.Length == 0 ? "/" : folder;

    /// <summary>The parent path of a key: <c>a/b</c> for <c>a/b/c.dcm</c>, empty for <c>c.dcm</c>.</summary>
    public static string FolderOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.LastIndexOf('/');
        return slash <= 0 ? "" : key[..slash];
    }

    /// <summary>Replaces control characters and unpaired surrogates (which no upload file can carry) with U+FFFD.</summary>
    public static string Sanitize(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        StringBuilder? builder = null;
        for (var i = 0; i < title.Length; i++)
        {
            var c = title[i];
            var paired = char.IsHighSurrogate(c) && i + 1 < title.Length && char.IsLowSurrogate(title[i + 1]);
            if (paired)
            {
                builder?.Append(c).Append(title[i + 1]);
                i++;
                continue;
            }

            var bad = char.IsControl(c) || char.IsSurrogate(c);
            if (bad && builder is null)
            {
                builder = new StringBuilder(title.Length).Append(title, 0, i);
            }

            builder?.Append(bad ? '\uFFFD' : c);
        }

        return builder?.ToString() ?? title;
    }

    /// <summary>
    /// At most <paramref name="maxLength"/> characters (Unicode scalar values, as the reader counts them): a longer
    /// title keeps its last <c>maxLength - 1</c> characters behind an ellipsis (U+2026).
    /// </summary>
    public static string Shorten(string title, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        if (title.Length <= maxLength || CountScalars(title) <= maxLength)
        {
            return title;
        }

        // Walk back from the end over maxLength - 1 scalar values; a surrogate pair is one.
        var start = title.Length;
        for (var kept = 0; kept < maxLength - 1; kept++)
        {
            start -= start >= 2 && char.IsLowSurrogate(title[start - 1]) && char.IsHighSurrogate(title[start - 2]) ? 2 : 1;
        }

        return string.Concat("\u2026", title.AsSpan(start));
    }

    private static int CountScalars(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// What a CSV cell can carry as a title: CSV readers trim cells, and a row with a cell reading <c>ObjectUrl</c> is a
    /// header. A group's title that trims to nothing becomes <c>/</c>; a title that reads as the <c>ObjectUrl</c>
    /// header gets a leading <c>/</c>.
    /// </summary>
    public static string ForCsv(string title, bool group)
    {
        ArgumentNullException.ThrowIfNull(title);
        var trimmed = title.Trim();
        if (trimmed.Length == 0)
        {
            return group ? "/" : "";
        }

        return IsObjectUrlHeader(trimmed) ? "/" + trimmed : trimmed;
    }

    /// <summary>Whether a cell reads as the ObjectUrl header: ignoring case, white space, '_' and '-'.</summary>
    private static bool IsObjectUrlHeader(string cell)
    {
        var matched = 0;
        const string header = "objecturl";
        foreach (var c in cell)
        {
            if (char.IsWhiteSpace(c) || c is '_' or '-')
            {
                continue;
            }

            if (matched == header.Length || char.ToLowerInvariant(c) != header[matched])
            {
                return false;
            }

            matched++;
        }

        return matched == header.Length;
    }
}
