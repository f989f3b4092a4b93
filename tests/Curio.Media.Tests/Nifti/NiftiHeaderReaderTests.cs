using System.Diagnostics;
using Curio.Media.Nifti;
using Curio.Media.Tests.Fixtures;

namespace Curio.Media.Tests.Nifti;

public sealed class NiftiHeaderReaderTests
{
    public static TheoryData<int, bool, bool> Variants => new()
    {
        { 1, true, false }, { 1, false, false }, { 2, true, false }, { 2, false, false },
        { 1, true, true }, { 1, false, true }, { 2, true, true }, { 2, false, true },
    };

    [Fact]
    public void The_sample_phantom_is_read_from_its_gzip_stream()
    {
        var gz = Repo.Sample("nifti", "phantom.nii.gz");

        var result = NiftiHeaderReader.Read(gz, gz.Length);

        Assert.True(result.IsOk, result.Reason);
        var header = result.Value;
        Assert.Equal((1, true, true, false), (header.Version, header.IsCompressed, header.IsLittleEndian, header.IsPairHeader));
        Assert.Equal([8L, 8, 4], header.Dimensions);
        Assert.Equal([1.5, 1.5, 3.0], header.VoxelSize);
        Assert.Equal((2, "uint8", 8), (header.DataTypeCode, header.DataType, header.BitsPerVoxel));
        Assert.Equal((352L, 256L), (header.VoxelOffset, header.VoxelDataBytes));
        Assert.Equal((0, 0), (header.QFormCode, header.SFormCode));
        Assert.Equal((null, null), (header.SpatialUnits, header.TemporalUnits));
        Assert.Equal("", header.Description);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_field_is_read_in_both_versions_byte_orders_and_compressions(int version, bool littleEndian, bool compressed)
    {
        var spec = new NiftiSpec
        {
            Version = version,
            LittleEndian = littleEndian,
            Dim = [4, 64, 48, 30, 12, 1, 1, 1],
            PixDim = [-1, 0.9375, 0.9375, 2.5, 2.0, 1, 1, 1],
            DataType = 16,
            BitPix = 32,
            Units = 2 | 8,
            Intent = 1006,
            Slope = 2,
            Intercept = -1024,
        };
        var file = NiftiWriter.Write(spec);
        var bytes = compressed ? NiftiWriter.Gzip(file) : file;

        var result = NiftiHeaderReader.Read(bytes, bytes.Length);

        Assert.True(result.IsOk, result.Reason);
        var header = result.Value;
        Assert.Equal((version, compressed, littleEndian, false), (header.Version, header.IsCompressed, header.IsLittleEndian, header.IsPairHeader));
        Assert.Equal([64L, 48, 30, 12], header.Dimensions);
        Assert.Equal([0.9375, 0.9375, 2.5, 2.0], header.VoxelSize);
        Assert.Equal((16, "float32", 32), (header.DataTypeCode, header.DataType, header.BitsPerVoxel));
        Assert.Equal(version == 1 ? 352 : 544, header.VoxelOffset);
        Assert.Equal(64L * 48 * 30 * 12 * 4, header.VoxelDataBytes);
        Assert.Equal((1, 4), (header.QFormCode, header.SFormCode));
        Assert.Equal(("scanner_anat", "mni_152"), (NiftiHeader.TransformName(header.QFormCode), NiftiHeader.TransformName(header.SFormCode)));
        Assert.Equal(("mm", "s"), (header.SpatialUnits, header.TemporalUnits));
        Assert.Equal((2.0, -1024.0, 1006), (header.ScaleSlope, header.ScaleIntercept, header.IntentCode));
        Assert.Equal("Curio test volume", header.Description);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_pair_header_is_read_without_its_voxels(int version)
    {
        var hdr = NiftiWriter.Write(new NiftiSpec { Version = version, Pair = true });

        var result = NiftiHeaderReader.Read(hdr, hdr.Length);

        Assert.True(result.IsOk, result.Reason);
        Assert.True(result.Value.IsPairHeader);
        Assert.Equal(0, result.Value.VoxelOffset);
        Assert.Equal([4L, 5, 6], result.Value.Dimensions);
    }

    [Theory]
    [InlineData(1, 0, "binary", 1)]
    [InlineData(2, 2, "uint8", 8)]
    [InlineData(1, 128, "rgb24", 24)]
    [InlineData(2, 256, "int8", 8)]
    [InlineData(1, 512, "uint16", 16)]
    [InlineData(2, 1024, "int64", 64)]
    [InlineData(1, 1792, "complex128", 128)]
    [InlineData(2, 2304, "rgba32", 32)]
    public void Datatypes_have_their_names_and_sizes(int version, int code, string name, int bits)
    {
        var spec = new NiftiSpec { Version = version, DataType = code == 0 ? 1 : code, BitPix = bits };
        var file = NiftiWriter.Write(spec);

        var header = NiftiHeaderReader.Read(file, file.Length).Value!;

        Assert.Equal(name, header.DataType);
        Assert.Equal(((4L * 5 * 6 * bits) + 7) / 8, header.VoxelDataBytes);
    }

    [Fact]
    public void A_head_cut_inside_the_header_asks_for_the_rest()
    {
        var file = NiftiWriter.Write(new NiftiSpec { Dim = [3, 256, 256, 256, 1, 1, 1, 1] });

        var result = NiftiHeaderReader.Read(file.AsSpan(0, 100), file.Length);

        Assert.Equal(HeaderStatus.NeedMoreBytes, result.Status);
        Assert.Equal(64 * 1024, result.BytesNeeded);
        Assert.True(NiftiHeaderReader.Read(file.AsSpan(0, result.BytesNeeded), file.Length).IsOk);
    }

    [Fact]
    public void A_compressed_head_cut_before_the_header_comes_out_asks_for_64_KiB()
    {
        var gz = NiftiWriter.Gzip(NiftiWriter.Write(new NiftiSpec { Dim = [3, 128, 128, 64, 1, 1, 1, 1] }));

        var result = NiftiHeaderReader.Read(gz.AsSpan(0, 40), 10_000_000);

        Assert.Equal(HeaderStatus.NeedMoreBytes, result.Status);
        Assert.Equal(64 * 1024, result.BytesNeeded);
    }

    [Theory]
    [InlineData(new byte[0], 0, "the file is empty")]
    [InlineData(new byte[] { 1, 2, 3 }, 3, "the NIfTI header is truncated")]
    [InlineData(new byte[] { 0x5C, 1, 0, 0, 9, 9, 9, 9 }, 8, "the NIfTI header is truncated")]
    [InlineData(new byte[] { 0x5D, 1, 0, 0, 9, 9, 9, 9 }, 8, "not a NIfTI file: sizeof_hdr is neither 348 nor 540 in either byte order")]
    public void Tiny_and_wrong_files_are_invalid(byte[] bytes, long totalSize, string reason)
    {
        var result = NiftiHeaderReader.Read(bytes, totalSize);

        Assert.Equal(HeaderStatus.Invalid, result.Status);
        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    public void An_analyze_header_without_the_nifti_magic_is_invalid()
    {
        var file = NiftiWriter.Write(new NiftiSpec());
        file.AsSpan(344, 4).Clear();

        Assert.Equal("the NIfTI-1 magic is missing (an Analyze 7.5 header is not NIfTI)", NiftiHeaderReader.Read(file, file.Length).Reason);
    }

    [Fact]
    public void A_nifti2_magic_mangled_by_a_text_mode_transfer_is_invalid()
    {
        var file = NiftiWriter.Write(new NiftiSpec { Version = 2 });
        file[8] = 0x0A;

        Assert.Equal("the NIfTI-2 magic is damaged (a text-mode transfer?)", NiftiHeaderReader.Read(file, file.Length).Reason);
    }

    [Theory]
    [InlineData(0, "the NIfTI header gives 0 dimensions (1 to 7 are allowed)")]
    [InlineData(8, "the NIfTI header gives 8 dimensions (1 to 7 are allowed)")]
    [InlineData(-3, "the NIfTI header gives -3 dimensions (1 to 7 are allowed)")]
    public void A_dimension_count_outside_1_to_7_is_invalid(int ndim, string reason)
    {
        var file = NiftiWriter.Write(new NiftiSpec { Dim = [ndim, 4, 5, 6, 1, 1, 1, 1], DataBytes = 0 });

        Assert.Equal(reason, NiftiHeaderReader.Read(file, file.Length).Reason);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_zero_or_negative_dimension_is_invalid(int version)
    {
        var file = NiftiWriter.Write(new NiftiSpec { Version = version, Dim = [3, 4, 0, 6, 1, 1, 1, 1] });
        var negative = NiftiWriter.Write(new NiftiSpec { Version = version, Dim = [3, 4, 5, -6, 1, 1, 1, 1], DataBytes = 0 });

        Assert.Equal("the NIfTI dimension 2 has size 0", NiftiHeaderReader.Read(file, file.Length).Reason);
        Assert.Equal("the NIfTI dimension 3 has size -6", NiftiHeaderReader.Read(negative, negative.Length).Reason);
    }

    [Fact]
    public void An_unknown_datatype_is_invalid()
    {
        var file = NiftiWriter.Write(new NiftiSpec { DataType = 3 });

        Assert.Equal("the NIfTI datatype code 3 is unknown", NiftiHeaderReader.Read(file, file.Length).Reason);
    }

    [Fact]
    public void A_voxel_size_that_is_not_a_number_is_invalid()
    {
        var file = NiftiWriter.Write(new NiftiSpec { PixDim = [1, 1, double.NaN, 1, 1, 1, 1, 1] });

        Assert.Equal("the NIfTI voxel size along dimension 2 is not a number", NiftiHeaderReader.Read(file, file.Length).Reason);
    }

    [Fact]
    public void Nifti2_dimensions_whose_product_overflows_are_invalid()
    {
        var file = NiftiWriter.Write(new NiftiSpec { Version = 2, Dim = [3, 1L << 30, 1L << 30, 1L << 30, 1, 1, 1, 1], DataBytes = 0 });

        Assert.Equal("the NIfTI dimensions declare more voxel data than any file can hold", NiftiHeaderReader.Read(file, file.Length).Reason);
    }

    [Fact]
    public void A_header_declaring_10_GB_of_voxels_in_a_small_file_is_invalid()
    {
        var file = NiftiWriter.Write(new NiftiSpec { Dim = [3, 2048, 2048, 1280, 1, 1, 1, 1], DataType = 2, BitPix = 8, DataBytes = 1000 });

        var result = NiftiHeaderReader.Read(file, file.Length);

        Assert.Equal("the NIfTI header declares 5368709120 bytes of voxels from offset 352, but the file has only 1352 bytes", result.Reason);
    }

    [Fact]
    public void A_gzip_stream_too_small_to_hold_the_declared_voxels_is_invalid()
    {
        var gz = NiftiWriter.Gzip(NiftiWriter.Write(new NiftiSpec { Dim = [3, 2048, 2048, 1280, 1, 1, 1, 1], DataType = 2, BitPix = 8, DataBytes = 1000 }));

        var result = NiftiHeaderReader.Read(gz, gz.Length);

        Assert.Equal(HeaderStatus.Invalid, result.Status);
        Assert.StartsWith("the NIfTI header declares 5368709120 bytes of voxels, more than a gzip stream of ", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_gzip_stream_is_invalid()
    {
        var gz = NiftiWriter.Gzip(NiftiWriter.Write(new NiftiSpec()))[..30];

        Assert.Equal("the gzip stream ends or breaks before the NIfTI header does", NiftiHeaderReader.Read(gz, gz.Length).Reason);
    }

    [Fact]
    public void A_gzip_stream_of_something_else_is_invalid()
    {
        var gz = NiftiWriter.Gzip(new byte[4096]);

        Assert.Equal("not a NIfTI file: the gzip stream does not start with a NIfTI header", NiftiHeaderReader.Read(gz, gz.Length).Reason);
    }

    [Fact]
    public void A_gzip_bomb_behind_a_valid_header_costs_only_the_header()
    {
        // 10 GiB of zeros after the header in about 10 MB of gzip; only the first 64 KiB of it is ever looked at.
        var header = NiftiWriter.Write(new NiftiSpec { Dim = [3, 1024, 1024, 1024, 1, 1, 1, 1], DataType = 2, BitPix = 8, DataBytes = 0 });
        var bomb = NiftiWriter.GzipBomb(header, 10 * 1024);
        var watch = Stopwatch.StartNew();

        var result = HeaderAssert.AllocatesLittle(() => NiftiHeaderReader.Read(bomb, bomb.Length));

        Assert.True(result.IsOk, result.Reason);
        Assert.Equal(1L << 30, result.Value.VoxelDataBytes);
        Assert.InRange(watch.ElapsedMilliseconds, 0, 1000);
    }

    [Fact]
    public void A_gzip_stream_that_yields_nothing_within_64_KiB_is_invalid()
    {
        // Empty stored blocks: valid deflate that produces no output, however long it runs.
        var deflate = new List<byte> { 0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF };
        for (var i = 0; i < 20_000; i++)
        {
            deflate.AddRange([0x00, 0x00, 0x00, 0xFF, 0xFF]);
        }

        var bytes = deflate.ToArray();

        var result = NiftiHeaderReader.Read(bytes.AsSpan(0, 64 * 1024), bytes.Length);

        Assert.Equal("the NIfTI header does not come out of the first 64 KiB of the gzip stream", result.Reason);
    }

    [Fact]
    public void Every_prefix_of_every_variant_keeps_the_protocol()
    {
        foreach (var version in new[] { 1, 2 })
        {
            foreach (var compressed in new[] { false, true })
            {
                var file = NiftiWriter.Write(new NiftiSpec { Version = version });
                var bytes = compressed ? NiftiWriter.Gzip(file) : file;
                for (var length = 0; length <= bytes.Length; length++)
                {
                    var partial = NiftiHeaderReader.Read(bytes.AsSpan(0, length), bytes.Length);
                    HeaderAssert.KeepsProtocol(partial, length, bytes.Length);
                    Assert.True(partial.Status is HeaderStatus.NeedMoreBytes or HeaderStatus.Ok, $"cut at {length}: {partial}");
                    HeaderAssert.KeepsProtocol(NiftiHeaderReader.Read(bytes.AsSpan(0, length), length), length, length);
                    HeaderAssert.KeepsProtocol(NiftiHeaderReader.Read(bytes.AsSpan(0, length), -1), length, -1);
                }
            }
        }
    }

    [Fact]
    public void Mutated_headers_keep_the_protocol()
    {
        var random = new Random(348);
        var originals = new[] { 1, 2 }.SelectMany(v => new[] { true, false }.Select(le => NiftiWriter.Write(new NiftiSpec { Version = v, LittleEndian = le }))).ToArray();
        for (var i = 0; i < 4000; i++)
        {
            var bytes = (byte[])originals[i % originals.Length].Clone();
            for (var f = random.Next(1, 6); f > 0; f--)
            {
                bytes[random.Next(Math.Min(bytes.Length, 560))] = (byte)random.Next(256);
            }

            var gz = i % 4 == 0 ? NiftiWriter.Gzip(bytes) : bytes;
            HeaderAssert.KeepsProtocol(NiftiHeaderReader.Read(gz, gz.Length), gz.Length, gz.Length);
        }
    }
}
