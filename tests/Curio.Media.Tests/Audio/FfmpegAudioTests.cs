using Curio.Media.Audio;
using Curio.Media.Tests.Fixtures;

namespace Curio.Media.Tests.Audio;

/// <summary>Files made by ffmpeg, read by our header readers and by ffprobe, must agree.</summary>
public sealed class FfmpegAudioTests
{
    [Theory]
    [InlineData("s16.wav", "-ac 2 -ar 44100 -c:a pcm_s16le", 0.000_001)]
    [InlineData("u8.wav", "-ac 1 -ar 8000 -c:a pcm_u8", 0.000_001)]
    [InlineData("s24.wav", "-ac 2 -ar 48000 -c:a pcm_s24le", 0.000_001)]
    [InlineData("f32-6ch.wav", "-ac 6 -ar 48000 -c:a pcm_f32le", 0.000_001)]
    [InlineData("f64.wav", "-ac 1 -ar 22050 -c:a pcm_f64le", 0.000_001)]
    [InlineData("alaw.wav", "-ac 1 -ar 8000 -c:a pcm_alaw", 0.000_001)]
    [InlineData("rf64.wav", "-ac 2 -ar 44100 -c:a pcm_s16le -rf64 always", 0.000_001)]
    [InlineData("s16.flac", "-ac 2 -ar 44100 -c:a flac", 0.000_001)]
    [InlineData("s24.flac", "-ac 1 -ar 96000 -sample_fmt s32 -c:a flac -bits_per_raw_sample 24", 0.000_001)]
    [InlineData("cbr.mp3", "-ac 2 -ar 44100 -c:a libmp3lame -b:a 128k", 0.000_001)]
    [InlineData("vbr.mp3", "-ac 1 -ar 22050 -c:a libmp3lame -q:a 4", 0.000_001)]
    [InlineData("mp3-8k.mp3", "-ac 1 -ar 8000 -c:a libmp3lame -b:a 16k", 0.000_001)]
    [InlineData("vorbis.ogg", "-ac 2 -ar 48000 -c:a libvorbis", 0.000_001)]
    [InlineData("opus.ogg", "-ac 2 -ar 48000 -c:a libopus", 0.0066)]
    public void Our_reading_matches_ffprobe(string fileName, string codecArguments, double tolerance)
    {
        using var ffmpeg = Ffmpeg.Require();
        var bytes = ffmpeg.Make(fileName, $"-f lavfi -i sine=frequency=440:sample_rate=48000:duration=1.7 {codecArguments}");
        var probe = ffmpeg.ProbeAudio(fileName);
        var tail = bytes.AsSpan(Math.Max(0, bytes.Length - (64 * 1024)));

        var result = AudioHeaderReader.Read(bytes.AsSpan(0, Math.Min(bytes.Length, 64 * 1024)), bytes.Length, tail);

        Assert.True(result.IsOk, result.Reason);
        var info = result.Value;
        Assert.Equal((probe.Codec, probe.SampleRate, probe.Channels), (info.Codec, info.SampleRate, info.Channels));
        if (info.BitDepth is { } bits)
        {
            Assert.Equal(probe.Bits, bits);
        }

        Assert.NotNull(info.Duration);

        // ffprobe prints 6 decimals. For Opus it counts the 312 pre-skip samples (6.5 ms) that RFC 7845 says to drop.
        Assert.Equal(probe.Duration, info.Duration.Value, tolerance);
    }

    [Fact]
    public void A_streamed_wav_without_sizes_runs_to_the_end_of_the_file()
    {
        using var ffmpeg = Ffmpeg.Require();

        // Written to a pipe, ffmpeg cannot go back to fill in the RIFF and data sizes.
        var bytes = ffmpeg.Make("piped.wav", "-f lavfi -i sine=frequency=440:sample_rate=16000:duration=0.75 -c:a pcm_s16le -f wav -write_bext 0");
        bytes.AsSpan(4, 4).Fill(0xFF);
        var data = bytes.AsSpan().IndexOf("data"u8);
        bytes.AsSpan(data + 4, 4).Fill(0xFF);

        var info = AudioHeaderReader.Read(bytes, bytes.Length).Value!;

        Assert.Equal(0.75, info.Duration);
        Assert.False(info.IsTruncated);
    }
}
