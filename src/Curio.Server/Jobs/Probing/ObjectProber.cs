using System.Text.Json.Nodes;
using Curio.Media;
using Curio.Media.Audio;
using Curio.Media.Dicom;
using Curio.Media.Nifti;
using Curio.Media.Pdf;
using Curio.Media.Probing;
using Curio.Media.Text;
using Curio.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Curio.Server.Jobs.Probing;

/// <summary>
/// Measures one object whose real type was already checked: images, DICOM, NIfTI, PDF, text and most audio from
/// their headers (ranged reads of what the reader asks for, never the whole object), video and the audio formats
/// without a cheap header (AAC, M4A, AIFF, ...) with ffprobe reading through the <see cref="RangeRelay"/>. A file the
/// readers find damaged, truncated or hostile fails its unit with the reader's reason.
/// </summary>
internal sealed class ObjectProber(FfprobeProber ffprobe, RangeRelay relay, IOptions<CurioOptions> options)
{
    // Header requests are answered in whole steps so a reader that asks byte by byte costs few round trips.
    private const int Step = 64 * 1024;

    public ValueTask<ObjectFacts> ProbeAsync(ObjectBytes file, MediaCategory category, string sniffedMime, CancellationToken cancellationToken) =>
        category switch
        {
            MediaCategory.Image => ImageAsync(file, sniffedMime, cancellationToken),
            MediaCategory.Video => VideoAsync(file, cancellationToken),
            MediaCategory.Audio => AudioAsync(file, cancellationToken),
            MediaCategory.Text => TextAsync(file, cancellationToken),
            MediaCategory.Pdf => PdfAsync(file, cancellationToken),
            MediaCategory.Nifti => NiftiAsync(file, cancellationToken),
            MediaCategory.Dicom => DicomAsync(file, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(category), category, "not a probed category"),
        };

    /// <summary>Width and height as displayed (EXIF orientation applied); the stored size and orientation go to the technical metadata.</summary>
    private static async ValueTask<ObjectFacts> ImageAsync(ObjectBytes file, string mime, CancellationToken cancellationToken)
    {
        while (true)
        {
            var header = ImageHeaderReader.Read(file.Head.Span, file.Size);
            switch (header.Status)
            {
                case ImageHeaderStatus.Ok:
                    var technical = header.Orientation is { } orientation and not 1
                        ? new JsonObject { ["orientation"] = orientation, ["storedWidth"] = header.Width, ["storedHeight"] = header.Height }
                        : null;
                    return new ObjectFacts { Size = Known(file.Size), MimeType = mime, Width = header.DisplayWidth, Height = header.DisplayHeight, Technical = technical };
                case ImageHeaderStatus.Unsupported:
                    return new ObjectFacts { Size = Known(file.Size), MimeType = mime }; // an SVG has no pixel size to read
                case ImageHeaderStatus.NeedMoreBytes when await file.GrowHeadAsync(header.BytesNeeded, cancellationToken):
                    break;
                case ImageHeaderStatus.NeedMoreBytes:
                    throw new UnitFailure($"The image header of {file.Url} is truncated. Replace the file.");
                default:
                    throw new UnitFailure($"The image {file.Url} is damaged: {header.Reason ?? "its header is truncated"}. Replace the file.");
            }
        }
    }

    private async ValueTask<ObjectFacts> VideoAsync(ObjectBytes file, CancellationToken cancellationToken)
    {
        var probe = await FfprobeAsync(file, keyFrames: options.Value.Probing.KeyFrames, cancellationToken);
        if (probe.Video is not { } video)
        {
            throw new UnitFailure($"{file.Url} has no video stream (ffprobe found a {probe.MimeType} container). List it under audio if it is a sound recording, or replace the file.");
        }

        var technical = new JsonObject { ["container"] = probe.Container, ["videoCodec"] = video.Codec };
        if (video.Rotation != 0)
        {
            // Width and height are as played, like an image's after its EXIF orientation.
            technical["rotation"] = video.Rotation;
            technical["storedWidth"] = video.Width;
            technical["storedHeight"] = video.Height;
        }

        if (video.KeyFrames is { } keys)
        {
            technical["keyFrames"] = new JsonArray([.. keys.Select(k => (JsonNode)k)]);
        }

        if (probe.Audio is { } audio)
        {
            technical["audio"] = Audio(audio.Codec, audio.SampleRate, audio.Channels, audio.BitDepth);
        }

        return new ObjectFacts
        {
            Size = Known(file.Size),
            MimeType = probe.MimeType,
            Width = video.DisplayWidth,
            Height = video.DisplayHeight,
            Fps = video.Fps,
            Duration = probe.Duration,
            FrameCount = video.FrameCount,
            Technical = technical,
        };
    }

    private async ValueTask<ObjectFacts> AudioAsync(ObjectBytes file, CancellationToken cancellationToken)
    {
        // Ogg keeps the duration in its last page; the other formats ignore the tail, so only Ogg pays a second read.
        var tail = file.HeadIsWhole || !file.Head.Span.StartsWith("OggS"u8) ? ReadOnlyMemory<byte>.Empty : await file.TailAsync(Step, cancellationToken);
        while (true)
        {
            var header = AudioHeaderReader.Read(file.Head.Span, file.Size, tail.Span);
            switch (header.Status)
            {
                case HeaderStatus.Ok:
                    var info = header.Value!;
                    var technical = new JsonObject { ["format"] = info.Format };
                    if (info.IsTruncated)
                    {
                        technical["truncated"] = true;
                    }

                    return new ObjectFacts
                    {
                        Size = Known(file.Size),
                        MimeType = info.MimeType,
                        Duration = info.Duration,
                        SampleRate = info.SampleRate,
                        BitDepth = info.BitDepth,
                        AudioCodec = info.Codec,
                        Channels = info.Channels,
                        Technical = technical,
                    };
                case HeaderStatus.NeedMoreBytes when await file.GrowHeadAsync(Round(header.BytesNeeded), cancellationToken):
                    break;
                case HeaderStatus.Unsupported or HeaderStatus.NeedMoreBytes:
                    return await AudioByFfprobeAsync(file, cancellationToken);
                default:
                    throw new UnitFailure($"The audio file {file.Url} is damaged: {header.Reason}. Replace the file.");
            }
        }
    }

    private async ValueTask<ObjectFacts> AudioByFfprobeAsync(ObjectBytes file, CancellationToken cancellationToken)
    {
        var probe = await FfprobeAsync(file, keyFrames: false, cancellationToken);
        if (probe.Audio is not { } audio)
        {
            throw new UnitFailure($"{file.Url} has no audio stream (ffprobe found a {probe.MimeType} container). Replace the file, or list it under its real type.");
        }

        return new ObjectFacts
        {
            Size = Known(file.Size),
            MimeType = probe.MimeType,
            Duration = audio.Duration ?? probe.Duration,
            SampleRate = audio.SampleRate,
            BitDepth = audio.BitDepth,
            AudioCodec = audio.Codec,
            Channels = audio.Channels,
            Technical = new JsonObject { ["container"] = probe.Container },
        };
    }

    private static async ValueTask<ObjectFacts> TextAsync(ObjectBytes file, CancellationToken cancellationToken)
    {
        while (true)
        {
            var header = TextInfoReader.Read(file.Head.Span, file.Size, file.Location.Key);
            switch (header.Status)
            {
                case HeaderStatus.Ok:
                    var info = header.Value!;
                    return new ObjectFacts
                    {
                        Size = info.Size ?? Known(file.Size),
                        MimeType = info.MimeType,
                        Technical = new JsonObject { ["encoding"] = info.Encoding, ["byteOrderMark"] = info.HasByteOrderMark },
                    };
                case HeaderStatus.NeedMoreBytes when await file.GrowHeadAsync(header.BytesNeeded, cancellationToken):
                    break;
                default:
                    throw new UnitFailure($"Expected a text file, got a file that is not text: {file.Url} ({header.Reason ?? "truncated"}). List it under its real type in the upload file, or replace the file.");
            }
        }
    }

    private static async ValueTask<ObjectFacts> PdfAsync(ObjectBytes file, CancellationToken cancellationToken)
    {
        if (file.Size < 0)
        {
            await file.GrowHeadAsync(PdfInfoReader.MaxScanBytes, cancellationToken);
            if (file.Size < 0)
            {
                throw new UnitFailure($"The size of {file.Url} is unknown (the server did not say) and it is larger than {PdfInfoReader.MaxScanBytes / (1024 * 1024)} MiB, so its page count cannot be read. Give the pdfMetadata block in the upload file.");
            }
        }

        var ranges = new List<ByteRange> { new(0, file.Head) };
        if (!file.HeadIsWhole)
        {
            var tail = await file.TailAsync(PdfInfoReader.TailBytes, cancellationToken);
            ranges.Add(new ByteRange(file.Size - tail.Length, tail));
        }

        while (true)
        {
            var result = PdfInfoReader.Read(ranges, file.Size);
            switch (result.Status)
            {
                case HeaderStatus.Ok:
                    var info = result.Value!;
                    var technical = new JsonObject { ["pdfVersion"] = info.Version, ["linearized"] = info.IsLinearized, ["encrypted"] = info.IsEncrypted };
                    if (info.PageCountNote is { } note)
                    {
                        technical["pageCountNote"] = note;
                    }

                    return new ObjectFacts { Size = file.Size, MimeType = "application/pdf", NumPages = info.PageCount, Technical = technical };
                case HeaderStatus.NeedMoreBytes:
                    var bytes = await file.ReadAsync(result.RangeStart, result.BytesNeeded, cancellationToken);
                    ranges.Add(new ByteRange(result.RangeStart, bytes));
                    break;
                default:
                    throw new UnitFailure($"The PDF {file.Url} is damaged: {result.Reason}. Replace the file.");
            }
        }
    }

    private static async ValueTask<ObjectFacts> NiftiAsync(ObjectBytes file, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = NiftiHeaderReader.Read(file.Head.Span, file.Size);
            switch (result.Status)
            {
                case HeaderStatus.Ok:
                    var h = result.Value!;
                    var technical = new JsonObject
                    {
                        ["niftiVersion"] = h.Version,
                        ["dimensions"] = new JsonArray([.. h.Dimensions.Select(d => (JsonNode)d)]),
                        ["voxelSize"] = new JsonArray([.. h.VoxelSize.Select(d => (JsonNode)d)]),
                        ["datatype"] = h.DataType,
                        ["bitsPerVoxel"] = h.BitsPerVoxel,
                        ["spatialUnits"] = h.SpatialUnits,
                        ["temporalUnits"] = h.TemporalUnits,
                        ["compressed"] = h.IsCompressed,
                    };
                    return new ObjectFacts
                    {
                        Size = Known(file.Size),
                        MimeType = h.IsCompressed ? "application/gzip" : "application/octet-stream",
                        Width = Dimension(h.Dimensions, 0),
                        Height = Dimension(h.Dimensions, 1),
                        Technical = technical,
                    };
                case HeaderStatus.NeedMoreBytes when await file.GrowHeadAsync(result.BytesNeeded, cancellationToken):
                    break;
                case HeaderStatus.NeedMoreBytes:
                    throw new UnitFailure($"The NIfTI header of {file.Url} is truncated. Replace the file.");
                default:
                    throw new UnitFailure($"The NIfTI volume {file.Url} is damaged or not supported: {result.Reason}. Replace the file.");
            }
        }
    }

    private static async ValueTask<ObjectFacts> DicomAsync(ObjectBytes file, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = DicomHeaderReader.Read(file.Head.Span, file.Size);
            switch (result.Status)
            {
                case DicomHeaderStatus.Ok:
                    var h = result.Header!;
                    var technical = new JsonObject
                    {
                        ["transferSyntaxUid"] = h.TransferSyntaxUid,
                        ["modality"] = h.Modality,
                        ["instanceNumber"] = h.InstanceNumber,
                        ["numberOfFrames"] = h.FrameCount,
                    };
                    return new ObjectFacts
                    {
                        Size = Known(file.Size),
                        MimeType = "application/dicom",
                        Width = h.Columns,
                        Height = h.Rows,
                        Dicom = h,
                        Technical = technical,
                    };
                case DicomHeaderStatus.NeedMoreBytes when await file.GrowHeadAsync(Round(result.BytesNeeded), cancellationToken):
                    break;
                case DicomHeaderStatus.NeedMoreBytes:
                    throw new UnitFailure($"The DICOM header of {file.Url} is truncated. Replace the file.");
                default:
                    throw new UnitFailure($"The DICOM file {file.Url} cannot be read: {result.Reason}. Replace the file.");
            }
        }
    }

    private async ValueTask<MediaProbe> FfprobeAsync(ObjectBytes file, bool keyFrames, CancellationToken cancellationToken)
    {
        using var lease = await relay.ExposeAsync(file.Source, file.Location, file.Size, cancellationToken);
        try
        {
            return await ffprobe.ProbeAsync(lease.Url, keyFrames, cancellationToken);
        }
        catch (MediaProbeException ex) when (ex.ToolMissing)
        {
            throw new UnitFailure($"{file.Url} was not measured: {ex.Message.TrimEnd('.')}. Or give the file's metadata block in the upload file.");
        }
        catch (MediaProbeException ex)
        {
            // The relay's address means nothing to the user; the file's URL does.
            throw new UnitFailure(ex.Message.Replace(lease.Url, file.Url, StringComparison.Ordinal).TrimEnd('.')
                + ". Check that the file plays, or replace it.");
        }
    }

    private static JsonObject Audio(string codec, int sampleRate, int channels, int? bitDepth) => new()
    {
        ["codec"] = codec,
        ["sampleRate"] = sampleRate,
        ["channels"] = channels,
        ["bitDepth"] = bitDepth,
    };

    private static int? Dimension(IReadOnlyList<long> dimensions, int index) =>
        index < dimensions.Count && dimensions[index] is > 0 and <= int.MaxValue ? (int)dimensions[index] : null;

    private static long? Known(long size) => size >= 0 ? size : null;

    private static int Round(int bytes) => (int)Math.Min(int.MaxValue, ((long)bytes + Step - 1) / Step * Step);

}
