namespace Curio.Connectors.Local;

/// <summary>
/// The spec URL forms a local integration accepts: <c>file:///abs/path</c> (percent-decoded; host empty or
/// localhost), an absolute path, or a path relative to the root (taken literally, so names may contain '%').
/// </summary>
internal static class LocalUrls
{
    public static ObjectResolution Resolve(LocalRoot root, string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Length == 0)
        {
            return ObjectResolution.Refused("An empty URL names no file.");
        }

        string path;
        if (IsFileUrl(url))
        {
            if (FilePathOf(url, out var host) is not { } decoded)
            {
                return ObjectResolution.Refused(IsLocalHost(host)
                    ? $"{url} names no file path"
                    : $"{url} names the host '{host}'; local integrations read only this machine's files (file:///path or file://localhost/path)");
            }

            path = decoded;
        }
        else if (HasScheme(url))
        {
            return ObjectResolution.Refused(
                $"{url} is not a path or a file:// URL; local integrations read files under {root.FullPath}");
        }
        else
        {
            path = url;
        }

        return root.FullPathOf(path) is { } full
            ? ObjectResolution.Found(new ObjectLocation(url, root.KeyOf(full)))
            : ObjectResolution.Refused(Outside(url, root));
    }

    /// <summary>
    /// The URL a listed key is given back as: the key itself when it is a valid spec URL as it stands, else a
    /// percent-encoded file:// URL (spec URLs may not contain whitespace, and a key may look like a file URL).
    /// </summary>
    public static string UrlFor(LocalRoot root, string key)
    {
        if (!IsFileUrl(key) && !key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) && !HasScheme(key))
        {
            return key;
        }

        var path = Path.Join(root.FullPath, key);
        return "file://" + string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
    }

    public static string Outside(string url, LocalRoot root) =>
        $"{url} resolves outside the integration root {root.FullPath}; only files under the root are read";

    private static bool IsFileUrl(string url) => url.StartsWith("file:/", StringComparison.OrdinalIgnoreCase);

    /// <summary>The decoded path of file:/p, file:///p or file://localhost/p; null (with the host) for other hosts.</summary>
    private static string? FilePathOf(string url, out string host)
    {
        var rest = url["file:".Length..];
        host = "";
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var slash = rest.IndexOf('/', 2);
            host = slash < 0 ? rest[2..] : rest[2..slash];
            if (slash < 0 || !IsLocalHost(host))
            {
                return null;
            }

            rest = rest[slash..];
        }

        return Uri.UnescapeDataString(rest);
    }

    private static bool IsLocalHost(string host) =>
        host.Length == 0 || string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase);

    private static bool HasScheme(string url)
    {
        var colon = url.IndexOf("://", StringComparison.Ordinal);
        if (colon <= 0 || !char.IsAsciiLetter(url[0]))
        {
            return false;
        }

        foreach (var c in url.AsSpan(0, colon))
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
