using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Curio.Media.Common;

namespace Curio.Media.Probing;

/// <summary>How ffprobe is run.</summary>
public sealed record FfprobeOptions
{
    /// <summary>The executable; Debian's ffmpeg package installs /usr/bin/ffprobe.</summary>
    public string Executable { get; init; } = "ffprobe";

    /// <summary>One ffprobe run; a file that makes it hang costs at most this.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest output read from one run (a key-frame listing of a very long video); beyond it the run fails.</summary>
    public int MaxOutputBytes { get; init; } = 64 * 1024 * 1024;
}

/// <summary>ffprobe could not read the file, or did not finish in time; the message says which, in words for the user.</summary>
public sealed class MediaProbeException(string message, Exception? innerException = null) : Exception(message, innerException)
{
    /// <summary>ffprobe itself could not be started: the server lacks it; the file is not at fault.</summary>
    public bool ToolMissing { get; init; }
}

/// <summary>
/// Video and audio technical metadata from ffprobe, run as a child process with a time limit and bounded output. Only
/// the protocols needed for the input are allowed: a hostile playlist (HLS, concat) cannot make ffprobe fetch anything
/// else, which would otherwise turn a probed file into a request forger.
/// </summary>
public sealed partial class FfprobeProber(FfprobeOptions? options = null)
{
    private readonly FfprobeOptions _options = options ?? new FfprobeOptions();

    /// <param name="input">An absolute file path, or an http(s) URL (the server's own loopback range endpoint for remote objects).</param>
    /// <param name="keyFrames">Also list the video's key frames (reads every packet header: costlier on long videos).</param>
    /// <param name="cancellationToken">Stops the run (the process is killed).</param>
    public async Task<MediaProbe> ProbeAsync(string input, bool keyFrames, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(input);
        var (source, protocols) = Source(input);
        var json = await RunAsync(["-v", "error", "-protocol_whitelist", protocols, "-print_format", "json", "-show_format", "-show_streams", "-i", source],
            input, cancellationToken);
        var probe = FfprobeJson.Parse(json, input);
        if (!keyFrames || probe.Video is null)
        {
            return probe;
        }

        var packets = await RunAsync(
            ["-v", "error", "-protocol_whitelist", protocols, "-select_streams", "v:0", "-show_entries", "packet=pts,dts,flags", "-of", "csv=p=0", "-i", source],
            input, cancellationToken);
        var timing = FfprobeJson.VideoTiming(json);
        return probe with { Video = probe.Video with { KeyFrames = FfprobeJson.KeyFrames(packets, timing, probe.Video.Fps) } };
    }

    private static (string Source, string Protocols) Source(string input)
    {
        if (input.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            return (input, "http,tcp");
        }

        if (input.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return (input, "https,tls,tcp");
        }

        if (!Path.IsPathFullyQualified(input))
        {
            throw new ArgumentException($"'{input}' is neither an absolute path nor an http(s) URL.", nameof(input));
        }

        // "file:" keeps a path that contains ':' or starts with '-' from being read as a protocol or an option.
        return ("file:" + input, "file");
    }

    private async Task<string> RunAsync(IReadOnlyList<string> arguments, string input, CancellationToken cancellationToken)
    {
        var run = await ChildProcess.RunAsync(
            new ChildProcessRequest(_options.Executable, arguments, _options.Timeout, _options.MaxOutputBytes), cancellationToken);
        return run.Status switch
        {
            ChildProcessStatus.NotStarted => throw new MediaProbeException(
                $"ffprobe could not be started ({run.Errors}); install Debian's ffmpeg package (./run.sh does) or set the path of ffprobe.")
            { ToolMissing = true },
            ChildProcessStatus.TimedOut => throw new MediaProbeException(
                $"ffprobe did not finish reading {input} within {_options.Timeout.TotalSeconds:0.###} s; the file may be damaged or hostile."),
            ChildProcessStatus.OutputTooLarge => throw new MediaProbeException(
                $"ffprobe wrote more than {_options.MaxOutputBytes / (1024 * 1024)} MiB about {input}; the file is not probed."),
            // "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55f5d1ed51c0] moov atom not found": the demuxer's address means nothing to a user.
            _ when run.ExitCode != 0 => throw new MediaProbeException($"ffprobe cannot read {input}: {LogPrefix().Replace(run.FirstErrorLine, "")}"),
            _ => Encoding.UTF8.GetString(run.Output),
        };
    }

    [GeneratedRegex(@"^\[[^\]]* @ 0x[0-9a-f]+\]\s*")]
    private static partial Regex LogPrefix();
}

/// <summary>Reads ffprobe's JSON and packet listings. Pure, so its rules are tested on recorded output.</summary>
internal static class FfprobeJson
{
    public static MediaProbe Parse(string json, string input)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var format = root.TryGetProperty("format", out var f) ? f : default;
        var container = String(format, "format_name") ?? throw new MediaProbeException($"ffprobe found no container in {input}.");
        JsonElement? video = null, audio = null;
        if (root.TryGetProperty("streams", out var streams))
        {
            foreach (var stream in streams.EnumerateArray())
            {
                var type = String(stream, "codec_type");
                var attached = stream.TryGetProperty("disposition", out var d) && d.TryGetProperty("attached_pic", out var a) && a.GetInt32() == 1;
                if (type == "video" && video is null && !attached)
                {
                    video = stream.Clone();
                }
                else if (type == "audio" && audio is null)
                {
                    audio = stream.Clone();
                }
            }
        }

        var duration = Number(format, "duration");
        VideoStreamProbe? videoProbe = null;
        if (video is { } v && Int(v, "width") is { } width && Int(v, "height") is { } height)
        {
            var fps = Rate(String(v, "avg_frame_rate")) ?? Rate(String(v, "r_frame_rate"));
            var videoDuration = Number(v, "duration") ?? duration;
            var frames = Long(v, "nb_frames") ?? (fps is { } r && videoDuration is { } seconds ? (long)Math.Round(r * seconds) : null);
            videoProbe = new VideoStreamProbe(width, height, fps, frames, String(v, "codec_name") ?? "unknown", null) { Rotation = Rotation(v) };
        }

        AudioStreamProbe? audioProbe = null;
        if (audio is { } s && Int(s, "sample_rate") is { } rate && Int(s, "channels") is { } channels)
        {
            var bits = Int(s, "bits_per_raw_sample") ?? Int(s, "bits_per_sample");
            audioProbe = new AudioStreamProbe(rate, channels, bits is > 0 ? bits : null, String(s, "codec_name") ?? "unknown", Number(s, "duration") ?? duration);
        }

        if (videoProbe is null && audioProbe is null)
        {
            throw new MediaProbeException($"ffprobe found neither a video nor an audio stream in {input}.");
        }

        var brand = format.ValueKind == JsonValueKind.Object && format.TryGetProperty("tags", out var tags) ? String(tags, "major_brand") : null;
        return new MediaProbe
        {
            MimeType = Mime(container, brand, videoProbe, audioProbe),
            Container = container,
            Duration = duration ?? videoProbe?.FrameCount / videoProbe?.Fps ?? audioProbe?.Duration,
            Video = videoProbe,
            Audio = audioProbe,
        };
    }

    /// <summary>
    /// Clockwise quarter turns a player applies (phones store portrait video as landscape plus a display matrix): from
    /// the display matrix side data (its counter-clockwise angle, so negated), else the older <c>rotate</c> tag; 0, 90,
    /// 180 or 270.
    /// </summary>
    private static int Rotation(JsonElement stream)
    {
        double? degrees = null;
        if (stream.TryGetProperty("side_data_list", out var sides) && sides.ValueKind == JsonValueKind.Array)
        {
            foreach (var side in sides.EnumerateArray())
            {
                if (String(side, "side_data_type") == "Display Matrix" && Number(side, "rotation") is { } r)
                {
                    degrees = -r;
                    break;
                }
            }
        }

        if (degrees is null && stream.TryGetProperty("tags", out var tags) && String(tags, "rotate") is { } tag
            && double.TryParse(tag, NumberStyles.Float, CultureInfo.InvariantCulture, out var tagged))
        {
            degrees = tagged;
        }

        var quarter = (int)Math.Round((degrees ?? 0) / 90);
        return ((quarter % 4) + 4) % 4 * 90;
    }

    /// <summary>The first video stream's time base and start, to turn packet timestamps into frame numbers.</summary>
    public static (double TimeBase, long StartPts) VideoTiming(string json)
    {
        using var document = JsonDocument.Parse(json);
        foreach (var stream in document.RootElement.GetProperty("streams").EnumerateArray())
        {
            if (String(stream, "codec_type") == "video")
            {
                return (Rate(String(stream, "time_base")) ?? 0, Long(stream, "start_pts") ?? 0);
            }
        }

        return (0, 0);
    }

    /// <summary>Frame numbers of the packets flagged K, from <c>pts,dts,flags</c> lines, ascending and distinct.</summary>
    public static IReadOnlyList<long> KeyFrames(string packets, (double TimeBase, long StartPts) timing, double? fps)
    {
        var frames = new SortedSet<long>();
        if (timing.TimeBase <= 0 || fps is not > 0)
        {
            return [];
        }

        foreach (var line in packets.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(',');
            if (parts.Length < 3 || !parts[2].Contains('K', StringComparison.Ordinal))
            {
                continue;
            }

            var stamp = long.TryParse(parts[0], CultureInfo.InvariantCulture, out var pts) ? pts
                : long.TryParse(parts[1], CultureInfo.InvariantCulture, out var dts) ? dts : (long?)null;
            if (stamp is { } t)
            {
                frames.Add((long)Math.Round((t - timing.StartPts) * timing.TimeBase * fps.Value));
            }
        }

        return [.. frames];
    }

    private static string Mime(string container, string? brand, VideoStreamProbe? video, AudioStreamProbe? audio)
    {
        var first = container.Split(',')[0];
        var hasVideo = video is not null;
        return first switch
        {
            "mov" when brand?.Trim() == "qt" => "video/quicktime",
            "mov" => hasVideo ? "video/mp4" : "audio/mp4",
            "matroska" when video?.Codec is "vp8" or "vp9" or "av1" || (!hasVideo && audio?.Codec is "opus" or "vorbis") => hasVideo ? "video/webm" : "audio/webm",
            "matroska" => hasVideo ? "video/x-matroska" : "audio/x-matroska",
            "avi" => "video/x-msvideo",
            "mpegts" => "video/mp2t",
            "mpeg" => "video/mpeg",
            "flv" => "video/x-flv",
            "ogg" => hasVideo ? "video/ogg" : "audio/ogg",
            "wav" => "audio/wav",
            "mp3" => "audio/mpeg",
            "flac" => "audio/flac",
            "aac" => "audio/aac",
            "aiff" => "audio/aiff",
            _ => hasVideo ? "video/" + first : "audio/" + first,
        };
    }

    private static double? Rate(string? fraction)
    {
        if (fraction is null)
        {
            return null;
        }

        var slash = fraction.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return double.TryParse(fraction, CultureInfo.InvariantCulture, out var plain) && plain > 0 ? plain : null;
        }

        return double.TryParse(fraction.AsSpan(0, slash), CultureInfo.InvariantCulture, out var n)
            && double.TryParse(fraction.AsSpan(slash + 1), CultureInfo.InvariantCulture, out var d) && n > 0 && d > 0
            ? n / d
            : null;
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static double? Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.Number => value.GetDouble(),
                JsonValueKind.String when double.TryParse(value.GetString(), CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => null,
            }
            : null;

    private static long? Long(JsonElement element, string name) => Number(element, name) is { } n && n >= 0 ? (long)n : null;

    private static int? Int(JsonElement element, string name) => Number(element, name) is { } n && n is >= 0 and <= int.MaxValue ? (int)n : null;
}
