using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Curio.Media.Probing;

namespace Curio.Media.Tests.Probing;

/// <summary>
/// ffprobe on files ffmpeg makes here, with known answers. ./test.sh installs Debian's ffmpeg; without it these skip
/// locally and fail under CI=true.
/// </summary>
public sealed class FfprobeProberTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("curio-ffprobe-").FullName;
    private readonly FfprobeProber _prober = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_10_s_640x360_25_fps_clip_with_a_key_frame_every_2_s_reports_exactly_that()
    {
        var clip = await MakeAsync("clip.mp4",
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=10", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=10",
            "-c:v", "libx264", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0", "-pix_fmt", "yuv420p", "-c:a", "aac", "-ac", "2", "-shortest");

        var probe = await _prober.ProbeAsync(clip, keyFrames: true, Ct);

        Assert.Equal(("video/mp4", "h264", 640, 360), (probe.MimeType, probe.Video!.Codec, probe.Video.Width, probe.Video.Height));
        Assert.Equal(25, probe.Video.Fps);
        Assert.Equal(250, probe.Video.FrameCount);
        Assert.Equal([0L, 50, 100, 150, 200], probe.Video.KeyFrames);
        Assert.InRange(probe.Duration!.Value, 9.99, 10.05);
        Assert.Equal((48000, 2, "aac", (int?)null), (probe.Audio!.SampleRate, probe.Audio.Channels, probe.Audio.Codec, probe.Audio.BitDepth));
    }

    [Fact]
    public async Task Webm_and_quicktime_get_their_own_mime_types_and_key_frames_follow_the_gop()
    {
        var webm = await MakeAsync("clip.webm", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30:duration=3", "-c:v", "libvpx-vp9", "-g", "30",
            "-deadline", "realtime", "-cpu-used", "8", "-b:v", "200k");
        var mov = await MakeAsync("clip.mov", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10:duration=2", "-c:v", "mpeg4", "-g", "5");

        var w = await _prober.ProbeAsync(webm, keyFrames: true, Ct);
        var m = await _prober.ProbeAsync(mov, keyFrames: true, Ct);

        Assert.Equal(("video/webm", "vp9", 320, 240, 30d), (w.MimeType, w.Video!.Codec, w.Video.Width, w.Video.Height, w.Video.Fps!.Value));
        Assert.Equal([0L, 30, 60], w.Video.KeyFrames);
        Assert.Equal(("video/quicktime", "mpeg4", 20L), (m.MimeType, m.Video!.Codec, m.Video.FrameCount!.Value));
        Assert.Equal([0L, 5, 10, 15], m.Video.KeyFrames);
        Assert.Null(m.Audio);
    }

    [Theory]
    [InlineData("tone.wav", "audio/wav", "pcm_s16le", 16, "-c:a", "pcm_s16le")]
    [InlineData("tone.flac", "audio/flac", "flac", 24, "-c:a", "flac", "-sample_fmt", "s32")]
    [InlineData("tone.mp3", "audio/mpeg", "mp3", null, "-c:a", "libmp3lame", "-b:a", "128k")]
    public async Task Audio_reports_rate_channels_depth_codec_and_duration(string name, string mime, string codec, int? depth, params string[] encode)
    {
        var file = await MakeAsync(name, ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=3", "-ac", "2", .. encode]);

        var probe = await _prober.ProbeAsync(file, keyFrames: true, Ct);

        Assert.Null(probe.Video);
        Assert.Equal((mime, codec, 44100, 2, depth), (probe.MimeType, probe.Audio!.Codec, probe.Audio.SampleRate, probe.Audio.Channels, probe.Audio.BitDepth));
        Assert.InRange(probe.Audio.Duration!.Value, 2.99, 3.1);
    }

    [Fact]
    public async Task Empty_and_garbage_files_fail_with_a_reason()
    {
        RequireFfmpeg();
        var empty = Path.Combine(_dir, "empty.mp4");
        var garbage = Path.Combine(_dir, "garbage.mp4");
        await File.WriteAllBytesAsync(empty, [], Ct);
        await File.WriteAllBytesAsync(garbage, Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray(), Ct);

        var first = await Assert.ThrowsAsync<MediaProbeException>(() => _prober.ProbeAsync(empty, keyFrames: true, Ct));
        var second = await Assert.ThrowsAsync<MediaProbeException>(() => _prober.ProbeAsync(garbage, keyFrames: true, Ct));

        Assert.Contains($"ffprobe cannot read {empty}", first.Message, StringComparison.Ordinal);
        Assert.Contains(garbage, second.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_never_ends_is_given_up_after_the_timeout_and_the_process_is_killed()
    {
        RequireFfmpeg();
        var fifo = Path.Combine(_dir, "hang.mp4");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            await mkfifo.WaitForExitAsync(Ct);
        }

        // Hold the write end open without writing, so ffprobe waits for bytes that never come.
        using var writer = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(Open(fifo), ownsHandle: true), FileAccess.Write);
        var prober = new FfprobeProber(new FfprobeOptions { Timeout = TimeSpan.FromSeconds(1) });
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<MediaProbeException>(() => prober.ProbeAsync(fifo, keyFrames: false, Ct));

        Assert.Contains("did not finish reading", error.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_playlist_cannot_make_ffprobe_fetch_other_urls()
    {
        RequireFfmpeg();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var playlist = Path.Combine(_dir, "evil.m3u8");
        await File.WriteAllTextAsync(playlist, $"#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nhttp://127.0.0.1:{port}/secret.ts\n#EXT-X-ENDLIST\n", Ct);

        await Assert.ThrowsAsync<MediaProbeException>(() => _prober.ProbeAsync(playlist, keyFrames: false, Ct));

        Assert.False(listener.Pending(), "ffprobe connected to an address named by the file");
    }

    [Fact]
    public async Task A_missing_ffprobe_says_what_to_install()
    {
        var prober = new FfprobeProber(new FfprobeOptions { Executable = "/nonexistent/ffprobe" });

        var error = await Assert.ThrowsAsync<MediaProbeException>(() => prober.ProbeAsync("/tmp/x.mp4", keyFrames: false, Ct));

        Assert.Contains("install Debian's ffmpeg package", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_frames_come_from_pts_else_dts_relative_to_the_stream_start()
    {
        const string packets = "512,0,K_\n1024,512,__\nN/A,26112,K_\n26112,25600,K__\n\n51712,51200,_D\n";

        var frames = FfprobeJson.KeyFrames(packets, (1 / 12800d, 512), 25);

        Assert.Equal([0L, 50], frames);
    }

    private async Task<string> MakeAsync(string name, params string[] arguments)
    {
        RequireFfmpeg();
        var path = Path.Combine(_dir, name);
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])["-v", "error", "-y", .. arguments, path])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 0, $"ffmpeg failed: {errors}");
        return path;
    }

    private static void RequireFfmpeg()
    {
        if (File.Exists("/usr/bin/ffmpeg") && File.Exists("/usr/bin/ffprobe"))
        {
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("ffmpeg is not installed: ./test.sh installs Debian's ffmpeg package.");
        }

        Assert.Skip("ffmpeg is not installed; ./test.sh installs it.");
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern IntPtr OpenNative([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string path, int flags);

    /// <summary>Opens a FIFO for writing without blocking until a reader comes (O_RDWR never blocks on Linux).</summary>
    private static IntPtr Open(string path) => OpenNative(path, 2);
}
