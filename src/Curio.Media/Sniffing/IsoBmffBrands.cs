using Curio.Media.Common;

namespace Curio.Media.Sniffing;

/// <summary>Classifies ISO base media files (MP4, MOV, 3GP, M4A, AVIF, HEIC) by their ftyp brands.</summary>
internal static class IsoBmffBrands
{
    private static readonly uint Mif1 = Bytes.FourCc("mif1");
    private static readonly uint Msf1 = Bytes.FourCc("msf1");

    public static bool HasFtyp(ReadOnlySpan<byte> head) =>
        Bytes.At(head, 4, "ftyp"u8) && Bytes.Has(head, 0, 12) && Bytes.U32Be(head, 0) is >= 12 or 1;

    public static SniffResult? Classify(ReadOnlySpan<byte> head)
    {
        if (!HasFtyp(head))
        {
            return null;
        }

        var major = Bytes.FourCc(head, 8);

        // mif1/msf1 only say "HEIF structure"; the compatible brands tell AVIF from HEIC.
        var generic = major == Mif1 || major == Msf1;
        if (!generic && ByBrand(major) is { } known)
        {
            return known;
        }

        var boxSize = Bytes.U32Be(head, 0);
        var end = boxSize == 1 ? head.Length : (int)Math.Min(boxSize, (uint)head.Length);
        SniffResult? firstCompatible = null;
        for (var at = 16; at + 4 <= end; at += 4)
        {
            if (ByBrand(Bytes.FourCc(head, at)) is not { } compatible)
            {
                continue;
            }

            if (compatible.Category == MediaCategory.Image && compatible.MimeType is not (MimeTypes.Heif or MimeTypes.HeifSequence))
            {
                return compatible;
            }

            firstCompatible ??= compatible;
        }

        if (generic)
        {
            return ByBrand(major);
        }

        // An ftyp with brands we do not know is still an ISO-BMFF file, and nearly all of those in the wild are
        // MP4 variants (XAVC, vendor brands); ffprobe has the final word on them later.
        return firstCompatible ?? new SniffResult(MediaCategory.Video, MimeTypes.Mp4);
    }

    private static SniffResult? ByBrand(uint brand) => ToText(brand) switch
    {
        "avif" or "avis" => new(MediaCategory.Image, MimeTypes.Avif),
        "heic" or "heix" or "heim" or "heis" => new(MediaCategory.Image, MimeTypes.Heic),
        "hevc" or "hevx" => new(MediaCategory.Image, MimeTypes.HeicSequence),
        "mif1" => new(MediaCategory.Image, MimeTypes.Heif),
        "msf1" => new(MediaCategory.Image, MimeTypes.HeifSequence),
        "isom" or "iso2" or "iso3" or "iso4" or "iso5" or "iso6" or "iso7" or "iso8" or "iso9"
            or "mp41" or "mp42" or "mp71" or "avc1" or "dash" or "mmp4" or "MSNV" or "NDAS" or "XAVC"
            or "M4V " or "M4VH" or "M4VP" or "f4v " => new(MediaCategory.Video, MimeTypes.Mp4),
        "qt  " => new(MediaCategory.Video, MimeTypes.QuickTime),
        "3gp4" or "3gp5" or "3gp6" or "3gp7" or "3gg6" or "3ge6" or "3ge7" or "3gs7" => new(MediaCategory.Video, MimeTypes.ThreeGpp),
        "3g2a" or "3g2b" or "3g2c" => new(MediaCategory.Video, MimeTypes.ThreeGpp2),
        "M4A " or "M4B " or "M4P " or "F4A " or "F4B " => new(MediaCategory.Audio, MimeTypes.M4a),
        _ => null,
    };

    private static string ToText(uint brand) =>
        string.Create(4, brand, static (chars, b) =>
        {
            for (var i = 0; i < 4; i++)
            {
                chars[i] = (char)((b >> (24 - (8 * i))) & 0xFF);
            }
        });
}
