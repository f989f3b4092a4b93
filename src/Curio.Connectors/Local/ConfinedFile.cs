using Microsoft.Win32.SafeHandles;

namespace Curio.Connectors.Local;

/// <summary>
/// Opens a file for a local integration and proves, before a byte is read, that the opened file really lives
/// under the root. Checking the opened handle (not the path) closes the race where a file is swapped for a
/// symlink between <see cref="IObjectSource.Resolve"/> and the read.
/// </summary>
internal static class ConfinedFile
{
    private static readonly bool HasProcFd = OperatingSystem.IsLinux() && Directory.Exists("/proc/self/fd");

    public static SafeFileHandle Open(LocalRoot root, ObjectLocation location)
    {
        // Locations are public records; re-check the key rather than trust whoever built it.
        var path = root.FullPathOf(location.Key)
            ?? throw new ObjectSourceException(ObjectErrorKind.Refused, LocalUrls.Outside(location.Url, root));

        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw NotFound(location, path, ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            // .NET reports opening a directory as access denied.
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

        try
        {
            var real = RealPathOf(handle, path);
            if (!root.ReallyContains(real))
            {
                throw new ObjectSourceException(ObjectErrorKind.Refused, LocalUrls.Outside(location.Url, root));
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public static ObjectSourceException NotFound(ObjectLocation location, string path, Exception? cause = null) =>
        new(ObjectErrorKind.NotFound, $"File not found: {location.Url} (looked for {path} under the integration root)", cause);

    public static ObjectSourceException Failed(ObjectLocation location, string path, Exception cause) =>
        new(ObjectErrorKind.Failed, $"Could not read {location.Url} ({path}): {cause.Message}", cause);

    private static ObjectSourceException Folder(ObjectLocation location, string path, Exception cause) =>
        new(ObjectErrorKind.NotFound, $"{location.Url} is a folder, not a file ({path})", cause);

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
}
