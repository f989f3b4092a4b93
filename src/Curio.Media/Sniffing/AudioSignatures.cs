using Curio.Media.Common;

namespace Curio.Media.Sniffing;

/// <summary>Audio formats without a general container: MP3, AAC ADTS, FLAC, AMR, MIDI.</summary>
internal static class AudioSignatures
{
    // Kilobits per second by [version is MPEG-1 ? 0 : 1][layer I, II, III][index 1..14].
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

    public static SniffResult? Sniff(ReadOnlySpan<byte> head)
    {
        if (Bytes.At(head, 0, "fLaC"u8))
        {
            return new(MediaCategory.Audio, MimeTypes.Flac);
        }

        if (IsId3(head, out var tagLength))
        {
            // An ID3 tag may front FLAC or AAC as well as MP3; look behind it when the head reaches that far.
            var rest = tagLength < head.Length ? head[(int)tagLength..] : [];
            return Bytes.At(rest, 0, "fLaC"u8) ? new(MediaCategory.Audio, MimeTypes.Flac)
                : AdtsFrameLength(rest) > 0 ? new(MediaCategory.Audio, MimeTypes.Aac)
                : new(MediaCategory.Audio, MimeTypes.Mp3);
        }

        if (Bytes.At(head, 0, "#!AMR-WB\n"u8))
        {
            return new(MediaCategory.Audio, MimeTypes.AmrWb);
        }

        if (Bytes.At(head, 0, "#!AMR\n"u8))
        {
            return new(MediaCategory.Audio, MimeTypes.Amr);
        }

        if (Bytes.At(head, 0, "MThd\0\0\0\u0006"u8))
        {
            return new(MediaCategory.Audio, MimeTypes.Midi);
        }

        if (IsFrameStream(head, AdtsFrameLength))
        {
            return new(MediaCategory.Audio, MimeTypes.Aac);
        }

        return IsFrameStream(head, MpegAudioFrameLength) ? new(MediaCategory.Audio, MimeTypes.Mp3) : null;
    }

    private static bool IsId3(ReadOnlySpan<byte> head, out long tagLength)
    {
        tagLength = 0;
        if (!Bytes.At(head, 0, "ID3"u8) || !Bytes.Has(head, 0, 10) || head[3] is < 2 or > 4 || head[4] == 0xFF)
        {
            return false;
        }

        long size = 0;
        for (var i = 6; i < 10; i++)
        {
            if (head[i] >= 0x80)
            {
                return false;
            }

            size = (size << 7) | head[i];
        }

        tagLength = 10 + size + ((head[5] & 0x10) != 0 ? 10 : 0);
        return true;
    }

    // A lone sync word is weak evidence in arbitrary bytes (FF FE is also a UTF-16 BOM), so the next frame must
    // follow, or the bytes must end exactly with the first one. Frames are at most a few KiB; a 64 KiB head holds both.
    private static bool IsFrameStream(ReadOnlySpan<byte> head, FrameLength frameLength)
    {
        var first = frameLength(head);
        return first > 0 && (first == head.Length || (first < head.Length && frameLength(head[first..]) > 0));
    }

    private delegate int FrameLength(ReadOnlySpan<byte> frame);

    private static int MpegAudioFrameLength(ReadOnlySpan<byte> h)
    {
        if (!Bytes.Has(h, 0, 4) || h[0] != 0xFF || (h[1] & 0xE0) != 0xE0)
        {
            return 0;
        }

        var version = (h[1] >> 3) & 3;     // 0: MPEG-2.5, 1: reserved, 2: MPEG-2, 3: MPEG-1
        var layer = (h[1] >> 1) & 3;       // 0: reserved, 1: III, 2: II, 3: I
        var bitrateIndex = h[2] >> 4;
        var rateIndex = (h[2] >> 2) & 3;
        if (version == 1 || layer == 0 || bitrateIndex is 0 or 15 || rateIndex == 3 || (h[3] & 3) == 2)
        {
            return 0;
        }

        var mpeg1 = version == 3;
        var bitrate = Bitrates[mpeg1 ? 0 : 1][3 - layer][bitrateIndex - 1] * 1000;
        var sampleRate = SampleRates[rateIndex] >> (mpeg1 ? 0 : version == 2 ? 1 : 2);
        var padding = (h[2] >> 1) & 1;
        return layer switch
        {
            3 => ((12 * bitrate / sampleRate) + padding) * 4,
            1 when !mpeg1 => (72 * bitrate / sampleRate) + padding,
            _ => (144 * bitrate / sampleRate) + padding,
        };
    }

    // ADTS shares the 12-bit sync with MPEG audio but sets the layer bits to 00, which MPEG audio reserves.
    private static int AdtsFrameLength(ReadOnlySpan<byte> h)
    {
        if (!Bytes.Has(h, 0, 7) || h[0] != 0xFF || (h[1] & 0xF6) != 0xF0 || ((h[2] >> 2) & 0xF) > 12)
        {
            return 0;
        }

        var length = ((h[3] & 3) << 11) | (h[4] << 3) | (h[5] >> 5);
        var headerLength = (h[1] & 1) == 0 ? 9 : 7;
        return length > headerLength ? length : 0;
    }
}
