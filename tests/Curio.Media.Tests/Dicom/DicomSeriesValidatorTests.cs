using System.Globalization;
using Curio.Media.Dicom;
using static Curio.Media.Tests.Dicom.DicomFixtures;

namespace Curio.Media.Tests.Dicom;

public sealed class DicomSeriesValidatorTests
{
    [Fact]
    public void A_good_series_has_no_problems()
    {
        Assert.Empty(DicomSeriesValidator.Validate(Slices(4)));
        Assert.Empty(DicomSeriesValidator.Validate([("enhanced.dcm", Header(EnhancedCt(4)))]));
        Assert.Empty(DicomSeriesValidator.Validate([("x-1.dcm", Header(XRay(1))), ("x-2.dcm", Header(XRay(2)))]));
    }

    [Fact]
    public void The_repository_sample_series_has_no_problems()
    {
        var files = Enumerable.Range(1, 3)
            .Select(i => ($"slice-{i}.dcm", DicomHeaderReaderTests.Read(File.ReadAllBytes(DicomHeaderReaderTests.SamplePath(i)))))
            .ToList();

        Assert.Empty(DicomSeriesValidator.Validate(files));
    }

    [Fact]
    public void An_empty_series_is_a_problem()
    {
        var problem = Assert.Single(DicomSeriesValidator.Validate([]));

        Assert.Equal("A DICOM series needs at least one file.", problem.Message);
        Assert.Null(problem.Title);
    }

    [Fact]
    public void An_inconsistent_study_names_the_odd_file_in_encords_words()
    {
        var files = Slices(3, (2, n => n.With(new Str(DicomTags.StudyInstanceUid, "UI", "1.2.4"))));

        var problem = Assert.Single(DicomSeriesValidator.Validate(files));

        Assert.Equal(
            $"The value of DICOM tag 'StudyInstanceUID' should be consistent across files in a series. Got ['1.2.4'] from 'slice-2.dcm' and ['{Study}'] from other files in the series.",
            problem.Message);
        Assert.Equal("slice-2.dcm", problem.Title);
        Assert.Equal(DicomTags.StudyInstanceUid, problem.Tag);
        Assert.Equal("StudyInstanceUID", problem.Keyword);
    }

    [Fact]
    public void An_inconsistent_series_uid_is_reported_against_the_majority()
    {
        var files = Slices(4, (1, n => n.With(new Str(DicomTags.SeriesInstanceUid, "UI", "1.2.99"))), (4, n => n.With(new Str(DicomTags.SeriesInstanceUid, "UI", "1.2.98"))));

        var messages = Messages(files);

        Assert.Equal(
        [
            $"The value of DICOM tag 'SeriesInstanceUID' should be consistent across files in a series. Got ['1.2.99'] from 'slice-1.dcm' and ['{Series}'] from other files in the series.",
            $"The value of DICOM tag 'SeriesInstanceUID' should be consistent across files in a series. Got ['1.2.98'] from 'slice-4.dcm' and ['{Series}'] from other files in the series.",
        ], messages);
    }

    [Fact]
    public void Inconsistent_rows_and_columns_are_reported()
    {
        var files = Slices(3, (3, _ => CtSlice(3, rows: 8, columns: 6)));

        Assert.Equal(
        [
            "The value of DICOM tag 'Rows' should be consistent across files in a series. Got [8] from 'slice-3.dcm' and [4] from other files in the series.",
        ], Messages(files));
    }

    [Fact]
    public void A_duplicate_sop_instance_uid_is_reported_on_the_later_file()
    {
        var files = Slices(3, (3, n => n.With(new Str(DicomTags.SopInstanceUid, "UI", Instance(1)))));

        Assert.Equal(
        [
            $"The value of DICOM tag 'SOPInstanceUID' should be unique across files in a series. Got ['{Instance(1)}'] from 'slice-3.dcm' and from 'slice-1.dcm'.",
        ], Messages(files));
    }

    [Fact]
    public void Missing_required_tags_are_reported_per_file()
    {
        var files = Slices(2, (2, n => n.Without(DicomTags.SeriesInstanceUid, DicomTags.PhotometricInterpretation).With(new Str(DicomTags.Modality, "CS", ""))));

        Assert.Equal(
        [
            "The DICOM tag 'SeriesInstanceUID' is required but missing from 'slice-2.dcm'.",
            "The DICOM tag 'Modality' is required but missing from 'slice-2.dcm'.",
            "The DICOM tag 'PhotometricInterpretation' is required but missing from 'slice-2.dcm'.",
        ], Messages(files));
    }

    [Fact]
    public void Uids_must_be_one_to_sixty_four_digits_and_dots()
    {
        var tooLong = "1." + new string('2', 63);
        var files = Slices(2, (1, n => n.With(new Str(DicomTags.SopInstanceUid, "UI", "1.2.abc"))), (2, n => n.With(new Str(DicomTags.FrameOfReferenceUid, "UI", tooLong))));

        Assert.Equal(
        [
            "The value of DICOM tag 'SOPInstanceUID' should be a UID of 1 to 64 digits and dots. Got ['1.2.abc'] from 'slice-1.dcm'.",
            $"The value of DICOM tag 'FrameOfReferenceUID' should be a UID of 1 to 64 digits and dots. Got ['{tooLong}'] from 'slice-2.dcm'.",
        ], Messages(files));
    }

    [Fact]
    public void Cross_sectional_images_need_position_orientation_spacing_and_thickness()
    {
        var files = Slices(2, (2, n => n.Without(DicomTags.ImagePositionPatient, DicomTags.ImageOrientationPatient, DicomTags.PixelSpacing, DicomTags.SliceThickness)));

        Assert.Equal(
        [
            "The DICOM tag 'ImagePositionPatient' is required for CT images but missing from 'slice-2.dcm'.",
            "The DICOM tag 'ImageOrientationPatient' is required for CT images but missing from 'slice-2.dcm'.",
            "The DICOM tag 'PixelSpacing' is required for CT images but missing from 'slice-2.dcm'.",
            "The DICOM tag 'SliceThickness' is required for CT images but missing from 'slice-2.dcm'.",
        ], Messages(files));
    }

    [Fact]
    public void Malformed_spatial_values_are_reported_and_an_empty_slice_thickness_is_allowed()
    {
        var files = Slices(2, (2, n => n.With(new Str(DicomTags.ImagePositionPatient, "DS", @"1\2")).With(new Str(DicomTags.PixelSpacing, "DS", @"a\b")).With(new Str(DicomTags.SliceThickness, "DS", ""))));

        Assert.Equal(
        [
            "The value of DICOM tag 'ImagePositionPatient' should be 3 numbers. Got [1, 2] from 'slice-2.dcm'.",
            "The value of DICOM tag 'PixelSpacing' should be 2 numbers. Got [a, b] from 'slice-2.dcm'.",
        ], Messages(files));
    }

    [Fact]
    public void Projection_images_need_no_position()
    {
        var files = new[] { ("x-1.dcm", Header(XRay(1))), ("x-2.dcm", Header(XRay(2))) };

        Assert.Null(files[0].Item2.ImagePositionPatient);
        Assert.Empty(DicomSeriesValidator.Validate(files));
    }

    [Fact]
    public void Orientation_must_agree_within_tolerance()
    {
        var nearly = Slices(3, (2, n => n.With(new Str(DicomTags.ImageOrientationPatient, "DS", @"0.99999\0.0001\0\0\1\0"))));
        var tilted = Slices(3, (2, n => n.With(new Str(DicomTags.ImageOrientationPatient, "DS", @"1\0\0\0\0.9848\-0.1736"))));

        Assert.Empty(DicomSeriesValidator.Validate(nearly));
        Assert.Equal(
        [
            @"The value of DICOM tag 'ImageOrientationPatient' should be consistent across files in a series. Got [1, 0, 0, 0, 0.9848, -0.1736] from 'slice-2.dcm' and [1, 0, 0, 0, 1, 0] from other files in the series.",
        ], Messages(tilted));
    }

    [Fact]
    public void Number_of_frames_must_be_positive_and_match_the_pixel_data()
    {
        var zero = Slices(1, (1, n => n.With(new Str(DicomTags.NumberOfFrames, "IS", "0"))));
        var tooMany = Slices(1, (1, n => n.With(new Str(DicomTags.NumberOfFrames, "IS", "3"))));
        var shortPixels = Slices(1, (1, n => n.With(new Bin(DicomTags.PixelData, "OW", new byte[20]))));

        Assert.Equal(["The value of DICOM tag 'NumberOfFrames' should be a positive integer. Got [0] from 'slice-1.dcm'."], Messages(zero));
        Assert.Equal(["The value of DICOM tag 'NumberOfFrames' should match the pixel data. Got [3] from 'slice-1.dcm', whose pixel data (48 bytes) holds 1 frame(s) of 4 x 6 pixels of 16 bits."], Messages(tooMany));
        Assert.Equal(["The value of DICOM tag 'PixelData' should hold one frame of 4 x 6 pixels of 16 bits (48 bytes). Got 20 bytes from 'slice-1.dcm'."], Messages(shortPixels));
    }

    [Fact]
    public void Compressed_pixel_data_is_not_measured()
    {
        var fragments = new Seq(DicomTags.PixelData, [new Item([])], Undefined: true, Vr: "OB");
        var file = Header(CtSlice(1).With(new Str(DicomTags.NumberOfFrames, "IS", "40")).With(fragments), DicomWriter.JpegBaseline);

        Assert.Empty(DicomSeriesValidator.Validate([("jpeg.dcm", file)]));
    }

    private static List<string> Messages(IReadOnlyList<(string Title, DicomHeader Header)> files) =>
        [.. DicomSeriesValidator.Validate(files).Select(p => p.Message)];

    internal static List<(string Title, DicomHeader Header)> Slices(int count, params (int Number, Func<List<Node>, List<Node>> Change)[] changes) =>
        [.. Enumerable.Range(1, count).Select(number =>
        {
            var nodes = CtSlice(number);
            foreach (var change in changes.Where(c => c.Number == number))
            {
                nodes = change.Change(nodes);
            }

            return (string.Create(CultureInfo.InvariantCulture, $"slice-{number}.dcm"), Header(nodes));
        })];
}
