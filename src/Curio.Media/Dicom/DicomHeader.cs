using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Curio.Media.Dicom;

/// <summary>
/// The header of one DICOM file as <see cref="DicomHeaderReader"/> read it: the file meta information, the dataset
/// elements listed in <see cref="DicomTags"/>, and typed shortcuts for the ones a series is checked with.
/// </summary>
/// <remarks>
/// The spatial shortcuts (<see cref="ImagePositionPatient"/>, <see cref="ImageOrientationPatient"/>,
/// <see cref="PixelSpacing"/>, <see cref="SliceThickness"/>) fall back to the functional groups of enhanced multi-frame
/// files when the element is not at the top level: the shared functional groups first, then the first frame's
/// (position: the first frame's first). Each shortcut is null when the element is absent, empty or malformed
/// (wrong number of values, not numbers).
/// </remarks>
public sealed class DicomHeader
{
    internal DicomHeader(
        string transferSyntaxUid, bool hasPreamble, bool hasFileMeta, DicomDataset meta, DicomDataset dataset,
        long? pixelDataOffset, long? pixelDataValueOffset, long? pixelDataLength, bool isPartial)
    {
        TransferSyntaxUid = transferSyntaxUid;
        HasPreamble = hasPreamble;
        HasFileMeta = hasFileMeta;
        FileMeta = meta;
        Dataset = dataset;
        PixelDataOffset = pixelDataOffset;
        PixelDataValueOffset = pixelDataValueOffset;
        PixelDataLength = pixelDataLength;
        IsPartial = isPartial;
    }

    /// <summary>From the file meta information, or the one guessed for a bare dataset (implicit or explicit VR little endian).</summary>
    public string TransferSyntaxUid { get; }

    /// <summary>True for a Part-10 file (128-byte preamble and "DICM").</summary>
    public bool HasPreamble { get; }

    /// <summary>True when a group 0002 file meta information was read.</summary>
    public bool HasFileMeta { get; }

    /// <summary>The group 0002 elements read (MediaStorageSOPClassUID, MediaStorageSOPInstanceUID, TransferSyntaxUID).</summary>
    public DicomDataset FileMeta { get; }

    public DicomDataset Dataset { get; }

    /// <summary>Where the PixelData (7FE0,0010) element starts, when the reader stopped at it.</summary>
    public long? PixelDataOffset { get; }

    /// <summary>Where the PixelData value starts (just past the element's header), when the reader stopped at it.</summary>
    public long? PixelDataValueOffset { get; }

    /// <summary>The PixelData value length in bytes; null when it was not reached or is encapsulated (undefined length).</summary>
    public long? PixelDataLength { get; }

    /// <summary>
    /// True when the header ran past <see cref="DicomHeaderReader.MaxHeaderBytes"/> after the image attributes (group
    /// 0028) were read: what follows (the functional groups of enhanced multi-frame files) was not read.
    /// </summary>
    public bool IsPartial { get; }

    public string? MediaStorageSopInstanceUid => FileMeta.GetString(DicomTags.MediaStorageSopInstanceUid);

    public string? SopClassUid => Dataset.GetString(DicomTags.SopClassUid);

    public string? SopInstanceUid => Dataset.GetString(DicomTags.SopInstanceUid);

    public string? StudyInstanceUid => Dataset.GetString(DicomTags.StudyInstanceUid);

    public string? SeriesInstanceUid => Dataset.GetString(DicomTags.SeriesInstanceUid);

    public string? FrameOfReferenceUid => Dataset.GetString(DicomTags.FrameOfReferenceUid);

    public string? Modality => Dataset.GetString(DicomTags.Modality);

    public string? PatientId => Dataset.GetString(DicomTags.PatientId);

    public string? PhotometricInterpretation => Dataset.GetString(DicomTags.PhotometricInterpretation);

    public int? InstanceNumber => Int(Dataset.GetInteger(DicomTags.InstanceNumber));

    public int? Rows => Int(Dataset.GetInteger(DicomTags.Rows));

    public int? Columns => Int(Dataset.GetInteger(DicomTags.Columns));

    /// <summary>NumberOfFrames as written; absent in single-frame files (see <see cref="FrameCount"/>).</summary>
    public int? NumberOfFrames => Int(Dataset.GetInteger(DicomTags.NumberOfFrames));

    /// <summary>NumberOfFrames, or 1 when the file does not say.</summary>
    public int FrameCount => NumberOfFrames ?? 1;

    public int? SamplesPerPixel => Int(Dataset.GetInteger(DicomTags.SamplesPerPixel));

    public int? BitsAllocated => Int(Dataset.GetInteger(DicomTags.BitsAllocated));

    public int? BitsStored => Int(Dataset.GetInteger(DicomTags.BitsStored));

    /// <summary>0: unsigned samples; 1: two's complement.</summary>
    public int? PixelRepresentation => Int(Dataset.GetInteger(DicomTags.PixelRepresentation));

    /// <summary>0: samples interleaved (RGBRGB...); 1: one plane per sample (RR...GG...BB...).</summary>
    public int? PlanarConfiguration => Int(Dataset.GetInteger(DicomTags.PlanarConfiguration));

    public double? RescaleSlope => Dataset.GetNumbers(DicomTags.RescaleSlope) is [var slope, ..] ? slope : null;

    public double? RescaleIntercept => Dataset.GetNumbers(DicomTags.RescaleIntercept) is [var intercept, ..] ? intercept : null;

    /// <summary>x, y, z of the first pixel in mm.</summary>
    public IReadOnlyList<double>? ImagePositionPatient => Numbers(DicomTags.ImagePositionPatient, 3);

    /// <summary>Row then column direction cosines.</summary>
    public IReadOnlyList<double>? ImageOrientationPatient => Numbers(DicomTags.ImageOrientationPatient, 6);

    /// <summary>Row spacing then column spacing in mm.</summary>
    public IReadOnlyList<double>? PixelSpacing => Numbers(DicomTags.PixelSpacing, 2);

    public double? SliceThickness => Numbers(DicomTags.SliceThickness, 1) is [var value] ? value : null;

    public IReadOnlyList<double>? WindowCenter => Dataset.GetNumbers(DicomTags.WindowCenter);

    public IReadOnlyList<double>? WindowWidth => Dataset.GetNumbers(DicomTags.WindowWidth);

    /// <summary>
    /// The dataset elements read, in pydicom's <c>Dataset.to_json_dict()</c> form (the DICOM JSON model), e.g.
    /// <c>{"0020000D": {"vr": "UI", "Value": ["1.2.3"]}, "00280010": {"vr": "US", "Value": [512]}}</c>, with every key
    /// of <see cref="DicomTags.EncordRequired"/> present: an absent one as null, so the result is valid as Encord's
    /// <c>dicomMetadata.tags</c>.
    /// </summary>
    /// <remarks>
    /// Like pydicom: keys in tag order, group 0002 left out, DS as JSON numbers, IS and binary integers as integers,
    /// an empty element as <c>{"vr": "XX"}</c>, a sequence as its items. Unlike pydicom, a DS or IS value that is not a
    /// number is written as a string (pydicom raises), an empty component of a multi-valued number as null, and the
    /// per-frame functional groups hold the first frame's item only (see <see cref="DicomHeaderReader"/>).
    /// </remarks>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteDataset(writer, Dataset, DicomTags.EncordRequired);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public override string ToString() =>
        $"DICOM {Modality ?? "?"} {SopInstanceUid ?? "(no SOPInstanceUID)"} {Rows}x{Columns}, transfer syntax {TransferSyntaxUid}";

    // Where the spatial attributes live: the top level of a classic image, or a functional-group macro.
    internal DicomElement? FindSpatial(uint tag)
    {
        var top = Dataset.Find(tag);
        if (top is not null)
        {
            return top;
        }

        var macro = tag switch
        {
            DicomTags.ImagePositionPatient => DicomTags.PlanePositionSequence,
            DicomTags.ImageOrientationPatient => DicomTags.PlaneOrientationSequence,
            DicomTags.PixelSpacing or DicomTags.SliceThickness => DicomTags.PixelMeasuresSequence,
            _ => 0u,
        };
        if (macro == 0)
        {
            return null;
        }

        var shared = Dataset.FirstItem(DicomTags.SharedFunctionalGroupsSequence)?.FirstItem(macro)?.Find(tag);
        var firstFrame = Dataset.FirstItem(DicomTags.PerFrameFunctionalGroupsSequence)?.FirstItem(macro)?.Find(tag);
        return tag == DicomTags.ImagePositionPatient ? firstFrame ?? shared : shared ?? firstFrame;
    }

    private IReadOnlyList<double>? Numbers(uint tag, int count) =>
        FindSpatial(tag)?.AsNumbers() is { } values && values.Count == count ? values : null;

    private static int? Int(long? value) => value is >= int.MinValue and <= int.MaxValue ? (int)value : null;

    private static void WriteDataset(Utf8JsonWriter writer, DicomDataset dataset, IReadOnlyList<uint> nullKeys)
    {
        var keys = new SortedSet<uint>(nullKeys);
        foreach (var element in dataset.Elements)
        {
            keys.Add(element.Tag);
        }

        writer.WriteStartObject();
        foreach (var tag in keys)
        {
            writer.WritePropertyName(DicomTags.JsonKey(tag));
            var element = dataset.Find(tag);
            if (element is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                WriteElement(writer, element);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteElement(Utf8JsonWriter writer, DicomElement element)
    {
        writer.WriteStartObject();
        writer.WriteString("vr", element.Vr);
        if (element.IsSequence)
        {
            writer.WriteStartArray("Value");
            foreach (var item in element.Items)
            {
                WriteDataset(writer, item, []);
            }

            writer.WriteEndArray();
        }
        else if (!element.IsEmpty)
        {
            writer.WriteStartArray("Value");
            foreach (var number in element.Numbers)
            {
                WriteNumber(writer, number, integer: element.Vr is not ("FL" or "FD"));
            }

            foreach (var text in element.Strings)
            {
                WriteText(writer, text, element.Vr);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteText(Utf8JsonWriter writer, string? text, string vr)
    {
        if (text is null)
        {
            writer.WriteNullValue();
            return;
        }

        if (vr is "DS" or "IS" && DicomElement.TryParseNumber(text, out var number))
        {
            if (vr == "DS")
            {
                writer.WriteNumberValue(number);
                return;
            }

            if (number == Math.Floor(number) && Math.Abs(number) < 9e15)
            {
                writer.WriteNumberValue((long)number);
                return;
            }
        }

        writer.WriteStringValue(text);
    }

    private static void WriteNumber(Utf8JsonWriter writer, double number, bool integer)
    {
        if (!double.IsFinite(number))
        {
            writer.WriteStringValue(number.ToString(CultureInfo.InvariantCulture));
        }
        else if (integer && number == Math.Floor(number) && Math.Abs(number) < 9e15)
        {
            writer.WriteNumberValue((long)number);
        }
        else
        {
            writer.WriteNumberValue(number);
        }
    }
}
