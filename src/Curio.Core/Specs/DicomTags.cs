namespace Curio.Core.Specs;

/// <summary>DICOM tags a client-supplied <c>dicomMetadata.tags</c> block must carry (values may be null).</summary>
public static class DicomTags
{
    public static readonly IReadOnlyList<string> Required =
    [
        "00080018", "00100020", "00180050", "00181114", "00181164", "0020000D", "0020000E", "00200013",
        "00200032", "00200037", "00209113", "00209116", "00280004", "00280008", "00280010", "00280011",
        "00280030", "00281050", "00281051", "00289110", "52009229", "52009230",
    ];
}
