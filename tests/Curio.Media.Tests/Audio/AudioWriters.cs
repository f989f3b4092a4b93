using Curio.Media.Tests.Fixtures;

namespace Curio.Media.Tests.Audio;

/// <summary>What a test WAV says; the defaults make 16-bit stereo PCM at 44.1 kHz.</summary>
internal sealed record WavSpec
{
    public string Form { get; init; } = "RIFF";

    public int Tag { get; init; } = 1;

    public bool Extensible { get; init; }

    public int Channels { get; init; } = 2;

    public int SampleRate { get; init; } = 44100;

    public int Bits { get; init; } = 16;

    public int ValidBits { get; init; }

    public int DataBytes { get; init; } = 4 * 441;

    /// <summary>The size written in the data chunk header, when it differs from <see cref="DataBytes"/>.</summary>
    public long? DeclaredDataSize { get; init; }

    /// <summary>For RF64: the ds64 data size and sample count.</summary>
    public long Ds64DataSize { get; init; }

    public long Ds64SampleCount { get; init; }

    public long? FactSamples { get; init; }

    /// <summary>Bytes of a LIST chunk before fmt (odd sizes test the pad byte).</summary>
    public int ListBytes { get; init; }

    public bool DataBeforeFmt { get; init; }
}

internal static class AudioWriters
{
    public static byte[] Wav(WavSpec spec)
    {
        var blockAlign = spec.Channels * ((spec.Bits + 7) / 8);
        var fmt = new ByteWriter().U16Le(spec.Extensible ? 0xFFFE : spec.Tag).U16Le(spec.Channels).U32Le(spec.SampleRate)
            .U32Le((long)spec.SampleRate * blockAlign).U16Le(blockAlign).U16Le(spec.Bits);
        if (spec.Extensible)
        {
            fmt.U16Le(22).U16Le(spec.ValidBits > 0 ? spec.ValidBits : spec.Bits).U32Le(3)
                .U16Le(spec.Tag).Bytes(0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71);
        }

        var wide = spec.Form != "RIFF";
        var chunks = new ByteWriter();
        if (wide)
        {
            Chunk(chunks, "ds64", new ByteWriter().U64Le(0).U64Le(spec.Ds64DataSize).U64Le(spec.Ds64SampleCount).U32Le(0).ToArray());
        }

        if (spec.ListBytes > 0)
        {
            Chunk(chunks, "LIST", new ByteWriter().Ascii("INFO").Fill(spec.ListBytes - 4, (byte)'x').ToArray());
        }

        var data = new ByteWriter().Ascii("data").U32Le(spec.DeclaredDataSize ?? spec.DataBytes).Fill(spec.DataBytes, 0x11).ToArray();
        if (spec.DataBeforeFmt)
        {
            chunks.Bytes(data);
        }

        Chunk(chunks, "fmt ", fmt.ToArray());
        if (spec.FactSamples is { } samples)
        {
            Chunk(chunks, "fact", new ByteWriter().U32Le(samples).ToArray());
        }

        if (!spec.DataBeforeFmt)
        {
            chunks.Bytes(data);
        }

        var body = chunks.ToArray();
        return new ByteWriter().Ascii(spec.Form).U32Le(wide ? uint.MaxValue : 4 + body.Length).Ascii("WAVE").Bytes(body).ToArray();
    }

    /// <summary>fLaC and a STREAMINFO block (plus a padding block), then a few fake frame bytes.</summary>
    public static byte[] Flac(int sampleRate, int channels, int bits, long totalSamples, int minBlock = 4096, int maxBlock = 4096) =>
        new ByteWriter().Ascii("fLaC").U8(0x00).Bytes(0, 0, 34).Bytes(StreamInfo(sampleRate, channels, bits, totalSamples, minBlock, maxBlock))
            .U8(0x81).Bytes(0, 0, 8).Zeros(8).Bytes(0xFF, 0xF8).Zeros(30).ToArray();

    public static byte[] StreamInfo(int sampleRate, int channels, int bits, long totalSamples, int minBlock = 4096, int maxBlock = 4096)
    {
        var packed = ((ulong)sampleRate << 44) | ((ulong)(channels - 1) << 41) | ((ulong)(bits - 1) << 36) | (ulong)totalSamples;
        return new ByteWriter().U16Be(minBlock).U16Be(maxBlock).Bytes(0, 0, 14).Bytes(0, 0x10, 0)
            .U64Be((long)packed).Zeros(16).ToArray();
    }

    /// <summary>
    /// MPEG audio frames: <paramref name="header"/> is the 4-byte frame header; the first frame optionally carries a
    /// Xing/Info header with a frame count, or a VBRI header.
    /// </summary>
    public static byte[] Mpeg(byte[] header, int frameLength, int frames, string? tag = null, long tagFrames = 0, int sideInfo = 32)
    {
        var mp3 = new ByteWriter();
        for (var i = 0; i < frames; i++)
        {
            var frame = new byte[frameLength];
            header.CopyTo(frame, 0);
            if (i == 0 && tag is "Xing" or "Info")
            {
                new ByteWriter().Ascii(tag).U32Be(1).U32Be(tagFrames).ToArray().CopyTo(frame, 4 + sideInfo);
            }
            else if (i == 0 && tag == "VBRI")
            {
                new ByteWriter().Ascii("VBRI").U16Be(1).U16Be(0).U16Be(75).U32Be(frameLength * frames).U32Be(tagFrames).ToArray().CopyTo(frame, 36);
            }

            mp3.Bytes(frame);
        }

        return mp3.ToArray();
    }

    public static byte[] Id3(byte[] audio, int paddingBytes = 100)
    {
        var frame = new ByteWriter().Ascii("TIT2").U32Be(6).U16Be(0).U8(3).Ascii("Tone").U8(0).ToArray();
        var size = frame.Length + paddingBytes;
        return new ByteWriter().Ascii("ID3").Bytes(4, 0, 0)
            .Bytes((byte)((size >> 21) & 0x7F), (byte)((size >> 14) & 0x7F), (byte)((size >> 7) & 0x7F), (byte)(size & 0x7F))
            .Bytes(frame).Zeros(paddingBytes).Bytes(audio).ToArray();
    }

    /// <summary>An Ogg page carrying one packet, with a correct CRC.</summary>
    public static byte[] OggPage(byte[] packet, long granule, int flags, uint serial = 0x1234, int sequence = 0)
    {
        var lacing = new List<byte>();
        var left = packet.Length;
        do
        {
            lacing.Add((byte)Math.Min(left, 255));
            left -= 255;
        }
        while (left >= 0);

        var page = new ByteWriter().Ascii("OggS").U8(0).U8(flags).U64Le(granule).U32Le(serial).U32Le(sequence).U32Le(0)
            .U8(lacing.Count).Bytes([.. lacing]).Bytes(packet).ToArray();
        var crc = OggCrc(page);
        page[22] = (byte)crc;
        page[23] = (byte)(crc >> 8);
        page[24] = (byte)(crc >> 16);
        page[25] = (byte)(crc >> 24);
        return page;
    }

    /// <summary>A three-page Ogg stream: identification header, a filler page, and a last page at <paramref name="lastGranule"/>.</summary>
    public static byte[] Ogg(byte[] identification, long lastGranule) =>
        Containers.Concat(
            OggPage(identification, 0, 0x02),
            OggPage(new byte[300], lastGranule / 2, 0x00, sequence: 1),
            OggPage(new byte[200], lastGranule, 0x04, sequence: 2));

    public static byte[] VorbisId(int channels, int rate) =>
        new ByteWriter().U8(1).Ascii("vorbis").U32Le(0).U8(channels).U32Le(rate).U32Le(0).U32Le(128000).U32Le(0).U8(0xB8).U8(1).ToArray();

    public static byte[] OpusHead(int channels, int preSkip, int inputRate) =>
        new ByteWriter().Ascii("OpusHead").U8(1).U8(channels).U16Le(preSkip).U32Le(inputRate).U16Le(0).U8(0).ToArray();

    public static byte[] OggFlacId(int sampleRate, int channels, int bits, long totalSamples) =>
        new ByteWriter().U8(0x7F).Ascii("FLAC").Bytes(1, 0).U16Be(1).Ascii("fLaC").U8(0x80).Bytes(0, 0, 34)
            .Bytes(StreamInfo(sampleRate, channels, bits, totalSamples)).ToArray();

    private static void Chunk(ByteWriter riff, string id, byte[] body)
    {
        riff.Ascii(id).U32Le(body.Length).Bytes(body);
        if (body.Length % 2 == 1)
        {
            riff.U8(0);
        }
    }

    private static uint OggCrc(ReadOnlySpan<byte> page)
    {
        uint crc = 0;
        foreach (var b in page)
        {
            crc ^= (uint)b << 24;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }
        }

        return crc;
    }
}
