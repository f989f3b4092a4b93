using System.Globalization;
using System.Text.Json;
using Curio.Media.Dicom;
using static Curio.Media.Tests.Dicom.DicomFixtures;

namespace Curio.Media.Tests.Dicom;

/// <summary>
/// The reader and the fixture writer checked against dcmtk and pydicom: dcmdump reads what the writer writes, dcmconv
/// transcodings read the same, pydicom's <c>to_json_dict()</c> agrees with <see cref="DicomHeader.ToJson"/>, and a
/// series pydicom writes validates. These skip when the tools are absent (see <see cref="DicomTools"/>).
/// </summary>
public sealed class DicomToolCrossCheckTests : IDisposable
{
    private const string ToJsonScript = """
        import json, sys, pydicom
        print(json.dumps(pydicom.dcmread(sys.argv[1], stop_before_pixels=True).to_json_dict()))
        """;

    private const string SeriesScript = """
        import sys
        from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
        from pydicom.sequence import Sequence
        from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian, ExplicitVRBigEndian, CTImageStorage
        out, series = sys.argv[1], "1.2.826.0.1.3680043.10.1071.20.1"
        syntaxes = [(ExplicitVRLittleEndian, True, False), (ImplicitVRLittleEndian, True, True), (ExplicitVRBigEndian, False, False)]
        for i, name in enumerate(["q", "d", "m", "a", "x", "k"]):
            ts, little, implicit = syntaxes[i % 3]
            meta = FileMetaDataset()
            meta.MediaStorageSOPClassUID = CTImageStorage
            meta.MediaStorageSOPInstanceUID = f"{series}.{i + 1}"
            meta.TransferSyntaxUID = ts
            ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
            ds.SOPClassUID, ds.SOPInstanceUID = CTImageStorage, meta.MediaStorageSOPInstanceUID
            ds.PatientName, ds.PatientID, ds.Modality = "Probe^Synthetic", "P0020", "CT"
            ds.StudyInstanceUID, ds.SeriesInstanceUID = "1.2.826.0.1.3680043.10.1071.20", series
            ds.InstanceNumber = 6 - i
            ds.ImagePositionPatient, ds.ImageOrientationPatient = [0, 0, i * 2.5], [1, 0, 0, 0, 1, 0]
            ds.SliceThickness, ds.PixelSpacing = 2.5, [0.7, 0.7]
            ref = Dataset()
            ref.ReferencedSOPClassUID, ref.ReferencedSOPInstanceUID = CTImageStorage, "1.2.3"
            ds.ReferencedImageSequence = Sequence([ref, ref])
            ds.private_block(0x0009, "CURIO TEST", create=True).add_new(0x10, "LO", "private value")
            ds.Rows, ds.Columns, ds.SamplesPerPixel, ds.PhotometricInterpretation = 6, 4, 1, "MONOCHROME2"
            ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
            ds.PixelData = bytes(6 * 4 * 2)
            ds.is_little_endian, ds.is_implicit_VR = little, implicit
            ds.save_as(f"{out}/{name}.dcm", write_like_original=False)
        """;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("curio-dicom-");

    public static TheoryData<string> TransferSyntaxes => [DicomWriter.ExplicitLittle, DicomWriter.ImplicitLittle, DicomWriter.ExplicitBig];

    public static TheoryData<string, string> Transcodings => new()
    {
        { "sample", "+ti" }, { "sample", "+tb" }, { "sample", "-F +ti" }, { "sample", "-F +te" },
        { "sequences", "+ti -e" }, { "sequences", "+tb -e +g" }, { "sequences", "+te +g" }, { "sequences", "-F +ti -e" },
        { "enhanced", "+ti -e" }, { "enhanced", "+tb" }, { "enhanced", "+te -e +g" },
    };

    public static TheoryData<string, string> JsonCases => new()
    {
        { "sample", DicomWriter.ExplicitLittle },
        { "ct", DicomWriter.ExplicitLittle }, { "ct", DicomWriter.ImplicitLittle }, { "ct", DicomWriter.ExplicitBig },
        { "sequences", DicomWriter.ImplicitLittle }, { "enhanced", DicomWriter.ExplicitLittle }, { "enhanced", DicomWriter.ExplicitBig },
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _dir.Delete(recursive: true);

    [Theory]
    [MemberData(nameof(TransferSyntaxes))]
    public async Task Dcmdump_reads_what_the_fixture_writer_writes(string transferSyntax)
    {
        var dcmdump = DicomTools.Dcmtk("dcmdump");
        foreach (var (name, nodes) in new[] { ("ct", CtSlice(2)), ("sequences", WithSequences()), ("enhanced", EnhancedCt(3, undefinedLengths: true)) })
        {
            var path = Write($"{name}.dcm", DicomWriter.Part10(nodes, transferSyntax));

            var (exitCode, output, error) = await DicomTools.RunAsync(dcmdump, ["-ll", "warn", path], Ct);

            Assert.True(exitCode == 0 && error.Length == 0 && !output.Contains("\nW: ", StringComparison.Ordinal), $"{name}: {exitCode} {error}\n{output}");
            Assert.Contains($"(0020,000e) UI [{Series}]", output, StringComparison.Ordinal);
            Assert.Contains("(7fe0,0010) OW", output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Transcodings))]
    public async Task Dcmconv_transcodings_read_the_same(string fixture, string options)
    {
        var dcmconv = DicomTools.Dcmtk("dcmconv");
        var original = Fixture(fixture);
        var expected = Read(original);
        var input = Write("in.dcm", original);
        var output = Path.Combine(_dir.FullName, "out.dcm");

        var (exitCode, _, error) = await DicomTools.RunAsync(dcmconv, [.. options.Split(' '), input, output], Ct);
        Assert.True(exitCode == 0, error);

        var converted = Read(File.ReadAllBytes(output));
        Assert.Equal(expected.ToJson(), converted.ToJson());
        Assert.Equal(expected.PixelDataLength, converted.PixelDataLength);
        Assert.Equal(!options.Contains("-F", StringComparison.Ordinal), converted.HasFileMeta);
        var syntax = options.Contains("+ti", StringComparison.Ordinal) ? DicomWriter.ImplicitLittle : options.Contains("+tb", StringComparison.Ordinal) ? DicomWriter.ExplicitBig : DicomWriter.ExplicitLittle;
        Assert.Equal(syntax, converted.TransferSyntaxUid);
    }

    [Fact]
    public async Task A_dcmconv_deflated_file_is_unsupported()
    {
        var dcmconv = DicomTools.Dcmtk("dcmconv");
        var output = Path.Combine(_dir.FullName, "deflated.dcm");

        var (exitCode, _, error) = await DicomTools.RunAsync(dcmconv, ["+td", DicomHeaderReaderTests.SamplePath(1), output], Ct);
        Assert.True(exitCode == 0, error);

        var bytes = File.ReadAllBytes(output);
        var result = DicomHeaderReader.Read(bytes, bytes.Length);
        Assert.Equal(DicomHeaderStatus.Unsupported, result.Status);
        Assert.Contains("1.2.840.10008.1.2.1.99", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(JsonCases))]
    public async Task Pydicom_to_json_dict_agrees_with_ToJson(string fixture, string transferSyntax)
    {
        var python = DicomTools.Pydicom();
        var bytes = fixture == "sample" ? File.ReadAllBytes(DicomHeaderReaderTests.SamplePath(2)) : DicomWriter.Part10(Nodes(fixture), transferSyntax);
        var path = Write("file.dcm", bytes);

        var (exitCode, output, error) = await DicomTools.RunAsync(python, ["-c", ToJsonScript, path], Ct);
        Assert.True(exitCode == 0, error);

        using var ours = JsonDocument.Parse(Read(bytes).ToJson());
        using var theirs = JsonDocument.Parse(output);
        AssertAgrees(ours.RootElement, theirs.RootElement, "");
    }

    [Fact]
    public async Task A_series_written_by_pydicom_in_three_transfer_syntaxes_validates_and_orders_by_position()
    {
        var python = DicomTools.Pydicom();
        var (exitCode, _, error) = await DicomTools.RunAsync(python, ["-c", SeriesScript, _dir.FullName], Ct);
        Assert.True(exitCode == 0, error);

        var files = _dir.GetFiles("*.dcm").OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => (f.Name, Read(File.ReadAllBytes(f.FullName))))
            .ToList();

        Assert.Equal(6, files.Count);
        Assert.Equal(3, files.Select(f => f.Item2.TransferSyntaxUid).Distinct().Count());
        Assert.Empty(DicomSeriesValidator.Validate(files));
        var order = DicomSeriesValidator.Order(files);
        Assert.Equal(DicomOrderRule.Position, order.Rule);
        Assert.Equal(["q.dcm", "d.dcm", "m.dcm", "a.dcm", "x.dcm", "k.dcm"], order.Files.Select(f => f.Title));
        Assert.Equal(6, order.Files[0].Header.InstanceNumber);
        Assert.Equal("P0020", order.Files[0].Header.PatientId);
    }

    // Every element we wrote is in pydicom's JSON with the same VR and values (numbers compared as numbers), every
    // tag we read that pydicom has is in ours, and a null in ours is absent in pydicom's. Recursively for items.
    private static void AssertAgrees(JsonElement ours, JsonElement theirs, string path)
    {
        foreach (var property in ours.EnumerateObject())
        {
            var where = path + "/" + property.Name;
            var present = theirs.TryGetProperty(property.Name, out var other);
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                Assert.False(present, $"{where} is in pydicom's JSON: {other}");
                continue;
            }

            Assert.True(present, $"{where} is missing from pydicom's JSON");
            Assert.Equal(other.GetProperty("vr").GetString(), property.Value.GetProperty("vr").GetString());
            var hasValue = property.Value.TryGetProperty("Value", out var values);
            Assert.Equal(other.TryGetProperty("Value", out var otherValues), hasValue);
            if (!hasValue)
            {
                continue;
            }

            Assert.Equal(otherValues.GetArrayLength(), values.GetArrayLength());
            foreach (var (value, otherValue) in values.EnumerateArray().Zip(otherValues.EnumerateArray()))
            {
                switch (value.ValueKind)
                {
                    case JsonValueKind.Number:
                        Assert.Equal(otherValue.GetDouble(), value.GetDouble());
                        break;
                    case JsonValueKind.Object:
                        AssertAgrees(value, otherValue, where);
                        break;
                    default:
                        Assert.Equal(otherValue.GetRawText(), value.GetRawText());
                        break;
                }
            }
        }

        foreach (var property in theirs.EnumerateObject())
        {
            var tag = uint.Parse(property.Name, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (DicomTags.IsWanted(tag))
            {
                Assert.True(ours.TryGetProperty(property.Name, out var mine) && mine.ValueKind != JsonValueKind.Null, $"{path}/{property.Name} was not read");
            }
        }
    }

    private static List<Node> WithSequences()
    {
        Item Reference(bool undefined) => new([new Str(0x00081150, "UI", CtImageStorage), new Str(0x00081155, "UI", "1.2.3.4")], undefined);
        return CtSlice(1)
            .With(new Seq(0x00081140, [Reference(false), Reference(true)]))
            .With(new Seq(0x00082112, [new Item([new Seq(0x00089215, [new Item([new Str(0x00080100, "SH", "121327"), new Str(0x00080102, "SH", "DCM")], Undefined: true)], Undefined: true)])], Undefined: true))
            .With(new Seq(0x00400260, []))
            .With(new Seq(DicomTags.PlaneOrientationSequence, [new Item([new Str(DicomTags.ImageOrientationPatient, "DS", @"1\0\0\0\1\0")])]));
    }

    private static List<Node> Nodes(string fixture) => fixture switch
    {
        "ct" => CtSlice(2),
        "sequences" => WithSequences(),
        _ => EnhancedCt(1, undefinedLengths: true),
    };

    private static byte[] Fixture(string name) => name switch
    {
        "sample" => File.ReadAllBytes(DicomHeaderReaderTests.SamplePath(2)),
        "sequences" => DicomWriter.Part10(WithSequences()),
        _ => DicomWriter.Part10(EnhancedCt(3)),
    };

    private static DicomHeader Read(byte[] bytes) => DicomHeaderReaderTests.Read(bytes);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
