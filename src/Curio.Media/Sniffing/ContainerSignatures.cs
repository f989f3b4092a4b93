using Curio.Media.Common;

namespace Curio.Media.Sniffing;

/// <summary>Audio/video containers recognised from a fixed signature at offset 0.</summary>
internal static class ContainerSignatures
{
    private static readonly SniffResult Matroska = new(MediaCategory.Video, MimeTypes.Matroska);
    private static readonly Guid AsfStreamProperties = new("B7DC0791-A9B7-11CF-8EE6-00C00C205365");
    private static readonly Guid AsfAudioStream = new("F8699E40-5B4D-11CF-A8FD-00805F5C442B");

    private static ReadOnlySpan<byte> AsfHeaderGuid =>
        [0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11, 0xA6, 0xD9, 0x00, 0xAA, 0x00, 0x62, 0xCE, 0x6C];

    private static ReadOnlySpan<byte> TheoraHeader => [0x80, (byte)'t', (byte)'h', (byte)'e', (byte)'o', (byte)'r', (byte)'a'];

    private static ReadOnlySpan<byte> DaalaHeader => [0x80, (byte)'d', (byte)'a', (byte)'a', (byte)'l', (byte)'a'];

    public static SniffResult? Sniff(ReadOnlySpan<byte> head)
    {
        if (Bytes.At(head, 0, "RIFF"u8) || Bytes.At(head, 0, "RF64"u8) || Bytes.At(head, 0, "BW64"u8))
        {
            return Riff(head);
        }

        if (Bytes.At(head, 0, "FORM"u8) && (Bytes.At(head, 8, "AIFF"u8) || Bytes.At(head, 8, "AIFC"u8)))
        {
            return new(MediaCategory.Audio, MimeTypes.Aiff);
        }

        if (Bytes.At(head, 0, [0x1A, 0x45, 0xDF, 0xA3]))
        {
            return Ebml(head);
        }

        if (Bytes.At(head, 0, AsfHeaderGuid))
        {
            return Asf(head);
        }

        if (Bytes.At(head, 0, "OggS\0"u8))
        {
            return Ogg(head);
        }

        if (Bytes.At(head, 0, "FLV\u0001"u8))
        {
            return new(MediaCategory.Video, MimeTypes.Flv);
        }

        if (IsMpegProgramStream(head))
        {
            return new(MediaCategory.Video, MimeTypes.MpegPs);
        }

        if (IsTransportStream(head, 0, 188) || IsTransportStream(head, 4, 192))
        {
            return new(MediaCategory.Video, MimeTypes.MpegTs);
        }

        return null;
    }

    // QuickTime files from before the ftyp box start straight with a movie atom.
    public static SniffResult? LegacyQuickTime(ReadOnlySpan<byte> head)
    {
        if (!Bytes.Has(head, 0, 8) || !(Bytes.At(head, 4, "moov"u8) || Bytes.At(head, 4, "mdat"u8)
            || Bytes.At(head, 4, "wide"u8) || Bytes.At(head, 4, "pnot"u8) || Bytes.At(head, 4, "free"u8)))
        {
            return null;
        }

        var size = Bytes.U32Be(head, 0);
        var sizeIsText = head[..4].IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) < 0;
        return size is 0 or 1 or >= 8 && !sizeIsText ? new(MediaCategory.Video, MimeTypes.QuickTime) : null;
    }

    private static SniffResult? Riff(ReadOnlySpan<byte> head)
    {
        if (Bytes.At(head, 8, "WAVE"u8))
        {
            return new(MediaCategory.Audio, MimeTypes.Wav);
        }

        return Bytes.At(head, 0, "RIFF"u8) && Bytes.At(head, 8, "AVI "u8) ? new(MediaCategory.Video, MimeTypes.Avi) : null;
    }

    // The EBML header's DocType tells WebM from other Matroska; a missing DocType means "matroska" by spec.
    // Audio-only .weba/.mka files also sniff as video: telling them apart needs the Tracks element.
    private static SniffResult? Ebml(ReadOnlySpan<byte> head)
    {
        var pos = 4;
        if (!Ebml(head, ref pos, keepMarker: false, out var headerSize))
        {
            return Matroska;
        }

        var end = (long)pos + (long)Math.Min(headerSize, (ulong)head.Length);
        while (pos < end && Ebml(head, ref pos, keepMarker: true, out var id) && Ebml(head, ref pos, keepMarker: false, out var size))
        {
            if (id == 0x4282)
            {
                var length = (int)Math.Min(size, (ulong)Math.Min(32, head.Length - pos));
                var docType = head.Slice(pos, length).TrimEnd((byte)0);
                return docType.SequenceEqual("webm"u8) ? new(MediaCategory.Video, MimeTypes.WebM)
                    : docType.SequenceEqual("matroska"u8) ? Matroska
                    : null;
            }

            if (size > (ulong)(head.Length - pos))
            {
                break;
            }

            pos += (int)size;
        }

        return Matroska;
    }

    private static bool Ebml(ReadOnlySpan<byte> head, ref int pos, bool keepMarker, out ulong value)
    {
        value = 0;
        if (pos >= head.Length || head[pos] == 0)
        {
            return false;
        }

        var length = System.Numerics.BitOperations.LeadingZeroCount((uint)head[pos]) - 23;
        if (!Bytes.Has(head, pos, length))
        {
            return false;
        }

        value = keepMarker ? head[pos] : (ulong)(head[pos] & (0xFF >> length));
        for (var i = 1; i < length; i++)
        {
            value = (value << 8) | head[pos + i];
        }

        pos += length;
        return true;
    }

    // WMA is ASF with audio streams only; the stream list sits in the header object near the start.
    private static SniffResult Asf(ReadOnlySpan<byte> head)
    {
        var asf = new SniffResult(MediaCategory.Video, MimeTypes.Asf);
        if (!Bytes.Has(head, 0, 30))
        {
            return asf;
        }

        long pos = 30;
        var end = (long)Math.Min(Bytes.U64Le(head, 16), (ulong)head.Length);
        int audio = 0, other = 0;
        while (Bytes.Has(head, pos, 24) && pos < end)
        {
            var guid = new Guid(head.Slice((int)pos, 16));
            var size = Bytes.U64Le(head, (int)pos + 16);
            if (guid == AsfStreamProperties)
            {
                if (!Bytes.Has(head, pos + 24, 16))
                {
                    return asf;
                }

                var isAudio = new Guid(head.Slice((int)pos + 24, 16)) == AsfAudioStream;
                audio += isAudio ? 1 : 0;
                other += isAudio ? 0 : 1;
            }

            if (size < 24 || size > (ulong)(head.Length - pos))
            {
                return asf;
            }

            pos += (long)size;
        }

        return pos >= end && audio > 0 && other == 0 ? new(MediaCategory.Audio, MimeTypes.Wma) : asf;
    }

    // Ogg opens with the beginning-of-stream pages of every multiplexed stream; any video stream makes it a video.
    private static SniffResult Ogg(ReadOnlySpan<byte> head)
    {
        bool video = false, audio = false;
        long pos = 0;
        for (var page = 0; page < 8 && Bytes.At(head, pos, "OggS"u8) && Bytes.Has(head, pos, 27); page++)
        {
            var at = (int)pos;
            if ((head[at + 5] & 0x02) == 0)
            {
                break;
            }

            int segments = head[at + 26];
            if (!Bytes.Has(head, at + 27, segments))
            {
                break;
            }

            var bodyLength = 0;
            foreach (var lacing in head.Slice(at + 27, segments))
            {
                bodyLength += lacing;
            }

            var body = head[(at + 27 + segments)..];
            video |= body.StartsWith(TheoraHeader) || body.StartsWith("\u0001video"u8) || body.StartsWith(DaalaHeader);
            audio |= body.StartsWith("\u0001vorbis"u8) || body.StartsWith("OpusHead"u8) || body.StartsWith("\u007FFLAC"u8)
                || body.StartsWith("Speex   "u8);
            pos = at + 27L + segments + bodyLength;
        }

        return video ? new(MediaCategory.Video, MimeTypes.OggVideo)
            : audio ? new(MediaCategory.Audio, MimeTypes.OggAudio)
            : new(MediaCategory.Unknown, MimeTypes.Ogg);
    }

    // Pack header: MPEG-2 marks its 5th byte with 01xx_x1xx, MPEG-1 with 0010_xxx1; 00 00 01 B3 is a bare video sequence.
    private static bool IsMpegProgramStream(ReadOnlySpan<byte> head) =>
        Bytes.Has(head, 0, 5) && head[0] == 0 && head[1] == 0 && head[2] == 1
        && ((head[3] == 0xBA && ((head[4] & 0xC4) == 0x44 || (head[4] & 0xF1) == 0x21)) || head[3] == 0xB3);

    // 0x47 is 'G', so demand the sync byte at several packet starts, not one.
    private static bool IsTransportStream(ReadOnlySpan<byte> head, int first, int packet)
    {
        var seen = 0;
        for (long pos = first; pos < head.Length && seen < 5; pos += packet)
        {
            if (head[(int)pos] != 0x47)
            {
                return false;
            }

            seen++;
        }

        return seen >= 3;
    }
}
