using Curio.Contracts;

namespace Curio.Server.Tests;

/// <summary>
/// Units without a media metadata block are measured by the server: fixtures made at test time with ffmpeg and
/// dcmtk, imported through a local integration, and the exact values checked on the registered items.
/// </summary>
public sealed class ProbingTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private string _root = null!;
    private Integration _local = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = new TestServer();
        _root = Directory.CreateTempSubdirectory("curio-probing-").FullName;
        _local = await _server.LocalIntegrationAsync(_root);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_video_reports_fps_duration_size_frames_codec_and_its_key_frames()
    {
        MediaTools.Require("ffmpeg", "ffprobe");
        MediaTools.Ffmpeg("-f lavfi -i testsrc2=size=640x360:rate=25:duration=10 -c:v libx264 -pix_fmt yuv420p -g 50 -keyint_min 50 -sc_threshold 0", File("clip.mp4"));
        MediaTools.Ffmpeg("-f lavfi -i testsrc2=size=320x240:rate=30:duration=2 -c:v libvpx-vp9 -g 30 -b:v 200k", File("clip.webm"));
        MediaTools.Ffmpeg("-f lavfi -i testsrc2=size=640x360:rate=30:duration=1 -c:v libx264 -pix_fmt yuv420p", File("landscape.mp4"));
        MediaTools.Ffmpeg($"-i {File("landscape.mp4")} -c copy -metadata:s:v:0 rotate=90", File("portrait.mp4")); // a display matrix, as phones write

        var items = await ImportAsync("""{ "videos": [ { "objectUrl": "clip.mp4" }, { "objectUrl": "clip.webm" }, { "objectUrl": "portrait.mp4" } ] }""");

        var mp4 = items["clip.mp4"];
        Assert.Equal((ItemType.Video, 25d, 10d, 640, 360, 250L, "video/mp4"), (mp4.ItemType, mp4.Fps!.Value, mp4.Duration!.Value, mp4.Width!.Value, mp4.Height!.Value, mp4.FrameCount!.Value, mp4.MimeType));
        Assert.Equal(new FileInfo(File("clip.mp4")).Length, mp4.FileSize);
        Assert.Null(mp4.MediaMetadata);
        var technical = mp4.TechnicalMetadata!.Value;
        Assert.Equal("h264", technical.GetProperty("videoCodec").GetString());
        Assert.Equal([0L, 50, 100, 150, 200], technical.GetProperty("keyFrames").EnumerateArray().Select(k => k.GetInt64()));

        var webm = items["clip.webm"];
        Assert.Equal((30d, 320, 240, "video/webm", "vp9"), (webm.Fps!.Value, webm.Width!.Value, webm.Height!.Value, webm.MimeType, webm.TechnicalMetadata!.Value.GetProperty("videoCodec").GetString()));
        Assert.Equal(2d, webm.Duration!.Value, 2);
        Assert.Equal(0, webm.TechnicalMetadata!.Value.GetProperty("keyFrames")[0].GetInt64());

        // A phone's portrait clip is stored landscape with a display rotation: the item has the size a player shows.
        var portrait = items["portrait.mp4"];
        Assert.Equal((360, 640), (portrait.Width!.Value, portrait.Height!.Value));
        Assert.Equal((640, 360), (portrait.TechnicalMetadata!.Value.GetProperty("storedWidth").GetInt32(), portrait.TechnicalMetadata!.Value.GetProperty("storedHeight").GetInt32()));
        Assert.Contains(portrait.TechnicalMetadata!.Value.GetProperty("rotation").GetInt32(), new[] { 90, 270 });
        Assert.False(mp4.TechnicalMetadata!.Value.TryGetProperty("rotation", out _));
    }

    [Fact]
    public async Task An_image_reports_its_displayed_size_and_its_exif_orientation()
    {
        MediaTools.Require("ffmpeg", "exiftool");
        MediaTools.Ffmpeg("-f lavfi -i testsrc2=size=320x240:rate=1:duration=1 -frames:v 1", File("rotated.jpg"));
        MediaTools.Run("exiftool", ["-q", "-overwrite_original", "-Orientation#=6", File("rotated.jpg")]);
        MediaTools.Ffmpeg("-f lavfi -i testsrc2=size=320x240:rate=1:duration=1 -frames:v 1", File("upright.webp"));

        var items = await ImportAsync("""{ "images": [ { "objectUrl": "rotated.jpg" }, { "objectUrl": "upright.webp" } ] }""");

        var rotated = items["rotated.jpg"];
        Assert.Equal((240, 320, "image/jpeg"), (rotated.Width!.Value, rotated.Height!.Value, rotated.MimeType));
        var technical = rotated.TechnicalMetadata!.Value;
        Assert.Equal((6, 320, 240), (technical.GetProperty("orientation").GetInt32(), technical.GetProperty("storedWidth").GetInt32(), technical.GetProperty("storedHeight").GetInt32()));
        Assert.Equal((320, 240, "image/webp"), (items["upright.webp"].Width!.Value, items["upright.webp"].Height!.Value, items["upright.webp"].MimeType));
        Assert.Null(items["upright.webp"].TechnicalMetadata);
    }

    [Fact]
    public async Task Audio_reports_duration_rate_depth_codec_and_channels_from_headers_or_ffprobe()
    {
        MediaTools.Require("ffmpeg", "ffprobe");
        MediaTools.Ffmpeg("-f lavfi -i sine=frequency=440:sample_rate=48000:duration=2 -c:a pcm_s24le", File("tone.wav"));
        MediaTools.Ffmpeg("-f lavfi -i sine=frequency=440:sample_rate=44100:duration=3 -ac 2 -c:a aac", File("tone.m4a"));
        MediaTools.Ffmpeg("-f lavfi -i sine=frequency=440:sample_rate=22050:duration=1 -c:a flac", File("tone.flac"));

        var items = await ImportAsync("""{ "audio": [ { "objectUrl": "tone.wav" }, { "objectUrl": "tone.m4a" }, { "objectUrl": "tone.flac" } ] }""");

        var wav = items["tone.wav"];
        Assert.Equal((ItemType.Audio, 48000, 24, "pcm_s24le", 1, 2d, "audio/wav"), (wav.ItemType, wav.AudioSampleRate!.Value, wav.AudioBitDepth!.Value, wav.AudioCodec, wav.AudioNumChannels!.Value, wav.Duration!.Value, wav.MimeType));

        // AAC in MP4 has no cheap header: ffprobe measures it through the relay.
        var m4a = items["tone.m4a"];
        Assert.Equal((44100, 2, "aac", (int?)null), (m4a.AudioSampleRate!.Value, m4a.AudioNumChannels!.Value, m4a.AudioCodec, m4a.AudioBitDepth));
        Assert.Equal(3d, m4a.Duration!.Value, 1);
        Assert.StartsWith("audio/", m4a.MimeType, StringComparison.Ordinal);

        var flac = items["tone.flac"];
        Assert.Equal((22050, 16, "flac", 1, 1d), (flac.AudioSampleRate!.Value, flac.AudioBitDepth!.Value, flac.AudioCodec, flac.AudioNumChannels!.Value, flac.Duration!.Value));
    }

    [Fact]
    public async Task Text_pdf_and_nifti_report_what_their_headers_say()
    {
        await System.IO.File.WriteAllBytesAsync(File("notes.md"), [0xEF, 0xBB, 0xBF, .. "# Ünïcode notes\n"u8.ToArray()], Ct);
        await System.IO.File.WriteAllTextAsync(File("plain.txt"), "plain ascii\n", Ct);
        System.IO.File.Copy(Repo.Path("samples", "pdf", "hello.pdf"), File("hello.pdf"));
        System.IO.File.Copy(Repo.Path("samples", "nifti", "phantom.nii.gz"), File("phantom.nii.gz"));

        var items = await ImportAsync("""
            { "text": [ { "objectUrl": "notes.md" }, { "objectUrl": "plain.txt" } ], "pdf": [ { "objectUrl": "hello.pdf" } ],
              "nifti": [ { "objectUrl": "phantom.nii.gz" } ] }
            """);

        var notes = items["notes.md"];
        Assert.Equal(("text/markdown", "utf-8", true), (notes.MimeType, notes.TechnicalMetadata!.Value.GetProperty("encoding").GetString(), notes.TechnicalMetadata!.Value.GetProperty("byteOrderMark").GetBoolean()));
        Assert.Equal(("text/plain", "us-ascii", 12L), (items["plain.txt"].MimeType, items["plain.txt"].TechnicalMetadata!.Value.GetProperty("encoding").GetString(), items["plain.txt"].FileSize!.Value));

        var pdf = items["hello.pdf"];
        Assert.Equal((1, "application/pdf"), (pdf.NumPages!.Value, pdf.MimeType));

        var nifti = items["phantom.nii.gz"];
        var n = nifti.TechnicalMetadata!.Value;
        Assert.Equal((8, 8), (nifti.Width!.Value, nifti.Height!.Value));
        Assert.Equal([8L, 8, 4], n.GetProperty("dimensions").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal([1.5, 1.5, 3.0], n.GetProperty("voxelSize").EnumerateArray().Select(d => d.GetDouble()).Take(3));
        Assert.Equal("uint8", n.GetProperty("datatype").GetString());
    }

    [Fact]
    public async Task A_dicom_series_is_ordered_by_slice_position_and_carries_its_uids()
    {
        foreach (var slice in new[] { 1, 2, 3 })
        {
            System.IO.File.Copy(Repo.Path("samples", "dicom", "ct-0001", $"slice-{slice}.dcm"), File($"slice-{slice}.dcm"));
        }

        // Listed out of order: the series comes out in position order.
        var items = await ImportAsync("""
            { "dicom_series": [ { "title": "ct", "objectUrl_0": "slice-3.dcm", "objectUrl_1": "slice-1.dcm", "objectUrl_2": "slice-2.dcm" } ] }
            """);

        var series = items["ct"];
        Assert.Equal((ItemType.DicomSeries, 3, "application/dicom"), (series.ItemType, series.ChildCount, series.MimeType));
        Assert.NotNull(series.DicomStudyUid);
        Assert.NotNull(series.DicomSeriesUid);
        var slices = (await _server.GetAsync($"/api/v1/items/{series.Uuid}/children", CurioJsonContext.Default.PageItem)).Results;
        Assert.Equal(["slice-1.dcm", "slice-2.dcm", "slice-3.dcm"], slices.Select(s => s.Url));
        Assert.All(slices, s => Assert.Equal((ItemType.DicomFile, series.DicomStudyUid, series.DicomSeriesUid), (s.ItemType, s.DicomStudyUid, s.DicomSeriesUid)));
        Assert.Equal(3, slices.Select(s => s.DicomInstanceUid).Distinct().Count());
        Assert.Equal("CT", slices[0].TechnicalMetadata!.Value.GetProperty("modality").GetString());
        Assert.Equal((series.Width, series.Height), (slices[0].Width, slices[0].Height));
    }

    [Fact]
    public async Task A_series_with_an_inconsistent_study_fails_with_the_tag_and_the_file()
    {
        MediaTools.Require("dcmodify");
        foreach (var slice in new[] { 1, 2 })
        {
            System.IO.File.Copy(Repo.Path("samples", "dicom", "ct-0001", $"slice-{slice}.dcm"), File($"slice-{slice}.dcm"));
        }

        MediaTools.Run("dcmodify", ["-nb", "-m", "(0020,000D)=1.2.826.0.1.3680043.8.498.999", File("slice-2.dcm")]);

        var job = await _server.ImportAsync(await _server.FolderAsync("bad-series"), _local, """
            { "dicom_series": [ { "title": "mixed", "objectUrl_0": "slice-1.dcm", "objectUrl_1": "slice-2.dcm" } ] }
            """);

        Assert.Equal((JobStatus.Done, 1), (job.Status, job.UnitsErrorCount));
        var error = job.UnitErrors.Single().Error;
        Assert.Contains("StudyInstanceUID", error, StringComparison.Ordinal);
        Assert.Contains("slice-2.dcm", error, StringComparison.Ordinal);
        Assert.Contains("1.2.826.0.1.3680043.8.498.999", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_sequence_of_mixed_sizes_is_split_into_one_sequence_per_size_and_a_rerun_skips_them()
    {
        MediaTools.Require("ffmpeg");
        MediaTools.Ffmpeg("-f lavfi -i testsrc2=size=160x120:rate=1:duration=1 -frames:v 1", File("a.png"));
        MediaTools.Ffmpeg("-f lavfi -i testsrc2=size=320x240:rate=1:duration=1 -frames:v 1", File("b.png"));
        MediaTools.Ffmpeg("-f lavfi -i testsrc2=size=160x120:rate=1:duration=1 -frames:v 1", File("c.png"));
        const string Spec = """
            { "image_groups": [ { "title": "seq", "createVideo": true, "objectUrl_0": "a.png", "objectUrl_1": "b.png", "objectUrl_2": "c.png",
                                  "clientMetadata": { "camera": "left" } } ],
              "skip_duplicate_urls": true }
            """;
        var folder = await _server.FolderAsync("sequences");

        var job = await _server.ImportAsync(folder, _local, Spec);

        Assert.Equal((JobStatus.Done, 1, 0), (job.Status, job.UnitsDoneCount, job.UnitsErrorCount));
        var items = (await _server.ItemsAsync(folder)).ToDictionary(i => i.Name);
        Assert.Equal(["seq (160x120)", "seq (320x240)"], items.Keys.Order());
        Assert.Equal((ItemType.ImageSequence, 2, 160, 120), (items["seq (160x120)"].ItemType, items["seq (160x120)"].ChildCount, items["seq (160x120)"].Width!.Value, items["seq (160x120)"].Height!.Value));
        Assert.Equal((1, 320), (items["seq (320x240)"].ChildCount, items["seq (320x240)"].Width!.Value));
        Assert.All(items.Values, i => Assert.Equal("""{"camera":"left"}""", i.ClientMetadata.GetRawText()));
        var small = (await _server.GetAsync($"/api/v1/items/{items["seq (160x120)"].Uuid}/children", CurioJsonContext.Default.PageItem)).Results;
        Assert.Equal(["a.png", "c.png"], small.Select(f => f.Url));

        var again = await _server.ImportAsync(folder, _local, Spec);
        Assert.Equal((1, 0), (again.UnitsSkippedCount, again.ItemsWithNames.Count));
        Assert.Equal(2, (await _server.ItemsAsync(folder)).Count);

        var upsert = await _server.ImportAsync(folder, _local, Spec.Replace("\"left\"", "\"right\"", StringComparison.Ordinal).Replace("\"skip_duplicate_urls\": true", "\"skip_duplicate_urls\": true, \"upsert_metadata\": true", StringComparison.Ordinal));
        Assert.Equal(1, upsert.UnitsUpdatedCount);
        Assert.All(await _server.ItemsAsync(folder), i => Assert.Equal("""{"camera":"right"}""", i.ClientMetadata.GetRawText()));
    }

    [Fact]
    public async Task Corrupt_truncated_and_hostile_files_fail_their_units_cleanly()
    {
        MediaTools.Require("ffmpeg", "ffprobe");
        MediaTools.Ffmpeg("-f lavfi -i testsrc2=size=320x240:rate=25:duration=2 -c:v libx264 -pix_fmt yuv420p", File("good.mp4"));
        var good = await System.IO.File.ReadAllBytesAsync(File("good.mp4"), Ct);
        await System.IO.File.WriteAllBytesAsync(File("empty.mp4"), [], Ct);
        await System.IO.File.WriteAllBytesAsync(File("truncated.mp4"), good[..Math.Min(good.Length, 2048)], Ct);
        var garbage = new byte[64 * 1024];
        new Random(7).NextBytes(garbage);
        await System.IO.File.WriteAllBytesAsync(File("garbage.mp4"), [.. good[..32], .. garbage], Ct);
        await System.IO.File.WriteAllBytesAsync(File("huge.nii"), NiftiClaiming(10_000_000_000), Ct);
        await System.IO.File.WriteAllBytesAsync(File("bomb.png"), PngClaiming(100_000, 100_000), Ct);
        await System.IO.File.WriteAllTextAsync(File("wrong.wav"), "not audio at all, just text\n", Ct);
        await using (var bomb = System.IO.File.Create(File("bomb.nii.gz")))
        await using (var gzip = new System.IO.Compression.GZipStream(bomb, System.IO.Compression.CompressionLevel.SmallestSize))
        {
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 1024; i++)
            {
                await gzip.WriteAsync(zeros, Ct); // 1 GiB of zeros, about 1 MiB on disk
            }
        }

        var folder = await _server.FolderAsync("hostile");
        var job = await _server.ImportAsync(folder, _local, """
            { "videos": [ { "objectUrl": "empty.mp4" }, { "objectUrl": "truncated.mp4" }, { "objectUrl": "garbage.mp4" }, { "objectUrl": "good.mp4" } ],
              "nifti": [ { "objectUrl": "huge.nii" }, { "objectUrl": "bomb.nii.gz" } ], "images": [ { "objectUrl": "bomb.png" } ], "audio": [ { "objectUrl": "wrong.wav" } ] }
            """);

        var errors = job.UnitErrors.ToDictionary(e => e.ObjectUrls[0], e => e.Error);
        Assert.Equal((JobStatus.Done, 6, 2), (job.Status, job.UnitsErrorCount, job.UnitsDoneCount));
        Assert.StartsWith("Expected a video, got an empty file (0 bytes): empty.mp4", errors["empty.mp4"], StringComparison.Ordinal);
        Assert.Contains("truncated.mp4", errors["truncated.mp4"], StringComparison.Ordinal);
        Assert.Contains("garbage.mp4", errors["garbage.mp4"], StringComparison.Ordinal);
        Assert.Contains("truncated.mp4: moov atom not found", errors["truncated.mp4"], StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", errors["garbage.mp4"], StringComparison.Ordinal);
        Assert.Contains("huge.nii", errors["huge.nii"], StringComparison.Ordinal);
        Assert.StartsWith("Expected a NIfTI volume, got a file of type application/gzip: bomb.nii.gz", errors["bomb.nii.gz"], StringComparison.Ordinal);
        Assert.StartsWith("Expected an audio file, got a file of type text/plain: wrong.wav", errors["wrong.wav"], StringComparison.Ordinal);
        // Only the header is read, never the pixels, so an image that claims ten gigapixels costs nothing to register.
        var registered = (await _server.ItemsAsync(folder)).ToDictionary(i => i.Url!);
        Assert.Equal(["bomb.png", "good.mp4"], registered.Keys.Order());
        Assert.Equal((100_000, 100_000), (registered["bomb.png"].Width!.Value, registered["bomb.png"].Height!.Value));
    }

    [Fact]
    public async Task Without_ffprobe_a_video_fails_with_what_to_install_or_give()
    {
        await using var server = new TestServer(new Dictionary<string, string?> { ["Curio:Probing:Ffprobe"] = "/nonexistent/ffprobe" });
        System.IO.File.Copy(Repo.Path("samples", "video", "testsrc.mp4"), File("clip.mp4"));
        var local = await server.LocalIntegrationAsync(_root);

        var job = await server.ImportAsync(await server.FolderAsync("no-ffprobe"), local, """{ "videos": [ { "objectUrl": "clip.mp4" } ] }""");

        var error = job.UnitErrors.Single().Error;
        Assert.StartsWith("clip.mp4 was not measured: ffprobe could not be started", error, StringComparison.Ordinal);
        Assert.Contains("install Debian's ffmpeg package", error, StringComparison.Ordinal);
        Assert.EndsWith("Or give the file's metadata block in the upload file.", error, StringComparison.Ordinal);
    }

    private string File(string name) => Path.Combine(_root, name);

    private async Task<Dictionary<string, Item>> ImportAsync(string spec)
    {
        var folder = await _server.FolderAsync("f-" + Guid.NewGuid().ToString("N")[..8]);
        var job = await _server.ImportAsync(folder, _local, spec);
        Assert.True(job.UnitsErrorCount == 0, string.Join("\n", job.UnitErrors.Select(e => e.Error)));
        Assert.Equal(JobStatus.Done, job.Status);
        return (await _server.ItemsAsync(folder)).ToDictionary(i => i.Name);
    }

    /// <summary>A NIfTI-1 header (348 bytes, then 4 bytes of extension flag) whose dimensions declare <paramref name="voxels"/> bytes of data.</summary>
    private static byte[] NiftiClaiming(long voxels)
    {
        var header = new byte[352];
        BitConverter.TryWriteBytes(header.AsSpan(0), 348);
        var side = (short)Math.Ceiling(Math.Cbrt(voxels));
        short[] dim = [3, side, side, side, 1, 1, 1, 1];
        for (var i = 0; i < dim.Length; i++)
        {
            BitConverter.TryWriteBytes(header.AsSpan(40 + (2 * i)), dim[i]);
        }

        BitConverter.TryWriteBytes(header.AsSpan(70), (short)2); // uint8
        BitConverter.TryWriteBytes(header.AsSpan(72), (short)8);
        BitConverter.TryWriteBytes(header.AsSpan(108), 352f);
        "n+1\0"u8.CopyTo(header.AsSpan(344));
        return header;
    }

    /// <summary>A PNG signature and IHDR claiming a huge image, and nothing else.</summary>
    private static byte[] PngClaiming(int width, int height)
    {
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R',
            .. BigEndian(width), .. BigEndian(height), 8, 6, 0, 0, 0, 0, 0, 0, 0];
        return png;

        static byte[] BigEndian(int value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
    }
}
