using System.IO.Enumeration;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Curio.Connectors.Local;

/// <summary>
/// Streams the files under a folder of the root. Symlinked files are listed only when their target is inside
/// the root; symlinked folders are not descended into (that avoids cycles and double listings; their files can
/// still be named explicitly). Hidden entries (dot-files, .git and the like) are skipped.
/// </summary>
internal static class LocalLister
{
    // Give the thread back now and then: enumeration itself is synchronous I/O.
    private const int YieldEvery = 256;

    public static async IAsyncEnumerable<ObjectEntry> ListAsync(
        LocalRoot root, string prefix, ILogger logger, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folder = FolderOf(root, prefix);
        var count = 0;
        foreach (var candidate in Enumerate(folder))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entry = ToEntry(root, candidate, logger);
            if (entry is not null)
            {
                yield return entry;
            }

            if (++count % YieldEvery == 0)
            {
                await Task.Yield();
            }
        }
    }

    private static string FolderOf(LocalRoot root, string prefix)
    {
        var folder = prefix.Length == 0 ? root.FullPath : root.FullPathOf(prefix);
        if (folder is null)
        {
            throw new ObjectSourceException(ObjectErrorKind.Refused, LocalUrls.Outside(prefix, root));
        }

        if (!Directory.Exists(folder))
        {
            throw new ObjectSourceException(
                ObjectErrorKind.NotFound, $"Folder not found: {prefix} (looked for {folder} under the integration root)");
        }

        if (!root.ReallyContains(RealPaths.Resolve(folder)))
        {
            throw new ObjectSourceException(ObjectErrorKind.Refused, LocalUrls.Outside(prefix, root));
        }

        return folder;
    }

    private static FileSystemEnumerable<Candidate> Enumerate(string folder)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
        };
        return new FileSystemEnumerable<Candidate>(
            folder,
            (ref FileSystemEntry e) => new Candidate(
                e.ToFullPath(), (e.Attributes & FileAttributes.ReparsePoint) != 0, e.Length, e.LastWriteTimeUtc),
            options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory,
            ShouldRecursePredicate = (ref FileSystemEntry e) => (e.Attributes & FileAttributes.ReparsePoint) == 0,
        };
    }

    private static ObjectEntry? ToEntry(LocalRoot root, Candidate candidate, ILogger logger)
    {
        var key = root.KeyOf(candidate.FullPath);
        if (!candidate.IsLink)
        {
            return new ObjectEntry(LocalUrls.UrlFor(root, key), key, candidate.Length, candidate.LastWriteTimeUtc);
        }

        try
        {
            var target = new FileInfo(RealPaths.Resolve(candidate.FullPath));
            if (!root.ReallyContains(target.FullName))
            {
                if (logger.IsEnabled(LogLevel.Debug))
                {
                    logger.LogDebug("Not listing {Key}: it links to {Target}, outside the integration root", key, target.FullName);
                }

                return null;
            }

            return target.Exists
                ? new ObjectEntry(LocalUrls.UrlFor(root, key), key, target.Length, target.LastWriteTimeUtc)
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                logger.LogDebug(ex, "Not listing {Key}: its link target cannot be read", key);
            }

            return null;
        }
    }

    private readonly record struct Candidate(string FullPath, bool IsLink, long Length, DateTimeOffset LastWriteTimeUtc);
}
