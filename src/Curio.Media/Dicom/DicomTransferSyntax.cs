namespace Curio.Media.Dicom;

/// <summary>How a dataset's elements are encoded.</summary>
internal readonly record struct DicomSyntax(bool ExplicitVr, bool LittleEndian)
{
    public static DicomSyntax ImplicitLittle => new(false, true);

    public static DicomSyntax ExplicitLittle => new(true, true);

    public static DicomSyntax ExplicitBig => new(true, false);
}

internal static class DicomTransferSyntax
{
    public const string ImplicitVrLittleEndian = "1.2.840.10008.1.2";
    public const string ExplicitVrLittleEndian = "1.2.840.10008.1.2.1";
    public const string ExplicitVrBigEndian = "1.2.840.10008.1.2.2";
    public const string DeflatedExplicitVrLittleEndian = "1.2.840.10008.1.2.1.99";
    public const string JpipReferencedDeflate = "1.2.840.10008.1.2.4.95";
    public const string JpipHtj2kReferencedDeflate = "1.2.840.10008.1.2.4.205";

    /// <summary>Transfer syntaxes whose whole dataset after the file meta is a deflate stream.</summary>
    public static bool IsDeflated(string uid) =>
        uid is DeflatedExplicitVrLittleEndian or JpipReferencedDeflate or JpipHtj2kReferencedDeflate;

    /// <summary>True for the three syntaxes whose pixel data is stored as plain (native) pixels.</summary>
    public static bool IsNative(string uid) =>
        uid is ImplicitVrLittleEndian or ExplicitVrLittleEndian or ExplicitVrBigEndian;

    /// <summary>
    /// Every transfer syntax other than implicit VR little endian and explicit VR big endian encodes the dataset as
    /// explicit VR little endian (the compressed ones compress only the pixel data), and so do private ones in practice.
    /// </summary>
    public static DicomSyntax Syntax(string uid) => uid switch
    {
        ImplicitVrLittleEndian => DicomSyntax.ImplicitLittle,
        ExplicitVrBigEndian => DicomSyntax.ExplicitBig,
        _ => DicomSyntax.ExplicitLittle,
    };

    /// <summary>A DICOM UID: 1 to 64 characters, digits and dots only.</summary>
    public static bool IsValidUid(string? uid)
    {
        if (uid is null || uid.Length is 0 or > 64)
        {
            return false;
        }

        foreach (var c in uid)
        {
            if (c is not ('.' or (>= '0' and <= '9')))
            {
                return false;
            }
        }

        return true;
    }
}
