using System.Buffers.Binary;
using System.Diagnostics;
using Curio.Media.Common;
using Curio.Media.Dicom;
using Curio.Media.Tests.Dicom;
using Curio.Media.Tests.Fixtures;
using Curio.Media.Thumbnails;

namespace Curio.Media.Tests.Thumbnails;

/// <summary>Thumbnails rendered by the machine's ffmpeg from files that ffmpeg (and our DICOM writer) made at test time.</summary>
public sealed class ThumbnailRendererTests : IDisposable
{
    private readonly Ffmpeg _ffmpeg = Ffmpeg.Require();
    private readonly string _dir = Directory.CreateTempSubdirectory("curio-thumbs-").FullName;
    private readonly ThumbnailRenderer _renderer = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _ffmpeg.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData("landscape.png", 400, 300, 256, 192)]
    [InlineData("portrait.png", 300, 400, 192, 256)]
    [InlineData("wide.jpg", 1000, 333, 256, 85)]
    [InlineData("small.png", 100, 50, 100, 50)]
    [InlineData("anim.gif", 320, 240, 256, 192)]
    [InlineData("photo.webp", 640, 480, 256, 192)]
    public async Task Images_keep_their_aspect_with_the_longest_side_at_most_the_size(string name, int width, int height, int expectedWidth, int expectedHeight)
    {
        var path = Make(name, $"-f lavfi -i testsrc2=s={width}x{height}:d=1 -frames:v {(name.EndsWith(".gif", StringComparison.Ordinal) ? 5 : 1)}");

        var jpeg = await _renderer.RenderAsync(new ThumbnailInput(path), Ct);

        Assert.Equal((expectedWidth, expectedHeight), Size(jpeg));
        Assert.Equal((expectedWidth, expectedHeight), FfmpegThumbnail.Fit(width, height, 256));
    }

    [Fact]
    public async Task The_size_is_configurable()
    {
        var path = Make("big.png", "-f lavfi -i testsrc2=s=640x480 -frames:v 1");

        var jpeg = await new ThumbnailRenderer(new ThumbnailRenderOptions { Size = 64 }).RenderAsync(new ThumbnailInput(path), Ct);

        Assert.Equal((64, 48), Size(jpeg));
    }

    [Theory]
    [InlineData(1, 256, 128, "red-left")]
    [InlineData(2, 256, 128, "red-right")]
    [InlineData(3, 256, 128, "red-right")]
    [InlineData(6, 128, 256, "red-top")]
    [InlineData(8, 128, 256, "red-bottom")]
    public async Task Exif_orientation_is_applied_to_still_images(int orientation, int expectedWidth, int expectedHeight, string where)
    {
        // Red on the left half, blue on the right, stored 400 x 200.
        var plain = await File.ReadAllBytesAsync(Make("halves.jpg", "-f lavfi -i color=c=red:s=400x200,drawbox=x=200:y=0:w=200:h=200:c=blue:t=fill -frames:v 1"), Ct);
        var path = Write($"oriented-{orientation}.jpg", WithExifOrientation(plain, orientation));

        var jpeg = await _renderer.RenderAsync(new ThumbnailInput(path), Ct);

        Assert.Equal((expectedWidth, expectedHeight), Size(jpeg));
        var pixels = await DecodeAsync(jpeg);
        var (first, second) = where switch
        {
            "red-left" or "red-right" => (Pixel(pixels, expectedWidth, expectedWidth / 8, expectedHeight / 2), Pixel(pixels, expectedWidth, expectedWidth * 7 / 8, expectedHeight / 2)),
            _ => (Pixel(pixels, expectedWidth, expectedWidth / 2, expectedHeight / 8), Pixel(pixels, expectedWidth, expectedWidth / 2, expectedHeight * 7 / 8)),
        };
        var redFirst = where is "red-left" or "red-top";
        Assert.True(IsRed(redFirst ? first : second) && IsBlue(redFirst ? second : first), $"orientation {orientation}: {first} then {second}");
    }

    [Fact]
    public async Task Transparent_pixels_are_laid_on_white()
    {
        var path = Make("alpha.png", "-f lavfi -i color=c=blue:s=300x200,format=rgba,geq=r='r(X,Y)':g='g(X,Y)':b='b(X,Y)':a='if(lt(X,150),255,0)' -frames:v 1");

        var jpeg = await _renderer.RenderAsync(new ThumbnailInput(path), Ct);

        var pixels = await DecodeAsync(jpeg);
        Assert.True(IsBlue(Pixel(pixels, 256, 20, 80)));
        Assert.True(Pixel(pixels, 256, 230, 80) is ( > 240, > 240, > 240), "the transparent half is white");
    }

    [Fact]
    public async Task A_video_poster_is_a_frame_a_tenth_of_the_way_in_not_the_black_opening()
    {
        // Half a second of black, then white, ten seconds in all: the first frame is black, the poster (at 1 s) white.
        var path = Make("fade.mp4",
            "-f lavfi -i color=c=black:s=320x180:d=0.5:r=25 -f lavfi -i color=c=white:s=320x180:d=9.5:r=25 -filter_complex [0:v][1:v]concat=n=2:v=1 -c:v libx264 -pix_fmt yuv420p -g 25");

        var jpeg = await _renderer.RenderAsync(new ThumbnailInput(path), Ct);

        Assert.Equal((256, 144), Size(jpeg));
        Assert.True(Pixel(await DecodeAsync(jpeg), 256, 128, 72) is ( > 200, > 200, > 200), "the poster is from the white part");
        Assert.Equal(1, ThumbnailRenderer.PosterSeconds(10));
    }

    [Fact]
    public async Task A_short_clip_gives_its_first_frame_and_a_known_duration_skips_ffprobe()
    {
        var path = Make("short.webm", "-f lavfi -i testsrc2=s=180x320:d=0.4:r=25 -c:v libvpx -b:v 200k");
        var noFfprobe = new ThumbnailRenderer(new ThumbnailRenderOptions { FfprobeExecutable = "/nonexistent/ffprobe" });

        var jpeg = await noFfprobe.RenderAsync(new ThumbnailInput(path, Duration: 0.4), Ct);

        Assert.Equal((144, 256), Size(jpeg));
        Assert.Equal(0, ThumbnailRenderer.PosterSeconds(0.4));
        Assert.Equal(0, ThumbnailRenderer.PosterSeconds(null));
    }

    [Fact]
    public async Task A_duration_longer_than_the_stream_falls_back_to_the_first_frame()
    {
        var path = Make("two.mp4", "-f lavfi -i testsrc2=s=320x240:d=2:r=25 -c:v libx264 -pix_fmt yuv420p");

        var jpeg = await _renderer.RenderAsync(new ThumbnailInput(path, Duration: 3600), Ct);

        Assert.Equal((256, 192), Size(jpeg));
    }

    [Fact]
    public async Task The_first_part_of_a_video_with_its_index_in_front_gives_a_poster()
    {
        var whole = await File.ReadAllBytesAsync(Make("faststart.mp4", "-f lavfi -i testsrc2=s=320x240:d=4:r=25 -c:v libx264 -pix_fmt yuv420p -movflags +faststart"), Ct);
        var path = Write("head.mp4", whole[..(whole.Length / 2)]);

        var jpeg = await _renderer.RenderAsync(new ThumbnailInput(path, Truncated: true), Ct);

        Assert.Equal((256, 192), Size(jpeg));
    }

    [Fact]
    public async Task The_first_part_of_a_video_with_its_index_at_the_end_is_refused_with_the_reason()
    {
        var whole = await File.ReadAllBytesAsync(Make("moov-last.mp4", "-f lavfi -i testsrc2=s=320x240:d=4:r=25 -c:v libx264 -pix_fmt yuv420p"), Ct);
        var path = Write("head-only.mp4", whole[..(whole.Length / 2)]);

        var error = await Assert.ThrowsAsync<ThumbnailException>(() => _renderer.RenderAsync(new ThumbnailInput(path, Truncated: true), Ct));

        Assert.Equal(ThumbnailFailure.Failed, error.Failure);
    }

    [Fact]
    public async Task A_monochrome2_16_bit_slice_is_windowed()
    {
        // Stored 0..3999 left to right, intercept -1024: Hounsfield -1024..2975. Window 40/400 shows -160..240 as gray.
        var path = Write("ct.dcm", DicomWriter.Part10(Slice(300, 400, "MONOCHROME2", column => (ushort)(column * 10))));

        var jpeg = await _renderer.RenderAsync(new ThumbnailInput(path), Ct);

        Assert.Equal((256, 192), Size(jpeg));
        var pixels = await DecodeAsync(jpeg);
        Assert.True(Gray(Pixel(pixels, 256, 10, 96)) < 10, "far below the window is black");
        Assert.True(Gray(Pixel(pixels, 256, 250, 96)) > 245, "far above the window is white");

        // Column c holds 10c - 1024 HU; the window's middle (40 HU) is column 106.4, i.e. x = 68 of 256.
        Assert.InRange(Gray(Pixel(pixels, 256, 68, 96)), 90, 165);
    }

    [Fact]
    public async Task A_monochrome1_slice_is_inverted_and_without_a_window_its_range_is_stretched()
    {
        var nodes = Slice(64, 128, "MONOCHROME1", column => (ushort)(column < 64 ? 100 : 200)).Without(DicomTags.WindowCenter, DicomTags.WindowWidth);
        var path = Write("mono1.dcm", DicomWriter.Part10(nodes, DicomWriter.ImplicitLittle));

        var pixels = await DecodeAsync(await _renderer.RenderAsync(new ThumbnailInput(path), Ct));

        Assert.True(Gray(Pixel(pixels, 128, 16, 32)) > 245, "the lowest value is white in MONOCHROME1");
        Assert.True(Gray(Pixel(pixels, 128, 112, 32)) < 10, "the highest value is black in MONOCHROME1");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task An_rgb_slice_keeps_its_colours(int planar)
    {
        const int rows = 60, columns = 80;
        var pixels = new byte[rows * columns * 3];
        for (var i = 0; i < rows * columns; i++)
        {
            var red = i % columns < columns / 2;
            var (r, g, b) = red ? ((byte)220, (byte)20, (byte)20) : ((byte)20, (byte)20, (byte)220);
            if (planar == 0)
            {
                (pixels[i * 3], pixels[(i * 3) + 1], pixels[(i * 3) + 2]) = (r, g, b);
            }
            else
            {
                (pixels[i], pixels[(rows * columns) + i], pixels[(2 * rows * columns) + i]) = (r, g, b);
            }
        }

        var nodes = DicomFixtures.CtSlice(1, rows, columns)
            .With(new Us(DicomTags.SamplesPerPixel, 3))
            .With(new Str(DicomTags.PhotometricInterpretation, "CS", "RGB"))
            .With(new Us(DicomTags.PlanarConfiguration, (ushort)planar))
            .With(new Us(DicomTags.BitsAllocated, 8)).With(new Us(DicomTags.BitsStored, 8)).With(new Us(DicomTags.HighBit, 7))
            .With(new Bin(DicomTags.PixelData, "OB", pixels));
        var path = Write($"rgb-{planar}.dcm", DicomWriter.Part10(nodes));

        var decoded = await DecodeAsync(await _renderer.RenderAsync(new ThumbnailInput(path), Ct));

        Assert.True(IsRed(Pixel(decoded, columns, 10, 30)), $"{Pixel(decoded, columns, 10, 30)}");
        Assert.True(IsBlue(Pixel(decoded, columns, 70, 30)), $"{Pixel(decoded, columns, 70, 30)}");
    }

    [Theory]
    [InlineData("dcmcjpeg", "+eb", "MONOCHROME2")]
    [InlineData("dcmcjpeg", "+e1", "MONOCHROME2")]
    [InlineData("dcmcjpls", "", "MONOCHROME1")]
    [InlineData("dcmcjpeg", "+eb", "RGB")]
    [InlineData("dcmcjpls", "", "RGB")]
    public async Task Compressed_8_bit_slices_made_by_dcmtk_are_decoded(string tool, string option, string photometric)
    {
        const int rows = 64, columns = 80;
        var samples = photometric == "RGB" ? 3 : 1;
        var pixels = new byte[rows * columns * samples];
        for (var i = 0; i < rows * columns; i++)
        {
            var onLeft = i % columns < columns / 2;
            if (samples == 1)
            {
                pixels[i] = onLeft ? (byte)30 : (byte)220;
            }
            else
            {
                (pixels[i * 3], pixels[(i * 3) + 1], pixels[(i * 3) + 2]) = onLeft ? ((byte)220, (byte)20, (byte)20) : ((byte)20, (byte)20, (byte)220);
            }
        }

        var nodes = DicomFixtures.CtSlice(1, rows, columns)
            .Without(DicomTags.WindowCenter, DicomTags.WindowWidth, DicomTags.RescaleIntercept, DicomTags.RescaleSlope)
            .With(new Us(DicomTags.SamplesPerPixel, (ushort)samples))
            .With(new Str(DicomTags.PhotometricInterpretation, "CS", photometric))
            .With(new Us(DicomTags.BitsAllocated, 8)).With(new Us(DicomTags.BitsStored, 8)).With(new Us(DicomTags.HighBit, 7))
            .With(new Bin(DicomTags.PixelData, "OB", pixels));
        if (samples == 3)
        {
            nodes = nodes.With(new Us(DicomTags.PlanarConfiguration, 0));
        }

        var plain = Write($"plain-{tool}-{photometric}.dcm", DicomWriter.Part10(nodes));
        var compressed = Path.Combine(_dir, $"compressed-{tool}{option}-{photometric}.dcm");
        var (exitCode, _, error) = await DicomTools.RunAsync(DicomTools.Dcmtk(tool), [.. option.Length > 0 ? new[] { option } : [], plain, compressed], Ct);
        Assert.True(exitCode == 0, error);
        var header = DicomHeaderReader.Read(await File.ReadAllBytesAsync(compressed, Ct), new FileInfo(compressed).Length).Header!;
        Assert.False(DicomTransferSyntax.IsNative(header.TransferSyntaxUid));

        var decoded = await DecodeAsync(await _renderer.RenderAsync(new ThumbnailInput(compressed), Ct));

        var (left, right) = (Pixel(decoded, columns, 10, 30), Pixel(decoded, columns, 70, 30));
        if (samples == 3)
        {
            Assert.True(IsRed(left) && IsBlue(right), $"{left} {right}");
        }
        else
        {
            // dcmtk's lossy baseline itself stores 30 and 220 as 0 and 190 (dcmdjpeg reads them back so): the test is
            // about which side is dark, not about the exact levels.
            var (dark, bright) = photometric == "MONOCHROME1" ? (right, left) : (left, right);
            Assert.True(Gray(dark) < 60 && Gray(bright) > 150, $"{photometric}: {left} {right}");
        }
    }

    [Fact]
    public async Task A_12_bit_compressed_slice_and_rle_are_refused_as_unsupported()
    {
        var plain = Write("ct16.dcm", DicomWriter.Part10(Slice(32, 32, "MONOCHROME2", column => (ushort)(column * 100))));
        var lossless = Path.Combine(_dir, "ct16-lossless.dcm");
        var rle = Path.Combine(_dir, "ct16-rle.dcm");
        Assert.Equal(0, (await DicomTools.RunAsync(DicomTools.Dcmtk("dcmcjpeg"), ["+e1", plain, lossless], Ct)).ExitCode);
        Assert.Equal(0, (await DicomTools.RunAsync(DicomTools.Dcmtk("dcmcrle"), [plain, rle], Ct)).ExitCode);

        var deep = await Assert.ThrowsAsync<ThumbnailException>(() => _renderer.RenderAsync(new ThumbnailInput(lossless), Ct));
        var runLength = await Assert.ThrowsAsync<ThumbnailException>(() => _renderer.RenderAsync(new ThumbnailInput(rle), Ct));

        Assert.Equal((ThumbnailFailure.Unsupported, ThumbnailFailure.Unsupported), (deep.Failure, runLength.Failure));
        Assert.Contains("12 bits stored", deep.Message, StringComparison.Ordinal);
        Assert.Contains("RLE Lossless (1.2.840.10008.1.2.5)", runLength.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_compressed_dicom_slice_is_refused_as_unsupported_naming_the_transfer_syntax()
    {
        var path = Write("jpeg.dcm", DicomWriter.Part10(DicomFixtures.CtSlice(1), DicomWriter.JpegBaseline));

        var error = await Assert.ThrowsAsync<ThumbnailException>(() => _renderer.RenderAsync(new ThumbnailInput(path), Ct));

        Assert.Equal(ThumbnailFailure.Unsupported, error.Failure);
        Assert.Contains("JPEG Baseline (1.2.840.10008.1.2.4.50)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audio_gets_no_thumbnail()
    {
        var path = Make("tone.wav", "-f lavfi -i sine=d=0.2");

        var error = await Assert.ThrowsAsync<ThumbnailException>(() => _renderer.RenderAsync(new ThumbnailInput(path), Ct));

        Assert.Equal(ThumbnailFailure.Unsupported, error.Failure);
        Assert.Contains("audio/", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("garbage")]
    [InlineData("truncated-png")]
    [InlineData("dicom-without-pixels")]
    public async Task Broken_files_fail_with_a_reason(string kind)
    {
        var bytes = kind switch
        {
            "empty" => [],
            "garbage" => Enumerable.Range(0, 5000).Select(i => (byte)(i * 7919 % 251)).ToArray(),
            "truncated-png" => (await File.ReadAllBytesAsync(Make("whole.png", "-f lavfi -i testsrc2=s=320x240 -frames:v 1"), Ct))[..200],
            _ => DicomWriter.Part10(DicomFixtures.CtSlice(1).Without(DicomTags.PixelData)),
        };
        var path = Write(kind, bytes);

        var error = await Assert.ThrowsAsync<ThumbnailException>(() => _renderer.RenderAsync(new ThumbnailInput(path), Ct));

        Assert.Equal(ThumbnailFailure.Failed, error.Failure);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public async Task A_png_declaring_gigapixels_is_refused_from_its_header_before_anything_decodes()
    {
        var path = Write("bomb.png", ImageFixtures.PngDeclaring(60_000, 60_000, rowsOfData: 16));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ThumbnailException>(() =>
            new ThumbnailRenderer(new ThumbnailRenderOptions { FfmpegExecutable = "/nonexistent/ffmpeg" }).RenderAsync(new ThumbnailInput(path), Ct));

        Assert.Equal(ThumbnailFailure.Failed, error.Failure);
        Assert.Contains("60000x60000 pixels", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task The_pixel_limit_is_configurable()
    {
        var path = Make("limit.png", "-f lavfi -i testsrc2=s=320x240 -frames:v 1");

        var error = await Assert.ThrowsAsync<ThumbnailException>(() =>
            new ThumbnailRenderer(new ThumbnailRenderOptions { MaxPixels = 320 * 239 }).RenderAsync(new ThumbnailInput(path), Ct));

        Assert.Contains("320x240 pixels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_ffmpeg_is_a_failure_that_says_what_to_install()
    {
        var path = Make("any.png", "-f lavfi -i testsrc2=s=32x32 -frames:v 1");

        var error = await Assert.ThrowsAsync<ThumbnailException>(() =>
            new ThumbnailRenderer(new ThumbnailRenderOptions { FfmpegExecutable = "/nonexistent/ffmpeg" }).RenderAsync(new ThumbnailInput(path), Ct));

        Assert.Contains("FfmpegPath", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A 16-bit CT slice whose stored value depends on the column.</summary>
    internal static List<Node> Slice(int rows, int columns, string photometric, Func<int, ushort> value)
    {
        var pixels = new byte[rows * columns * 2];
        for (var i = 0; i < rows * columns; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(pixels.AsSpan(i * 2), value(i % columns));
        }

        return DicomFixtures.CtSlice(1, rows, columns)
            .With(new Str(DicomTags.PhotometricInterpretation, "CS", photometric))
            .With(new Bin(DicomTags.PixelData, "OW", pixels));
    }

    private string Make(string name, string arguments)
    {
        return Write(name, _ffmpeg.Make(name, arguments));
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static (int Width, int Height) Size(byte[] jpeg)
    {
        Assert.Equal(MediaCategory.Image, MediaSniffer.Sniff(jpeg, jpeg.Length).Category);
        var header = ImageHeaderReader.Read(jpeg, jpeg.Length);
        Assert.True(header.IsOk, header.Reason);
        return (header.Width, header.Height);
    }

    /// <summary>The JPEG decoded by ffmpeg to RGB, fed through standard input.</summary>
    private static async Task<byte[]> DecodeAsync(byte[] jpeg)
    {
        var run = await ChildProcess.RunAsync(
            new ChildProcessRequest("ffmpeg", ["-v", "error", "-f", "jpeg_pipe", "-i", "pipe:0", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"], TimeSpan.FromSeconds(30), 64 << 20)
            {
                WriteInput = (stdin, token) => stdin.WriteAsync(jpeg, token).AsTask(),
            }, Ct);
        Assert.True(run.Status == ChildProcessStatus.Exited && run.ExitCode == 0, run.Errors);
        return run.Output;
    }

    private static (int R, int G, int B) Pixel(byte[] rgb, int width, int x, int y)
    {
        var at = ((y * width) + x) * 3;
        return (rgb[at], rgb[at + 1], rgb[at + 2]);
    }

    private static int Gray((int R, int G, int B) pixel) => (pixel.R + pixel.G + pixel.B) / 3;

    private static bool IsRed((int R, int G, int B) p) => p.R > 180 && p.G < 80 && p.B < 80;

    private static bool IsBlue((int R, int G, int B) p) => p.B > 180 && p.R < 80 && p.G < 80;

    /// <summary>The JPEG with an APP1 Exif segment (big-endian TIFF, one Orientation entry) right after SOI.</summary>
    private static byte[] WithExifOrientation(byte[] jpeg, int orientation)
    {
        var tiff = new ByteWriter().Ascii("MM").U16Be(42).U32Be(8).U16Be(1).U16Be(274).U16Be(3).U32Be(1).U16Be(orientation).U16Be(0).U32Be(0).ToArray();
        var exif = new ByteWriter().Ascii("Exif\0\0").Bytes(tiff).ToArray();
        var segment = new ByteWriter().Bytes(0xFF, 0xE1).U16Be(exif.Length + 2).Bytes(exif).ToArray();
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }
}
