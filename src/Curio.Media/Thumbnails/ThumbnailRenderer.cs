using System.Globalization;
using Curio.Media.Common;
using Curio.Media.Dicom;
using Curio.Media.Probing;
using Microsoft.Win32.SafeHandles;

namespace Curio.Media.Thumbnails;

/// <summary>A file to render.</summary>
/// <param name="Path">An absolute path that ffmpeg may open (a local file, or a download in a temporary file).</param>
/// <param name="Truncated">The file is only the first bytes of a larger object (a video too large to download whole).</param>
/// <param name="Duration">A video's duration in seconds when already known; otherwise ffprobe is asked.</param>
public sealed record ThumbnailInput(string Path, bool Truncated = false, double? Duration = null);

/// <summary>
/// Renders a JPEG thumbnail of an image, a video (a poster frame) or a DICOM image with ffmpeg, run as a child
/// process: hostile files are decoded outside the server's process with a time limit, and one tool covers every
/// format. What the file is comes from its own bytes (<see cref="MediaSniffer"/>), never from its name; audio, text,
/// PDF and NIfTI get no thumbnail.
/// </summary>
public sealed class ThumbnailRenderer(ThumbnailRenderOptions? options = null)
{
    private const int HeadBytes = 64 * 1024;
    private const int ChunkBytes = 1024 * 1024;

    // Below this a clip is too short for "a tenth of the way in" to matter: its first frame is the poster.
    private const double ShortClipSeconds = 1;

    private readonly ThumbnailRenderOptions _options = options ?? new ThumbnailRenderOptions();

    public ThumbnailRenderOptions Options => _options;

    /// <summary>The thumbnail's JPEG bytes; a <see cref="ThumbnailException"/> says why there is none.</summary>
    public async Task<byte[]> RenderAsync(ThumbnailInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!System.IO.Path.IsPathFullyQualified(input.Path))
        {
            throw new ArgumentException($"'{input.Path}' is not an absolute path.", nameof(input));
        }

        using var file = Open(input.Path);
        var length = RandomAccess.GetLength(file);
        var head = await ReadAsync(file, 0, (int)Math.Min(length, HeadBytes), cancellationToken);
        var sniff = MediaSniffer.Sniff(head, input.Truncated ? -1 : length);
        return sniff.Category switch
        {
            MediaCategory.Empty => throw ThumbnailException.Failed("The file is empty (0 bytes): there is nothing to render."),
            MediaCategory.Image => await ImageAsync(input, file, length, head, sniff.MimeType, cancellationToken),
            MediaCategory.Video => await VideoAsync(input, sniff.MimeType, cancellationToken),
            MediaCategory.Dicom => await DicomAsync(file, length, head, cancellationToken),
            MediaCategory.Audio or MediaCategory.Text or MediaCategory.Pdf or MediaCategory.Nifti =>
                throw ThumbnailException.Unsupported($"No thumbnail for {sniff.MimeType} files: only images, videos and DICOM images have one."),
            _ => throw ThumbnailException.Failed("The file is not an image, a video or a DICOM file that Curio recognises, so it has no thumbnail."),
        };
    }

    private async Task<byte[]> ImageAsync(ThumbnailInput input, SafeFileHandle file, long length, byte[] head, string mimeType, CancellationToken cancellationToken)
    {
        var header = ImageHeaderReader.Read(head, length);
        while (header.Status == ImageHeaderStatus.NeedMoreBytes && header.BytesNeeded > head.Length)
        {
            head = await ReadAsync(file, 0, (int)Math.Min(length, header.BytesNeeded), cancellationToken);
            header = ImageHeaderReader.Read(head, length);
        }

        switch (header.Status)
        {
            case ImageHeaderStatus.Unsupported:
                throw ThumbnailException.Unsupported($"No thumbnail for {mimeType} images: {header.Reason}");
            case ImageHeaderStatus.Ok when (long)header.Width * header.Height > _options.MaxPixels:
                // The decompression bomb case: a few kilobytes that declare gigapixels. Refused before anything decodes.
                throw ThumbnailException.Failed(
                    $"The image is {header.Width}x{header.Height} pixels, more than the {_options.MaxPixels.ToString("N0", CultureInfo.InvariantCulture)} pixels thumbnails decode.");
            case ImageHeaderStatus.Ok:
                break;
            default:
                throw ThumbnailException.Failed($"The image cannot be read: {header.Reason ?? "its header does not end"}.");
        }

        var demuxer = FfmpegThumbnail.ImageDemuxer(mimeType)
            ?? throw ThumbnailException.Unsupported($"No thumbnail for {mimeType} images: the server's ffmpeg is not asked to decode them.");
        string[] arguments =
        [
            .. FfmpegThumbnail.Start(), "-nostdin", "-noautorotate", "-protocol_whitelist", "file", "-max_pixels", MaxPixelsArgument,
            "-f", demuxer, "-i", "file:" + input.Path,
            .. FfmpegThumbnail.Output(FfmpegThumbnail.Filter(_options.Size, header.Orientation, honourSampleAspect: false), _options.Quality),
        ];
        return await FfmpegAsync(arguments, null, "the image", cancellationToken)
            ?? throw ThumbnailException.Failed("ffmpeg decoded no picture from the image.");
    }

    private async Task<byte[]> VideoAsync(ThumbnailInput input, string mimeType, CancellationToken cancellationToken)
    {
        var demuxer = FfmpegThumbnail.VideoDemuxer(mimeType)
            ?? throw ThumbnailException.Unsupported($"No thumbnail for {mimeType} videos: the server's ffmpeg is not asked to read them.");
        var at = input.Truncated ? 0 : PosterSeconds(input.Duration ?? await DurationAsync(input.Path, cancellationToken));
        var poster = await PosterAsync(input.Path, demuxer, at, cancellationToken);
        if (poster is null && at > 0)
        {
            // A duration that overstated the stream, or a seek that found no frame: the first frame is still a poster.
            poster = await PosterAsync(input.Path, demuxer, 0, cancellationToken);
        }

        return poster ?? throw ThumbnailException.Failed(input.Truncated
            ? "ffmpeg found no picture in the part of the video that was downloaded (a video whose index is at its end needs the whole file); see MaxSourceBytes."
            : "ffmpeg decoded no picture from the video: it has no video stream, or none that decodes.");
    }

    /// <summary>A tenth of the way in, past fades from black and title cards; the first frame for short clips.</summary>
    internal static double PosterSeconds(double? duration) => duration is >= ShortClipSeconds ? duration.Value / 10 : 0;

    private async Task<byte[]?> PosterAsync(string path, string demuxer, double seconds, CancellationToken cancellationToken)
    {
        var seek = seconds > 0 ? new[] { "-ss", seconds.ToString("0.###", CultureInfo.InvariantCulture) } : [];
        string[] arguments =
        [
            .. FfmpegThumbnail.Start(), "-nostdin", "-protocol_whitelist", "file", "-max_pixels", MaxPixelsArgument,
            .. seek, "-f", demuxer, "-i", "file:" + path,
            .. FfmpegThumbnail.Output(FfmpegThumbnail.Filter(_options.Size, null, honourSampleAspect: true), _options.Quality),
        ];
        try
        {
            return await FfmpegAsync(arguments, null, "the video", cancellationToken);
        }
        catch (ThumbnailException) when (seconds > 0)
        {
            return null;
        }
    }

    private async Task<double?> DurationAsync(string path, CancellationToken cancellationToken)
    {
        var prober = new FfprobeProber(new FfprobeOptions { Executable = _options.FfprobeExecutable, Timeout = _options.Timeout });
        try
        {
            return (await prober.ProbeAsync(path, keyFrames: false, cancellationToken)).Duration;
        }
        catch (MediaProbeException ex)
        {
            throw ThumbnailException.Failed(ex.Message, ex);
        }
    }

    private async Task<byte[]> DicomAsync(SafeFileHandle file, long length, byte[] head, CancellationToken cancellationToken)
    {
        var result = DicomHeaderReader.Read(head, length);
        while (result.Status == DicomHeaderStatus.NeedMoreBytes && result.BytesNeeded > head.Length)
        {
            head = await ReadAsync(file, 0, (int)Math.Min(length, result.BytesNeeded), cancellationToken);
            result = DicomHeaderReader.Read(head, length);
        }

        var header = result.Status switch
        {
            DicomHeaderStatus.Ok => result.Header!,
            DicomHeaderStatus.Unsupported => throw ThumbnailException.Unsupported($"No thumbnail for this DICOM file: {result.Reason}."),
            _ => throw ThumbnailException.Failed($"The DICOM file cannot be read: {result.Reason ?? "its header does not end"}."),
        };
        if (!DicomTransferSyntax.IsNative(header.TransferSyntaxUid))
        {
            return await DicomCodestreamAsync(file, header, cancellationToken);
        }

        var slice = DicomSlice.For(header, _options.MaxPixels);
        var start = header.PixelDataValueOffset!.Value;
        if (slice.NeedsRange)
        {
            await ForEachChunkAsync(file, start, slice, (chunk, _) =>
            {
                slice.Observe(chunk.Span);
                return ValueTask.CompletedTask;
            }, cancellationToken);
        }

        string[] arguments =
        [
            .. FfmpegThumbnail.Start(), "-protocol_whitelist", "pipe",
            "-f", "rawvideo", "-pix_fmt", slice.PixelFormat, "-video_size", $"{slice.Width}x{slice.Height}", "-i", "pipe:0",
            .. FfmpegThumbnail.Output(FfmpegThumbnail.Filter(_options.Size, null, honourSampleAspect: false, slice.PlaneOrder), _options.Quality),
        ];
        return await FfmpegAsync(arguments, (stdin, token) => WriteSliceAsync(file, start, slice, stdin, token), "the DICOM image", cancellationToken)
            ?? throw ThumbnailException.Failed("ffmpeg made no picture from the DICOM pixels.");
    }

    private async Task<byte[]> DicomCodestreamAsync(SafeFileHandle file, DicomHeader header, CancellationToken cancellationToken)
    {
        var codestream = DicomCodestream.For(header, _options.MaxPixels);
        var fragments = await DicomCodestream.FirstFrameAsync(header.PixelDataValueOffset!.Value, header.FrameCount, _options.MaxOutputBytes * 16L,
            (offset, count) => ReadAsync(file, offset, count, cancellationToken));
        string[] arguments =
        [
            .. FfmpegThumbnail.Start(), "-protocol_whitelist", "pipe", "-max_pixels", MaxPixelsArgument,
            "-f", DicomCodestream.Demuxer, "-i", "pipe:0",
            .. FfmpegThumbnail.Output(FfmpegThumbnail.Filter(_options.Size, null, honourSampleAspect: false, codestream.Invert ? "negate" : null), _options.Quality),
        ];
        return await FfmpegAsync(arguments, async (stdin, token) =>
            {
                var buffer = new byte[ChunkBytes];
                foreach (var (offset, length) in fragments)
                {
                    for (var done = 0; done < length;)
                    {
                        var read = await FillAsync(file, offset + done, buffer.AsMemory(0, Math.Min(buffer.Length, length - done)), token);
                        if (read == 0)
                        {
                            return;
                        }

                        await stdin.WriteAsync(buffer.AsMemory(0, read), token);
                        done += read;
                    }
                }
            }, "the compressed DICOM image", cancellationToken)
            ?? throw ThumbnailException.Failed("ffmpeg made no picture from the DICOM codestream.");
    }

    private static async Task WriteSliceAsync(SafeFileHandle file, long start, DicomSlice slice, Stream stdin, CancellationToken cancellationToken)
    {
        var converted = new byte[ChunkBytes];
        await ForEachChunkAsync(file, start, slice, async (chunk, token) =>
        {
            var count = chunk.Length / slice.SampleBytes;
            slice.Convert(chunk.Span, converted);
            await stdin.WriteAsync(converted.AsMemory(0, count), token);
        }, cancellationToken);
    }

    private static async Task ForEachChunkAsync(
        SafeFileHandle file, long start, DicomSlice slice, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> action, CancellationToken cancellationToken)
    {
        var buffer = new byte[ChunkBytes];
        for (long done = 0; done < slice.FrameBytes;)
        {
            var want = (int)Math.Min(buffer.Length, slice.FrameBytes - done);
            var read = await FillAsync(file, start + done, buffer.AsMemory(0, want), cancellationToken);
            if (read < want)
            {
                throw ThumbnailException.Failed("The DICOM file ends inside its pixel data.");
            }

            await action(buffer.AsMemory(0, read), cancellationToken);
            done += read;
        }
    }

    private string MaxPixelsArgument => Math.Min(_options.MaxPixels, int.MaxValue).ToString(CultureInfo.InvariantCulture);

    /// <summary>ffmpeg's JPEG, or null when it exited cleanly without writing one (a seek past the last frame).</summary>
    private async Task<byte[]?> FfmpegAsync(
        IReadOnlyList<string> arguments, Func<Stream, CancellationToken, Task>? input, string what, CancellationToken cancellationToken)
    {
        var run = await ChildProcess.RunAsync(
            new ChildProcessRequest(_options.FfmpegExecutable, arguments, _options.Timeout, _options.MaxOutputBytes) { WriteInput = input },
            cancellationToken);
        return run.Status switch
        {
            ChildProcessStatus.NotStarted => throw ThumbnailException.Failed(
                $"ffmpeg could not be started ({run.Errors}); install Debian's ffmpeg package or set Curio:Thumbnails:FfmpegPath."),
            ChildProcessStatus.TimedOut => throw ThumbnailException.Failed(
                $"ffmpeg did not render {what} within {_options.Timeout.TotalSeconds:0.###} s; the file may be damaged or hostile."),
            ChildProcessStatus.OutputTooLarge => throw ThumbnailException.Failed(
                $"ffmpeg wrote a thumbnail of {what} larger than {_options.MaxOutputBytes / (1024 * 1024)} MiB."),
            _ when run.ExitCode != 0 => throw ThumbnailException.Failed($"ffmpeg cannot render {what}: {run.FirstErrorLine}"),
            _ => run.Output.Length > 0 ? run.Output : null,
        };
    }

    private static SafeFileHandle Open(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw ThumbnailException.Failed($"The file to render cannot be opened: {ex.Message}", ex);
        }
    }

    private static async Task<byte[]> ReadAsync(SafeFileHandle file, long offset, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        var read = await FillAsync(file, offset, buffer, cancellationToken);
        return read == count ? buffer : buffer[..read];
    }

    private static async Task<int> FillAsync(SafeFileHandle file, long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await RandomAccess.ReadAsync(file, buffer[total..], offset + total, cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
