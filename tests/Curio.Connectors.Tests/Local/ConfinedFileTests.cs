using Curio.Connectors.Local;
using Curio.Connectors.Tests.Support;

namespace Curio.Connectors.Tests.Local;

public sealed class ConfinedFileTests : IDisposable
{
    private readonly TempDir _temp = new();

    [Fact]
    public void Real_path_comes_from_the_open_handle_not_the_path()
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/proc/self/fd"))
        {
            Assert.Skip("Needs /proc/self/fd.");
        }

        var target = _temp.Write("target.txt", [1, 2, 3]);
        var link = _temp.Combine("link.txt");
        File.CreateSymbolicLink(link, target);
        using var handle = File.OpenHandle(link);

        // Once the link is gone, a path walk could only echo the path back; the handle still knows the file.
        File.Delete(link);

        Assert.Equal(target, ConfinedFile.RealPathOf(handle, link));
    }

    [Fact]
    public void Swap_between_the_path_check_and_the_open_is_caught_on_the_handle()
    {
        var root = Directory.CreateDirectory(_temp.Combine("root")).FullName;
        var secret = _temp.Write("outside/secret.txt", [42]);
        _temp.Write("root/swap.txt", [1]);
        var location = new ObjectLocation("swap.txt", "swap.txt");
        var swapped = false;

        // The path walk has already passed when the file becomes a link to the outside.
        var error = Assert.Throws<ObjectSourceException>(() => ConfinedFile.Open(new LocalRoot(root), location, path =>
        {
            File.Delete(path);
            File.CreateSymbolicLink(path, secret);
            swapped = true;
        }));

        Assert.True(swapped);
        Assert.Equal(ObjectErrorKind.Refused, error.Kind);
    }

    [Fact]
    public void Regular_file_opens_with_its_length()
    {
        var root = Directory.CreateDirectory(_temp.Combine("plain")).FullName;
        _temp.Write("plain/a.bin", new byte[123]);

        using var file = ConfinedFile.Open(new LocalRoot(root), new ObjectLocation("a.bin", "a.bin"));

        Assert.Equal(123, file.Length);
    }

    [Fact]
    public async Task A_fifo_under_the_root_is_refused_without_hanging()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("Needs mkfifo.");
        }

        var root = Directory.CreateDirectory(_temp.Combine("pipes")).FullName;
        var fifo = Path.Join(root, "pipe");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo))
        {
            await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // A blocking open would never return; run it aside so a regression fails instead of hanging the run.
        var open = Task.Run(() => ConfinedFile.Open(new LocalRoot(root), new ObjectLocation("pipe", "pipe")), TestContext.Current.CancellationToken);
        var finished = await Task.WhenAny(open, Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));

        Assert.Same(open, finished);
        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => open);
        Assert.Equal(ObjectErrorKind.Failed, error.Kind);
        Assert.Contains("not a regular file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Linux_uses_the_non_blocking_open()
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture
            is not (System.Runtime.InteropServices.Architecture.X64 or System.Runtime.InteropServices.Architecture.Arm64))
        {
            Assert.Skip("The native open is used on Linux x64/arm64 only.");
        }

        var path = _temp.Write("n.bin", [1, 2]);

        using var handle = NonBlockingOpen.TryOpen(path);

        Assert.NotNull(handle);
        Assert.Throws<FileNotFoundException>(() => NonBlockingOpen.TryOpen(_temp.Combine("missing")));
    }

    public void Dispose() => _temp.Dispose();
}
