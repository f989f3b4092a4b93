using static Curio.Media.Tests.Fixtures.Containers;

namespace Curio.Media.Tests.Fixtures;

/// <summary>Audio and video container starts: enough structure for a sniffer, no playable media.</summary>
internal static class AvFixtures
{
    private static readonly Guid AsfHeader = new("75B22630-668E-11CF-A6D9-00AA0062CE6C");
    private static readonly Guid AsfFileProperties = new("8CABDCA1-A947-11CF-8EE4-00C00C205365");
    private static readonly Guid AsfStreamProperties = new("B7DC0791-A9B7-11CF-8EE6-00C00C205365");
    private static readonly Guid AsfAudio = new("F8699E40-5B4D-11CF-A8FD-00805F5C442B");
    private static readonly Guid AsfVideo = new("BC19EFC0-5B4D-11CF-A8FD-00805F5C442B");

    public static byte[] IsoMedia(string major, params string[] compatible) =>
        Concat(Ftyp(major, compatible), Box("free"), Box("mdat", new byte[256]), Box("moov", Box("mvhd", new byte[100])));

    public static byte[] LegacyQuickTime() =>
        Concat(Box("moov", Box("mvhd", new byte[100])), Box("mdat", new byte[64]));

    public static byte[] Ebml(string? docType)
    {
        var header = new ByteWriter().Bytes(0x42, 0x86, 0x81, 0x01).Bytes(0x42, 0xF7, 0x81, 0x01)
            .Bytes(0x42, 0xF2, 0x81, 0x04).Bytes(0x42, 0xF3, 0x81, 0x08);
        if (docType is not null)
        {
            header.Bytes(0x42, 0x82).U8(0x80 | docType.Length).Ascii(docType);
        }

        header.Bytes(0x42, 0x87, 0x81, 0x04).Bytes(0x42, 0x85, 0x81, 0x02);
        var body = header.ToArray();
        return new ByteWriter().Bytes(0x1A, 0x45, 0xDF, 0xA3).U8(0x80 | body.Length).Bytes(body)
            .Bytes(0x18, 0x53, 0x80, 0x67, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF).Zeros(64).ToArray();
    }

    public static byte[] Wav() =>
        Riff("WAVE", RiffChunk("fmt ", new ByteWriter().U16Le(1).U16Le(1).U32Le(8000).U32Le(16000).U16Le(2).U16Le(16).ToArray()),
            RiffChunk("data", new byte[800]));

    public static byte[] Avi() =>
        Riff("AVI ", RiffChunk("LIST", new ByteWriter().Ascii("hdrl").Bytes(RiffChunk("avih", new byte[56])).ToArray()));

    /// <summary>MPEG-1 Layer III, 128 kbit/s, 44.1 kHz: 417-byte frames.</summary>
    public static byte[] Mp3Frames(int frames = 3)
    {
        var mp3 = new ByteWriter();
        for (var i = 0; i < frames; i++)
        {
            mp3.Bytes(0xFF, 0xFB, 0x90, 0x64).Zeros(417 - 4);
        }

        return mp3.ToArray();
    }

    public static byte[] Id3(byte[] audio)
    {
        var frame = new ByteWriter().Ascii("TIT2").U32Be(6).U16Be(0).U8(3).Ascii("Tone").U8(0).ToArray();
        var size = frame.Length + 100;
        return new ByteWriter().Ascii("ID3").Bytes(4, 0, 0)
            .Bytes((byte)((size >> 21) & 0x7F), (byte)((size >> 14) & 0x7F), (byte)((size >> 7) & 0x7F), (byte)(size & 0x7F))
            .Bytes(frame).Zeros(100).Bytes(audio).ToArray();
    }

    /// <summary>AAC-LC, 44.1 kHz stereo ADTS frames without CRC (FF F1).</summary>
    public static byte[] Adts(int frames = 3, int frameLength = 200)
    {
        var aac = new ByteWriter();
        for (var i = 0; i < frames; i++)
        {
            aac.Bytes(0xFF, 0xF1, 0x50, (byte)(0x80 | (frameLength >> 11)), (byte)(frameLength >> 3), (byte)(((frameLength & 7) << 5) | 0x1F), 0xFC)
                .Zeros(frameLength - 7);
        }

        return aac.ToArray();
    }

    public static byte[] Flac() =>
        new ByteWriter().Ascii("fLaC").U8(0x80).Bytes(0, 0, 34).U16Be(4096).U16Be(4096).Zeros(6)
            .Bytes(0x0A, 0xC4, 0x42, 0xF0).Zeros(4).Zeros(16).Zeros(64).ToArray();

    public static byte[] OggPage(byte[] packet, bool beginningOfStream = true, int serial = 1)
    {
        var page = new ByteWriter().Ascii("OggS").U8(0).U8(beginningOfStream ? 2 : 0).U64Le(0).U32Le(serial).U32Le(0).U32Le(0);
        var lacing = new List<byte>();
        var left = packet.Length;
        do
        {
            lacing.Add((byte)Math.Min(left, 255));
            left -= 255;
        }
        while (left >= 0);

        return page.U8(lacing.Count).Bytes([.. lacing]).Bytes(packet).ToArray();
    }

    public static byte[] VorbisHeader() => new ByteWriter().U8(1).Ascii("vorbis").U32Le(0).U8(2).U32Le(44100).Zeros(12).U8(0xB8).U8(1).ToArray();

    public static byte[] OpusHeader() => new ByteWriter().Ascii("OpusHead").U8(1).U8(2).U16Le(312).U32Le(48000).U16Le(0).U8(0).ToArray();

    public static byte[] TheoraHeader() => new ByteWriter().U8(0x80).Ascii("theora").Bytes(3, 2, 1).U16Be(20).U16Be(15).Zeros(35).ToArray();

    public static byte[] OggFlacHeader() => new ByteWriter().U8(0x7F).Ascii("FLAC").Bytes(1, 0).U16Be(1).Ascii("fLaC").Zeros(38).ToArray();

    public static byte[] Aiff(string form = "AIFF") =>
        new ByteWriter().Ascii("FORM").U32Be(4 + 26).Ascii(form).Ascii("COMM").U32Be(18).U16Be(1).U32Be(100).U16Be(16).Zeros(10).ToArray();

    public static byte[] Asf(params bool[] streamIsAudio)
    {
        var children = new List<byte[]> { AsfObject(AsfFileProperties, new byte[80]) };
        foreach (var audio in streamIsAudio)
        {
            children.Add(AsfObject(AsfStreamProperties, [.. (audio ? AsfAudio : AsfVideo).ToByteArray(), .. new byte[38]]));
        }

        var body = new ByteWriter().U32Le(children.Count).U8(1).U8(2).Bytes(Concat([.. children])).ToArray();
        return Concat(AsfObject(AsfHeader, body), new byte[64]);
    }

    public static byte[] Flv() => new ByteWriter().Ascii("FLV").U8(1).U8(5).U32Be(9).U32Be(0).Zeros(32).ToArray();

    public static byte[] MpegTs(int packets = 5, int packetSize = 188)
    {
        var ts = new ByteWriter();
        for (var i = 0; i < packets; i++)
        {
            ts.Zeros(packetSize - 188).Bytes(0x47, 0x40, 0x00, 0x10).Fill(184, 0xFF);
        }

        return ts.ToArray();
    }

    public static byte[] MpegPs() => new ByteWriter().Bytes(0, 0, 1, 0xBA, 0x44, 0, 4, 0, 4, 1, 0x01, 0x89, 0xC3, 0xF8).Bytes(0, 0, 1, 0xBB).Zeros(64).ToArray();

    public static byte[] Amr() => new ByteWriter().Ascii("#!AMR\n").Bytes(0x3C).Zeros(31).ToArray();

    private static byte[] AsfObject(Guid id, byte[] body) =>
        new ByteWriter().Bytes(id.ToByteArray()).U64Le(24 + body.Length).Bytes(body).ToArray();
}
