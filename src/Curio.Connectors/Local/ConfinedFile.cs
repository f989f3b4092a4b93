using Microsoft.Win32.SafeHandles;

namespace Curio.Connectors.Local;

/// <summary>A regular file under the root, opened for reading, with its length at open time.</summary>
internal sealed class OpenedFile(SafeFileHandle handle, long length) : IDisposable
{
    public SafeFileHandle Handle { get; } = handle;

    public long Length { get; } = length;

    public void Dispose() => Handle.Dispose();
}

/// <summary>
/// Opens a file for a local integration and proves, before a byte is read, that the opened file really lives
/// under the root. Checking the opened handle (not the path) closes the race where a file is swapped for a
/// symlink between <see cref="IObjectSource.Resolve"/> and the read.
/// </summary>
internal static class ConfinedFile
{
    private static readonly bool HasProcFd = OperatingSystem.IsLinux() && Directory.Exists("/proc/self/fd");

    /// <param name="root">The integration root.</param>
    /// <param name="location">What to open; its key is re-checked.</param>
    /// <param name="beforeOpen">Test seam: runs between the path check and the open, to stage a swap race.</param>
    public static OpenedFile Open(LocalRoot root, ObjectLocation location, Action<string>? beforeOpen = null)
    {
        // Locations are public records; re-check the key rather than trust whoever built it.
        var path = root.FullPathOf(location.Key)
            ?? throw new ObjectSourceException(ObjectErrorKind.Refused, LocalUrls.Outside(location.Url, root));

        // Walking the links first means an ordinary escaping symlink is never even opened (opening some
        // devices has side effects); the handle check below is what holds against a racing swap.
        if (!root.ReallyContains(RealPaths.Resolve(path)))
        {
            throw new ObjectSourceException(ObjectErrorKind.Refused, LocalUrls.Outside(location.Url, root));
        }

        beforeOpen?.Invoke(path);
        var handle = OpenHandle(location, path);
        try
        {
            if (!root.ReallyContains(RealPathOf(handle, path)))
            {
                throw new ObjectSourceException(ObjectErrorKind.Refused, LocalUrls.Outside(location.Url, root));
            }

            if ((File.GetAttributes(handle) & FileAttributes.Directory) != 0)
            {
                throw Folder(location, path);
            }

            return new OpenedFile(handle, RandomAccess.GetLength(handle));
        }
        catch (NotSupportedException ex)
        {
            handle.Dispose();
            throw new ObjectSourceException(
                ObjectErrorKind.Failed, $"{location.Url} is not a regular file (a pipe or a device; {path}); only regular files are read", ex);
        }
        catch (IOException ex)
        {
            handle.Dispose();
            throw Failed(location, path, ex);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public static ObjectSourceException Failed(ObjectLocation location, string path, Exception cause) =>
        new(ObjectErrorKind.Failed, $"Could not read {location.Url} ({path}): {cause.Message}", cause);

    internal static string RealPathOf(SafeFileHandle handle, string path)
    {
        if (HasProcFd)
        {
            // The kernel's own name for what we opened, whatever links and renames led there.
            var link = $"/proc/self/fd/{handle.DangerousGetHandle()}";
            try
            {
                if (new FileInfo(link).LinkTarget is { } target)
                {
                    return target;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Fall through to the path walk.
            }
        }

        return RealPaths.Resolve(path);
    }

    private static SafeFileHandle OpenHandle(ObjectLocation location, string path)
    {
        try
        {
            return NonBlockingOpen.TryOpen(path)
                ?? File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ObjectSourceException(
                ObjectErrorKind.NotFound, $"File not found: {location.Url} (looked for {path} under the integration root)", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            // File.OpenHandle reports a directory as access denied.
            throw Directory.Exists(path)
                ? Folder(location, path, ex)
                : new ObjectSourceException(
                    ObjectErrorKind.AccessDenied,
                    $"Permission denied reading {location.Url} ({path}); the Curio server's user needs read access",
                    ex);
        }
        catch (IOException ex)
        {
            throw Failed(location, path, ex);
        }
    }

    private static ObjectSourceException Folder(ObjectLocation location, string path, Exception? cause = null) =>
        new(ObjectErrorKind.NotFound, $"{location.Url} is a folder, not a file ({path})", cause);
}
