namespace Curio.Core.Specs.Generation;

/// <summary>
/// Gathers the files of a folder into one group (DICOM files always, images when asked), streaming: it holds only the
/// groups of the folders on the path of the current key, and closes a folder's group as soon as the listing leaves that
/// folder's subtree.
/// </summary>
/// <remarks>
/// The listing is assumed to be in key order (lexicographic, as S3, GCS and Azure list), or at least to list every
/// folder's subtree in one stretch (as a local folder is listed). In key order a folder's own files are not contiguous:
/// <c>a/b.dcm</c>, <c>a/b/c.dcm</c>, <c>a/c.dcm</c> puts a file of <c>a/b</c> between two of <c>a</c>. But every key
/// under <c>a/</c> comes in one stretch, so <c>a</c>'s group stays open while the listing is under <c>a/</c> and is
/// closed when it leaves. A listing that came back to a folder after leaving its subtree would make a second group
/// with the same title.
/// </remarks>
internal sealed class FolderGrouper(bool groupImages)
{
    private readonly List<OpenFolder> _open = [];

    /// <summary>Whether files of this kind are gathered by folder.</summary>
    public bool Groups(FileKind kind) => kind == FileKind.Dicom || (groupImages && kind == FileKind.Image);

    /// <summary>Closes the groups of folders the listing has left, now that it is at <paramref name="key"/>.</summary>
    public void MoveTo(string key, List<(GeneratedEntry Entry, FileKind Kind)> closed) =>
        CloseOutside(GeneratedTitles.FolderOf(key), closed);

    /// <summary>Adds a file that <see cref="Groups"/> gathers to its folder's group (after <see cref="MoveTo"/> for its key).</summary>
    public void Add(string key, string url, FileKind kind)
    {
        var folder = GeneratedTitles.FolderOf(key);
        if (_open.Count == 0 || !string.Equals(_open[^1].Path, folder, StringComparison.Ordinal))
        {
            _open.Add(new OpenFolder(folder));
        }

        (kind == FileKind.Dicom ? _open[^1].Dicom : _open[^1].Images).Add((key, url));
    }

    /// <summary>Closes every group still open: the listing is over.</summary>
    public void Complete(List<(GeneratedEntry Entry, FileKind Kind)> closed)
    {
        while (_open.Count > 0)
        {
            Close(closed);
        }
    }

    private void CloseOutside(string folder, List<(GeneratedEntry Entry, FileKind Kind)> closed)
    {
        while (_open.Count > 0 && !IsSelfOrAncestor(_open[^1].Path, folder))
        {
            Close(closed);
        }
    }

    private void Close(List<(GeneratedEntry Entry, FileKind Kind)> closed)
    {
        var folder = _open[^1];
        _open.RemoveAt(_open.Count - 1);
        var title = GeneratedTitles.ForFolder(folder.Path);
        if (folder.Dicom.Count > 0)
        {
            closed.Add((new GeneratedEntry(UnitKind.DicomSeries, title, InKeyOrder(folder.Dicom)), FileKind.Dicom));
        }

        if (folder.Images.Count > 0)
        {
            closed.Add((new GeneratedEntry(UnitKind.ImageGroup, title, InKeyOrder(folder.Images)), FileKind.Image));
        }
    }

    /// <summary>The URLs in the order of their keys' UTF-8 bytes (the order S3 lists in); a sorted listing is left as it is.</summary>
    private static string[] InKeyOrder(List<(string Key, string Url)> files)
    {
        files.Sort((a, b) => KeyOrder.Compare(a.Key, b.Key));
        return [.. files.Select(f => f.Url)];
    }

    private static bool IsSelfOrAncestor(string candidate, string folder) =>
        candidate.Length == 0
        || (folder.StartsWith(candidate, StringComparison.Ordinal)
            && (folder.Length == candidate.Length || folder[candidate.Length] == '/'));

    private sealed class OpenFolder(string path)
    {
        public string Path { get; } = path;

        public List<(string Key, string Url)> Dicom { get; } = [];

        public List<(string Key, string Url)> Images { get; } = [];
    }
}

/// <summary>Orders keys by their UTF-8 bytes (code point order), as S3 lists them; UTF-16 ordinal order differs only above U+FFFF.</summary>
internal static class KeyOrder
{
    public static int Compare(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            var (x, y) = (a[i], b[i]);
            if (x == y)
            {
                continue;
            }

            // A surrogate (U+D800-DFFF) stands for a code point above U+FFFF, so it sorts after U+E000-FFFF.
            if (char.IsSurrogate(x) != char.IsSurrogate(y) && (x >= '\uE000' || y >= '\uE000'))
            {
                return char.IsSurrogate(x) ? 1 : -1;
            }

            return x.CompareTo(y);
        }

        return a.Length.CompareTo(b.Length);
    }
}
