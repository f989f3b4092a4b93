namespace Curio.Media.Probing;

/// <summary>What ffprobe learned about a video or audio file; fields are null where the file does not say.</summary>
public sealed record MediaProbe
{
    /// <summary><c>video/mp4</c>, <c>video/webm</c>, <c>audio/mpeg</c>, ... from the container, not the file name.</summary>
    public required string MimeType { get; init; }

    /// <summary>ffprobe's container name(s), e.g. <c>mov,mp4,m4a,3gp,3g2,mj2</c>.</summary>
    public required string Container { get; init; }

    /// <summary>Seconds.</summary>
    public double? Duration { get; init; }

    public VideoStreamProbe? Video { get; init; }

    public AudioStreamProbe? Audio { get; init; }
}

/// <param name="Width">Coded width in pixels.</param>
/// <param name="Height">Coded height in pixels.</param>
/// <param name="Fps">Frames per second (the stream's average rate, else its base rate).</param>
/// <param name="FrameCount">Frames in the stream: as the container counts them, else duration x fps rounded.</param>
/// <param name="Codec">ffprobe's codec name, e.g. <c>h264</c>.</param>
/// <param name="KeyFrames">Indices (0-based, in presentation order) of the key frames; null when not asked for.</param>
public sealed record VideoStreamProbe(int Width, int Height, double? Fps, long? FrameCount, string Codec, IReadOnlyList<long>? KeyFrames)
{
    /// <summary>Clockwise degrees (0, 90, 180, 270) a player turns the picture by; 90 and 270 swap the displayed width and height.</summary>
    public int Rotation { get; init; }

    public int DisplayWidth => Rotation is 90 or 270 ? Height : Width;

    public int DisplayHeight => Rotation is 90 or 270 ? Width : Height;
}

/// <param name="SampleRate">Samples per second.</param>
/// <param name="Channels">Channel count.</param>
/// <param name="BitDepth">Bits per sample where the codec has one (PCM, FLAC); null for lossy codecs.</param>
/// <param name="Codec">ffprobe's codec name, e.g. <c>aac</c>, <c>pcm_s16le</c>.</param>
/// <param name="Duration">Seconds.</param>
public sealed record AudioStreamProbe(int SampleRate, int Channels, int? BitDepth, string Codec, double? Duration);
