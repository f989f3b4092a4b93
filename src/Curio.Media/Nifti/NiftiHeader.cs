namespace Curio.Media.Nifti;

/// <summary>The technical facts of a NIfTI-1 or NIfTI-2 header.</summary>
public sealed record NiftiHeader
{
    /// <summary>1 or 2.</summary>
    public required int Version { get; init; }

    /// <summary>True for <c>.nii.gz</c>: the header was read from the start of a gzip stream.</summary>
    public required bool IsCompressed { get; init; }

    /// <summary>The byte order, told by which reading of <c>sizeof_hdr</c> gives 348 (or 540).</summary>
    public required bool IsLittleEndian { get; init; }

    /// <summary>True for the header of a <c>.hdr</c>/<c>.img</c> pair (magic <c>ni1</c>/<c>ni2</c>): the voxels are in another file.</summary>
    public required bool IsPairHeader { get; init; }

    /// <summary><c>dim[1..ndim]</c>: the size along each axis (x, y, z, t, ...); its count is <c>ndim</c>.</summary>
    public required IReadOnlyList<long> Dimensions { get; init; }

    /// <summary><c>pixdim[1..ndim]</c> as stored: voxel width, height and depth in <see cref="SpatialUnits"/>, then the time step.</summary>
    public required IReadOnlyList<double> VoxelSize { get; init; }

    /// <summary>The NIfTI datatype code (2 = uint8, 4 = int16, 16 = float32, ...).</summary>
    public required int DataTypeCode { get; init; }

    /// <summary>The datatype's name: uint8, int16, int32, float32, complex64, float64, rgb24, int8, uint16, uint32, int64, uint64, float128, complex128, complex256, rgba32, binary.</summary>
    public required string DataType { get; init; }

    /// <summary><c>bitpix</c> as stored (the datatype decides the data size, not this).</summary>
    public required int BitsPerVoxel { get; init; }

    /// <summary>Where the voxels start in a single-file NIfTI (<c>vox_offset</c>).</summary>
    public required long VoxelOffset { get; init; }

    /// <summary>The size of the voxel data the dimensions and datatype declare.</summary>
    public required long VoxelDataBytes { get; init; }

    public required int QFormCode { get; init; }

    public required int SFormCode { get; init; }

    /// <summary><c>m</c>, <c>mm</c>, <c>um</c>, or null when unknown.</summary>
    public required string? SpatialUnits { get; init; }

    /// <summary><c>s</c>, <c>ms</c>, <c>us</c>, <c>Hz</c>, <c>ppm</c>, <c>rad/s</c>, or null when unknown.</summary>
    public required string? TemporalUnits { get; init; }

    public required double ScaleSlope { get; init; }

    public required double ScaleIntercept { get; init; }

    public required int IntentCode { get; init; }

    /// <summary>The <c>descrip</c> text, printable ASCII only.</summary>
    public required string Description { get; init; }

    /// <summary>The name of a qform/sform code: unknown, scanner_anat, aligned_anat, talairach, mni_152, template_other.</summary>
    public static string TransformName(int code) => code switch
    {
        0 => "unknown",
        1 => "scanner_anat",
        2 => "aligned_anat",
        3 => "talairach",
        4 => "mni_152",
        5 => "template_other",
        _ => $"code {code}",
    };
}
