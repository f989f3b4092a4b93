using System.Buffers.Binary;
using System.Text;
using Curio.Media.Common;

namespace Curio.Media.Nifti;

/// <summary>
/// Reads the NIfTI-1 (348-byte) or NIfTI-2 (540-byte) header of a <c>.nii</c>, a <c>.nii.gz</c> or the <c>.hdr</c> of a
/// pair. For <c>.nii.gz</c>, pass the start of the compressed file: at most <see cref="MaxCompressedHead"/> bytes of
/// it are inflated, and into a 540-byte buffer, so a gzip bomb costs nothing. Byte order comes from
/// <c>sizeof_hdr</c>. The declared voxel data is checked against the object's size: an uncompressed single file
/// must hold it, and a gzip stream cannot inflate more than 1032 times its size.
/// </summary>
public static class NiftiHeaderReader
{
    /// <summary>How much of a <c>.nii.gz</c> is inflated at most; the header always comes out of far less.</summary>
    public const int MaxCompressedHead = 64 * 1024;

    private const int Nifti1Size = 348;
    private const int Nifti2Size = 540;

    // Deflate's best case: 258-byte matches in a 1-bit code, about 1032:1.
    private const long MaxDeflateRatio = 1032;

    /// <param name="head">The start of the file (compressed as stored for <c>.nii.gz</c>), or all of it.</param>
    /// <param name="totalSize">The object's full size; a negative value means unknown.</param>
    public static HeaderResult<NiftiHeader> Read(ReadOnlySpan<byte> head, long totalSize)
    {
        if (totalSize == 0 || (head.IsEmpty && HeadRequest.IsWholeFile(0, totalSize)))
        {
            return HeaderResult<NiftiHeader>.Invalid("the file is empty");
        }

        if (head.Length < 4)
        {
            // Too little to tell plain from gzipped: ask for what a compressed head needs, which covers both.
            return HeadRequest.IsWholeFile(head.Length, totalSize)
                ? HeaderResult<NiftiHeader>.Invalid("the NIfTI header is truncated")
                : HeaderResult<NiftiHeader>.NeedHead((int)(totalSize >= 0 ? Math.Min(MaxCompressedHead, totalSize) : MaxCompressedHead));
        }

        if (head[0] == 0x1F && head[1] == 0x8B)
        {
            return ReadCompressed(head, totalSize);
        }

        var version = Version(head, out _);
        if (version == 0)
        {
            return HeaderResult<NiftiHeader>.Invalid("not a NIfTI file: sizeof_hdr is neither 348 nor 540 in either byte order");
        }

        var size = version == 1 ? Nifti1Size : Nifti2Size;
        return head.Length < size
            ? HeadRequest.Settle<NiftiHeader>(size, head.Length, totalSize, "NIfTI")
            : Parse(head[..size], compressed: false, totalSize);
    }

    private static HeaderResult<NiftiHeader> ReadCompressed(ReadOnlySpan<byte> head, long totalSize)
    {
        Span<byte> header = stackalloc byte[Nifti2Size];
        var input = head[..Math.Min(head.Length, MaxCompressedHead)];
        var got = BoundedInflate.Into(input, header, CompressedFormat.Gzip);
        var size = Nifti2Size;
        if (got >= 4)
        {
            var version = Version(header, out _);
            if (version == 0)
            {
                return HeaderResult<NiftiHeader>.Invalid("not a NIfTI file: the gzip stream does not start with a NIfTI header");
            }

            size = version == 1 ? Nifti1Size : Nifti2Size;
        }

        if (got >= size)
        {
            return Parse(header[..size], compressed: true, totalSize);
        }

        if (HeadRequest.IsWholeFile(head.Length, totalSize))
        {
            return HeaderResult<NiftiHeader>.Invalid("the gzip stream ends or breaks before the NIfTI header does");
        }

        if (head.Length >= MaxCompressedHead)
        {
            return HeaderResult<NiftiHeader>.Invalid("the NIfTI header does not come out of the first 64 KiB of the gzip stream");
        }

        var want = totalSize >= 0 ? Math.Min(MaxCompressedHead, totalSize) : MaxCompressedHead;
        return HeaderResult<NiftiHeader>.NeedHead((int)want);
    }

    // 1 or 2 by sizeof_hdr, 0 when it is neither.
    private static int Version(ReadOnlySpan<byte> header, out bool littleEndian)
    {
        var le = BinaryPrimitives.ReadInt32LittleEndian(header);
        var be = BinaryPrimitives.ReadInt32BigEndian(header);
        littleEndian = le is Nifti1Size or Nifti2Size;
        return le == Nifti1Size || be == Nifti1Size ? 1 : le == Nifti2Size || be == Nifti2Size ? 2 : 0;
    }

    private static HeaderResult<NiftiHeader> Parse(ReadOnlySpan<byte> h, bool compressed, long totalSize)
    {
        var version = Version(h, out var le);
        var fields = version == 1 ? Nifti1(h, le) : Nifti2(h, le);
        if (fields.Error is { } error)
        {
            return HeaderResult<NiftiHeader>.Invalid(error);
        }

        var ndim = fields.Dim[0];
        if (ndim is < 1 or > 7)
        {
            return HeaderResult<NiftiHeader>.Invalid($"the NIfTI header gives {ndim} dimensions (1 to 7 are allowed)");
        }

        var dims = new long[ndim];
        var spacing = new double[ndim];
        for (var i = 1; i <= ndim; i++)
        {
            if (fields.Dim[i] < 1)
            {
                return HeaderResult<NiftiHeader>.Invalid($"the NIfTI dimension {i} has size {fields.Dim[i]}");
            }

            if (!double.IsFinite(fields.PixDim[i]))
            {
                return HeaderResult<NiftiHeader>.Invalid($"the NIfTI voxel size along dimension {i} is not a number");
            }

            dims[i - 1] = fields.Dim[i];
            spacing[i - 1] = fields.PixDim[i];
        }

        if (DataType(fields.DataType) is not ({ } typeName, var typeBits))
        {
            return HeaderResult<NiftiHeader>.Invalid($"the NIfTI datatype code {fields.DataType} is unknown");
        }

        if (!TryVoxelBytes(dims, typeBits, out var dataBytes))
        {
            return HeaderResult<NiftiHeader>.Invalid("the NIfTI dimensions declare more voxel data than any file can hold");
        }

        if (!double.IsFinite(fields.VoxOffset) || fields.VoxOffset < 0 || fields.VoxOffset > long.MaxValue / 2)
        {
            return HeaderResult<NiftiHeader>.Invalid("the NIfTI vox_offset is invalid");
        }

        var voxOffset = (long)fields.VoxOffset;
        var headerSize = version == 1 ? Nifti1Size : Nifti2Size;
        if (!fields.Pair && totalSize >= 0)
        {
            // vox_offset below the header (some writers leave 0) means "right after it", as readers assume.
            var start = Math.Max(voxOffset, headerSize + 4L);
            if (!compressed && start > totalSize - dataBytes)
            {
                return HeaderResult<NiftiHeader>.Invalid(
                    $"the NIfTI header declares {dataBytes} bytes of voxels from offset {start}, but the file has only {totalSize} bytes");
            }

            if (compressed && (dataBytes + start) / MaxDeflateRatio > totalSize)
            {
                return HeaderResult<NiftiHeader>.Invalid(
                    $"the NIfTI header declares {dataBytes} bytes of voxels, more than a gzip stream of {totalSize} bytes can hold");
            }
        }

        return HeaderResult<NiftiHeader>.Ok(new NiftiHeader
        {
            Version = version,
            IsCompressed = compressed,
            IsLittleEndian = le,
            IsPairHeader = fields.Pair,
            Dimensions = dims,
            VoxelSize = spacing,
            DataTypeCode = fields.DataType,
            DataType = typeName,
            BitsPerVoxel = fields.BitPix,
            VoxelOffset = voxOffset,
            VoxelDataBytes = dataBytes,
            QFormCode = fields.QForm,
            SFormCode = fields.SForm,
            SpatialUnits = (fields.Units & 0x07) switch { 1 => "m", 2 => "mm", 3 => "um", _ => null },
            TemporalUnits = (fields.Units & 0x38) switch { 8 => "s", 16 => "ms", 24 => "us", 32 => "Hz", 40 => "ppm", 48 => "rad/s", _ => null },
            ScaleSlope = double.IsFinite(fields.Slope) ? fields.Slope : 0,
            ScaleIntercept = double.IsFinite(fields.Intercept) ? fields.Intercept : 0,
            IntentCode = fields.Intent,
            Description = Printable(fields.Description),
        });
    }

    private static Fields Nifti1(ReadOnlySpan<byte> h, bool le)
    {
        var fields = new Fields();
        if (Bytes.At(h, 344, "ni1\0"u8))
        {
            fields.Pair = true;
        }
        else if (!Bytes.At(h, 344, "n+1\0"u8))
        {
            fields.Error = "the NIfTI-1 magic is missing (an Analyze 7.5 header is not NIfTI)";
            return fields;
        }

        for (var i = 0; i < 8; i++)
        {
            fields.Dim[i] = (short)Bytes.U16(h, 40 + (2 * i), le);
            fields.PixDim[i] = F32(h, 76 + (4 * i), le);
        }

        fields.Intent = (short)Bytes.U16(h, 68, le);
        fields.DataType = (short)Bytes.U16(h, 70, le);
        fields.BitPix = (short)Bytes.U16(h, 72, le);
        fields.VoxOffset = F32(h, 108, le);
        fields.Slope = F32(h, 112, le);
        fields.Intercept = F32(h, 116, le);
        fields.Units = h[123];
        fields.Description = h.Slice(148, 80).ToArray();
        fields.QForm = (short)Bytes.U16(h, 252, le);
        fields.SForm = (short)Bytes.U16(h, 254, le);
        return fields;
    }

    private static Fields Nifti2(ReadOnlySpan<byte> h, bool le)
    {
        var fields = new Fields();
        if (Bytes.At(h, 4, "ni2\0"u8))
        {
            fields.Pair = true;
        }
        else if (!Bytes.At(h, 4, "n+2\0"u8))
        {
            fields.Error = "the NIfTI-2 magic is missing";
            return fields;
        }

        if (!Bytes.At(h, 8, [0x0D, 0x0A, 0x1A, 0x0A]))
        {
            fields.Error = "the NIfTI-2 magic is damaged (a text-mode transfer?)";
            return fields;
        }

        for (var i = 0; i < 8; i++)
        {
            fields.Dim[i] = (long)Bytes.U64(h, 16 + (8 * i), le);
            fields.PixDim[i] = F64(h, 104 + (8 * i), le);
        }

        fields.DataType = (short)Bytes.U16(h, 12, le);
        fields.BitPix = (short)Bytes.U16(h, 14, le);
        var voxOffset = (long)Bytes.U64(h, 168, le);
        fields.VoxOffset = voxOffset;
        fields.Slope = F64(h, 176, le);
        fields.Intercept = F64(h, 184, le);
        fields.Description = h.Slice(240, 80).ToArray();
        fields.QForm = Bytes.I32(h, 344, le);
        fields.SForm = Bytes.I32(h, 348, le);
        fields.Units = Bytes.I32(h, 500, le);
        fields.Intent = Bytes.I32(h, 504, le);
        return fields;
    }

    private static bool TryVoxelBytes(long[] dims, int bits, out long bytes)
    {
        bytes = 0;
        Int128 count = 1;
        foreach (var dim in dims)
        {
            count *= dim;
            if (count > long.MaxValue)
            {
                return false;
            }
        }

        var total = ((count * bits) + 7) / 8;
        if (total > long.MaxValue / 2)
        {
            return false;
        }

        bytes = (long)total;
        return true;
    }

    // Name and bits per voxel for each NIfTI datatype code.
    private static (string Name, int Bits)? DataType(int code) => code switch
    {
        1 => ("binary", 1),
        2 => ("uint8", 8),
        4 => ("int16", 16),
        8 => ("int32", 32),
        16 => ("float32", 32),
        32 => ("complex64", 64),
        64 => ("float64", 64),
        128 => ("rgb24", 24),
        256 => ("int8", 8),
        512 => ("uint16", 16),
        768 => ("uint32", 32),
        1024 => ("int64", 64),
        1280 => ("uint64", 64),
        1536 => ("float128", 128),
        1792 => ("complex128", 128),
        2048 => ("complex256", 256),
        2304 => ("rgba32", 32),
        _ => null,
    };

    private static double F32(ReadOnlySpan<byte> h, int offset, bool le) =>
        le ? BinaryPrimitives.ReadSingleLittleEndian(h[offset..]) : BinaryPrimitives.ReadSingleBigEndian(h[offset..]);

    private static double F64(ReadOnlySpan<byte> h, int offset, bool le) =>
        le ? BinaryPrimitives.ReadDoubleLittleEndian(h[offset..]) : BinaryPrimitives.ReadDoubleBigEndian(h[offset..]);

    private static string Printable(byte[] text)
    {
        var end = Array.IndexOf(text, (byte)0);
        var builder = new StringBuilder();
        foreach (var b in text.AsSpan(0, end < 0 ? text.Length : end))
        {
            if (b is >= 0x20 and < 0x7F)
            {
                builder.Append((char)b);
            }
        }

        return builder.ToString().Trim();
    }

    private sealed class Fields
    {
        public string? Error { get; set; }

        public bool Pair { get; set; }

        public long[] Dim { get; } = new long[8];

        public double[] PixDim { get; } = new double[8];

        public int DataType { get; set; }

        public int BitPix { get; set; }

        public double VoxOffset { get; set; }

        public double Slope { get; set; }

        public double Intercept { get; set; }

        public int Units { get; set; }

        public int Intent { get; set; }

        public int QForm { get; set; }

        public int SForm { get; set; }

        public byte[] Description { get; set; } = [];
    }
}
