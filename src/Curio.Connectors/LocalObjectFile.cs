using Curio.Connectors.Local;
using Microsoft.Win32.SafeHandles;

namespace Curio.Connectors;

/// <summary>
/// An object of a local integration, opened and proven to live under the root, with a path that a child process
/// (ffmpeg) can open to read exactly that file. Keep it until the child is done: the path is only good while the
/// file stays open.
/// </summary>
public sealed class LocalObjectFile : IDisposable
{
    private readonly SafeFileHandle _handle;

    private LocalObjectFile(SafeFileHandle handle, string path, long length)
    {
        _handle = handle;
        Path = path;
        Length = length;
    }

    /// <summary>
    /// On Linux, <c>/proc/&lt;server pid&gt;/fd/&lt;n&gt;</c>: the child opens the very file the server checked, so
    /// swapping it for a symlink to somewhere else after the check changes nothing. Elsewhere, the checked real path.
    /// </summary>
    public string Path { get; }

    public long Length { get; }

    /// <summary>The object opened for a child process, or null when <paramref name="source"/> is not a local integration.</summary>
    /// <exception cref="ObjectSourceException">Not found, outside the root, not a regular file, no permission.</exception>
    public static LocalObjectFile? TryOpen(IObjectSource source, ObjectLocation location)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(location);
        if (source is not LocalObjectSource local)
        {
            return null;
        }

        var file = local.Open(location);
        var path = OperatingSystem.IsLinux() && Directory.Exists("/proc/self/fd")
            ? $"/proc/{Environment.ProcessId}/fd/{file.Handle.DangerousGetHandle()}"
            : ConfinedFile.RealPathOf(file.Handle, local.PathOf(location));
        return new LocalObjectFile(file.Handle, path, file.Length);
    }

    public void Dispose() => _handle.Dispose();
}
