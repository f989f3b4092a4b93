using Curio.Media.Images;
using Curio.Media.Tests.Fixtures;
using static Curio.Media.Tests.Fixtures.Containers;

namespace Curio.Media.Tests;

/// <summary>Orientation from the headers of PNG, WebP, HEIF/AVIF and JPEG XL, built byte by byte, honest and hostile.</summary>
public sealed class OrientationTests
{
    public static TheoryData<int> Orientations => [1, 2, 3, 4, 5, 6, 7, 8];

    public static TheoryData<int, bool> OrientationsInBothByteOrders =>
        new([.. Enumerable.Range(1, 8).SelectMany(o => new[] { (o, true), (o, false) })]);

    // --- The eight orientations composed, checked against real pixel moves ---

    [Fact]
    public void Composing_two_orientations_moves_pixels_as_doing_one_after_the_other()
    {
        int[,] image = { { 1, 2, 3 }, { 4, 5, 6 } };
        for (var first = 1; first <= 8; first++)
        {
            for (var then = 1; then <= 8; then++)
            {
                var stepwise = Apply(Apply(image, first), then);
                var composed = Apply(image, ExifOrientation.Compose(first, then));
                Assert.True(Same(stepwise, composed), $"{first} then {then} gave {ExifOrientation.Compose(first, then)}");
            }
        }
    }

    // --- PNG: eXIf before IDAT ---

    [Theory]
    [MemberData(nameof(OrientationsInBothByteOrders))]
    public void Png_exif_orientation_is_read(int orientation, bool littleEndian)
    {
        var png = ImageFixtures.Png(30, 20, exif: ImageFixtures.Exif(orientation, littleEndian));

        var result = ImageHeaderReader.Read(png, png.Length);

        AssertOriented(result, 30, 20, orientation);
    }

    [Fact]
    public void Png_without_exif_has_no_orientation()
    {
        var png = ImageFixtures.Png(30, 20);

        Assert.Equal((30, 20, (int?)null), Shape(ImageHeaderReader.Read(png, png.Length)));
    }

    [Fact]
    public void Png_exif_after_the_image_data_is_not_read()
    {
        // PNG requires eXIf before IDAT; one after it would cost a read of all the pixels to find.
        var png = ImageFixtures.Png(30, 20, exif: ImageFixtures.Exif(6), exifAfterIdat: true);

        Assert.Null(ImageHeaderReader.Read(png, png.Length).Orientation);
    }

    [Fact]
    public void Png_exif_with_the_jpeg_style_prefix_is_read()
    {
        var png = ImageFixtures.Png(30, 20, exif: [.. "Exif\0\0"u8, .. ImageFixtures.Exif(5)]);

        Assert.Equal(5, ImageHeaderReader.Read(png, png.Length).Orientation);
    }

    [Fact]
    public void Png_exif_past_the_head_asks_for_more_and_then_reads_it()
    {
        var png = ImageFixtures.Png(30, 20, exif: ImageFixtures.Exif(7), textBytes: 100_000);

        var (result, requests) = ReadInSteps(png);

        AssertOriented(result, 30, 20, 7);
        Assert.Equal(1, requests);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(0xFFFF)]
    public void Png_exif_orientation_out_of_range_is_absent(int value)
    {
        var png = ImageFixtures.Png(30, 20, exif: ImageFixtures.Exif(value));

        Assert.Equal((30, 20, (int?)null), Shape(ImageHeaderReader.Read(png, png.Length)));
    }

    [Fact]
    public void Png_cut_after_ihdr_keeps_its_size()
    {
        var png = ImageFixtures.Png(30, 20)[..33];

        Assert.Equal((30, 20, (int?)null), Shape(ImageHeaderReader.Read(png, png.Length)));
    }

    [Theory]
    [InlineData(0x7FFF_FFF0L, -1L)]
    [InlineData(0x7FFF_FFF0L, 100_000_000L)]
    [InlineData(0xFFFF_FFFFL, -1L)]
    [InlineData(0x0100_0000L, 0L)]
    public void Png_exif_chunk_with_a_lying_length_gives_the_size_without_orientation(long length, long totalSize)
    {
        var png = ImageFixtures.Png(30, 20, exif: ImageFixtures.Exif(6));
        PatchU32Be(png, 33, length);

        var result = ImageHeaderReader.Read(png, totalSize == 0 ? png.Length : totalSize);

        Assert.Equal((30, 20, (int?)null), Shape(result));
    }

    [Fact]
    public void Png_with_a_lying_chunk_before_exif_gives_the_size_without_orientation()
    {
        var png = ImageFixtures.Png(30, 20, exif: ImageFixtures.Exif(6), textBytes: 40);
        PatchU32Be(png, 33, 0x00FF_FFFF);

        Assert.Equal((30, 20, (int?)null), Shape(ImageHeaderReader.Read(png, png.Length)));
    }

    // --- EXIF blocks that lie, shared by PNG, WebP and JPEG ---

    public static TheoryData<string, byte[]> HostileExif => new()
    {
        { "empty", [] },
        { "no byte order mark", [.. "XX"u8, 0, 42, 0, 0, 0, 8] },
        { "IFD0 before the header", new ByteWriter().Ascii("MM").U16Be(42).U32Be(2).Zeros(20).ToArray() },
        { "IFD0 past the block", new ByteWriter().Ascii("II").U16Le(42).U32Le(0x7FFF_0000).Zeros(20).ToArray() },
        { "IFD0 past int range", new ByteWriter().Ascii("II").U16Le(42).U32Le(0xFFFF_FFF0).Zeros(20).ToArray() },
        { "huge entry count", new ByteWriter().Ascii("MM").U16Be(42).U32Be(8).U16Be(0xFFFF).Zeros(24).ToArray() },
        { "entries past the block", new ByteWriter().Ascii("MM").U16Be(42).U32Be(8).U16Be(40).U16Be(274).U16Be(3).U32Be(1).U16Be(6).ToArray() },
        { "zero entries", new ByteWriter().Ascii("II").U16Le(42).U32Le(8).U16Le(0).U32Le(8).ToArray() },
        { "orientation of type ASCII", new ByteWriter().Ascii("II").U16Le(42).U32Le(8).U16Le(1).U16Le(274).U16Le(2).U32Le(1).U32Le(6).U32Le(0).ToArray() },
        { "IFD chain that loops to itself, no orientation", new ByteWriter().Ascii("II").U16Le(42).U32Le(8).U16Le(1).U16Le(256).U16Le(3).U32Le(1).U32Le(7).U32Le(8).ToArray() },
        { "BigTIFF with a bad offset size", new ByteWriter().Ascii("II").U16Le(43).U16Le(4).U16Le(0).U64Le(16).Zeros(16).ToArray() },
    };

    [Theory]
    [MemberData(nameof(HostileExif))]
    public void Hostile_exif_gives_no_orientation_and_never_fails_the_image(string why, byte[] exif)
    {
        var png = ImageFixtures.Png(30, 20, exif: exif);
        var webp = ImageFixtures.WebPExtended(30, 20, exif: exif);

        Assert.True((30, 20, (int?)null) == Shape(ImageHeaderReader.Read(png, png.Length)), why);
        Assert.True((30, 20, (int?)null) == Shape(ImageHeaderReader.Read(webp, webp.Length)), why);
    }

    [Fact]
    public void An_ifd_chain_that_loops_is_not_followed_past_ifd0()
    {
        // IFD0 holds the orientation and points back at itself as the next IFD.
        var exif = new ByteWriter().Ascii("MM").U16Be(42).U32Be(8).U16Be(1).U16Be(274).U16Be(3).U32Be(1).U16Be(3).U16Be(0).U32Be(8).ToArray();
        var png = ImageFixtures.Png(30, 20, exif: exif);

        Assert.Equal(3, ImageHeaderReader.Read(png, png.Length).Orientation);
    }

    // --- WebP: the EXIF chunk of an extended file, usually after the image data ---

    [Theory]
    [MemberData(nameof(OrientationsInBothByteOrders))]
    public void Webp_exif_orientation_is_read(int orientation, bool littleEndian)
    {
        var webp = ImageFixtures.WebPExtended(30, 20, exif: ImageFixtures.Exif(orientation, littleEndian));

        AssertOriented(ImageHeaderReader.Read(webp, webp.Length), 30, 20, orientation);
    }

    [Fact]
    public void Webp_exif_with_the_jpeg_style_prefix_is_read()
    {
        var webp = ImageFixtures.WebPExtended(30, 20, exif: [.. "Exif\0\0"u8, .. ImageFixtures.Exif(2)]);

        Assert.Equal(2, ImageHeaderReader.Read(webp, webp.Length).Orientation);
    }

    [Fact]
    public void Webp_exif_after_large_image_data_asks_for_the_bytes_up_to_it()
    {
        var webp = ImageFixtures.WebPExtended(30, 20, exif: ImageFixtures.Exif(6), imagePadding: 3_000_000);

        var (result, requests) = ReadInSteps(webp);

        AssertOriented(result, 30, 20, 6);
        Assert.Equal(1, requests);
    }

    [Fact]
    public void Webp_exif_after_many_animation_frames_takes_few_requests()
    {
        // 300 frames of 10 KB (3 MB): hopping from frame header to frame header one 64 KiB read at a time would take
        // ~45 reads; doubling the head takes 128 KiB, 256 KiB, ..., 2 MiB, then the rest.
        var webp = ImageFixtures.WebPExtended(30, 20, exif: ImageFixtures.Exif(8), frames: 300, frameBytes: 10_000);

        var (result, requests) = ReadInSteps(webp);

        AssertOriented(result, 30, 20, 8);
        Assert.InRange(requests, 1, 6);
    }

    [Fact]
    public void Webp_exif_beyond_16_MiB_gives_the_size_without_orientation()
    {
        // The image chunk claims 20 MB; the file is 30 MB; the EXIF chunk would start past the cap.
        var webp = ImageFixtures.WebPExtended(30, 20, exif: ImageFixtures.Exif(6));
        var imageChunk = 30;
        PatchU32Le(webp, imageChunk + 4, 20_000_000);
        PatchU32Le(webp, 4, 30_000_000);

        var result = ImageHeaderReader.Read(webp, 30_000_008);

        Assert.Equal((30, 20, (int?)null), Shape(result));
    }

    [Fact]
    public void Webp_without_the_exif_flag_is_not_searched()
    {
        var webp = ImageFixtures.WebPExtended(30, 20, exif: ImageFixtures.Exif(6), exifFlag: false, imagePadding: 100_000);

        var result = ImageHeaderReader.Read(webp.AsSpan(0, 64 * 1024), webp.Length);

        Assert.Equal((30, 20, (int?)null), Shape(result));
    }

    [Fact]
    public void Webp_with_the_exif_flag_but_no_exif_chunk_has_no_orientation()
    {
        var webp = ImageFixtures.WebPExtended(30, 20, exifFlag: true);

        Assert.Equal((30, 20, (int?)null), Shape(ImageHeaderReader.Read(webp, webp.Length)));
    }

    [Fact]
    public void Simple_webp_files_have_no_orientation()
    {
        var lossy = ImageFixtures.WebPLossy(30, 20);
        var lossless = ImageFixtures.WebPLossless(30, 20);

        Assert.Null(ImageHeaderReader.Read(lossy, lossy.Length).Orientation);
        Assert.Null(ImageHeaderReader.Read(lossless, lossless.Length).Orientation);
    }

    [Theory]
    [InlineData("image chunk runs past the RIFF", 34, 0x7FFF_FFFFL)]
    [InlineData("image chunk size wraps", 34, 0xFFFF_FFFFL)]
    [InlineData("VP8X chunk runs past the RIFF", 16, 0xFFFF_FFF0L)]
    [InlineData("RIFF ends before the EXIF chunk", 4, 40L)]
    public void Webp_chunk_sizes_that_lie_give_the_size_without_orientation(string why, int offset, long value)
    {
        var webp = ImageFixtures.WebPExtended(30, 20, exif: ImageFixtures.Exif(6), imagePadding: 1000);
        PatchU32Le(webp, offset, value);

        Assert.True((30, 20, (int?)null) == Shape(ImageHeaderReader.Read(webp, webp.Length)), why);
    }

    [Fact]
    public void Webp_whose_riff_claims_more_than_the_file_still_gives_an_exif_chunk_that_is_there()
    {
        var webp = ImageFixtures.WebPExtended(30, 20, exif: ImageFixtures.Exif(6), imagePadding: 1000);
        PatchU32Le(webp, 4, 0xFFFF_FFF0);

        Assert.Equal((30, 20, (int?)6), Shape(ImageHeaderReader.Read(webp, webp.Length)));
    }

    [Fact]
    public void Webp_exif_chunk_whose_size_runs_past_the_file_gives_the_size_without_orientation()
    {
        var webp = ImageFixtures.WebPExtended(30, 20, exif: ImageFixtures.Exif(6));
        var exifChunk = webp.AsSpan().IndexOf("EXIF"u8);
        PatchU32Le(webp, exifChunk + 4, 5000);
        PatchU32Le(webp, 4, 20_000);

        Assert.Equal((30, 20, (int?)null), Shape(ImageHeaderReader.Read(webp, webp.Length)));
    }

    [Fact]
    public void Webp_cut_inside_its_exif_chunk_keeps_its_size()
    {
        var webp = ImageFixtures.WebPExtended(30, 20, exif: ImageFixtures.Exif(6));
        var cut = webp[..^6];

        Assert.Equal((30, 20, (int?)null), Shape(ImageHeaderReader.Read(cut, cut.Length)));
    }

    // --- HEIF / HEIC / AVIF: irot and imir of the primary item ---

    // The transforms a writer uses for each EXIF orientation (libheif's mapping): a quarter turn counts anticlockwise;
    // imir's axis 0 mirrors top to bottom, 1 left to right.
    private static readonly string[] HeifTransformsFor =
        ["", "irot 0", "imir 1", "irot 2", "imir 0", "irot 3, imir 1", "irot 3", "irot 3, imir 0", "irot 1"];

    public static TheoryData<int, string> HeifTransformsForEachOrientation =>
        new([.. Enumerable.Range(1, 8).Select(o => (o, HeifTransformsFor[o]))]);

    [Theory]
    [MemberData(nameof(HeifTransformsForEachOrientation))]
    public void Heif_irot_and_imir_map_to_the_exif_orientation(int orientation, string transforms)
    {
        var heic = ImageFixtures.Heif("heic", ["mif1", "heic"], 4032, 3024, transforms: Transforms(transforms));
        var avif = ImageFixtures.Heif("avif", ["avif", "mif1"], 4032, 3024, decoyFirst: true, wideIpma: true, ipmaVersion: 1,
            transforms: Transforms(transforms), transformsReversedInIpco: true);

        AssertOriented(ImageHeaderReader.Read(heic, heic.Length), 4032, 3024, orientation);
        AssertOriented(ImageHeaderReader.Read(avif, avif.Length), 4032, 3024, orientation);
    }

    [Theory]
    [InlineData("imir 1, irot 1", 5)]
    [InlineData("irot 1, imir 1", 7)]
    [InlineData("imir 0, irot 1", 7)]
    [InlineData("irot 1, irot 1", 3)]
    [InlineData("irot 3, irot 1", 1)]
    [InlineData("imir 0, imir 1", 3)]
    [InlineData("imir 1, imir 1", 1)]
    [InlineData("irot 1, imir 0, irot 2, imir 1", 8)]
    public void Heif_transforms_apply_in_the_order_the_primary_items_associations_list_them(string transforms, int orientation)
    {
        var listed = ImageFixtures.Heif("heic", ["heic"], 40, 30, transforms: Transforms(transforms));
        var reversedInIpco = ImageFixtures.Heif("heic", ["heic"], 40, 30, transforms: Transforms(transforms), transformsReversedInIpco: true);

        Assert.Equal(orientation, ImageHeaderReader.Read(listed, listed.Length).Orientation);
        Assert.Equal(orientation, ImageHeaderReader.Read(reversedInIpco, reversedInIpco.Length).Orientation);
    }

    [Fact]
    public void Heif_exif_orientation_is_not_applied_without_irot()
    {
        // HEIF displays through its transformative properties only; the Exif item is informative.
        var heic = ImageFixtures.Heif("heic", ["mif1", "heic"], 40, 30, exifOrientation: 6);

        Assert.Equal((40, 30, (int?)null), Shape(ImageHeaderReader.Read(heic, heic.Length)));
    }

    [Fact]
    public void Heif_exif_orientation_is_not_applied_on_top_of_irot()
    {
        // As an iPhone writes it: the pixels are turned by irot, and the camera's Exif value is kept as well.
        var heic = ImageFixtures.Heif("heic", ["mif1", "heic"], 4032, 3024, transforms: [("irot", 3)], exifOrientation: 6);

        AssertOriented(ImageHeaderReader.Read(heic, heic.Length), 4032, 3024, 6);
    }

    [Fact]
    public void Heif_transforms_of_another_item_are_not_the_primary_items()
    {
        var both = ImageFixtures.Heif("avif", ["avif"], 100, 50, decoyFirst: true, transforms: [("irot", 1)], decoyTransforms: true);
        var decoyOnly = ImageFixtures.Heif("avif", ["avif"], 100, 50, decoyFirst: true, transforms: [("irot", 1)], decoyTransforms: true,
            primaryTransforms: false);

        Assert.Equal((100, 50, (int?)8), Shape(ImageHeaderReader.Read(both, both.Length)));
        Assert.Equal((100, 50, (int?)null), Shape(ImageHeaderReader.Read(decoyOnly, decoyOnly.Length)));
    }

    [Fact]
    public void Heif_irot_reserved_bits_are_ignored()
    {
        var heic = ImageFixtures.Heif("heic", ["heic"], 40, 30, transforms: [("irot", 0xFD), ("imir", 0xFE)]);

        // irot 1 (anticlockwise), then imir axis 0 (top to bottom).
        Assert.Equal(ExifOrientation.Compose(8, 4), ImageHeaderReader.Read(heic, heic.Length).Orientation);
    }

    [Fact]
    public void Heif_empty_transform_boxes_are_ignored()
    {
        var heic = ImageFixtures.Heif("heic", ["heic"], 40, 30, transforms: [("irot", -1), ("imir", -1)]);

        Assert.Equal((40, 30, (int?)null), Shape(ImageHeaderReader.Read(heic, heic.Length)));
    }

    [Fact]
    public void Heif_with_every_association_a_transform_stays_bounded()
    {
        // 255 associations (the most an ipma entry can list): ispe and 254 anticlockwise quarter turns, which are
        // 63 full turns and a half.
        var transforms = Enumerable.Repeat(("irot", 1), 254).ToArray();
        var heic = ImageFixtures.Heif("heic", ["heic"], 40, 30, wideIpma: true, transforms: transforms);

        Assert.Equal((40, 30, (int?)3), Shape(ImageHeaderReader.Read(heic, heic.Length)));
    }

    [Fact]
    public void Heif_without_a_primary_item_association_has_no_orientation()
    {
        var heic = ImageFixtures.Heif("heic", ["heic"], 40, 30, transforms: [("irot", 1)]);
        var pitm = heic.AsSpan().IndexOf("pitm"u8);
        heic[pitm + 4 + 4 + 1] = 9;

        Assert.Equal((40, 30, (int?)null), Shape(ImageHeaderReader.Read(heic, heic.Length)));
    }

    // --- JPEG XL: the codestream's orientation, bare or boxed ---

    [Theory]
    [MemberData(nameof(Orientations))]
    public void Jxl_codestream_orientation_is_read(int orientation)
    {
        var small = ImageFixtures.JxlCodestream(64, 128, orientation: orientation);
        var large = ImageFixtures.JxlCodestream(70_000, 300_000, orientation: orientation);
        var ratio = ImageFixtures.JxlCodestream(1920, 1080, ratio: 5, orientation: orientation);

        AssertOriented(ImageHeaderReader.Read(small, small.Length), 64, 128, orientation);
        AssertOriented(ImageHeaderReader.Read(large, large.Length), 70_000, 300_000, orientation);
        AssertOriented(ImageHeaderReader.Read(ratio, ratio.Length), 1920, 1080, orientation);
    }

    [Theory]
    [MemberData(nameof(Orientations))]
    public void Jxl_container_orientation_is_the_codestreams_not_the_exif_boxs(int orientation)
    {
        var jxl = ImageFixtures.JxlContainer(1000, 999, orientation: orientation, exifOrientation: 9 - orientation);

        AssertOriented(ImageHeaderReader.Read(jxl, jxl.Length), 1000, 999, orientation);
    }

    [Fact]
    public void Jxl_codestream_split_across_jxlp_boxes_anywhere_in_its_header_is_read()
    {
        for (var split = 1; split <= 14; split++)
        {
            var jxl = ImageFixtures.JxlContainer(70_000, 300_000, splitAt: split, orientation: 7, exifOrientation: 1);

            var result = ImageHeaderReader.Read(jxl, jxl.Length);

            Assert.True((70_000, 300_000, (int?)7) == Shape(result), $"split at {split}: {result}");
        }
    }

    [Fact]
    public void Jxl_default_metadata_means_orientation_1()
    {
        // all_default set, and (in the second file) all_default clear with extra_fields clear.
        var allDefault = ImageFixtures.JxlCodestream(64, 64);
        var bits = new BitWriter();
        bits.Write(1, 1);
        bits.Write(5, 7);
        bits.Write(3, 1);
        bits.Write(1, 0);
        bits.Write(1, 0);
        bits.Write(3, 5);
        byte[] noExtraFields = [0xFF, 0x0A, .. bits.ToArray(), 0, 0];

        Assert.Equal((64, 64, (int?)1), Shape(ImageHeaderReader.Read(allDefault, allDefault.Length)));
        Assert.Equal((64, 64, (int?)1), Shape(ImageHeaderReader.Read(noExtraFields, noExtraFields.Length)));
    }

    [Fact]
    public void Jxl_codestream_cut_after_its_size_header_keeps_its_size()
    {
        // 100x100 in 15 bits after the signature; the 16th is all_default (clear), and extra_fields would come next.
        var bits = new BitWriter();
        bits.Write(1, 0);
        bits.Write(2, 0);
        bits.Write(9, 99);
        bits.Write(3, 1);
        byte[] cut = [0xFF, 0x0A, .. bits.ToArray()];
        var jxlc = ImageFixtures.JxlFile(Box("jxlc", cut));

        var partial = ImageHeaderReader.Read(cut, 10_000);

        Assert.Equal(ImageHeaderStatus.NeedMoreBytes, partial.Status);
        Assert.Equal((100, 100, (int?)null), Shape(ImageHeaderReader.Read(cut, cut.Length)));
        Assert.Equal((100, 100, (int?)null), Shape(ImageHeaderReader.Read(jxlc, jxlc.Length)));
    }

    [Fact]
    public void Jxl_jxlp_box_too_short_for_its_index_is_invalid()
    {
        var jxl = ImageFixtures.JxlFile(Box("jxlp", [0, 0]));

        var result = ImageHeaderReader.Read(jxl, jxl.Length);

        Assert.Equal(ImageHeaderStatus.Invalid, result.Status);
        Assert.Equal("the JPEG XL jxlp box is too short", result.Reason);
    }

    [Fact]
    public void Jxl_last_jxlp_box_ending_inside_the_header_is_truncated()
    {
        var codestream = ImageFixtures.JxlCodestream(70_000, 300_000, orientation: 3);
        var jxl = ImageFixtures.JxlFile(
            Box("jxlp", [0, 0, 0, 0], codestream[..3]), Box("jxlp", [0x80, 0, 0, 1], codestream[3..5]), Box("jxlp", [0, 0, 0, 2], codestream[5..]));

        Assert.Equal("the JPEG XL size header is truncated", ImageHeaderReader.Read(jxl, jxl.Length).Reason);
    }

    // --- Every format: the display size swaps for 5..8 ---

    [Theory]
    [MemberData(nameof(Orientations))]
    public void Display_size_swaps_for_quarter_turns_in_every_format(int orientation)
    {
        byte[][] files =
        [
            ImageFixtures.Jpeg(300, 200, orientation: orientation),
            ImageFixtures.Tiff(littleEndian: true, 300, 200, orientation: orientation),
            ImageFixtures.Png(300, 200, exif: ImageFixtures.Exif(orientation)),
            ImageFixtures.WebPExtended(300, 200, exif: ImageFixtures.Exif(orientation)),
            ImageFixtures.Heif("heic", ["heic"], 300, 200, transforms: Transforms(HeifTransformsFor[orientation])),
            ImageFixtures.JxlCodestream(300, 200, orientation: orientation),
            ImageFixtures.JxlContainer(300, 200, orientation: orientation),
        ];

        foreach (var file in files)
        {
            AssertOriented(ImageHeaderReader.Read(file, file.Length), 300, 200, orientation);
        }
    }

    private static (string Type, int Value)[] Transforms(string list) =>
        [.. list.Split(", ").Select(t => t.Split(' ')).Select(p => (p[0], int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture)))];

    private static void AssertOriented(ImageHeaderResult result, int width, int height, int orientation)
    {
        Assert.True(result.IsOk, result.Reason ?? result.Status.ToString());
        Assert.Equal((width, height, (int?)orientation), (result.Width, result.Height, result.Orientation));
        var swapped = orientation >= 5;
        Assert.Equal(swapped ? (height, width) : (width, height), (result.DisplayWidth, result.DisplayHeight));
    }

    private static (int Width, int Height, int? Orientation) Shape(ImageHeaderResult result)
    {
        Assert.True(result.IsOk, result.Reason ?? result.Status.ToString());
        return (result.Width, result.Height, result.Orientation);
    }

    // Reads a file as a caller would: a 64 KiB head first, then as many bytes from the start as asked for.
    private static (ImageHeaderResult Result, int Requests) ReadInSteps(byte[] file)
    {
        var head = Math.Min(file.Length, 64 * 1024);
        var result = ImageHeaderReader.Read(file.AsSpan(0, head), file.Length);
        var requests = 0;
        while (result.Status == ImageHeaderStatus.NeedMoreBytes)
        {
            Assert.True(result.BytesNeeded > head && result.BytesNeeded <= file.Length, $"asked for {result.BytesNeeded} after {head}");
            Assert.True(++requests <= 50, "too many requests");
            head = result.BytesNeeded;
            result = ImageHeaderReader.Read(file.AsSpan(0, head), file.Length);
        }

        return (result, requests);
    }

    private static void PatchU32Be(byte[] bytes, int offset, long value) =>
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(offset), (uint)value);

    private static void PatchU32Le(byte[] bytes, int offset, long value) =>
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), (uint)value);

    // Each EXIF orientation as the pixel moves its definition names, done on an array of rows.
    private static int[,] Apply(int[,] image, int orientation) => orientation switch
    {
        1 => image,
        2 => FlipLeftRight(image),
        3 => FlipLeftRight(FlipTopBottom(image)),
        4 => FlipTopBottom(image),
        5 => Transpose(image),
        6 => FlipLeftRight(Transpose(image)),
        7 => FlipTopBottom(FlipLeftRight(Transpose(image))),
        _ => FlipTopBottom(Transpose(image)),
    };

    private static int[,] FlipLeftRight(int[,] image) => Map(image.GetLength(0), image.GetLength(1), (r, c) => image[r, image.GetLength(1) - 1 - c]);

    private static int[,] FlipTopBottom(int[,] image) => Map(image.GetLength(0), image.GetLength(1), (r, c) => image[image.GetLength(0) - 1 - r, c]);

    private static int[,] Transpose(int[,] image) => Map(image.GetLength(1), image.GetLength(0), (r, c) => image[c, r]);

    private static int[,] Map(int rows, int columns, Func<int, int, int> at)
    {
        var result = new int[rows, columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                result[r, c] = at(r, c);
            }
        }

        return result;
    }

    private static bool Same(int[,] a, int[,] b) =>
        a.GetLength(0) == b.GetLength(0) && a.GetLength(1) == b.GetLength(1) && a.Cast<int>().SequenceEqual(b.Cast<int>());
}
