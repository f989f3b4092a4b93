using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Curio.Connectors.Local;

/// <summary>
/// open(2) with O_NONBLOCK on Linux. A plain open of a FIFO blocks until a writer appears, and no cancellation
/// token can interrupt it; anyone able to create a FIFO under the root could hang a reader forever. With
/// O_NONBLOCK the open returns at once and the non-regular file is refused afterwards. Elsewhere (or where libc
/// cannot be loaded) callers fall back to <see cref="File.OpenHandle"/>.
/// </summary>
internal static class NonBlockingOpen
{
    // Generic Linux values, shared by x64 and arm64.
    private const int ReadOnly = 0;
    private const int NoControllingTerminal = 0x100;
    private const int NonBlocking = 0x800;
    private const int CloseOnExec = 0x80000;

    private const int NoSuchEntry = 2;
    private const int NotPermitted = 1;
    private const int AccessDenied = 13;
    private const int NotADirectory = 20;

    private static volatile bool _available =
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>The opened handle, or null when this platform needs the fallback. Failures throw the exceptions File.OpenHandle would.</summary>
    public static SafeFileHandle? TryOpen(string path)
    {
        if (!_available)
        {
            return null;
        }

        int fd;
        try
        {
            fd = Open(path, ReadOnly | NonBlocking | NoControllingTerminal | CloseOnExec);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            _available = false;
            return null;
        }

        if (fd >= 0)
        {
            return new SafeFileHandle(fd, ownsHandle: true);
        }

        var errno = Marshal.GetLastPInvokeError();
        var message = $"{Marshal.GetPInvokeErrorMessage(errno)}: '{path}'";
        throw errno switch
        {
            NoSuchEntry or NotADirectory => new FileNotFoundException(message, path),
            AccessDenied or NotPermitted => new UnauthorizedAccessException(message),
            _ => new IOException(message, errno),
        };
    }

    [DllImport("libc.so.6", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
}
