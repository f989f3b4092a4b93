using Curio.Media.Tests.Fixtures;

namespace Curio.Media.Tests;

public sealed class ImageHeaderReaderTests
{
    public static TheoryData<string> Images => [.. Catalog.ImageNames];

    [Theory]
    [MemberData(nameof(Images))]
    public void Reads_the_size_of_each_image_fixture(string name)
    {
        var fixture = Catalog.All[name];

        var result = ImageHeaderReader.Read(fixture.Bytes, fixture.Bytes.Length);

        Assert.Equal(ImageHeaderStatus.Ok, result.Status);
        Assert.Equal((fixture.Width, fixture.Height, fixture.Orientation), (result.Width, result.Height, result.Orientation));
    }

    [Fact]
    public void Jpeg_exif_orientation_is_reported_and_swaps_the_displayed_axes()
    {
        var jpeg = ImageFixtures.Jpeg(4032, 3024, orientation: 6);

        var result = ImageHeaderReader.Read(jpeg, jpeg.Length);

        Assert.Equal(6, result.Orientation);
        Assert.Equal((3024, 4032), (result.DisplayWidth, result.DisplayHeight));
    }

    [Fact]
    public void Jpeg_without_exif_has_no_orientation()
    {
        var jpeg = ImageFixtures.Jpeg(10, 20);

        var result = ImageHeaderReader.Read(jpeg, jpeg.Length);

        Assert.Null(result.Orientation);
        Assert.Equal((10, 20), (result.DisplayWidth, result.DisplayHeight));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Tiff_orientation_is_read_in_both_byte_orders(bool littleEndian)
    {
        var tiff = ImageFixtures.Tiff(littleEndian, 30, 40, orientation: 8);

        var result = ImageHeaderReader.Read(tiff, tiff.Length);

        Assert.Equal((30, 40, 8), (result.Width, result.Height, result.Orientation));
    }

    [Fact]
    public void Jpeg_whose_frame_header_lies_beyond_the_head_asks_for_more_until_it_is_found()
    {
        var jpeg = Catalog.All["jpeg-large-app1"].Bytes;
        var head = jpeg.AsSpan(0, 64 * 1024);
        var calls = 0;

        var result = ImageHeaderReader.Read(head, jpeg.Length);
        while (result.Status == ImageHeaderStatus.NeedMoreBytes && calls++ < 10)
        {
            Assert.InRange(result.BytesNeeded, head.Length + 1, jpeg.Length);
            head = jpeg.AsSpan(0, result.BytesNeeded);
            result = ImageHeaderReader.Read(head, jpeg.Length);
        }

        Assert.Equal((4032, 3024, 6), (result.Width, result.Height, result.Orientation));
        Assert.InRange(calls, 1, 3);
    }

    [Fact]
    public void Jpeg_segment_length_pointing_past_the_end_of_a_partial_head_needs_more_bytes()
    {
        var jpeg = ImageFixtures.Jpeg(100, 100, app1Padding: 50_000);

        var result = ImageHeaderReader.Read(jpeg.AsSpan(0, 1000), 10_000_000);

        Assert.Equal(ImageHeaderStatus.NeedMoreBytes, result.Status);
        Assert.Equal(64 * 1024, result.BytesNeeded);
    }

    [Fact]
    public void Jpeg_segment_length_pointing_past_the_end_of_the_file_is_invalid()
    {
        var jpeg = ImageFixtures.Jpeg(100, 100, app1Padding: 50_000)[..1000];

        var result = ImageHeaderReader.Read(jpeg, jpeg.Length);

        Assert.Equal(ImageHeaderStatus.Invalid, result.Status);
        Assert.Equal("the JPEG header is truncated", result.Reason);
    }

    [Fact]
    public void Requests_never_exceed_the_object_size()
    {
        var jpeg = ImageFixtures.Jpeg(100, 100, app1Padding: 50_000);

        var result = ImageHeaderReader.Read(jpeg.AsSpan(0, 1000), jpeg.Length);

        Assert.Equal(jpeg.Length, result.BytesNeeded);
    }

    [Fact]
    public void Requests_beyond_16_MiB_are_refused()
    {
        // A TIFF may put IFD0 anywhere; one pointing 100 MiB in is not worth reading for a size.
        var tiff = new ByteWriter().Ascii("II").U16Le(42).U32Le(100L * 1024 * 1024).Zeros(32).ToArray();

        var result = ImageHeaderReader.Read(tiff, 200L * 1024 * 1024);

        Assert.Equal(ImageHeaderStatus.Invalid, result.Status);
        Assert.Equal("the TIFF header does not end within the first 16 MiB", result.Reason);
    }

    [Fact]
    public void Tiff_with_ifd0_after_the_pixel_data_needs_more_bytes()
    {
        var tiff = ImageFixtures.Tiff(littleEndian: true, 64, 64, pixelBytes: 100_000);

        var partial = ImageHeaderReader.Read(tiff.AsSpan(0, 64 * 1024), tiff.Length);
        var full = ImageHeaderReader.Read(tiff.AsSpan(0, partial.BytesNeeded), tiff.Length);

        Assert.Equal(ImageHeaderStatus.NeedMoreBytes, partial.Status);
        Assert.Equal((64, 64), (full.Width, full.Height));
    }

    [Fact]
    public void Heif_with_its_meta_box_after_mdat_needs_more_bytes()
    {
        var heic = ImageFixtures.Heif("heic", ["mif1", "heic"], 300, 200, metaAfterMdat: true, mdatSize: 200_000);

        var partial = ImageHeaderReader.Read(heic.AsSpan(0, 64 * 1024), heic.Length);
        var full = ImageHeaderReader.Read(heic.AsSpan(0, partial.BytesNeeded), heic.Length);

        Assert.Equal(ImageHeaderStatus.NeedMoreBytes, partial.Status);
        Assert.Equal((300, 200), (full.Width, full.Height));
    }

    [Fact]
    public void Heif_takes_the_primary_items_extent_not_the_largest()
    {
        var avif = ImageFixtures.Heif("avif", ["avif"], 100, 50, decoyFirst: true);

        var result = ImageHeaderReader.Read(avif, avif.Length);

        Assert.Equal((100, 50), (result.Width, result.Height));
    }

    [Fact]
    public void Png_claiming_zero_width_is_invalid()
    {
        var png = ImageFixtures.Png(0, 10);

        var result = ImageHeaderReader.Read(png, png.Length);

        Assert.Equal(ImageHeaderStatus.Invalid, result.Status);
        Assert.Equal("the PNG header gives a zero width", result.Reason);
    }

    [Fact]
    public void Png_whose_first_chunk_is_not_ihdr_is_invalid()
    {
        var png = ImageFixtures.Png(5, 5);
        "IDAT"u8.CopyTo(png.AsSpan(12));

        Assert.Equal("the PNG does not start with an IHDR chunk", ImageHeaderReader.Read(png, png.Length).Reason);
    }

    [Fact]
    public void Png_cut_inside_ihdr_is_truncated_when_the_file_ends_there()
    {
        var png = ImageFixtures.Png(5, 5)[..20];

        Assert.Equal("the PNG header is truncated", ImageHeaderReader.Read(png, png.Length).Reason);
    }

    [Fact]
    public void Bmp_with_a_negative_width_is_invalid()
    {
        var bmp = ImageFixtures.Bmp(4, 4, topDown: false);
        BitConverter.GetBytes(-4).CopyTo(bmp, 18);

        Assert.Equal(ImageHeaderStatus.Invalid, ImageHeaderReader.Read(bmp, bmp.Length).Status);
    }

    [Fact]
    public void Jpeg_with_a_scan_before_any_frame_header_is_invalid()
    {
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 63, 0, 0xFF, 0xD9];

        Assert.Equal("the JPEG has a scan before its frame header", ImageHeaderReader.Read(jpeg, jpeg.Length).Reason);
    }

    [Fact]
    public void Jpeg_with_a_zero_segment_length_is_invalid()
    {
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x00, 0, 0, 0, 0];

        Assert.Equal("a JPEG segment has an invalid length", ImageHeaderReader.Read(jpeg, jpeg.Length).Reason);
    }

    [Fact]
    public void Webp_lossy_that_is_not_a_key_frame_is_invalid()
    {
        var webp = ImageFixtures.WebPLossy(10, 10);
        webp[20] |= 1;

        Assert.Equal(ImageHeaderStatus.Invalid, ImageHeaderReader.Read(webp, webp.Length).Status);
    }

    [Fact]
    public void Svg_is_an_image_whose_size_is_not_read()
    {
        var svg = Catalog.All["svg"].Bytes;

        Assert.Equal(ImageHeaderStatus.Unsupported, ImageHeaderReader.Read(svg, svg.Length).Status);
    }

    [Fact]
    public void A_video_is_not_an_image()
    {
        var mp4 = Catalog.All["mp4-isom"].Bytes;

        var result = ImageHeaderReader.Read(mp4, mp4.Length);

        Assert.Equal(ImageHeaderStatus.Invalid, result.Status);
        Assert.Equal("not an image: the bytes look like video/mp4", result.Reason);
    }

    [Fact]
    public void A_head_too_short_to_recognise_asks_for_more()
    {
        var png = ImageFixtures.Png(5, 5);

        var result = ImageHeaderReader.Read(png.AsSpan(0, 3), 5000);

        Assert.Equal(ImageHeaderStatus.NeedMoreBytes, result.Status);
        Assert.Equal(5000, result.BytesNeeded);
    }
}
