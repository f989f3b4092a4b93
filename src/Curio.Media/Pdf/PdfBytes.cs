namespace Curio.Media.Pdf;

/// <summary>
/// The parts of a PDF the caller has read, as disjoint segments at their file offsets (overlapping or touching
/// ranges are merged, which copies them once). Asking for bytes that are missing throws
/// <see cref="PdfNeedBytesException"/> with a range that starts where the known bytes stop.
/// </summary>
internal sealed class PdfBytes
{
    public const int MinRequest = 64 * 1024;
    public const int MaxRequest = 4 * 1024 * 1024;

    private readonly List<(long Start, ReadOnlyMemory<byte> Bytes)> _segments = [];

    public PdfBytes(IReadOnlyList<ByteRange> ranges, long size)
    {
        Size = size;
        var sorted = ranges.Where(r => r.Offset >= 0 && r.Offset < size && !r.Bytes.IsEmpty)
            .Select(r => (r.Offset, Bytes: r.Bytes[..(int)Math.Min(r.Bytes.Length, size - r.Offset)]))
            .OrderBy(r => r.Offset)
            .ToList();
        foreach (var (offset, bytes) in sorted)
        {
            if (_segments.Count > 0 && offset <= _segments[^1].Start + _segments[^1].Bytes.Length)
            {
                var (start, previous) = _segments[^1];
                var end = Math.Max(start + previous.Length, offset + bytes.Length);
                if (end == start + previous.Length)
                {
                    continue;
                }

                var merged = new byte[end - start];
                previous.CopyTo(merged);
                bytes.CopyTo(merged.AsMemory((int)(offset - start)));
                _segments[^1] = (start, merged);
            }
            else
            {
                _segments.Add((offset, bytes));
            }
        }
    }

    public long Size { get; }

    public bool IsWhole => _segments.Count == 1 && _segments[0].Start == 0 && _segments[0].Bytes.Length == Size;

    /// <summary>The bytes from <paramref name="offset"/> to the end of the segment holding it; empty when none does.</summary>
    public ReadOnlySpan<byte> From(long offset) => FromMemory(offset).Span;

    public ReadOnlyMemory<byte> FromMemory(long offset)
    {
        foreach (var (start, bytes) in _segments)
        {
            if (offset >= start && offset < start + bytes.Length)
            {
                return bytes[(int)(offset - start)..];
            }
        }

        return ReadOnlyMemory<byte>.Empty;
    }

    /// <summary>The segment that ends the file, if the caller read the end.</summary>
    public bool TryGetEnd(out long start, out ReadOnlySpan<byte> bytes)
    {
        if (_segments.Count > 0 && _segments[^1].Start + _segments[^1].Bytes.Length == Size)
        {
            start = _segments[^1].Start;
            bytes = _segments[^1].Bytes.Span;
            return true;
        }

        start = 0;
        bytes = default;
        return false;
    }

    /// <summary>The first <paramref name="length"/> bytes at <paramref name="offset"/>, or a request for what is missing of them.</summary>
    public ReadOnlySpan<byte> Require(long offset, long length)
    {
        length = Math.Min(length, Size - offset);
        var span = From(offset);
        if (span.Length >= length)
        {
            return span[..(int)Math.Max(length, 0)];
        }

        throw Need(offset, length);
    }

    /// <summary>
    /// A request for the bytes after those known from <paramref name="offset"/>, so that at least
    /// <paramref name="atLeast"/> are known from there, grown to a sensible read and clipped to the file; or, when the
    /// file ends first, the verdict that it is cut short.
    /// </summary>
    public Exception Need(long offset, long atLeast)
    {
        var have = From(offset).Length;
        var start = offset + have;
        if (start >= Size || offset < 0)
        {
            return new PdfBrokenException("the file ends inside an object");
        }

        var length = Math.Clamp(Math.Max(atLeast - have, have), MinRequest, MaxRequest);
        return new PdfNeedBytesException(start, Math.Min(length, Size - start));
    }
}
