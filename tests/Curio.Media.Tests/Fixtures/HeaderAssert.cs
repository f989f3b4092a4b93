namespace Curio.Media.Tests.Fixtures;

/// <summary>Checks that a header reader's answer keeps the protocol, whatever the input.</summary>
internal static class HeaderAssert
{
    /// <summary>
    /// Ok carries a value; NeedMoreBytes asks for a longer head within the object and the 16 MiB cap; anything else
    /// says why. <paramref name="have"/> is how many bytes from the start the reader was given.
    /// </summary>
    public static void KeepsProtocol<T>(HeaderResult<T> result, int have, long totalSize)
        where T : class
    {
        var kept = result.Status switch
        {
            HeaderStatus.Ok => result.Value is not null && result.Reason is null,
            HeaderStatus.NeedMoreBytes => result.RangeStart == 0 && result.BytesNeeded > have
                && result.BytesNeeded <= 16 * 1024 * 1024 && (totalSize < 0 || result.BytesNeeded <= totalSize),
            _ => result.Value is null && !string.IsNullOrWhiteSpace(result.Reason),
        };

        // Formatting the message only on failure keeps the prefix sweeps fast.
        if (!kept)
        {
            Assert.Fail($"{result} breaks the protocol for {have} of {totalSize} bytes");
        }
    }

    /// <summary>Runs <paramref name="read"/> twice (the first warms up) and fails if the second allocated more than <paramref name="maxBytes"/> on this thread.</summary>
    public static TResult AllocatesLittle<TResult>(Func<TResult> read, long maxBytes = 512 * 1024)
    {
        read();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = read();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated <= maxBytes, $"allocated {allocated} bytes, more than {maxBytes}");
        return result;
    }
}

/// <summary>The repository's committed files (samples), found from the test's working directory.</summary>
internal static class Repo
{
    public static string Root { get; } = Find();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static byte[] Sample(params string[] parts) => File.ReadAllBytes(Path(["samples", .. parts]));

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Curio.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Curio.slnx) was not found above " + AppContext.BaseDirectory);
    }
}
