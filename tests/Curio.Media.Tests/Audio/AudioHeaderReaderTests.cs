using Curio.Media.Audio;
using Curio.Media.Tests.Fixtures;

namespace Curio.Media.Tests.Audio;

public sealed class AudioHeaderReaderTests
{
    private static HeaderResult<AudioInfo> Read(byte[] bytes) => AudioHeaderReader.Read(bytes, bytes.Length);

    private static AudioInfo ReadOk(byte[] bytes)
    {
        var result = Read(bytes);
        Assert.True(result.IsOk, $"{result.Status}: {result.Reason}");
        return result.Value;
    }

    [Fact]
    public void The_sample_a440_wav_matches_ffprobe()
    {
        // ffprobe: pcm_s16le, 8000 Hz, 1 channel, 16 bits, duration 1.000000 (8000 samples).
        var info = ReadOk(Repo.Sample("audio", "a440.wav"));

        Assert.Equal(new AudioInfo
        {
            Format = "wav",
            MimeType = "audio/wav",
            Codec = "pcm_s16le",
            SampleRate = 8000,
            Channels = 1,
            BitDepth = 16,
            Duration = 1.0,
            SampleCount = 8000,
        }, info);
    }

    [Theory]
    [InlineData(1, 8, 0, false, "pcm_u8", 8)]
    [InlineData(1, 16, 0, false, "pcm_s16le", 16)]
    [InlineData(1, 24, 0, false, "pcm_s24le", 24)]
    [InlineData(1, 32, 0, false, "pcm_s32le", 32)]
    [InlineData(3, 32, 0, false, "pcm_f32le", 32)]
    [InlineData(3, 64, 0, false, "pcm_f64le", 64)]
    [InlineData(1, 24, 0, true, "pcm_s24le", 24)]
    [InlineData(1, 32, 24, true, "pcm_s32le", 24)]
    [InlineData(3, 32, 0, true, "pcm_f32le", 32)]
    [InlineData(6, 8, 0, false, "pcm_alaw", 8)]
    [InlineData(7, 8, 0, false, "pcm_mulaw", 8)]
    public void Wav_pcm_codecs_and_bit_depths(int tag, int bits, int validBits, bool extensible, string codec, int depth)
    {
        var spec = new WavSpec { Tag = tag, Bits = bits, ValidBits = validBits, Extensible = extensible, Channels = 2, SampleRate = 48000 };
        var blockAlign = 2 * bits / 8;
        var wav = AudioWriters.Wav(spec with { DataBytes = blockAlign * 4800 });

        var info = ReadOk(wav);

        Assert.Equal((codec, depth, 48000, 2), (info.Codec, info.BitDepth, info.SampleRate, info.Channels));
        Assert.Equal((0.1, 4800L), (info.Duration, info.SampleCount));
        Assert.False(info.IsTruncated);
    }

    [Fact]
    public void Wav_with_a_list_chunk_of_odd_size_before_fmt_is_read()
    {
        var info = ReadOk(AudioWriters.Wav(new WavSpec { ListBytes = 33, DataBytes = 4 * 44100 }));

        Assert.Equal(1.0, info.Duration);
    }

    [Fact]
    public void Wav_adpcm_takes_its_duration_from_the_fact_chunk_and_has_no_bit_depth()
    {
        var info = ReadOk(AudioWriters.Wav(new WavSpec { Tag = 2, Bits = 4, Channels = 1, SampleRate = 22050, DataBytes = 5000, FactSamples = 11025 }));

        Assert.Equal(("adpcm_ms", (int?)null, 0.5), (info.Codec, info.BitDepth, info.Duration));
    }

    [Fact]
    public void Wav_declaring_more_data_than_the_file_holds_is_truncated_and_timed_by_the_real_size()
    {
        var wav = AudioWriters.Wav(new WavSpec { DataBytes = 4 * 4410, DeclaredDataSize = 4L * 44100 * 60 });

        var info = ReadOk(wav);

        Assert.True(info.IsTruncated);
        Assert.Equal(0.1, info.Duration);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(0xFFFFFFFFL)]
    public void Wav_written_by_a_streaming_encoder_runs_to_the_end_of_the_file(long declared)
    {
        var info = ReadOk(AudioWriters.Wav(new WavSpec { DataBytes = 4 * 22050, DeclaredDataSize = declared }));

        Assert.Equal(0.5, info.Duration);
        Assert.False(info.IsTruncated);
    }

    [Theory]
    [InlineData("RF64")]
    [InlineData("BW64")]
    public void Rf64_over_4_GB_is_timed_from_its_ds64_chunk(string form)
    {
        // Six hours of 48 kHz 24-bit stereo: 6.2 GB, described by a header of a few dozen bytes.
        var dataBytes = 6L * 3600 * 48000 * 6;
        var header = AudioWriters.Wav(new WavSpec
        {
            Form = form,
            Bits = 24,
            SampleRate = 48000,
            DataBytes = 0,
            DeclaredDataSize = 0xFFFFFFFF,
            Ds64DataSize = dataBytes,
            Ds64SampleCount = dataBytes / 6,
        });

        var result = AudioHeaderReader.Read(header, header.Length + dataBytes);

        Assert.True(result.IsOk, result.Reason);
        Assert.Equal((6.0 * 3600, "pcm_s24le", false), (result.Value.Duration, result.Value.Codec, result.Value.IsTruncated));
    }

    [Fact]
    public void Rf64_declaring_10_GB_in_a_small_object_is_truncated_not_believed()
    {
        var wav = AudioWriters.Wav(new WavSpec { Form = "RF64", DataBytes = 4 * 441, DeclaredDataSize = 0xFFFFFFFF, Ds64DataSize = 10L << 30 });

        var info = HeaderAssert.AllocatesLittle(() => AudioHeaderReader.Read(wav, wav.Length), 16 * 1024).Value!;

        Assert.True(info.IsTruncated);
        Assert.Equal(0.01, info.Duration);
    }

    [Fact]
    public void Wav_whose_data_chunk_lies_beyond_the_head_asks_for_more()
    {
        var wav = AudioWriters.Wav(new WavSpec { ListBytes = 100_000, DataBytes = 4 * 44100 });

        var first = AudioHeaderReader.Read(wav.AsSpan(0, 64 * 1024), wav.Length);
        var second = AudioHeaderReader.Read(wav.AsSpan(0, first.BytesNeeded), wav.Length);

        Assert.Equal((HeaderStatus.NeedMoreBytes, 128 * 1024), (first.Status, first.BytesNeeded));
        Assert.Equal(1.0, second.Value!.Duration);
    }

    [Theory]
    [InlineData("channels", "the WAV fmt chunk gives 0 channels")]
    [InlineData("rate", "the WAV fmt chunk gives a sample rate of 0")]
    [InlineData("data-first", "the WAV data chunk comes before its fmt chunk")]
    [InlineData("rf64-no-ds64", "the RF64 file does not start with a ds64 chunk")]
    [InlineData("no-data", "the WAV file has no data chunk")]
    [InlineData("short-fmt", "the WAV fmt chunk is too short")]
    public void Broken_wavs_are_invalid(string fault, string reason)
    {
        var wav = fault switch
        {
            "channels" => AudioWriters.Wav(new WavSpec { Channels = 0 }),
            "rate" => AudioWriters.Wav(new WavSpec { SampleRate = 0 }),
            "data-first" => AudioWriters.Wav(new WavSpec { DataBeforeFmt = true }),
            "rf64-no-ds64" => [.. "RF64"u8, 0xFF, 0xFF, 0xFF, 0xFF, .. "WAVE"u8, .. AudioWriters.Wav(new WavSpec())[12..]],
            "no-data" => AudioWriters.Wav(new WavSpec())[..36],
            _ => [.. "RIFF"u8, 20, 0, 0, 0, .. "WAVE"u8, .. "fmt "u8, 8, 0, 0, 0, 1, 0, 1, 0, 0x40, 0x1F, 0, 0],
        };

        var result = Read(wav);

        Assert.Equal(HeaderStatus.Invalid, result.Status);
        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    public void Wav_with_an_unnamed_format_tag_is_unsupported()
    {
        var result = Read(AudioWriters.Wav(new WavSpec { Tag = 0x1234 }));

        Assert.Equal((HeaderStatus.Unsupported, "WAV format tag 0x1234 is not one this reader names"), (result.Status, result.Reason));
    }

    [Fact]
    public void Flac_streaminfo_gives_everything()
    {
        var info = ReadOk(AudioWriters.Flac(96000, 6, 24, 96000 * 3 / 2));

        Assert.Equal(("flac", "audio/flac", "flac", 96000, 6, (int?)24), (info.Format, info.MimeType, info.Codec, info.SampleRate, info.Channels, info.BitDepth));
        Assert.Equal((1.5, 144000L), (info.Duration, info.SampleCount));
    }

    [Fact]
    public void Flac_with_an_unknown_sample_count_has_no_duration()
    {
        Assert.Null(ReadOk(AudioWriters.Flac(44100, 2, 16, 0)).Duration);
    }

    [Fact]
    public void Flac_behind_an_id3_tag_is_read()
    {
        Assert.Equal(2.0, ReadOk(AudioWriters.Id3(AudioWriters.Flac(44100, 2, 16, 88200))).Duration);
    }

    [Fact]
    public void Flac_with_a_zero_sample_rate_or_no_streaminfo_is_invalid()
    {
        var zeroRate = AudioWriters.Flac(0, 2, 16, 1000);
        var noStreamInfo = AudioWriters.Flac(44100, 2, 16, 1000);
        noStreamInfo[4] = 0x04;

        Assert.Equal("the FLAC STREAMINFO gives a sample rate of 0", Read(zeroRate).Reason);
        Assert.Equal("the FLAC stream does not start with a STREAMINFO block", Read(noStreamInfo).Reason);
    }

    [Fact]
    public void Mp3_cbr_with_an_info_header_has_a_duration()
    {
        // MPEG-1 layer III, 128 kbit/s, 44.1 kHz, stereo: 417-byte frames of 1152 samples.
        var mp3 = AudioWriters.Mpeg([0xFF, 0xFB, 0x90, 0x44], 417, 5, "Info", tagFrames: 383);

        var info = ReadOk(mp3);

        Assert.Equal(("mp3", "audio/mpeg", "mp3", 44100, 2, (int?)null), (info.Format, info.MimeType, info.Codec, info.SampleRate, info.Channels, info.BitDepth));
        Assert.Equal(383 * 1152 / 44100.0, info.Duration);
    }

    [Fact]
    public void Mp3_mpeg2_mono_with_a_xing_header_uses_576_samples_per_frame()
    {
        // MPEG-2 layer III, 64 kbit/s, 22.05 kHz, mono: side information is 9 bytes.
        var mp3 = AudioWriters.Mpeg([0xFF, 0xF3, 0x80, 0xC4], 208, 4, "Xing", tagFrames: 1000, sideInfo: 9);

        var info = ReadOk(mp3);

        Assert.Equal((22050, 1), (info.SampleRate, info.Channels));
        Assert.Equal(1000 * 576 / 22050.0, info.Duration);
    }

    [Fact]
    public void Mp3_with_a_vbri_header_has_a_duration()
    {
        var mp3 = AudioWriters.Mpeg([0xFF, 0xFB, 0x90, 0x44], 417, 4, "VBRI", tagFrames: 441);

        Assert.Equal(441 * 1152 / 44100.0, ReadOk(mp3).Duration);
    }

    [Fact]
    public void Mp3_without_a_frame_count_has_an_unknown_duration()
    {
        var info = ReadOk(AudioWriters.Id3(AudioWriters.Mpeg([0xFF, 0xFB, 0x90, 0x64], 417, 3)));

        Assert.Null(info.Duration);
        Assert.Equal((44100, 2), (info.SampleRate, info.Channels));
    }

    [Fact]
    public void Mp3_frames_after_junk_behind_the_tag_are_found()
    {
        byte[] junk = [0, 0, 0xFF, 0x00, 0xFF, 0xFB, 0x12, 0x34];
        var info = ReadOk(AudioWriters.Id3([.. junk, .. AudioWriters.Mpeg([0xFF, 0xFB, 0x90, 0x44], 417, 3, "Info", 10)]));

        Assert.Equal(10 * 1152 / 44100.0, info.Duration);
    }

    [Fact]
    public void A_lone_frame_sync_in_random_bytes_is_not_mp3()
    {
        var random = new Random(3);
        var bytes = new byte[5000];
        random.NextBytes(bytes);
        bytes[0] = 0xFF;
        bytes[1] = 0xFB;
        bytes[2] = 0x90;
        bytes[3] = 0x44;
        for (var i = 4; i < bytes.Length; i++)
        {
            bytes[i] = bytes[i] == 0xFF ? (byte)0 : bytes[i];
        }

        Assert.Equal("no MPEG audio frame was found", Read(bytes).Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Ogg_vorbis_takes_its_duration_from_the_last_page(bool wholeFile)
    {
        var ogg = AudioWriters.Ogg(AudioWriters.VorbisId(2, 44100), 44100 * 3);

        var result = wholeFile ? Read(ogg) : AudioHeaderReader.Read(ogg.AsSpan(0, 200), ogg.Length + 100_000, ogg.AsSpan(ogg.Length - 300));

        Assert.True(result.IsOk, result.Reason);
        Assert.Equal(("ogg", "audio/ogg", "vorbis", 44100, 2), (result.Value.Format, result.Value.MimeType, result.Value.Codec, result.Value.SampleRate, result.Value.Channels));
        Assert.Equal(3.0, result.Value.Duration);
    }

    [Fact]
    public void Ogg_without_its_end_has_an_unknown_duration()
    {
        var ogg = AudioWriters.Ogg(AudioWriters.VorbisId(1, 16000), 16000);

        Assert.Null(AudioHeaderReader.Read(ogg.AsSpan(0, 100), ogg.Length + 100_000).Value!.Duration);
    }

    [Fact]
    public void Ogg_opus_decodes_at_48_kHz_and_drops_its_pre_skip()
    {
        var ogg = AudioWriters.Ogg(AudioWriters.OpusHead(2, 312, 44100), 96000 + 312);

        var info = ReadOk(ogg);

        Assert.Equal(("opus", 48000, 2, 2.0), (info.Codec, info.SampleRate, info.Channels, info.Duration));
    }

    [Fact]
    public void Ogg_flac_is_read_from_its_streaminfo()
    {
        var info = ReadOk(AudioWriters.Ogg(AudioWriters.OggFlacId(48000, 2, 24, 0), 24000));

        Assert.Equal(("flac", 24, 0.5), (info.Codec, info.BitDepth, info.Duration));
    }

    [Fact]
    public void An_ogg_last_page_with_a_bad_crc_is_not_trusted()
    {
        var ogg = AudioWriters.Ogg(AudioWriters.VorbisId(2, 44100), 44100 * 3);
        ogg[^1] ^= 0xFF;

        // The last good page is the filler at half the granule.
        Assert.Equal(1.5, ReadOk(ogg).Duration);
    }

    [Fact]
    public void Ogg_video_is_not_audio()
    {
        var ogg = AudioWriters.Ogg(AvFixtures.TheoraHeader(), 100);

        Assert.Equal("not audio: the Ogg file starts with a video stream", Read(ogg).Reason);
    }

    [Theory]
    [InlineData("aac-adts", "audio/aac is not measured from its header; ffprobe reads it")]
    [InlineData("aac-id3", "audio/aac is not measured from its header; ffprobe reads it")]
    [InlineData("m4a", "audio/mp4 is not measured from its header; ffprobe reads it")]
    [InlineData("aiff", "audio/aiff is not measured from its header; ffprobe reads it")]
    public void Other_audio_is_left_to_ffprobe(string fixture, string reason)
    {
        var result = Read(Catalog.All[fixture].Bytes);

        Assert.Equal((HeaderStatus.Unsupported, reason), (result.Status, result.Reason));
    }

    [Theory]
    [InlineData("png", "not audio: the bytes look like image/png")]
    [InlineData("text-ascii", "not audio: the bytes look like text/plain")]
    [InlineData("mp4-isom", "not audio: the bytes look like video/mp4")]
    public void Non_audio_is_invalid(string fixture, string reason)
    {
        Assert.Equal(reason, Read(Catalog.All[fixture].Bytes).Reason);
    }

    [Fact]
    public void An_empty_file_is_invalid()
    {
        Assert.Equal("the file is empty", AudioHeaderReader.Read([], 0).Reason);
    }

    [Fact]
    public void A_huge_id3_tag_is_left_to_ffprobe()
    {
        byte[] head = [.. "ID3"u8, 4, 0, 0, 0x7F, 0x7F, 0x7F, 0x7F, .. new byte[100]];

        Assert.Equal(HeaderStatus.Unsupported, AudioHeaderReader.Read(head, 1L << 30).Status);
    }

    public static TheoryData<string> Fixtures => [.. AudioFixtures().Keys];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Every_prefix_and_mutation_keeps_the_protocol(string name)
    {
        var bytes = AudioFixtures()[name];
        var expected = Read(bytes);
        for (var length = 0; length <= bytes.Length; length++)
        {
            // A head of a good file may only ask for more or give the same answer.
            var partial = AudioHeaderReader.Read(bytes.AsSpan(0, length), bytes.Length);
            HeaderAssert.KeepsProtocol(partial, length, bytes.Length);
            // Without its last page an Ogg stream has no duration yet.
            var value = name.StartsWith("ogg", StringComparison.Ordinal) && partial.Value is { } ogg
                ? ogg with { Duration = expected.Value!.Duration, SampleCount = expected.Value.SampleCount }
                : partial.Value;
            if (partial.Status != HeaderStatus.NeedMoreBytes && value != expected.Value)
            {
                Assert.Fail($"{name} cut at {length}: {partial} instead of {expected}");
            }

            HeaderAssert.KeepsProtocol(AudioHeaderReader.Read(bytes.AsSpan(0, length), length), length, length);
        }

        var random = new Random(name.Length);
        for (var i = 0; i < 500; i++)
        {
            var mutated = (byte[])bytes.Clone();
            for (var f = random.Next(1, 5); f > 0; f--)
            {
                mutated[random.Next(Math.Min(mutated.Length, 128))] = (byte)random.Next(256);
            }

            HeaderAssert.KeepsProtocol(AudioHeaderReader.Read(mutated, mutated.Length, mutated), mutated.Length, mutated.Length);
            HeaderAssert.KeepsProtocol(AudioHeaderReader.Read(mutated, mutated.Length * 100L), mutated.Length, mutated.Length * 100L);
        }
    }

    private static Dictionary<string, byte[]> AudioFixtures() => new()
    {
        ["wav"] = AudioWriters.Wav(new WavSpec()),
        ["wav-extensible"] = AudioWriters.Wav(new WavSpec { Extensible = true, Bits = 32, ValidBits = 24, ListBytes = 21 }),
        ["rf64"] = AudioWriters.Wav(new WavSpec { Form = "RF64", DeclaredDataSize = 0xFFFFFFFF, Ds64DataSize = 4 * 441 }),
        ["flac"] = AudioWriters.Flac(44100, 2, 16, 44100),
        ["mp3-info"] = AudioWriters.Id3(AudioWriters.Mpeg([0xFF, 0xFB, 0x90, 0x44], 417, 3, "Info", 100)),
        ["ogg-vorbis"] = AudioWriters.Ogg(AudioWriters.VorbisId(2, 44100), 44100),
        ["ogg-opus"] = AudioWriters.Ogg(AudioWriters.OpusHead(1, 312, 48000), 48312),
    };
}
