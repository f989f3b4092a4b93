using Curio.Media.Dicom;
using Curio.Media.Tests.Dicom;
using Curio.Media.Thumbnails;

namespace Curio.Media.Tests.Thumbnails;

/// <summary>The DICOM pixel mapping, without ffmpeg.</summary>
public sealed class DicomSliceTests
{
    [Theory]
    [InlineData(-1000, 0)]
    [InlineData(-160.5, 0)]
    [InlineData(40, 128)]
    [InlineData(239.5, 255)]
    [InlineData(3000, 255)]
    public void The_window_is_the_linear_function_of_the_standard(double value, int expected)
    {
        Assert.InRange(DicomSlice.Window(value, 40, 400), expected - 1, expected + 1);
    }

    [Fact]
    public void Rescale_then_window_then_inversion_for_monochrome1()
    {
        // Stored 1064 with intercept -1024 is 40 HU, the window's centre; 0 is -1024 HU, below it.
        var slice = Slice(DicomFixtures.CtSlice(1, 1, 2).With(new Str(DicomTags.PhotometricInterpretation, "CS", "MONOCHROME1")), [0, 0, 0x28, 0x04]);

        Assert.Equal([255, 127], slice);
    }

    [Fact]
    public void Signed_samples_are_sign_extended_from_bits_stored()
    {
        // 12 bits stored, signed: 0x0FFF is -1; with no rescale and no window, -1 is the minimum and 5 the maximum.
        var nodes = DicomFixtures.CtSlice(1, 1, 2)
            .With(new Us(DicomTags.PixelRepresentation, 1))
            .With(new Str(DicomTags.RescaleIntercept, "DS", "0"))
            .Without(DicomTags.WindowCenter, DicomTags.WindowWidth);

        Assert.Equal([0, 255], Slice(nodes, [0xFF, 0x0F, 0x05, 0x00]));
    }

    [Fact]
    public void Bits_above_bits_stored_are_ignored()
    {
        // An overlay bit in bit 15 must not make a pixel bright.
        var nodes = DicomFixtures.CtSlice(1, 1, 2).With(new Str(DicomTags.RescaleIntercept, "DS", "0")).Without(DicomTags.WindowCenter, DicomTags.WindowWidth);

        Assert.Equal([255, 0], Slice(nodes, [0x10, 0x80, 0x00, 0x80]));
    }

    [Theory]
    [InlineData("YBR_FULL", ThumbnailFailure.Unsupported)]
    [InlineData("PALETTE COLOR", ThumbnailFailure.Unsupported)]
    [InlineData("RGB", ThumbnailFailure.Failed)]
    public void Other_photometric_interpretations_are_refused(string photometric, ThumbnailFailure failure)
    {
        var header = DicomFixtures.Header(DicomFixtures.CtSlice(1).With(new Str(DicomTags.PhotometricInterpretation, "CS", photometric)));

        Assert.Equal(failure, Assert.Throws<ThumbnailException>(() => DicomSlice.For(header, 1_000_000)).Failure);
    }

    [Fact]
    public void A_frame_larger_than_the_pixel_limit_is_refused()
    {
        var header = DicomFixtures.Header(DicomFixtures.CtSlice(1, 40, 50));

        var error = Assert.Throws<ThumbnailException>(() => DicomSlice.For(header, 1999));

        Assert.Contains("50x40", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Slice(List<Node> nodes, byte[] pixels)
    {
        var header = DicomFixtures.Header(nodes.With(new Bin(DicomTags.PixelData, "OW", pixels)));
        var slice = DicomSlice.For(header, 1_000_000);
        if (slice.NeedsRange)
        {
            slice.Observe(pixels);
        }

        var output = new byte[pixels.Length / 2];
        slice.Convert(pixels, output);
        return output;
    }
}
