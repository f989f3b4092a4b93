namespace Curio.Connectors.Local;

/// <summary>
/// realpath(3) in managed code: follows every symbolic link along a path. Used for the root, for listing, and
/// as the fallback check where /proc is unavailable (racy there, but the best a portable check can do).
/// Components that do not exist are kept as written.
/// </summary>
internal static class RealPaths
{
    // Linux gives up after 40 links too (ELOOP).
    private const int MaxLinks = 40;

    public static string Resolve(string fullPath)
    {
        var current = Path.GetPathRoot(fullPath);
        if (string.IsNullOrEmpty(current))
        {
            throw new ArgumentException($"'{fullPath}' is not an absolute path.", nameof(fullPath));
        }

        var pending = new Stack<string>();
        Push(pending, fullPath[current.Length..]);
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part is "." || part.Length == 0)
            {
                continue;
            }

            if (part is "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Join(current, part);
            var target = LinkTargetOf(next);
            if (target is null)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException($"Too many levels of symbolic links in {fullPath}.");
            }

            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target)!;
                target = target[current.Length..];
            }

            Push(pending, target);
        }

        return current;
    }

    private static void Push(Stack<string> pending, string relative)
    {
        var parts = relative.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            pending.Push(parts[i]);
        }
    }

    private static string? LinkTargetOf(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
