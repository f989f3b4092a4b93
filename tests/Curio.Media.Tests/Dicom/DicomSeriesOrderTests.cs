using Curio.Media.Dicom;
using static Curio.Media.Tests.Dicom.DicomFixtures;

namespace Curio.Media.Tests.Dicom;

public sealed class DicomSeriesOrderTests
{
    [Fact]
    public void Slices_are_ordered_by_position_along_the_normal()
    {
        var files = DicomSeriesValidatorTests.Slices(5);
        var shuffled = new[] { files[3], files[0], files[4], files[2], files[1] };

        var order = DicomSeriesValidator.Order(shuffled);

        Assert.Equal(DicomOrderRule.Position, order.Rule);
        Assert.Equal(["slice-1.dcm", "slice-2.dcm", "slice-3.dcm", "slice-4.dcm", "slice-5.dcm"], order.Files.Select(f => f.Title));
    }

    [Fact]
    public void Position_wins_over_instance_number()
    {
        // Instance numbers counting the other way (a scanner that numbers head to feet) do not change the order.
        var files = DicomSeriesValidatorTests.Slices(3,
            (1, n => n.With(new Str(DicomTags.InstanceNumber, "IS", "30"))),
            (3, n => n.With(new Str(DicomTags.InstanceNumber, "IS", "10"))));

        var order = DicomSeriesValidator.Order([files[2], files[1], files[0]]);

        Assert.Equal(["slice-1.dcm", "slice-2.dcm", "slice-3.dcm"], order.Files.Select(f => f.Title));
    }

    [Fact]
    public void Sagittal_slices_are_ordered_along_x()
    {
        // Rows along y, columns along -z: the normal is -x, so the slice with the largest x comes first.
        var files = DicomSeriesValidatorTests.Slices(3,
            (1, n => Sagittal(n, "10")), (2, n => Sagittal(n, "-5")), (3, n => Sagittal(n, "0")));

        var order = DicomSeriesValidator.Order(files);

        Assert.Equal(DicomOrderRule.Position, order.Rule);
        Assert.Equal(["slice-1.dcm", "slice-3.dcm", "slice-2.dcm"], order.Files.Select(f => f.Title));
    }

    [Fact]
    public void Equal_positions_fall_back_to_instance_numbers()
    {
        var files = DicomSeriesValidatorTests.Slices(3,
            (1, n => n.With(new Str(DicomTags.ImagePositionPatient, "DS", @"0\0\0")).With(new Str(DicomTags.InstanceNumber, "IS", "3"))),
            (2, n => n.With(new Str(DicomTags.ImagePositionPatient, "DS", @"0\0\0")).With(new Str(DicomTags.InstanceNumber, "IS", "1"))),
            (3, n => n.With(new Str(DicomTags.ImagePositionPatient, "DS", @"0\0\0")).With(new Str(DicomTags.InstanceNumber, "IS", "2"))));

        var order = DicomSeriesValidator.Order(files);

        Assert.Equal(DicomOrderRule.InstanceNumber, order.Rule);
        Assert.Equal(["slice-2.dcm", "slice-3.dcm", "slice-1.dcm"], order.Files.Select(f => f.Title));
    }

    [Fact]
    public void Without_a_position_on_every_file_instance_numbers_order_the_series()
    {
        var files = DicomSeriesValidatorTests.Slices(3, (2, n => n.Without(DicomTags.ImagePositionPatient)));

        var order = DicomSeriesValidator.Order([files[2], files[0], files[1]]);

        Assert.Equal(DicomOrderRule.InstanceNumber, order.Rule);
        Assert.Equal(["slice-1.dcm", "slice-2.dcm", "slice-3.dcm"], order.Files.Select(f => f.Title));
    }

    [Fact]
    public void Without_positions_or_instance_numbers_the_given_order_stays()
    {
        var files = DicomSeriesValidatorTests.Slices(3,
            (1, n => n.Without(DicomTags.InstanceNumber)), (2, n => n.Without(DicomTags.ImagePositionPatient)));

        var order = DicomSeriesValidator.Order([files[2], files[0], files[1]]);

        Assert.Equal(DicomOrderRule.Given, order.Rule);
        Assert.Equal(["slice-3.dcm", "slice-1.dcm", "slice-2.dcm"], order.Files.Select(f => f.Title));
    }

    [Fact]
    public void Projection_images_are_ordered_by_instance_number()
    {
        var order = DicomSeriesValidator.Order([("b.dcm", Header(XRay(2))), ("a.dcm", Header(XRay(1)))]);

        Assert.Equal(DicomOrderRule.InstanceNumber, order.Rule);
        Assert.Equal(["a.dcm", "b.dcm"], order.Files.Select(f => f.Title));
    }

    private static List<Node> Sagittal(List<Node> nodes, string x) =>
        nodes.With(new Str(DicomTags.ImageOrientationPatient, "DS", @"0\1\0\0\0\-1")).With(new Str(DicomTags.ImagePositionPatient, "DS", $@"{x}\-100\50"));
}
