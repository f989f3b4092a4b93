using System.Text;

namespace Curio.Core.Specs;

/// <summary>Rules every object URL and title obeys, whichever format carried it.</summary>
public static class SpecRules
{
    /// <summary>Null when the URL is acceptable; otherwise the problem, without its location.</summary>
    public static SpecIssue? CheckUrl(string url, SpecLimits limits, string field)
    {
        if (url.Length == 0)
        {
            return new SpecIssue(SpecErrorCodes.UrlEmpty, $"{field} is empty; give the full URL (or, for a local integration, the path) of the file.");
        }

        var bytes = Encoding.UTF8.GetByteCount(url);
        if (bytes > limits.MaxUrlBytes)
        {
            return new SpecIssue(SpecErrorCodes.UrlTooLong,
                $"{field} is {bytes:N0} bytes long; a URL may be at most {limits.MaxUrlBytes:N0} bytes (16 KB). Shorten the object key or use a shorter URL form.");
        }

        for (var i = 0; i < url.Length; i++)
        {
            if (char.IsWhiteSpace(url[i]) || char.IsControl(url[i]))
            {
                var what = url[i] == ' ' ? "a space"
                    : char.IsWhiteSpace(url[i]) ? $"whitespace (U+{(int)url[i]:X4})"
                    : $"a control character (U+{(int)url[i]:X4})";
                return new SpecIssue(SpecErrorCodes.UrlWhitespace,
                    $"{field} contains {what} at character {i + 1}; object URLs cannot contain whitespace or control characters. Percent-encode it (a space is %20).");
            }
        }

        return null;
    }

    public static SpecIssue? CheckTitle(string title, SpecLimits limits, string field)
    {
        var length = 0;
        foreach (var _ in title.EnumerateRunes())
        {
            length++;
        }

        return length > limits.MaxTitleLength
            ? new SpecIssue(SpecErrorCodes.TitleTooLong,
                $"{field} is {length:N0} characters long; titles may be at most {limits.MaxTitleLength} characters. Shorten it.")
            : null;
    }

    /// <summary>Encord's default title: the path part of the URL (<c>https://b.s3.eu-west-2.amazonaws.com/a/v.mp4</c> gives <c>/a/v.mp4</c>).</summary>
    public static string DefaultTitle(string url)
    {
        ArgumentNullException.ThrowIfNull(url);

        // scheme://authority/path?query#fragment, read by hand: a Uri per title was most of the cost of a short entry.
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme <= 0 || !char.IsAsciiLetter(url[0]))
        {
            return url;
        }

        var slash = url.IndexOf('/', scheme + 3);
        if (slash < 0)
        {
            return url;
        }

        var end = url.AsSpan(slash).IndexOfAny('?', '#');
        var path = end < 0 ? url.AsSpan(slash) : url.AsSpan(slash, end);
        if (path.Length <= 1)
        {
            return url;
        }

        return path.Contains('%') ? Uri.UnescapeDataString(path) : new string(path);
    }
}
