using Curio.Media.Images;
using Curio.Media.Sniffing;

namespace Curio.Media;

/// <summary>
/// Reads an image's width and height, and its orientation where the format has one, from its header without
/// decoding pixels. When the header runs past the bytes given, the result asks for more (never beyond
/// <see cref="MaxHeaderBytes"/>); the caller reads that many bytes from the start of the file and calls again.
/// </summary>
public static class ImageHeaderReader
{
    public const int MaxHeaderBytes = 16 * 1024 * 1024;

    // Requests are rounded up so a chain of 64 KiB JPEG segments does not cost one ranged read each.
    private const int RequestGranularity = 64 * 1024;

    // Enough for every signature the detector checks.
    private const int MinimumHead = 32;

    /// <param name="head">The start of the file, or all of it.</param>
    /// <param name="totalSize">The object's full size; a negative value means unknown.</param>
    public static ImageHeaderResult Read(ReadOnlySpan<byte> head, long totalSize)
    {
        var sizeKnown = totalSize >= 0;
        var isWholeFile = sizeKnown && head.Length >= totalSize;
        var (format, _) = ImageSignatures.Detect(head);
        if (format == ImageFormat.None)
        {
            if (!isWholeFile && head.Length < MinimumHead)
            {
                return Settle(ImageHeaderResult.NeedMoreBytes(sizeKnown ? (int)Math.Min(MinimumHead, totalSize) : MinimumHead), head.Length, totalSize, "image");
            }

            var sniffed = MediaSniffer.Sniff(head, totalSize);
            return sniffed.Category == MediaCategory.Image
                ? ImageHeaderResult.Unsupported($"the size of {sniffed.MimeType} images is not read from the header")
                : ImageHeaderResult.Invalid($"not an image: the bytes look like {sniffed.MimeType}");
        }

        var result = format switch
        {
            ImageFormat.Jpeg => JpegHeader.Read(head),
            ImageFormat.Png => SimpleHeaders.Png(head),
            ImageFormat.Gif => SimpleHeaders.Gif(head),
            ImageFormat.Bmp => SimpleHeaders.Bmp(head),
            ImageFormat.WebP => SimpleHeaders.WebP(head),
            ImageFormat.Ico => SimpleHeaders.Ico(head),
            ImageFormat.Tiff => TiffHeader.Read(head),
            ImageFormat.Heif => HeifHeader.Read(head),
            ImageFormat.Jp2 => Jpeg2000Header.ReadJp2(head),
            ImageFormat.J2c => Jpeg2000Header.ReadCodestream(head),
            ImageFormat.Jxl => JxlHeader.ReadCodestream(head),
            ImageFormat.JxlContainer => JxlHeader.ReadContainer(head),
            _ => ImageHeaderResult.Unsupported("this image format is not measured"),
        };

        return result.Status == ImageHeaderStatus.NeedMoreBytes
            ? Settle(result, head.Length, totalSize, Name(format))
            : result;
    }

    // Turns a parser's bare "need N bytes" into a request the caller can act on, or into a failure when the
    // file (or the cap) ends first. A request made only for the orientation, with the size already read, settles
    // for that size instead of failing: metadata that cannot be reached is absent, not an error.
    private static ImageHeaderResult Settle(ImageHeaderResult result, int have, long totalSize, string name)
    {
        var needed = result.BytesNeeded;
        var fallback = result.HasFallbackSize ? ImageHeaderResult.Ok(result.Width, result.Height) : (ImageHeaderResult?)null;
        if (needed <= have)
        {
            return fallback ?? ImageHeaderResult.Invalid($"the {name} header could not be read");
        }

        if (totalSize >= 0 && needed > totalSize)
        {
            return fallback ?? ImageHeaderResult.Invalid($"the {name} header is truncated");
        }

        if (needed > MaxHeaderBytes)
        {
            return fallback ?? ImageHeaderResult.Invalid($"the {name} header does not end within the first 16 MiB");
        }

        long request = (needed + (long)RequestGranularity - 1) / RequestGranularity * RequestGranularity;
        request = Math.Min(request, MaxHeaderBytes);
        if (totalSize >= 0)
        {
            request = Math.Min(request, totalSize);
        }

        return ImageHeaderResult.NeedMoreBytes((int)request);
    }

    private static string Name(ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => "JPEG",
        ImageFormat.Png => "PNG",
        ImageFormat.Gif => "GIF",
        ImageFormat.Bmp => "BMP",
        ImageFormat.WebP => "WebP",
        ImageFormat.Ico => "ICO",
        ImageFormat.Tiff => "TIFF",
        ImageFormat.Heif => "HEIF",
        ImageFormat.Jp2 or ImageFormat.J2c => "JPEG 2000",
        _ => "JPEG XL",
    };
}
