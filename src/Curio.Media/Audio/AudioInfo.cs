namespace Curio.Media.Audio;

/// <summary>
/// The technical facts of an audio file, as Encord's <c>audioMetadata</c> carries them (duration, sample rate, bit
/// depth, codec, channels). Codec names are ffprobe's (<c>pcm_s16le</c>, <c>flac</c>, <c>mp3</c>, <c>vorbis</c>, <c>opus</c>).
/// </summary>
public sealed record AudioInfo
{
    /// <summary><c>wav</c>, <c>flac</c>, <c>mp3</c> or <c>ogg</c>.</summary>
    public required string Format { get; init; }

    public required string MimeType { get; init; }

    public required string Codec { get; init; }

    /// <summary>Samples per second per channel (for Opus, the 48 kHz it always decodes at).</summary>
    public required int SampleRate { get; init; }

    public required int Channels { get; init; }

    /// <summary>Bits per sample for PCM and lossless codecs; null where it means nothing (MP3, Vorbis, Opus, ADPCM).</summary>
    public required int? BitDepth { get; init; }

    /// <summary>Seconds; null when the header does not say (an MP3 without a Xing/Info/VBRI frame, an Ogg stream without its last page).</summary>
    public required double? Duration { get; init; }

    /// <summary>Samples per channel, when the header gives the count exactly.</summary>
    public long? SampleCount { get; init; }

    /// <summary>
    /// True when the header declares more audio data than the object holds (a cut-off upload); the duration is then
    /// that of the data really present.
    /// </summary>
    public bool IsTruncated { get; init; }
}
