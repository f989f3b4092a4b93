using Curio.Media.Common;
using Curio.Media.Sniffing;

namespace Curio.Media.Audio;

/// <summary>
/// WAV (RIFF), RF64 and BW64: the fmt chunk (WAVE_FORMAT_EXTENSIBLE resolved through its sub-format GUID), an
/// optional fact chunk, and the data chunk's size. A data size of 0 or 0xFFFFFFFF in a plain RIFF (written by a
/// streaming encoder that could not seek back) means "to the end of the file", as ffmpeg reads it; so does a size
/// larger than the object, which marks the file as truncated.
/// </summary>
internal static class WavHeader
{
    private const ushort Pcm = 0x0001;
    private const ushort Float = 0x0003;
    private const ushort Extensible = 0xFFFE;

    // The tail every WAVE_FORMAT_EXTENSIBLE sub-format GUID shares after its first two bytes (the format tag).
    private static ReadOnlySpan<byte> GuidTail => [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    public static HeaderResult<AudioInfo> Read(ReadOnlySpan<byte> data, long totalSize)
    {
        if (!Bytes.Has(data, 0, 12))
        {
            return HeaderResult<AudioInfo>.Need(12);
        }

        var wide = !Bytes.At(data, 0, "RIFF"u8);
        long pos = 12;
        long? wideDataSize = null, wideSampleCount = null;
        Format? format = null;
        long? factSamples = null;
        for (var chunks = 0; chunks < 4096; chunks++)
        {
            if (!Bytes.Has(data, pos, 8))
            {
                return totalSize >= 0 && pos >= totalSize
                    ? HeaderResult<AudioInfo>.Invalid("the WAV file has no data chunk")
                    : HeaderResult<AudioInfo>.Need(pos + 8);
            }

            var at = (int)pos;
            var id = Bytes.FourCc(data, at);
            long size = Bytes.U32Le(data, at + 4);
            var body = pos + 8;
            if (id == Bytes.FourCc("data"))
            {
                if (format is not { } fmt)
                {
                    return HeaderResult<AudioInfo>.Invalid("the WAV data chunk comes before its fmt chunk");
                }

                var sampleCount = wide ? wideSampleCount : null;
                long? declared = wide && size == uint.MaxValue ? wideDataSize : size is 0 or uint.MaxValue ? null : size;
                return Describe(fmt, body, declared, sampleCount ?? factSamples, totalSize);
            }

            if (wide && chunks == 0)
            {
                if (id != Bytes.FourCc("ds64") || size < 24)
                {
                    return HeaderResult<AudioInfo>.Invalid("the RF64 file does not start with a ds64 chunk");
                }

                if (!Bytes.Has(data, body, 24))
                {
                    return HeaderResult<AudioInfo>.Need(body + 24);
                }

                wideDataSize = ClampSize(Bytes.U64Le(data, (int)body + 8));
                wideSampleCount = ClampSize(Bytes.U64Le(data, (int)body + 16));
            }
            else if (id == Bytes.FourCc("fmt "))
            {
                if (size < 16)
                {
                    return HeaderResult<AudioInfo>.Invalid("the WAV fmt chunk is too short");
                }

                var length = (int)Math.Min(size, 40);
                if (!Bytes.Has(data, body, length))
                {
                    return HeaderResult<AudioInfo>.Need(body + length);
                }

                var parsed = ParseFormat(data.Slice((int)body, length));
                if (parsed.Error is { } error)
                {
                    return HeaderResult<AudioInfo>.Invalid(error);
                }

                format = parsed;
            }
            else if (id == Bytes.FourCc("fact") && size >= 4)
            {
                if (!Bytes.Has(data, body, 4))
                {
                    return HeaderResult<AudioInfo>.Need(body + 4);
                }

                factSamples = Bytes.U32Le(data, (int)body);
            }

            // Chunks are padded to an even length.
            pos = body + size + (size & 1);
        }

        return HeaderResult<AudioInfo>.Invalid("the WAV file has too many chunks before its data");
    }

    private static long ClampSize(ulong value) => (long)Math.Min(value, long.MaxValue);

    private static HeaderResult<AudioInfo> Describe(Format fmt, long dataStart, long? declared, long? sampleCount, long totalSize)
    {
        var available = totalSize >= 0 ? Math.Max(0, totalSize - dataStart) : (long?)null;
        var truncated = declared is { } d && available is { } a && d > a;
        var dataBytes = truncated || declared is null ? available : declared;

        var (codec, bitDepth) = Codec(fmt);
        if (codec is null)
        {
            return HeaderResult<AudioInfo>.Unsupported($"WAV format tag 0x{fmt.Tag:X4} is not one this reader names");
        }

        long? frames = null;
        double? duration = null;
        if (bitDepth is not null && dataBytes is { } pcmBytes)
        {
            // PCM-like data: whole blocks of one sample per channel.
            var blockAlign = fmt.BlockAlign > 0 ? fmt.BlockAlign : fmt.Channels * ((fmt.Bits + 7) / 8);
            frames = pcmBytes / blockAlign;
            duration = (double)frames.Value / fmt.SampleRate;
        }
        else if (sampleCount is > 0 && !truncated)
        {
            frames = sampleCount;
            duration = (double)sampleCount.Value / fmt.SampleRate;
        }
        else if (dataBytes is { } codedBytes && fmt.ByteRate > 0)
        {
            duration = (double)codedBytes / fmt.ByteRate;
        }

        return HeaderResult<AudioInfo>.Ok(new AudioInfo
        {
            Format = "wav",
            MimeType = MimeTypes.Wav,
            Codec = codec,
            SampleRate = fmt.SampleRate,
            Channels = fmt.Channels,
            BitDepth = bitDepth,
            Duration = duration,
            SampleCount = frames,
            IsTruncated = truncated,
        });
    }

    private static Format ParseFormat(ReadOnlySpan<byte> fmt)
    {
        var tag = Bytes.U16Le(fmt, 0);
        var result = new Format
        {
            Tag = tag,
            Channels = Bytes.U16Le(fmt, 2),
            SampleRate = (int)Math.Min(Bytes.U32Le(fmt, 4), int.MaxValue),
            ByteRate = Bytes.U32Le(fmt, 8),
            BlockAlign = Bytes.U16Le(fmt, 12),
            Bits = Bytes.U16Le(fmt, 14),
        };

        if (tag == Extensible)
        {
            if (fmt.Length < 40 || Bytes.U16Le(fmt, 16) < 22)
            {
                return result with { Error = "the WAVE_FORMAT_EXTENSIBLE fmt chunk is too short" };
            }

            if (!fmt.Slice(26, 14).SequenceEqual(GuidTail))
            {
                return result with { Error = "the WAVE_FORMAT_EXTENSIBLE sub-format is not a known format" };
            }

            var valid = Bytes.U16Le(fmt, 18);
            result = result with { Tag = Bytes.U16Le(fmt, 24), ValidBits = valid > 0 && valid <= result.Bits ? valid : (ushort)0 };
        }

        return result.Channels == 0 ? result with { Error = "the WAV fmt chunk gives 0 channels" }
            : result.SampleRate == 0 ? result with { Error = "the WAV fmt chunk gives a sample rate of 0" }
            : result.Tag is Pcm or Float && result.Bits == 0 ? result with { Error = "the WAV fmt chunk gives 0 bits per sample" }
            : result;
    }

    // ffprobe's codec names; the bit depth only where samples are stored as such.
    private static (string? Codec, int? BitDepth) Codec(Format fmt)
    {
        var containerBits = (fmt.Bits + 7) / 8 * 8;
        var depth = fmt.ValidBits > 0 ? fmt.ValidBits : fmt.Bits;
        return fmt.Tag switch
        {
            Pcm => (containerBits switch
            {
                8 => "pcm_u8",
                16 => "pcm_s16le",
                24 => "pcm_s24le",
                32 => "pcm_s32le",
                64 => "pcm_s64le",
                _ => null,
            }, depth),
            Float => (containerBits switch { 32 => "pcm_f32le", 64 => "pcm_f64le", _ => null }, depth),
            0x0006 => ("pcm_alaw", 8),
            0x0007 => ("pcm_mulaw", 8),
            0x0002 => ("adpcm_ms", null),
            0x0011 => ("adpcm_ima_wav", null),
            0x0031 => ("gsm_ms", null),
            0x0050 => ("mp2", null),
            0x0055 => ("mp3", null),
            0x00FF or 0x1600 or 0x1610 or 0x706D => ("aac", null),
            0x2000 => ("ac3", null),
            0x2001 => ("dts", null),
            0x0160 => ("wmav1", null),
            0x0161 => ("wmav2", null),
            _ => (null, null),
        };
    }

    private sealed record Format
    {
        public ushort Tag { get; init; }

        public ushort Channels { get; init; }

        public int SampleRate { get; init; }

        public uint ByteRate { get; init; }

        public ushort BlockAlign { get; init; }

        public ushort Bits { get; init; }

        public ushort ValidBits { get; init; }

        public string? Error { get; init; }
    }
}
