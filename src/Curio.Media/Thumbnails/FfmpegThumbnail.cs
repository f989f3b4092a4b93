using System.Globalization;
using Curio.Media.Sniffing;

namespace Curio.Media.Thumbnails;

/// <summary>The ffmpeg arguments that turn one decoded frame into a thumbnail. Pure, so the rules are tested without ffmpeg.</summary>
internal static class FfmpegThumbnail
{
    /// <summary>
    /// Orientation (still images only), scale to fit, transparent pixels laid on white (JPEG has no alpha, and black,
    /// what dropping alpha gives, hides dark drawings), then JPEG's full-range 4:2:0.
    /// </summary>
    /// <param name="size">The longest side; smaller frames keep their size.</param>
    /// <param name="orientation">EXIF orientation 1..8 of a still image, applied here (see <see cref="OrientationFilter"/>).</param>
    /// <param name="honourSampleAspect">Video: stretch non-square pixels to their display shape first.</param>
    /// <param name="before">Filters that come first (the plane order of raw DICOM input).</param>
    public static string Filter(int size, int? orientation, bool honourSampleAspect, string? before = null)
    {
        var s = size.ToString(CultureInfo.InvariantCulture);
        var width = honourSampleAspect ? "iw*sar" : "iw";
        var scale = $"scale=w='max(1,round({width}*min(1,{s}/max({width},ih))))':h='max(1,round(ih*min(1,{s}/max({width},ih))))':flags=area";
        var steps = new List<string>();
        if (before is not null)
        {
            steps.Add(before);
        }

        if (OrientationFilter(orientation) is { } turn)
        {
            steps.Add(turn);
        }

        steps.Add(scale);
        steps.Add("format=rgba,split[fg][under];[under]drawbox=x=0:y=0:w=iw:h=ih:c=white:t=fill[bg];[bg][fg]overlay=format=auto,format=yuvj420p,setsar=1");
        return string.Join(',', steps);
    }

    /// <summary>
    /// The filter that shows a still image the way its EXIF orientation says. ffmpeg is run with <c>-noautorotate</c>
    /// and this is applied instead: ffmpeg 5.1 turns JPEGs by their EXIF rotation but ignores the mirrored orientations
    /// and TIFF's tag, and later versions change that again; doing it ourselves gives the same picture everywhere.
    /// </summary>
    public static string? OrientationFilter(int? orientation) => orientation switch
    {
        2 => "hflip",
        3 => "hflip,vflip",
        4 => "vflip",
        5 => "transpose=cclock_flip",
        6 => "transpose=clock",
        7 => "transpose=clock_flip",
        8 => "transpose=cclock",
        _ => null,
    };

    /// <summary>The size <see cref="Filter"/> gives a frame of <paramref name="width"/> x <paramref name="height"/> square pixels.</summary>
    public static (int Width, int Height) Fit(int width, int height, int size)
    {
        var k = Math.Min(1.0, (double)size / Math.Max(width, height));
        return ((int)Math.Max(1, Math.Round(width * k, MidpointRounding.AwayFromZero)), (int)Math.Max(1, Math.Round(height * k, MidpointRounding.AwayFromZero)));
    }

    /// <summary>Options that go before every input: quiet, one thread (the server runs several renders at once), no stdin prompts.</summary>
    public static IEnumerable<string> Start() => ["-hide_banner", "-v", "error", "-threads", "1", "-filter_threads", "1"];

    /// <summary>One JPEG frame to standard output.</summary>
    public static IEnumerable<string> Output(string filter, int quality) =>
    [
        "-filter_complex", filter, "-frames:v", "1", "-an", "-sn", "-dn",
        "-f", "image2pipe", "-c:v", "mjpeg", "-q:v", quality.ToString(CultureInfo.InvariantCulture), "pipe:1",
    ];

    /// <summary>
    /// ffmpeg's demuxer for a sniffed image type. The demuxer is named rather than guessed by ffmpeg, so a file that
    /// claims to be an image cannot make ffmpeg read it as a playlist that names other files.
    /// </summary>
    public static string? ImageDemuxer(string mimeType) => mimeType switch
    {
        MimeTypes.Jpeg => "jpeg_pipe",
        MimeTypes.Png => "png_pipe",
        MimeTypes.Gif => "gif",
        MimeTypes.WebP => "webp_pipe",
        MimeTypes.Bmp => "bmp_pipe",
        MimeTypes.Tiff => "tiff_pipe",
        MimeTypes.Ico => "ico",
        MimeTypes.J2c or MimeTypes.Jp2 => "j2k_pipe",
        _ => null,
    };

    /// <summary>ffmpeg's demuxer for a sniffed video container; see <see cref="ImageDemuxer"/> for why it is named.</summary>
    public static string? VideoDemuxer(string mimeType) => mimeType switch
    {
        MimeTypes.Mp4 or MimeTypes.QuickTime or MimeTypes.ThreeGpp or MimeTypes.ThreeGpp2 or MimeTypes.MotionJpeg2000 => "mov",
        MimeTypes.WebM or MimeTypes.Matroska => "matroska",
        MimeTypes.Avi => "avi",
        MimeTypes.MpegTs => "mpegts",
        MimeTypes.MpegPs => "mpeg",
        MimeTypes.Flv => "flv",
        MimeTypes.Asf => "asf",
        MimeTypes.OggVideo => "ogg",
        _ => null,
    };
}
