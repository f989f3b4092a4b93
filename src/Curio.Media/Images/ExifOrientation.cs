namespace Curio.Media.Images;

/// <summary>
/// EXIF orientation values (1..8): how the stored pixels are turned and flipped for display. Each is one of the
/// eight symmetries of a rectangle, so any chain of quarter turns and mirrors (HEIF's irot/imir) is again one of them.
/// </summary>
internal static class ExifOrientation
{
    public const int Identity = 1;
    public const int FlipHorizontal = 2;
    public const int Rotate180 = 3;
    public const int FlipVertical = 4;
    public const int Rotate90Clockwise = 6;
    public const int Rotate90Anticlockwise = 8;

    // Each value as the matrix (a, b, c, d) that moves a pixel at (x, y), measured from the image centre with y
    // pointing down, to (a·x + b·y, c·x + d·y) on screen. Index 0 is unused.
    private static ReadOnlySpan<sbyte> Matrices =>
    [
        0, 0, 0, 0,
        1, 0, 0, 1,     // 1: as stored
        -1, 0, 0, 1,    // 2: mirrored left to right
        -1, 0, 0, -1,   // 3: turned 180°
        1, 0, 0, -1,    // 4: mirrored top to bottom
        0, 1, 1, 0,     // 5: transposed (the top row becomes the left column)
        0, -1, 1, 0,    // 6: turned 90° clockwise
        0, -1, -1, 0,   // 7: transversed (the top row becomes the right column, reversed)
        0, 1, -1, 0,    // 8: turned 90° anticlockwise
    ];

    /// <summary>The orientation that shows what <paramref name="first"/> and then <paramref name="then"/> show.</summary>
    public static int Compose(int first, int then)
    {
        var m = Matrices;
        int f = first * 4, t = then * 4;

        // then · first, as 2×2 matrices.
        var a = (m[t] * m[f]) + (m[t + 1] * m[f + 2]);
        var b = (m[t] * m[f + 1]) + (m[t + 1] * m[f + 3]);
        var c = (m[t + 2] * m[f]) + (m[t + 3] * m[f + 2]);
        var d = (m[t + 2] * m[f + 1]) + (m[t + 3] * m[f + 3]);
        for (var value = Identity; value <= 8; value++)
        {
            var at = value * 4;
            if (m[at] == a && m[at + 1] == b && m[at + 2] == c && m[at + 3] == d)
            {
                return value;
            }
        }

        // Unreachable: the eight symmetries are closed under composition.
        return Identity;
    }

    /// <summary>
    /// The Orientation tag of an EXIF block, which is a TIFF structure (byte order mark, IFD0), with or without the
    /// "Exif\0\0" prefix of a JPEG APP1 segment, which some PNG and WebP writers copy along. Null when the block is
    /// malformed, the tag is absent or its value is outside 1..8: a broken EXIF block never fails the image.
    /// </summary>
    public static int? FromExif(ReadOnlySpan<byte> exif)
    {
        if (exif.StartsWith("Exif\0\0"u8))
        {
            exif = exif[6..];
        }

        // Only IFD0 is read, and no IFD chain is followed, so loops in a hostile chain cost nothing. An IFD that lies
        // past the block is a "need more" from the reader, which for a block held whole means absent.
        return TiffIfd.Read(exif, out var tags) is null ? tags.Orientation : null;
    }
}
