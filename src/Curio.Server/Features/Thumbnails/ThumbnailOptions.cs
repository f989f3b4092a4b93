using System.ComponentModel.DataAnnotations;
using Curio.Media.Thumbnails;

namespace Curio.Server.Features.Thumbnails;

/// <summary>Configuration section <c>Curio:Thumbnails</c>; see docs/thumbnails.md.</summary>
public sealed class ThumbnailOptions
{
    /// <summary>Longest side in pixels; smaller pictures keep their size.</summary>
    [Range(16, 2048)]
    public int Size { get; set; } = 256;

    /// <summary>ffmpeg's JPEG quantizer: 2 (best) to 31 (smallest).</summary>
    [Range(2, 31)]
    public int Quality { get; set; } = 5;

    /// <summary>
    /// Largest object downloaded from a remote integration to render (local files are read in place). A larger image or
    /// DICOM file gets no thumbnail; of a larger video only the first this-many bytes are read, which gives a poster
    /// when the video's index is at its front.
    /// </summary>
    [Range(1024 * 1024, 1L << 40)]
    public long MaxSourceBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>Largest picture decoded (width x height); a decompression bomb is refused from its header.</summary>
    [Range(1_000_000, int.MaxValue)]
    public long MaxPixels { get; set; } = 100_000_000;

    /// <summary>One ffmpeg or ffprobe run.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Thumbnails rendered at once by this server (downloads included); further requests wait their turn.</summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 2;

    /// <summary>How long a failure is answered from memory before the file is tried again.</summary>
    [Range(0, 86_400)]
    public int RetryFailedAfterSeconds { get; set; } = 300;

    [Required]
    public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>Defaults to <c>ffprobe</c> in the folder of <see cref="FfmpegPath"/> (or on PATH).</summary>
    public string? FfprobePath { get; set; }

    public ThumbnailRenderOptions ToRenderOptions() => new()
    {
        FfmpegExecutable = FfmpegPath,
        FfprobeExecutable = FfprobePath ?? (Path.GetDirectoryName(FfmpegPath) is { Length: > 0 } folder ? Path.Combine(folder, "ffprobe") : "ffprobe"),
        Size = Size,
        Quality = Quality,
        Timeout = TimeSpan.FromSeconds(TimeoutSeconds),
        MaxPixels = MaxPixels,
    };
}
