namespace Curio.Media.Thumbnails;

/// <summary>How thumbnails are rendered.</summary>
public sealed record ThumbnailRenderOptions
{
    /// <summary>Debian's ffmpeg package installs /usr/bin/ffmpeg.</summary>
    public string FfmpegExecutable { get; init; } = "ffmpeg";

    /// <summary>Used for a video's duration when the caller does not know it.</summary>
    public string FfprobeExecutable { get; init; } = "ffprobe";

    /// <summary>The longest side of a thumbnail in pixels; smaller pictures are not enlarged.</summary>
    public int Size { get; init; } = 256;

    /// <summary>ffmpeg's JPEG quantizer (<c>-q:v</c>), 2 (best) to 31 (smallest).</summary>
    public int Quality { get; init; } = 5;

    /// <summary>One ffmpeg (or ffprobe) run; a file that makes it hang costs at most this.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Largest picture decoded, in pixels (width x height). Checked against the header before ffmpeg starts, and passed
    /// to ffmpeg as <c>-max_pixels</c> for what our header readers do not see, so a decompression bomb fails fast.
    /// </summary>
    public long MaxPixels { get; init; } = 100_000_000;

    /// <summary>Largest thumbnail accepted from ffmpeg.</summary>
    public int MaxOutputBytes { get; init; } = 16 * 1024 * 1024;
}
