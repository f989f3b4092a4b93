using Curio.Media.Common;
using Curio.Media.Sniffing;

namespace Curio.Media.Audio;

/// <summary>
/// Ogg Vorbis, Opus and FLAC: the identification header in the first page gives the rate and channels; the duration
/// comes from the granule position of the stream's last page, so it needs the end of the file (a tail, or a head
/// that is the whole file). Pages found there are trusted only when their CRC matches.
/// </summary>
internal static class OggHeader
{
    private const int PageHeader = 27;
    private const int MaxCandidates = 64;

    private static readonly uint[] CrcTable = BuildCrcTable();

    // 0x80 is not ASCII, so not a u8 literal (which would encode it as C2 80).
    private static ReadOnlySpan<byte> TheoraHeader => [0x80, (byte)'t', (byte)'h', (byte)'e', (byte)'o', (byte)'r', (byte)'a'];

    public static HeaderResult<AudioInfo> Read(ReadOnlySpan<byte> data, long totalSize, ReadOnlySpan<byte> tail)
    {
        if (!Bytes.Has(data, 0, PageHeader))
        {
            return HeaderResult<AudioInfo>.Need(PageHeader);
        }

        if (data[4] != 0 || (data[5] & 0x02) == 0)
        {
            return HeaderResult<AudioInfo>.Invalid("the Ogg file does not start with a beginning-of-stream page");
        }

        int segments = data[26];
        if (!Bytes.Has(data, PageHeader, segments))
        {
            return HeaderResult<AudioInfo>.Need(PageHeader + segments);
        }

        var packetLength = 0;
        foreach (var lacing in data.Slice(PageHeader, segments))
        {
            packetLength += lacing;
        }

        var start = PageHeader + segments;
        if (!Bytes.Has(data, start, packetLength))
        {
            return HeaderResult<AudioInfo>.Need(start + packetLength);
        }

        var packet = data.Slice(start, packetLength);
        var serial = Bytes.U32Le(data, 14);
        var whole = totalSize >= 0 && data.Length >= totalSize;
        var end = whole ? data[..(int)totalSize] : tail;
        var lastGranule = LastGranule(end, serial);
        return Identify(packet, lastGranule);
    }

    private static HeaderResult<AudioInfo> Identify(ReadOnlySpan<byte> packet, long? lastGranule)
    {
        if (packet.StartsWith("\u0001vorbis"u8))
        {
            if (!Bytes.Has(packet, 0, 30))
            {
                return HeaderResult<AudioInfo>.Invalid("the Vorbis identification header is truncated");
            }

            var channels = packet[11];
            var rate = Bytes.U32Le(packet, 12);
            if (channels == 0 || rate is 0 or > int.MaxValue)
            {
                return HeaderResult<AudioInfo>.Invalid("the Vorbis identification header is invalid");
            }

            return Ok("vorbis", (int)rate, channels, null, lastGranule, 0, (int)rate);
        }

        if (packet.StartsWith("OpusHead"u8))
        {
            if (!Bytes.Has(packet, 0, 19))
            {
                return HeaderResult<AudioInfo>.Invalid("the Opus identification header is truncated");
            }

            var channels = packet[9];
            if ((packet[8] & 0xF0) != 0 || channels == 0)
            {
                return HeaderResult<AudioInfo>.Invalid("the Opus identification header is invalid");
            }

            // Opus always decodes at 48 kHz; the pre-skip samples at the start are not part of the audio (RFC 7845 §4.2).
            return Ok("opus", 48000, channels, null, lastGranule, Bytes.U16Le(packet, 10), 48000);
        }

        if (packet.StartsWith("\u007FFLAC"u8))
        {
            // Mapping header (9 bytes), then "fLaC" and the STREAMINFO block header and body.
            if (!Bytes.Has(packet, 0, 13 + 4 + FlacHeader.StreamInfoLength) || !Bytes.At(packet, 9, "fLaC"u8))
            {
                return HeaderResult<AudioInfo>.Invalid("the Ogg FLAC header is truncated");
            }

            var info = FlacHeader.StreamInfo(packet.Slice(17, FlacHeader.StreamInfoLength), MimeTypes.OggAudio, "ogg");
            if (!info.IsOk || info.Value.Duration is not null || lastGranule is not { } granule)
            {
                return info;
            }

            var rate = info.Value.SampleRate;
            return HeaderResult<AudioInfo>.Ok(info.Value with { Duration = (double)granule / rate, SampleCount = granule });
        }

        return packet.StartsWith(TheoraHeader) || packet.StartsWith("\u0001video"u8)
            ? HeaderResult<AudioInfo>.Invalid("not audio: the Ogg file starts with a video stream")
            : HeaderResult<AudioInfo>.Unsupported("the Ogg stream is not Vorbis, Opus or FLAC");
    }

    private static HeaderResult<AudioInfo> Ok(string codec, int rate, int channels, int? bits, long? lastGranule, int preSkip, int granuleRate)
    {
        long? samples = lastGranule is { } granule ? Math.Max(0, granule - preSkip) : null;
        return HeaderResult<AudioInfo>.Ok(new AudioInfo
        {
            Format = "ogg",
            MimeType = MimeTypes.OggAudio,
            Codec = codec,
            SampleRate = rate,
            Channels = channels,
            BitDepth = bits,
            Duration = samples is { } s ? (double)s / granuleRate : null,
            SampleCount = samples,
        });
    }

    // The granule position of the last complete, CRC-checked page of this stream in the bytes given.
    private static long? LastGranule(ReadOnlySpan<byte> end, uint serial)
    {
        // "OggS" may occur inside packets too; a bounded number of candidates keeps hostile tails cheap.
        var candidates = 0;
        for (var at = end.LastIndexOf("OggS"u8); at >= 0 && candidates++ < MaxCandidates; at = end[..at].LastIndexOf("OggS"u8))
        {
            if (!Bytes.Has(end, at, PageHeader) || end[at + 4] != 0 || Bytes.U32Le(end, at + 14) != serial)
            {
                continue;
            }

            int segments = end[at + 26];
            if (!Bytes.Has(end, at + PageHeader, segments))
            {
                continue;
            }

            var body = 0;
            foreach (var lacing in end.Slice(at + PageHeader, segments))
            {
                body += lacing;
            }

            var length = PageHeader + segments + body;
            if (!Bytes.Has(end, at, length) || !CrcMatches(end.Slice(at, length)))
            {
                continue;
            }

            var granule = (long)Bytes.U64Le(end, at + 6);
            if (granule >= 0)
            {
                return granule;
            }
        }

        return null;
    }

    // Ogg's CRC-32: polynomial 0x04C11DB7, not reflected, initial 0, computed with the CRC field zeroed.
    private static bool CrcMatches(ReadOnlySpan<byte> page)
    {
        var stored = Bytes.U32Le(page, 22);
        uint crc = 0;
        for (var i = 0; i < page.Length; i++)
        {
            var b = i is >= 22 and < 26 ? (byte)0 : page[i];
            crc = (crc << 8) ^ CrcTable[(int)(((crc >> 24) ^ b) & 0xFF)];
        }

        return crc == stored;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var r = i << 24;
            for (var k = 0; k < 8; k++)
            {
                r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
            }

            table[i] = r;
        }

        return table;
    }
}
