using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using Curio.Media.Tests.Fixtures;

namespace Curio.Media.Tests;

/// <summary>
/// Real files: ffmpeg makes PNG, JPEG and WebP images, exiftool writes each EXIF orientation into them as cameras and
/// editors do, and cjxl and heif-enc re-encode the results; our reading must agree with the tools'.
/// </summary>
public sealed partial class ImageToolOrientationTests
{
    private static readonly (string, string) FfmpegTool = ("ffmpeg", "ffmpeg");
    private static readonly (string, string) Exiftool = ("exiftool", "libimage-exiftool-perl");
    private static readonly (string, string) Cjxl = ("cjxl", "libjxl-tools");
    private static readonly (string, string) Jxlinfo = ("jxlinfo", "libjxl-tools");
    private static readonly (string, string) HeifEnc = ("heif-enc", "libheif-examples");
    private static readonly (string, string) HeifInfo = ("heif-info", "libheif-examples");

    [Theory]
    [InlineData("png", "-pix_fmt rgb24")]
    [InlineData("jpg", "-q:v 3")]
    [InlineData("webp", "-quality 80")]
    [InlineData("webp", "-lossless 1")]
    public void Exiftool_orientations_in_ffmpeg_images_are_read(string extension, string codec)
    {
        using var tools = ImageTools.Require(FfmpegTool, Exiftool);
        MakeTestImage(tools, "base." + extension, 41, 29, codec);

        for (var orientation = 1; orientation <= 8; orientation++)
        {
            var name = $"o{orientation}.{extension}";
            tools.Copy("base." + extension, name);
            SetOrientation(tools, name, orientation);
            var bytes = tools.Read(name);

            var result = ImageHeaderReader.Read(bytes, bytes.Length);

            Assert.Equal(orientation.ToString(CultureInfo.InvariantCulture), tools.Run("exiftool", "-n", "-s3", "-Orientation", name).Trim());
            AssertOriented(result, 41, 29, orientation, name);
        }
    }

    [Theory]
    [InlineData("-lossless 1")]
    [InlineData("-quality 100")]
    public void Webp_exif_that_exiftool_appends_after_large_image_data_is_reached_by_asking_for_more(string codec)
    {
        using var tools = ImageTools.Require(FfmpegTool, Exiftool);

        // Noise does not compress, so the image data (and the EXIF chunk behind it) runs well past a 64 KiB head.
        var noise = new byte[300 * 200 * 3];
        new Random(7).NextBytes(noise);
        tools.Write("noise.rgb", noise);
        tools.Run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", "300x200",
            "-i", "noise.rgb", "-frames:v", "1", .. codec.Split(' '), "noise.webp"]);
        SetOrientation(tools, "noise.webp", 7);
        var webp = tools.Read("noise.webp");
        Assert.True(webp.AsSpan().IndexOf("EXIF"u8) > 64 * 1024, "the EXIF chunk should lie past the first 64 KiB");

        var head = ImageHeaderReader.Read(webp.AsSpan(0, 64 * 1024), webp.Length);
        var full = ImageHeaderReader.Read(webp.AsSpan(0, head.BytesNeeded), webp.Length);

        Assert.Equal(ImageHeaderStatus.NeedMoreBytes, head.Status);
        AssertOriented(full, 300, 200, 7, "noise.webp");
    }

    [Fact]
    public void Cjxl_carries_the_orientation_into_the_codestream_which_is_read_boxed_and_bare()
    {
        using var tools = ImageTools.Require(FfmpegTool, Exiftool, Cjxl, Jxlinfo);
        MakeTestImage(tools, "base.png", 41, 29, "-pix_fmt rgb24");
        MakeTestImage(tools, "base.jpg", 41, 29, "-q:v 3");

        for (var orientation = 1; orientation <= 8; orientation++)
        {
            // From a PNG with eXIf (re-encoded), and from a JPEG with EXIF (transcoded losslessly, its EXIF kept in a box).
            foreach (var source in new[] { "png", "jpg" })
            {
                var input = $"o{orientation}.{source}";
                var output = $"o{orientation}-{source}.jxl";
                tools.Copy("base." + source, input);
                SetOrientation(tools, input, orientation);
                tools.Run("cjxl", input, output, "--quiet");
                var jxl = tools.Read(output);
                var bare = Codestream(jxl);

                // jxlinfo prints the orientation only when it is not 1.
                var info = JxlinfoOrientation().Match(tools.Run("jxlinfo", output));
                Assert.Equal(orientation, info.Success ? int.Parse(info.Groups[1].Value, CultureInfo.InvariantCulture) : 1);
                AssertOriented(ImageHeaderReader.Read(jxl, jxl.Length), 41, 29, orientation, output);
                AssertOriented(ImageHeaderReader.Read(bare, bare.Length), 41, 29, orientation, output + " unboxed");
            }
        }
    }

    [Theory]
    [InlineData("heic")]
    [InlineData("avif")]
    public void Heif_enc_files_are_oriented_by_their_transform_properties_never_by_their_exif(string extension)
    {
        using var tools = ImageTools.Require(FfmpegTool, Exiftool, HeifEnc, HeifInfo);
        MakeTestImage(tools, "base.jpg", 64, 48, "-q:v 3");

        // Turns only: exiftool reports irot (as Rotation, anticlockwise degrees) but not imir, and its reading of the
        // transforms is what this test trusts. heif-enc copies the JPEG's EXIF, Orientation tag included, into an
        // Exif item; whether it also writes irot depends on its version. Either way only irot may count.
        foreach (var orientation in new[] { 1, 3, 6, 8 })
        {
            var input = $"o{orientation}.jpg";
            var output = $"o{orientation}.{extension}";
            tools.Copy("base.jpg", input);
            SetOrientation(tools, input, orientation);
            tools.Run("heif-enc", extension == "avif" ? ["-A", "-q", "50", input, "-o", output] : ["-q", "50", input, "-o", output]);
            var heif = tools.Read(output);

            var exif = tools.Run("exiftool", "-n", "-s3", "-Orientation", output).Trim();
            var rotation = tools.Run("exiftool", "-n", "-s3", "-Rotation", output).Trim();
            var size = HeifInfoSize().Match(tools.Run("heif-info", output));
            int? expected = rotation switch
            {
                "" => null,
                "0" => 1,
                "90" => 8,
                "180" => 3,
                "270" => 6,
                _ => throw new InvalidOperationException($"exiftool gave a rotation of {rotation}"),
            };

            var result = ImageHeaderReader.Read(heif, heif.Length);

            Assert.Equal(orientation.ToString(CultureInfo.InvariantCulture), exif);
            Assert.True(size.Success, "heif-info printed no primary image size");
            Assert.True(result.IsOk, result.Reason);
            Assert.Equal((int.Parse(size.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(size.Groups[2].Value, CultureInfo.InvariantCulture), expected),
                (result.Width, result.Height, result.Orientation));
        }
    }

    private static void MakeTestImage(ImageTools tools, string name, int width, int height, string codec) =>
        tools.Run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", $"testsrc=size={width}x{height}",
            "-frames:v", "1", .. codec.Split(' ', StringSplitOptions.RemoveEmptyEntries), name]);

    private static void SetOrientation(ImageTools tools, string name, int orientation) =>
        tools.Run("exiftool", "-q", "-overwrite_original", "-n", $"-Orientation={orientation}", name);

    // The codestream of a JPEG XL container: the jxlc box's content, or the jxlp boxes' joined.
    private static byte[] Codestream(byte[] file)
    {
        if (file.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0x0A]))
        {
            return file;
        }

        var parts = new List<byte>();
        for (var pos = 0; pos + 8 <= file.Length;)
        {
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(pos));
            var type = file.AsSpan(pos + 4, 4);
            size = size == 0 ? file.Length - pos : size;
            if (type.SequenceEqual("jxlc"u8))
            {
                return file[(pos + 8)..(pos + size)];
            }

            if (type.SequenceEqual("jxlp"u8))
            {
                parts.AddRange(file[(pos + 12)..(pos + size)]);
            }

            pos += size;
        }

        Assert.NotEmpty(parts);
        return [.. parts];
    }

    private static void AssertOriented(ImageHeaderResult result, int width, int height, int orientation, string name)
    {
        Assert.True(result.IsOk, $"{name}: {result.Reason ?? result.Status.ToString()}");
        Assert.True((width, height, (int?)orientation) == (result.Width, result.Height, result.Orientation), $"{name}: {result}");
        Assert.Equal(orientation >= 5 ? (height, width) : (width, height), (result.DisplayWidth, result.DisplayHeight));
    }

    [GeneratedRegex(@"Orientation: (\d)")]
    private static partial Regex JxlinfoOrientation();

    [GeneratedRegex(@"image: (\d+)x(\d+) \(id=\d+\), primary")]
    private static partial Regex HeifInfoSize();
}
