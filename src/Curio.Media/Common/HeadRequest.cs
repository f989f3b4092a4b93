namespace Curio.Media.Common;

/// <summary>
/// Turns a parser's bare "I need the first N bytes" into a request the caller can act on, or into a failure when
/// the file or the cap ends first. The same rules as <see cref="ImageHeaderReader"/>: requests grow in 64 KiB steps,
/// never pass the object's size, and never pass <see cref="MaxHeadBytes"/>.
/// </summary>
internal static class HeadRequest
{
    public const int MaxHeadBytes = 16 * 1024 * 1024;
    public const int Granularity = 64 * 1024;

    public static HeaderResult<T> Settle<T>(long needed, int have, long totalSize, string name)
        where T : class
    {
        if (needed <= have)
        {
            return HeaderResult<T>.Invalid($"the {name} header could not be read");
        }

        if (totalSize >= 0 && needed > totalSize)
        {
            return HeaderResult<T>.Invalid($"the {name} header is truncated");
        }

        if (needed > MaxHeadBytes)
        {
            return HeaderResult<T>.Invalid($"the {name} header does not end within the first 16 MiB");
        }

        var request = (needed + Granularity - 1) / Granularity * Granularity;
        request = Math.Min(request, MaxHeadBytes);
        if (totalSize >= 0)
        {
            request = Math.Min(request, totalSize);
        }

        return HeaderResult<T>.NeedHead((int)request);
    }

    /// <summary>True when the bytes given are the whole object (a size that is unknown never counts as reached).</summary>
    public static bool IsWholeFile(int have, long totalSize) => totalSize >= 0 && have >= totalSize;
}
