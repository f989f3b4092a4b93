using System.Buffers;
using System.Text;

namespace Curio.Media.Pdf;

/// <summary>
/// Reads a PDF's version and page count from as little of the file as it can. Pass the head and the tail (the last
/// <see cref="TailBytes"/>): a linearized file answers from its head (<c>/N</c>), any other from the page tree root
/// its trailer leads to, wherever that lies. When an object lies outside what was given, the answer is
/// <see cref="HeaderStatus.NeedMoreBytes"/> with a range anywhere in the file (<see cref="HeaderResult{T}.RangeStart"/>,
/// <see cref="HeaderResult{T}.BytesNeeded"/>); read it, add it to the ranges and call again. Each request is for bytes
/// not yet given, at most 4 MiB, and after <see cref="MaxRanges"/> ranges the page count is reported unknown rather
/// than asked for again.
/// <para>
/// Objects inside compressed object streams (PDF 1.5+) are read by inflating at most 1 MiB of the stream. A page
/// count that cannot be had within these limits, or that sits in an encrypted object stream, is null with a note:
/// the PDF itself is not at fault. When the cross-reference data is broken, a file of at most
/// <see cref="MaxScanBytes"/> is read whole and its <c>/Type /Page</c> objects counted. A file whose end has no
/// <c>startxref</c> is truncated, and a page count above <see cref="MaxPageCount"/> (or above one page per byte)
/// is not believed: both are <see cref="HeaderStatus.Invalid"/>.
/// </para>
/// </summary>
public static class PdfInfoReader
{
    public const int TailBytes = 64 * 1024;
    public const int MaxRanges = 16;
    public const int MaxScanBytes = 4 * 1024 * 1024;
    public const int MaxPageCount = 10_000_000;

    // The linearization dictionary must lie within the first 1024 bytes.
    private const int LinearizationWindow = 4096;
    private const int HeaderWindow = 1024 + 8;

    private static readonly SearchValues<byte> Whitespace = SearchValues.Create([0, 9, 10, 12, 13, 32]);

    /// <param name="head">The start of the file (64 KiB is a good size), or all of it.</param>
    /// <param name="tail">The end of the file (<see cref="TailBytes"/>); may be empty when the head is the whole file.</param>
    /// <param name="totalSize">The object's size; it must be known.</param>
    public static HeaderResult<PdfInfo> Read(ReadOnlyMemory<byte> head, ReadOnlyMemory<byte> tail, long totalSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(totalSize);
        return Read([new ByteRange(0, head), new ByteRange(Math.Max(0, totalSize - tail.Length), tail)], totalSize);
    }

    /// <param name="ranges">Every range read so far: the head, the tail, and whatever earlier calls asked for.</param>
    /// <param name="totalSize">The object's size; it must be known.</param>
    public static HeaderResult<PdfInfo> Read(IReadOnlyList<ByteRange> ranges, long totalSize)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        ArgumentOutOfRangeException.ThrowIfNegative(totalSize);
        if (totalSize == 0)
        {
            return HeaderResult<PdfInfo>.Invalid("the file is empty");
        }

        var bytes = new PdfBytes(ranges, totalSize);
        // Readers accept up to 1 KiB of junk before the header.
        var head = bytes.From(0);
        var at = head[..Math.Min(head.Length, HeaderWindow)].IndexOf("%PDF-"u8);
        if ((at < 0 || head.Length < at + 8) && head.Length < Math.Min(totalSize, HeaderWindow))
        {
            return Request(bytes.Need(0, HeaderWindow), ranges.Count);
        }

        if (at is < 0 or > 1024)
        {
            return HeaderResult<PdfInfo>.Invalid("not a PDF: there is no %PDF- header");
        }

        var version = Version(head[(at + 5)..]);
        if (version is null)
        {
            return HeaderResult<PdfInfo>.Invalid("not a PDF: the %PDF- header has no version");
        }

        var info = new PdfInfo
        {
            Size = totalSize,
            Version = version,
            PageCount = null,
            PageCountSource = PdfPageCountSource.Unknown,
            IsLinearized = false,
            IsEncrypted = false,
        };

        var linearized = Linearization(head[at..Math.Min(head.Length, at + LinearizationWindow)], totalSize);
        info = info with { IsLinearized = linearized is not null };
        if (linearized is { } n)
        {
            return Counted(info, n, PdfPageCountSource.Linearization);
        }

        try
        {
            var document = PdfDocument.Open(bytes);
            info = info with { IsEncrypted = document.IsEncrypted };
            var catalog = document.Resolve(document.Trailer()["Root"]) as PdfDict ?? throw new PdfBrokenException("the /Root catalog is not a dictionary");
            if (catalog["Version"] is PdfName { Value: var catalogVersion } && Version(Encoding.ASCII.GetBytes(catalogVersion)) is { } later
                && string.CompareOrdinal(later, info.Version) > 0)
            {
                info = info with { Version = later };
            }

            var pages = document.Resolve(catalog["Pages"]) as PdfDict ?? throw new PdfBrokenException("the catalog has no /Pages tree");
            var count = document.Resolve(pages["Count"]) as PdfInteger ?? throw new PdfBrokenException("the page tree root has no /Count");
            return Counted(info, count.Value, PdfPageCountSource.PageTree);
        }
        catch (PdfNeedBytesException need)
        {
            return ranges.Count < MaxRanges
                ? HeaderResult<PdfInfo>.NeedRange(need.Start, (int)need.Length)
                : Unknown(info, $"the page tree is spread over more than the {MaxRanges} ranges the reader fetches");
        }
        catch (PdfUnknownException unknown)
        {
            return Unknown(info, unknown.Message);
        }
        catch (PdfTruncatedException truncated)
        {
            return HeaderResult<PdfInfo>.Invalid(truncated.Message);
        }
        catch (PdfBrokenException broken)
        {
            return Scan(bytes, info, broken.Message, ranges.Count);
        }
    }

    private static HeaderResult<PdfInfo> Counted(PdfInfo info, long count, PdfPageCountSource source)
    {
        if (count < 0)
        {
            return HeaderResult<PdfInfo>.Invalid($"the PDF declares {count} pages");
        }

        if (count > MaxPageCount || count > info.Size)
        {
            return HeaderResult<PdfInfo>.Invalid($"the PDF declares {count} pages, more than a file of {info.Size} bytes can hold");
        }

        return HeaderResult<PdfInfo>.Ok(info with { PageCount = (int)count, PageCountSource = source });
    }

    private static HeaderResult<PdfInfo> Unknown(PdfInfo info, string note) =>
        HeaderResult<PdfInfo>.Ok(info with { PageCount = null, PageCountSource = PdfPageCountSource.Unknown, PageCountNote = $"page count unknown: {note}" });

    // Broken cross-reference data: count the page objects of a small file, read whole.
    private static HeaderResult<PdfInfo> Scan(PdfBytes bytes, PdfInfo info, string reason, int rangeCount)
    {
        if (!bytes.IsWhole)
        {
            return bytes.Size <= MaxScanBytes && rangeCount < MaxRanges
                ? Request(bytes.Need(0, bytes.Size), rangeCount)
                : Unknown(info, reason);
        }

        var pages = CountPageObjects(bytes.From(0));
        return pages > 0
            ? Counted(info with { PageCountNote = $"counted page objects: {reason}" }, pages, PdfPageCountSource.ObjectScan)
            : HeaderResult<PdfInfo>.Invalid($"the PDF has no readable page tree ({reason}) and no page objects");
    }

    private static HeaderResult<PdfInfo> Request(Exception need, int rangeCount) => need switch
    {
        PdfNeedBytesException range when rangeCount < MaxRanges => HeaderResult<PdfInfo>.NeedRange(range.Start, (int)range.Length),
        PdfNeedBytesException => HeaderResult<PdfInfo>.Invalid("the PDF header could not be read from the ranges given"),
        _ => HeaderResult<PdfInfo>.Invalid("the PDF is too short to hold a header"),
    };

    // "/Type /Page" (any spacing), but not "/Type /Pages".
    private static long CountPageObjects(ReadOnlySpan<byte> pdf)
    {
        long count = 0;
        for (var at = pdf.IndexOf("/Type"u8); at >= 0;)
        {
            var rest = pdf[(at + 5)..];
            var value = rest.IndexOfAnyExcept(Whitespace);
            if (value >= 0 && rest[value..].StartsWith("/Page"u8)
                && (rest.Length == value + 5 || !PdfParser.IsRegular(rest[value + 5])))
            {
                count++;
            }

            var next = rest.IndexOf("/Type"u8);
            at = next < 0 ? -1 : at + 5 + next;
        }

        return count;
    }

    /// <summary>The page count of a linearized file whose <c>/L</c> matches its size (an update after linearizing voids it).</summary>
    private static long? Linearization(ReadOnlySpan<byte> start, long totalSize)
    {
        try
        {
            var parser = new PdfParser(start, 0, null);
            parser.SkipSpace();
            if (parser.ReadIndirect(-1) is PdfDict dict && dict["Linearized"] is not null
                && dict["L"] is PdfInteger { Value: var length } && length == totalSize && dict["N"] is PdfInteger { Value: var pages })
            {
                return pages;
            }
        }
        catch (PdfBrokenException)
        {
            // Not a linearization dictionary (or none within reach): the page tree decides.
        }

        return null;
    }

    private static string? Version(ReadOnlySpan<byte> after) =>
        after.Length >= 3 && char.IsAsciiDigit((char)after[0]) && after[1] == '.' && char.IsAsciiDigit((char)after[2])
            ? Encoding.ASCII.GetString(after[..3])
            : null;
}
