using System.Text;
using System.Text.Json;
using Curio.Media.Dicom;
using Curio.Media.Tests.Fixtures;
using static Curio.Media.Tests.Dicom.DicomFixtures;

namespace Curio.Media.Tests.Dicom;

public sealed class DicomHeaderReaderTests
{
    public static TheoryData<string> TransferSyntaxes => [DicomWriter.ExplicitLittle, DicomWriter.ImplicitLittle, DicomWriter.ExplicitBig, DicomWriter.JpegBaseline];

    [Theory]
    [MemberData(nameof(TransferSyntaxes))]
    public void Reads_every_wanted_tag_of_a_ct_slice(string transferSyntax)
    {
        var bytes = DicomWriter.Part10(CtSlice(2), transferSyntax);

        var result = DicomHeaderReader.Read(bytes, bytes.Length);

        Assert.Equal(DicomHeaderStatus.Ok, result.Status);
        var header = result.Header!;
        Assert.Equal(transferSyntax, header.TransferSyntaxUid);
        Assert.True(header.HasPreamble);
        Assert.True(header.HasFileMeta);
        Assert.False(header.IsPartial);
        Assert.Equal(Instance(2), header.MediaStorageSopInstanceUid);
        Assert.Equal(CtImageStorage, header.SopClassUid);
        Assert.Equal(Instance(2), header.SopInstanceUid);
        Assert.Equal(Study, header.StudyInstanceUid);
        Assert.Equal(Series, header.SeriesInstanceUid);
        Assert.Equal(FrameOfReference, header.FrameOfReferenceUid);
        Assert.Equal("CT", header.Modality);
        Assert.Equal("P0001", header.PatientId);
        Assert.Equal("MONOCHROME2", header.PhotometricInterpretation);
        Assert.Equal(2, header.InstanceNumber);
        Assert.Equal(4, header.Rows);
        Assert.Equal(6, header.Columns);
        Assert.Null(header.NumberOfFrames);
        Assert.Equal(1, header.FrameCount);
        Assert.Equal(1, header.SamplesPerPixel);
        Assert.Equal(16, header.BitsAllocated);
        Assert.Equal([-125, -130.5, 2.5], header.ImagePositionPatient);
        Assert.Equal([1, 0, 0, 0, 1, 0], header.ImageOrientationPatient);
        Assert.Equal([0.7, 0.75], header.PixelSpacing);
        Assert.Equal(2.5, header.SliceThickness);
        Assert.Equal([40, 400], header.WindowCenter);
        Assert.Equal([400, 2000], header.WindowWidth);
        Assert.Equal(["ORIGINAL", "PRIMARY", "AXIAL"], header.Dataset.Find(DicomTags.ImageType)!.Strings);
        Assert.Equal("Chest 2.5mm", header.Dataset.GetString(DicomTags.SeriesDescription));
        Assert.Equal(3, header.Dataset.GetInteger(DicomTags.SeriesNumber));
        Assert.Equal(-1024, header.Dataset.GetNumbers(DicomTags.RescaleIntercept)![0]);
        Assert.Equal(48, header.PixelDataLength);
        Assert.Equal(bytes.Length - 48 - (transferSyntax == DicomWriter.ImplicitLittle ? 8 : 12), header.PixelDataOffset);

        // The patient's name is not read: only the identifiers Encord requires are kept.
        Assert.False(header.Dataset.Contains(0x00100010));
    }

    [Fact]
    public void Reads_the_repository_samples_with_exact_values()
    {
        for (var slice = 1; slice <= 3; slice++)
        {
            var bytes = File.ReadAllBytes(SamplePath(slice));

            var result = DicomHeaderReader.Read(bytes, bytes.Length);

            Assert.True(result.IsOk, result.Reason);
            var header = result.Header!;
            Assert.Equal("1.2.840.10008.1.2.1", header.TransferSyntaxUid);
            Assert.Equal("1.2.840.10008.5.1.4.1.1.2", header.SopClassUid);
            Assert.Equal($"1.2.826.0.1.3680043.10.1071.1.2.{slice}", header.SopInstanceUid);
            Assert.Equal(header.SopInstanceUid, header.MediaStorageSopInstanceUid);
            Assert.Equal("1.2.826.0.1.3680043.10.1071.1", header.StudyInstanceUid);
            Assert.Equal("1.2.826.0.1.3680043.10.1071.1.2", header.SeriesInstanceUid);
            Assert.Equal("CT", header.Modality);
            Assert.Equal("CURIO-SAMPLE", header.PatientId);
            Assert.Equal(slice, header.InstanceNumber);
            Assert.Equal([0, 0, (slice - 1) * 2.5], header.ImagePositionPatient);
            Assert.Equal([1, 0, 0, 0, 1, 0], header.ImageOrientationPatient);
            Assert.Equal([1, 1], header.PixelSpacing);
            Assert.Equal(2.5, header.SliceThickness);
            Assert.Equal(32, header.Rows);
            Assert.Equal(32, header.Columns);
            Assert.Equal(1, header.SamplesPerPixel);
            Assert.Equal(8, header.BitsAllocated);
            Assert.Equal("MONOCHROME2", header.PhotometricInterpretation);
            Assert.Null(header.NumberOfFrames);
            Assert.Null(header.WindowCenter);
            Assert.Equal(1024, header.PixelDataLength);
            Assert.Equal(bytes.Length - 1024 - 12, header.PixelDataOffset);
        }
    }

    [Theory]
    [MemberData(nameof(TransferSyntaxes))]
    public void Sequences_of_every_length_form_are_skipped(string transferSyntax)
    {
        Item Leaf(bool undefined) => new([new Str(0x00081150, "UI", "1.2.3"), new Str(0x00081155, "UI", "1.2.3.4")], undefined);
        var nested = new Seq(0x00082112, // SourceImageSequence holding a sequence holding a sequence
        [
            new Item([new Seq(0x00089215, [new Item([new Seq(0x00081115, [Leaf(true), Leaf(false)], Undefined: true)], Undefined: true)])], Undefined: true),
        ], Undefined: true);
        var nodes = CtSlice(1)
            .With(new Seq(0x00081140, [Leaf(false), Leaf(false)])) // ReferencedImageSequence, all defined
            .With(new Seq(0x00081250, [Leaf(true)], Undefined: true)) // RelatedSeriesSequence, all undefined
            .With(new Seq(0x00082218, [])) // AnatomicRegionSequence, empty
            .With(new Seq(0x00082228, [], Undefined: true)) // PrimaryAnatomicStructureSequence, empty and undefined
            .With(nested)
            .With(new Seq(0x00400260, [new Item([]), new Item([], Undefined: true)])); // PerformedProtocolCodeSequence, empty items
        var bytes = DicomWriter.Part10(nodes, transferSyntax);

        var header = Read(bytes);

        Assert.Equal(Series, header.SeriesInstanceUid);
        Assert.Equal([0.7, 0.75], header.PixelSpacing);
        Assert.Equal(48, header.PixelDataLength);
        Assert.DoesNotContain(header.Dataset.Elements, e => e.IsSequence);
    }

    [Fact]
    public void An_undefined_length_UN_element_is_walked_as_an_implicit_VR_sequence()
    {
        // CP-246: a sequence whose VR the writer did not know is written as UN of undefined length, its items in
        // implicit VR little endian even inside an explicit VR file.
        var unknown = new Seq(0x00091010, [new Item([new Str(0x00081150, "UI", "1.2.3"), new Seq(0x00081140, [new Item([])], Undefined: true)], Undefined: true)], Undefined: true, Vr: "UN");
        var nodes = CtSlice(1).With(unknown).With(new Seq(DicomTags.PlaneOrientationSequence,
            [new Item([new Str(DicomTags.ImageOrientationPatient, "DS", @"0\1\0\0\0\-1")])], Vr: "UN"));

        var header = Read(DicomWriter.Part10(nodes));

        var plane = header.Dataset.Find(DicomTags.PlaneOrientationSequence)!;
        Assert.Equal("SQ", plane.Vr);
        Assert.Equal([0, 1, 0, 0, 0, -1], plane.Items[0].GetNumbers(DicomTags.ImageOrientationPatient));
        Assert.Equal(Series, header.SeriesInstanceUid);
        Assert.Equal(48, header.PixelDataLength);
    }

    [Fact]
    public void A_known_tag_written_as_UN_is_decoded_with_the_dictionary_VR()
    {
        var nodes = CtSlice(1).With(new Bin(DicomTags.Rows, "UN", [0x00, 0x02])).With(new Bin(DicomTags.PatientId, "UN", "X42 "u8.ToArray()));

        var header = Read(DicomWriter.Part10(nodes));

        Assert.Equal(512, header.Rows);
        Assert.Equal("US", header.Dataset.Find(DicomTags.Rows)!.Vr);
        Assert.Equal("X42", header.PatientId);
    }

    [Theory]
    [InlineData(false, DicomWriter.ExplicitLittle)]
    [InlineData(true, DicomWriter.ExplicitLittle)]
    [InlineData(true, DicomWriter.ImplicitLittle)]
    [InlineData(false, DicomWriter.ExplicitBig)]
    public void Enhanced_multi_frame_files_take_position_orientation_and_spacing_from_the_functional_groups(bool undefinedLengths, string transferSyntax)
    {
        var header = Read(DicomWriter.Part10(EnhancedCt(frames: 5, undefinedLengths), transferSyntax));

        Assert.Equal(5, header.NumberOfFrames);
        Assert.Equal([-100, -100, 0], header.ImagePositionPatient);
        Assert.Equal([1, 0, 0, 0, 1, 0], header.ImageOrientationPatient);
        Assert.Equal([0.5, 0.5], header.PixelSpacing);
        Assert.Equal(1.25, header.SliceThickness);

        // Reading stops after the first frame's functional groups: nothing after them is needed.
        Assert.Single(header.Dataset.Find(DicomTags.PerFrameFunctionalGroupsSequence)!.Items);
        Assert.Null(header.PixelDataOffset);
    }

    [Fact]
    public void The_per_frame_functional_groups_past_the_first_frame_are_never_asked_for()
    {
        var bytes = DicomWriter.Part10(EnhancedCt(frames: 20_000));
        Assert.True(bytes.Length > 1_000_000);

        var result = DicomHeaderReader.Read(bytes.AsSpan(0, 4096), bytes.Length);

        Assert.True(result.IsOk, result.Reason);
        Assert.Equal([-100, -100, 0], result.Header!.ImagePositionPatient);
        Assert.Equal(20_000, result.Header.NumberOfFrames);
    }

    [Fact]
    public void Odd_lengths_are_read_as_written()
    {
        var nodes = CtSlice(1)
            .With(new Str(DicomTags.PatientId, "LO", "ABC", Pad: false))
            .With(new Str(DicomTags.SopInstanceUid, "UI", "1.2.345", Pad: false))
            .With(new Bin(0x00091001, "OB", [1, 2, 3]));

        var header = Read(DicomWriter.Part10(nodes, DicomWriter.ImplicitLittle));

        Assert.Equal("ABC", header.PatientId);
        Assert.Equal("1.2.345", header.SopInstanceUid);
        Assert.Equal(Series, header.SeriesInstanceUid);
    }

    [Fact]
    public void A_file_without_preamble_is_read_from_its_file_meta()
    {
        var bytes = DicomWriter.Part10(CtSlice(1), DicomWriter.ImplicitLittle, preamble: false);

        var header = Read(bytes);

        Assert.False(header.HasPreamble);
        Assert.True(header.HasFileMeta);
        Assert.Equal(DicomWriter.ImplicitLittle, header.TransferSyntaxUid);
        Assert.Equal(Series, header.SeriesInstanceUid);
    }

    [Theory]
    [InlineData(true, DicomWriter.ExplicitLittle)]
    [InlineData(false, DicomWriter.ImplicitLittle)]
    public void A_bare_dataset_is_read_with_a_guessed_transfer_syntax(bool explicitVr, string expected)
    {
        var bytes = DicomWriter.Dataset(CtSlice(1), explicitVr ? DicomEncoding.ExplicitLittle : DicomEncoding.ImplicitLittle);

        var header = Read(bytes);

        Assert.False(header.HasPreamble);
        Assert.False(header.HasFileMeta);
        Assert.Equal(expected, header.TransferSyntaxUid);
        Assert.Equal(Study, header.StudyInstanceUid);
        Assert.Equal(4, header.Rows);
    }

    [Fact]
    public void A_small_head_grows_by_NeedMoreBytes_until_the_header_is_read()
    {
        var nodes = CtSlice(1).With(new Bin(0x00291010, "OB", new byte[300_000])); // a large private element before the pixel data
        var bytes = DicomWriter.Part10(nodes);
        var length = 1;
        var requests = new List<int>();
        DicomHeaderResult result;
        while ((result = DicomHeaderReader.Read(bytes.AsSpan(0, length), bytes.Length)).Status == DicomHeaderStatus.NeedMoreBytes)
        {
            Assert.InRange(result.BytesNeeded, length + 1, Math.Min(bytes.Length, DicomHeaderReader.MaxHeaderBytes));
            requests.Add(result.BytesNeeded);
            length = result.BytesNeeded;
        }

        Assert.True(result.IsOk, result.Reason);
        Assert.Equal(4, result.Header!.Rows);
        Assert.Equal([65_536, bytes.Length], requests); // rounded up to 64 KiB, but not past the end of the file
    }

    [Fact]
    public void The_pixel_data_is_never_needed()
    {
        var nodes = CtSlice(1).With(new Lie(DicomTags.PixelData, "OW", 200_000_000, []));
        var head = DicomWriter.Part10(nodes);

        var result = DicomHeaderReader.Read(head, head.Length + 200_000_000L);

        Assert.True(result.IsOk, result.Reason);
        Assert.Equal(200_000_000, result.Header!.PixelDataLength);
        Assert.Equal(head.Length - 12, result.Header.PixelDataOffset);
    }

    [Fact]
    public void Reading_passes_the_pixel_data_group_length_and_offset_table_but_stops_at_an_overlay()
    {
        var nodes = CtSlice(1).With(new Bin(0x7FE00000, "UL", [72, 0, 0, 0])).With(new Bin(0x7FE00001, "OV", new byte[8]));
        var withOverlay = nodes.With(new Bin(0x60003000, "OW", new byte[64]));

        Assert.Equal(48, Read(DicomWriter.Part10(nodes)).PixelDataLength);
        Assert.Null(Read(DicomWriter.Part10(withOverlay)).PixelDataOffset);
    }

    [Fact]
    public void Encapsulated_pixel_data_has_no_length()
    {
        var fragments = new Seq(DicomTags.PixelData, [new Item([]), new Item([new Bin(0x00091001, "OB", [0xFF, 0xD8])])], Undefined: true, Vr: "OB");
        var header = Read(DicomWriter.Part10(CtSlice(1).With(fragments), DicomWriter.JpegBaseline));

        Assert.NotNull(header.PixelDataOffset);
        Assert.Null(header.PixelDataLength);
    }

    [Fact]
    public void Strings_are_decoded_with_the_specific_character_set()
    {
        var utf8 = CtSlice(1).With(new Str(DicomTags.SpecificCharacterSet, "CS", "ISO_IR 192")).With(new Str(DicomTags.SeriesDescription, "LO", "Zoë Thorax"));
        var latin1 = CtSlice(1).With(new Bin(DicomTags.SeriesDescription, "LO", Encoding.Latin1.GetBytes("Zoë Thorax")));

        Assert.Equal("Zoë Thorax", Read(DicomWriter.Part10(utf8)).Dataset.GetString(DicomTags.SeriesDescription));
        Assert.Equal("Zoë Thorax", Read(DicomWriter.Part10(latin1)).Dataset.GetString(DicomTags.SeriesDescription));
    }

    [Fact]
    public void Multi_valued_strings_keep_empty_components_and_padding_rules()
    {
        var nodes = CtSlice(1)
            .With(new Str(DicomTags.WindowCenter, "DS", @" 40 \\60"))
            .With(new Str(DicomTags.PatientId, "LO", "  P7 "))
            .With(new Str(DicomTags.StudyDescription, "LO", " "));

        var header = Read(DicomWriter.Part10(nodes));

        Assert.Equal(["40", null, "60"], header.Dataset.Find(DicomTags.WindowCenter)!.Strings);
        Assert.Null(header.WindowCenter); // not every value is a number
        Assert.Equal("  P7", header.PatientId); // leading spaces are significant in LO
        Assert.True(header.Dataset.Find(DicomTags.StudyDescription)!.IsEmpty);
    }

    [Fact]
    public void The_json_is_pydicom_to_json_dict_form_with_every_key_encord_requires()
    {
        var header = Read(DicomWriter.Part10(CtSlice(2)));

        using var json = JsonDocument.Parse(header.ToJson());
        var root = json.RootElement;

        Assert.Equal("""{"vr":"UI","Value":["1.2.826.0.1.3680043.10.1071.7"]}""", root.GetProperty("0020000D").GetRawText());
        Assert.Equal("""{"vr":"US","Value":[4]}""", root.GetProperty("00280010").GetRawText());
        Assert.Equal("""{"vr":"IS","Value":[2]}""", root.GetProperty("00200013").GetRawText());
        Assert.Equal("""{"vr":"DS","Value":[-125,-130.5,2.5]}""", root.GetProperty("00200032").GetRawText());
        Assert.Equal("""{"vr":"CS","Value":["ORIGINAL","PRIMARY","AXIAL"]}""", root.GetProperty("00080008").GetRawText());
        foreach (var tag in DicomTags.EncordRequired)
        {
            Assert.True(root.TryGetProperty(DicomTags.JsonKey(tag), out _), DicomTags.Keyword(tag));
        }

        Assert.Equal(JsonValueKind.Null, root.GetProperty("00209113").ValueKind); // PlanePositionSequence: absent here
        Assert.Equal(JsonValueKind.Null, root.GetProperty("00181164").ValueKind);
        Assert.False(root.TryGetProperty("00020010", out _)); // file meta is not part of the dataset
        Assert.False(root.TryGetProperty("7FE00010", out _));
        var keys = root.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
    }

    [Fact]
    public void The_json_of_an_enhanced_file_holds_its_functional_groups()
    {
        var header = Read(DicomWriter.Part10(EnhancedCt(frames: 2)));

        using var json = JsonDocument.Parse(header.ToJson());

        var shared = json.RootElement.GetProperty("52009229");
        Assert.Equal("SQ", shared.GetProperty("vr").GetString());
        Assert.Equal(
            """[{"00209116":{"vr":"SQ","Value":[{"00200037":{"vr":"DS","Value":[1,0,0,0,1,0]}}]},"00289110":{"vr":"SQ","Value":[{"00180050":{"vr":"DS","Value":[1.25]},"00280030":{"vr":"DS","Value":[0.5,0.5]}}]}}]""",
            shared.GetProperty("Value").GetRawText());
        Assert.Equal(1, json.RootElement.GetProperty("52009230").GetProperty("Value").GetArrayLength());
    }

    [Fact]
    public void Empty_elements_and_odd_numbers_follow_pydicom()
    {
        var nodes = CtSlice(1)
            .With(new Str(DicomTags.SliceThickness, "DS", ""))
            .With(new Str(DicomTags.WindowCenter, "DS", @"40\\abc"))
            .With(new Str(DicomTags.InstanceNumber, "IS", "7.0"));

        using var json = JsonDocument.Parse(Read(DicomWriter.Part10(nodes)).ToJson());

        Assert.Equal("""{"vr":"DS"}""", json.RootElement.GetProperty("00180050").GetRawText());
        Assert.Equal("""{"vr":"DS","Value":[40,null,"abc"]}""", json.RootElement.GetProperty("00281050").GetRawText());
        Assert.Equal("""{"vr":"IS","Value":[7]}""", json.RootElement.GetProperty("00200013").GetRawText());
    }

    [Theory]
    [InlineData(DicomWriter.Deflated)]
    [InlineData("1.2.840.10008.1.2.4.95")]
    public void A_deflated_dataset_is_unsupported_and_never_inflated(string transferSyntax)
    {
        var nodes = CtSlice(1);
        var bytes = new ByteWriter().Zeros(128).Ascii("DICM").Bytes(DicomWriter.Meta(nodes, transferSyntax))
            .Bytes(MedicalFixtures.Gzip(new byte[1_000_000])).ToArray();

        var result = DicomHeaderReader.Read(bytes, bytes.Length);

        Assert.Equal(DicomHeaderStatus.Unsupported, result.Status);
        Assert.Contains("deflate", result.Reason, StringComparison.Ordinal);
        Assert.Contains(transferSyntax, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_meta_without_transfer_syntax_is_invalid()
    {
        var meta = DicomWriter.Dataset([new Bin(0x00020001, "OB", [0, 1]), new Str(DicomTags.MediaStorageSopClassUid, "UI", CtImageStorage)], DicomEncoding.ExplicitLittle);
        var bytes = new ByteWriter().Zeros(128).Ascii("DICM").Bytes(meta).Bytes(DicomWriter.Dataset(CtSlice(1), DicomEncoding.ExplicitLittle)).ToArray();

        var result = DicomHeaderReader.Read(bytes, bytes.Length);

        Assert.Equal(DicomHeaderStatus.Invalid, result.Status);
        Assert.Contains("TransferSyntaxUID", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_the_transfer_syntax_it_declares_is_invalid()
    {
        // Implicit VR bytes under an explicit VR transfer syntax: the "VR" is the low bytes of a length.
        var nodes = CtSlice(1);
        var bytes = new ByteWriter().Zeros(128).Ascii("DICM").Bytes(DicomWriter.Meta(nodes, DicomWriter.ExplicitLittle))
            .Bytes(DicomWriter.Dataset(nodes, DicomEncoding.ImplicitLittle)).ToArray();

        var result = DicomHeaderReader.Read(bytes, bytes.Length);

        Assert.Equal(DicomHeaderStatus.Invalid, result.Status);
        Assert.Contains("value representation", result.Reason, StringComparison.Ordinal);
        Assert.Contains("(0008,0005)", result.Reason, StringComparison.Ordinal);
    }

    internal static string SamplePath(int slice)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "samples", "dicom", "ct-0001", $"slice-{slice}.dcm");
            if (File.Exists(Path.Combine(dir.FullName, "Curio.slnx")))
            {
                return path;
            }
        }

        throw new InvalidOperationException("The repository root (Curio.slnx) was not found above " + AppContext.BaseDirectory);
    }

    internal static DicomHeader Read(byte[] bytes)
    {
        var result = DicomHeaderReader.Read(bytes, bytes.Length);
        Assert.True(result.IsOk, $"{result.Status}: {result.Reason}");
        return result.Header!;
    }
}
