using System.Globalization;
using Curio.Media.Dicom;

namespace Curio.Media.Tests.Dicom;

/// <summary>Datasets for the tests, as node lists in tag order that a test can change before writing.</summary>
internal static class DicomFixtures
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    public const string EnhancedCtImageStorage = "1.2.840.10008.5.1.4.1.1.2.1";
    public const string DxImageStorage = "1.2.840.10008.5.1.4.1.1.1.1";
    public const string Study = "1.2.826.0.1.3680043.10.1071.7";
    public const string Series = "1.2.826.0.1.3680043.10.1071.7.1";
    public const string FrameOfReference = "1.2.826.0.1.3680043.10.1071.7.2";

    public static string Instance(int number) => $"{Series}.{number}";

    /// <summary>An axial CT slice: 4 x 6 pixels of 16 bits, 2.5 mm apart along z, with one frame of pixel data.</summary>
    public static List<Node> CtSlice(int number, int rows = 4, int columns = 6) =>
    [
        new Str(DicomTags.SpecificCharacterSet, "CS", "ISO_IR 100"),
        new Str(DicomTags.ImageType, "CS", @"ORIGINAL\PRIMARY\AXIAL"),
        new Str(DicomTags.SopClassUid, "UI", CtImageStorage),
        new Str(DicomTags.SopInstanceUid, "UI", Instance(number)),
        new Str(DicomTags.StudyDate, "DA", "20240101"),
        new Str(DicomTags.Modality, "CS", "CT"),
        new Str(DicomTags.Manufacturer, "LO", "Curio"),
        new Str(DicomTags.SeriesDescription, "LO", "Chest 2.5mm"),
        new Str(0x00100010, "PN", "Probe^Synthetic"),
        new Str(DicomTags.PatientId, "LO", "P0001"),
        new Str(DicomTags.SliceThickness, "DS", "2.5"),
        new Str(DicomTags.StudyInstanceUid, "UI", Study),
        new Str(DicomTags.SeriesInstanceUid, "UI", Series),
        new Str(DicomTags.SeriesNumber, "IS", "3"),
        new Str(DicomTags.InstanceNumber, "IS", number.ToString(CultureInfo.InvariantCulture)),
        new Str(DicomTags.ImagePositionPatient, "DS", $@"-125\-130.5\{((number - 1) * 2.5).ToString(CultureInfo.InvariantCulture)}"),
        new Str(DicomTags.ImageOrientationPatient, "DS", @"1\0\0\0\1\0"),
        new Str(DicomTags.FrameOfReferenceUid, "UI", FrameOfReference),
        new Us(DicomTags.SamplesPerPixel, 1),
        new Str(DicomTags.PhotometricInterpretation, "CS", "MONOCHROME2"),
        new Us(DicomTags.Rows, (ushort)rows),
        new Us(DicomTags.Columns, (ushort)columns),
        new Str(DicomTags.PixelSpacing, "DS", @"0.7\0.75"),
        new Us(DicomTags.BitsAllocated, 16),
        new Us(DicomTags.BitsStored, 12),
        new Us(DicomTags.HighBit, 11),
        new Us(DicomTags.PixelRepresentation, 0),
        new Str(DicomTags.WindowCenter, "DS", @"40\400"),
        new Str(DicomTags.WindowWidth, "DS", @"400\2000"),
        new Str(DicomTags.RescaleIntercept, "DS", "-1024"),
        new Str(DicomTags.RescaleSlope, "DS", "1"),
        new Bin(DicomTags.PixelData, "OW", new byte[rows * columns * 2]),
    ];

    /// <summary>A single-frame digital X-ray: no position, orientation or pixel spacing.</summary>
    public static List<Node> XRay(int number) =>
    [
        new Str(DicomTags.SopClassUid, "UI", DxImageStorage),
        new Str(DicomTags.SopInstanceUid, "UI", Instance(100 + number)),
        new Str(DicomTags.Modality, "CS", "DX"),
        new Str(DicomTags.PatientId, "LO", "P0001"),
        new Str(DicomTags.ImagerPixelSpacing, "DS", @"0.15\0.15"),
        new Str(DicomTags.StudyInstanceUid, "UI", Study),
        new Str(DicomTags.SeriesInstanceUid, "UI", Series),
        new Str(DicomTags.InstanceNumber, "IS", number.ToString(CultureInfo.InvariantCulture)),
        new Us(DicomTags.SamplesPerPixel, 1),
        new Str(DicomTags.PhotometricInterpretation, "CS", "MONOCHROME1"),
        new Us(DicomTags.Rows, 8),
        new Us(DicomTags.Columns, 8),
        new Us(DicomTags.BitsAllocated, 16),
        new Bin(DicomTags.PixelData, "OW", new byte[8 * 8 * 2]),
    ];

    /// <summary>
    /// An enhanced CT: no position, orientation or spacing at the top level, only in the functional groups (shared:
    /// pixel measures and orientation; per frame: the position of each of <paramref name="frames"/> frames).
    /// </summary>
    public static List<Node> EnhancedCt(int frames = 3, bool undefinedLengths = false)
    {
        var perFrame = Enumerable.Range(0, frames).Select(i => new Item(
        [
            new Seq(DicomTags.PlanePositionSequence,
                [new Item([new Str(DicomTags.ImagePositionPatient, "DS", $@"-100\-100\{(i * 1.25).ToString(CultureInfo.InvariantCulture)}")], undefinedLengths)],
                undefinedLengths),
        ], undefinedLengths)).ToList();
        return
        [
            new Str(DicomTags.SopClassUid, "UI", EnhancedCtImageStorage),
            new Str(DicomTags.SopInstanceUid, "UI", Instance(900)),
            new Str(DicomTags.Modality, "CS", "CT"),
            new Str(DicomTags.PatientId, "LO", "P0002"),
            new Str(DicomTags.StudyInstanceUid, "UI", Study),
            new Str(DicomTags.SeriesInstanceUid, "UI", Series),
            new Str(DicomTags.InstanceNumber, "IS", "1"),
            new Us(DicomTags.SamplesPerPixel, 1),
            new Str(DicomTags.PhotometricInterpretation, "CS", "MONOCHROME2"),
            new Str(DicomTags.NumberOfFrames, "IS", frames.ToString(CultureInfo.InvariantCulture)),
            new Us(DicomTags.Rows, 2),
            new Us(DicomTags.Columns, 2),
            new Us(DicomTags.BitsAllocated, 16),
            new Seq(DicomTags.SharedFunctionalGroupsSequence,
            [
                new Item(
                [
                    new Seq(DicomTags.PlaneOrientationSequence, [new Item([new Str(DicomTags.ImageOrientationPatient, "DS", @"1\0\0\0\1\0")], undefinedLengths)], undefinedLengths),
                    new Seq(DicomTags.PixelMeasuresSequence,
                    [
                        new Item([new Str(DicomTags.SliceThickness, "DS", "1.25"), new Str(DicomTags.PixelSpacing, "DS", @"0.5\0.5")], undefinedLengths),
                    ], undefinedLengths),
                ], undefinedLengths),
            ], undefinedLengths),
            new Seq(DicomTags.PerFrameFunctionalGroupsSequence, perFrame, undefinedLengths),
            new Bin(DicomTags.PixelData, "OW", new byte[frames * 2 * 2 * 2]),
        ];
    }

    /// <summary>Replaces the element with the same tag (or adds it in tag order).</summary>
    public static List<Node> With(this List<Node> nodes, Node node)
    {
        var list = nodes.Where(n => n.Tag != node.Tag).Append(node).OrderBy(n => n.Tag).ToList();
        return list;
    }

    public static List<Node> Without(this List<Node> nodes, params uint[] tags) => [.. nodes.Where(n => !tags.Contains(n.Tag))];

    public static DicomHeader Header(List<Node> nodes, string transferSyntax = DicomWriter.ExplicitLittle)
    {
        var bytes = DicomWriter.Part10(nodes, transferSyntax);
        var result = DicomHeaderReader.Read(bytes, bytes.Length);
        Assert.True(result.IsOk, result.Reason);
        return result.Header!;
    }
}
