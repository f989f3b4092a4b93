using System.Collections.Frozen;
using System.Globalization;

namespace Curio.Media.Dicom;

/// <summary>
/// The DICOM tags <see cref="DicomHeaderReader"/> reads, as <c>(group &lt;&lt; 16) | element</c>, with their keywords and
/// value representations. Every other tag is skipped without being decoded.
/// </summary>
public static class DicomTags
{
    public const uint MediaStorageSopClassUid = 0x00020002;
    public const uint MediaStorageSopInstanceUid = 0x00020003;
    public const uint TransferSyntaxUid = 0x00020010;

    public const uint SpecificCharacterSet = 0x00080005;
    public const uint ImageType = 0x00080008;
    public const uint SopClassUid = 0x00080016;
    public const uint SopInstanceUid = 0x00080018;
    public const uint StudyDate = 0x00080020;
    public const uint SeriesDate = 0x00080021;
    public const uint Modality = 0x00080060;
    public const uint Manufacturer = 0x00080070;
    public const uint StudyDescription = 0x00081030;
    public const uint SeriesDescription = 0x0008103E;
    public const uint PatientId = 0x00100020;
    public const uint BodyPartExamined = 0x00180015;
    public const uint SliceThickness = 0x00180050;
    public const uint SpacingBetweenSlices = 0x00180088;
    public const uint EstimatedRadiographicMagnificationFactor = 0x00181114;
    public const uint ImagerPixelSpacing = 0x00181164;
    public const uint StudyInstanceUid = 0x0020000D;
    public const uint SeriesInstanceUid = 0x0020000E;
    public const uint SeriesNumber = 0x00200011;
    public const uint InstanceNumber = 0x00200013;
    public const uint ImagePositionPatient = 0x00200032;
    public const uint ImageOrientationPatient = 0x00200037;
    public const uint FrameOfReferenceUid = 0x00200052;
    public const uint PlanePositionSequence = 0x00209113;
    public const uint PlaneOrientationSequence = 0x00209116;
    public const uint SamplesPerPixel = 0x00280002;
    public const uint PhotometricInterpretation = 0x00280004;
    public const uint PlanarConfiguration = 0x00280006;
    public const uint NumberOfFrames = 0x00280008;
    public const uint Rows = 0x00280010;
    public const uint Columns = 0x00280011;
    public const uint PixelSpacing = 0x00280030;
    public const uint BitsAllocated = 0x00280100;
    public const uint BitsStored = 0x00280101;
    public const uint HighBit = 0x00280102;
    public const uint PixelRepresentation = 0x00280103;
    public const uint WindowCenter = 0x00281050;
    public const uint WindowWidth = 0x00281051;
    public const uint RescaleIntercept = 0x00281052;
    public const uint RescaleSlope = 0x00281053;
    public const uint PixelMeasuresSequence = 0x00289110;
    public const uint SharedFunctionalGroupsSequence = 0x52009229;
    public const uint PerFrameFunctionalGroupsSequence = 0x52009230;
    public const uint PixelData = 0x7FE00010;

    internal const uint Item = 0xFFFEE000;
    internal const uint ItemDelimitation = 0xFFFEE00D;
    internal const uint SequenceDelimitation = 0xFFFEE0DD;

    /// <summary>The last tag of the dataset that is read; the reader stops at the first tag past it.</summary>
    internal const uint LastWanted = PerFrameFunctionalGroupsSequence;

    /// <summary>
    /// The keys Encord requires in a DICOM file's <c>dicomMetadata.tags</c> (values may be null), from
    /// encord-format.md section 1.3.
    /// </summary>
    public static IReadOnlyList<uint> EncordRequired { get; } =
    [
        SopInstanceUid, PatientId, SliceThickness, EstimatedRadiographicMagnificationFactor, ImagerPixelSpacing,
        StudyInstanceUid, SeriesInstanceUid, InstanceNumber, ImagePositionPatient, ImageOrientationPatient,
        PlanePositionSequence, PlaneOrientationSequence, PhotometricInterpretation, NumberOfFrames, Rows, Columns,
        PixelSpacing, WindowCenter, WindowWidth, PixelMeasuresSequence, SharedFunctionalGroupsSequence,
        PerFrameFunctionalGroupsSequence,
    ];

    // Group 0002 is read by the file-meta parser; everything else here is read wherever it appears in the dataset,
    // including inside the items of the sequences listed (the functional groups).
    internal static FrozenDictionary<uint, DicomTagInfo> Dictionary { get; } = new DicomTagInfo[]
    {
        new(MediaStorageSopClassUid, "MediaStorageSOPClassUID", "UI"),
        new(MediaStorageSopInstanceUid, "MediaStorageSOPInstanceUID", "UI"),
        new(TransferSyntaxUid, "TransferSyntaxUID", "UI"),
        new(SpecificCharacterSet, "SpecificCharacterSet", "CS"),
        new(ImageType, "ImageType", "CS"),
        new(SopClassUid, "SOPClassUID", "UI"),
        new(SopInstanceUid, "SOPInstanceUID", "UI"),
        new(StudyDate, "StudyDate", "DA"),
        new(SeriesDate, "SeriesDate", "DA"),
        new(Modality, "Modality", "CS"),
        new(Manufacturer, "Manufacturer", "LO"),
        new(StudyDescription, "StudyDescription", "LO"),
        new(SeriesDescription, "SeriesDescription", "LO"),
        new(PatientId, "PatientID", "LO"),
        new(BodyPartExamined, "BodyPartExamined", "CS"),
        new(SliceThickness, "SliceThickness", "DS"),
        new(SpacingBetweenSlices, "SpacingBetweenSlices", "DS"),
        new(EstimatedRadiographicMagnificationFactor, "EstimatedRadiographicMagnificationFactor", "DS"),
        new(ImagerPixelSpacing, "ImagerPixelSpacing", "DS"),
        new(StudyInstanceUid, "StudyInstanceUID", "UI"),
        new(SeriesInstanceUid, "SeriesInstanceUID", "UI"),
        new(SeriesNumber, "SeriesNumber", "IS"),
        new(InstanceNumber, "InstanceNumber", "IS"),
        new(ImagePositionPatient, "ImagePositionPatient", "DS"),
        new(ImageOrientationPatient, "ImageOrientationPatient", "DS"),
        new(FrameOfReferenceUid, "FrameOfReferenceUID", "UI"),
        new(PlanePositionSequence, "PlanePositionSequence", "SQ"),
        new(PlaneOrientationSequence, "PlaneOrientationSequence", "SQ"),
        new(SamplesPerPixel, "SamplesPerPixel", "US"),
        new(PhotometricInterpretation, "PhotometricInterpretation", "CS"),
        new(PlanarConfiguration, "PlanarConfiguration", "US"),
        new(NumberOfFrames, "NumberOfFrames", "IS"),
        new(Rows, "Rows", "US"),
        new(Columns, "Columns", "US"),
        new(PixelSpacing, "PixelSpacing", "DS"),
        new(BitsAllocated, "BitsAllocated", "US"),
        new(BitsStored, "BitsStored", "US"),
        new(HighBit, "HighBit", "US"),
        new(PixelRepresentation, "PixelRepresentation", "US"),
        new(WindowCenter, "WindowCenter", "DS"),
        new(WindowWidth, "WindowWidth", "DS"),
        new(RescaleIntercept, "RescaleIntercept", "DS"),
        new(RescaleSlope, "RescaleSlope", "DS"),
        new(PixelMeasuresSequence, "PixelMeasuresSequence", "SQ"),
        new(SharedFunctionalGroupsSequence, "SharedFunctionalGroupsSequence", "SQ"),
        new(PerFrameFunctionalGroupsSequence, "PerFrameFunctionalGroupsSequence", "SQ"),
        new(PixelData, "PixelData", "OW"),
    }.ToFrozenDictionary(info => info.Tag);

    /// <summary>The DICOM keyword of a tag this reader knows (e.g. "StudyInstanceUID"), else "(gggg,eeee)".</summary>
    public static string Keyword(uint tag) => Dictionary.TryGetValue(tag, out var info) ? info.Keyword : Format(tag);

    /// <summary>The tag in the usual "(0020,000D)" form.</summary>
    public static string Format(uint tag) =>
        string.Create(CultureInfo.InvariantCulture, $"({tag >> 16:X4},{tag & 0xFFFF:X4})");

    /// <summary>The tag as the 8 hex digits that key pydicom's <c>to_json_dict()</c> (e.g. "0020000D").</summary>
    public static string JsonKey(uint tag) => tag.ToString("X8", CultureInfo.InvariantCulture);

    internal static bool IsWanted(uint tag) => tag >> 16 != 0x0002 && Dictionary.ContainsKey(tag) && tag != PixelData;
}

internal readonly record struct DicomTagInfo(uint Tag, string Keyword, string Vr);
