namespace Curio.Connectors.Local;

/// <summary>
/// The folder a local integration is confined to, and the lexical half of the confinement: turning a spec URL
/// into a normalized path that stays under the root. The other half (symlinks) is checked on the opened file.
/// </summary>
internal sealed class LocalRoot
{
    public LocalRoot(string root)
    {
        FullPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        RealPath = Path.TrimEndingDirectorySeparator(RealPaths.Resolve(FullPath));
    }

    /// <summary>The root as configured, normalized; keys are relative to it.</summary>
    public string FullPath { get; }

    /// <summary>The root with its own symlinks resolved; opened files must really live under this.</summary>
    public string RealPath { get; }

    public bool Contains(string fullPath) => IsUnder(fullPath, FullPath);

    public bool ReallyContains(string realPath) => IsUnder(realPath, RealPath);

    /// <summary>Normalizes a plain path (absolute, or relative to the root); null when it leaves the root.</summary>
    public string? FullPathOf(string path)
    {
        if (path.Length == 0 || path.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        var full = Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Join(FullPath, path));
        full = Path.TrimEndingDirectorySeparator(full);
        return Contains(full) ? full : null;
    }

    public string KeyOf(string fullPath)
    {
        var key = Path.GetRelativePath(FullPath, fullPath);
        return Path.DirectorySeparatorChar == '/' ? key : key.Replace(Path.DirectorySeparatorChar, '/');
    }

    private static bool IsUnder(string path, string root)
    {
        if (string.Equals(path, root, StringComparison.Ordinal))
        {
            return true;
        }

        // "/" is the only root that already ends in a separator after trimming.
        return Path.EndsInDirectorySeparator(root)
            ? path.StartsWith(root, StringComparison.Ordinal)
            : path.Length > root.Length && path[root.Length] == Path.DirectorySeparatorChar && path.StartsWith(root, StringComparison.Ordinal);
    }
}
