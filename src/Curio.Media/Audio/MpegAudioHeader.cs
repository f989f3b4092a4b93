using Curio.Media.Common;
using Curio.Media.Sniffing;

namespace Curio.Media.Audio;

/// <summary>
/// MP3 (and MPEG-1/2/2.5 layers I and II): the first frame header, confirmed by the frame after it, and the frame
/// count of a Xing/Info or VBRI header in that first frame. Without one, the duration is unknown (null): estimating
/// it from the bit rate is wrong for VBR files, and ffprobe does it better when it matters.
/// </summary>
internal static class MpegAudioHeader
{
    // How far past the ID3 tag (zero padding, junk) a first frame is looked for.
    private const int SyncSearch = 64 * 1024;

    // Kilobits per second by [MPEG-1 ? 0 : 1][layer I, II, III][index 1..14].
    private static readonly short[][][] Bitrates =
    [
        [
            [32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
            [32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
            [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
        ],
        [
            [32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
            [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
            [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
        ],
    ];

    private static readonly int[] SampleRates = [44100, 48000, 32000];

    public static HeaderResult<AudioInfo> Read(ReadOnlySpan<byte> data, long start, long totalSize)
    {
        var searchEnd = start + SyncSearch;
        for (var pos = start; pos < searchEnd; pos++)
        {
            if (!Bytes.Has(data, pos, 4))
            {
                return totalSize >= 0 && pos + 4 > totalSize
                    ? HeaderResult<AudioInfo>.Invalid("no MPEG audio frame was found")
                    : HeaderResult<AudioInfo>.Need(pos + 4);
            }

            if (data[(int)pos] != 0xFF || Parse(data[(int)pos..]) is not { } frame)
            {
                continue;
            }

            // A lone sync is weak evidence: the next frame must follow with the same layout, or the file end there.
            var next = pos + frame.Length;
            if (totalSize >= 0 && next == totalSize)
            {
                return Describe(data, pos, frame);
            }

            if (!Bytes.Has(data, next, 4))
            {
                if (totalSize >= 0 && next + 4 > totalSize)
                {
                    continue;
                }

                return HeaderResult<AudioInfo>.Need(next + 4);
            }

            if (Parse(data[(int)next..]) is { } second && second.Version == frame.Version && second.Layer == frame.Layer
                && second.SampleRate == frame.SampleRate)
            {
                return Describe(data, pos, frame);
            }
        }

        return HeaderResult<AudioInfo>.Invalid("no MPEG audio frame was found in the first 64 KiB after the tags");
    }

    private static HeaderResult<AudioInfo> Describe(ReadOnlySpan<byte> data, long pos, Frame frame)
    {
        var frames = FrameCount(data.Slice((int)pos, (int)Math.Min(frame.Length, data.Length - pos)), frame);
        var samples = frames * (long)frame.SamplesPerFrame;
        return HeaderResult<AudioInfo>.Ok(new AudioInfo
        {
            Format = "mp3",
            MimeType = MimeTypes.Mp3,
            Codec = frame.Layer switch { 3 => "mp3", 2 => "mp2", _ => "mp1" },
            SampleRate = frame.SampleRate,
            Channels = frame.Channels,
            BitDepth = null,
            Duration = frames > 0 ? (double)samples / frame.SampleRate : null,
            SampleCount = frames > 0 ? samples : null,
        });
    }

    // Xing/Info sits after the side information of the first layer III frame; VBRI 32 bytes after the header.
    private static long FrameCount(ReadOnlySpan<byte> first, Frame frame)
    {
        var sideInfo = frame.Version == 3 ? (frame.Channels == 1 ? 17 : 32) : (frame.Channels == 1 ? 9 : 17);
        var xing = 4 + sideInfo;
        if (frame.Layer == 3 && (Bytes.At(first, xing, "Xing"u8) || Bytes.At(first, xing, "Info"u8)) && Bytes.Has(first, xing, 12))
        {
            var flags = Bytes.U32Be(first, xing + 4);
            return (flags & 1) != 0 ? Bytes.U32Be(first, xing + 8) : 0;
        }

        return Bytes.At(first, 36, "VBRI"u8) && Bytes.Has(first, 36, 18) ? Bytes.U32Be(first, 36 + 14) : 0;
    }

    private static Frame? Parse(ReadOnlySpan<byte> h)
    {
        if (!Bytes.Has(h, 0, 4) || h[0] != 0xFF || (h[1] & 0xE0) != 0xE0)
        {
            return null;
        }

        var version = (h[1] >> 3) & 3;     // 0: MPEG-2.5, 1: reserved, 2: MPEG-2, 3: MPEG-1
        var layerBits = (h[1] >> 1) & 3;   // 0: reserved, 1: III, 2: II, 3: I
        var bitrateIndex = h[2] >> 4;
        var rateIndex = (h[2] >> 2) & 3;
        if (version == 1 || layerBits == 0 || bitrateIndex is 0 or 15 || rateIndex == 3 || (h[3] & 3) == 2)
        {
            return null;
        }

        var layer = 4 - layerBits;
        var mpeg1 = version == 3;
        var bitrate = Bitrates[mpeg1 ? 0 : 1][layer - 1][bitrateIndex - 1] * 1000;
        var sampleRate = SampleRates[rateIndex] >> (mpeg1 ? 0 : version == 2 ? 1 : 2);
        var padding = (h[2] >> 1) & 1;
        var length = layer switch
        {
            1 => ((12 * bitrate / sampleRate) + padding) * 4,
            3 when !mpeg1 => (72 * bitrate / sampleRate) + padding,
            _ => (144 * bitrate / sampleRate) + padding,
        };
        var samplesPerFrame = layer switch { 1 => 384, 3 when !mpeg1 => 576, _ => 1152 };
        return new Frame(version, layer, sampleRate, (h[3] >> 6) == 3 ? 1 : 2, length, samplesPerFrame);
    }

    private readonly record struct Frame(int Version, int Layer, int SampleRate, int Channels, int Length, int SamplesPerFrame);
}
