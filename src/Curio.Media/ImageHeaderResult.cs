namespace Curio.Media;

public enum ImageHeaderStatus
{
    /// <summary>The header is corrupt or truncated; <see cref="ImageHeaderResult.Reason"/> says how.</summary>
    Invalid = 0,
    Ok,

    /// <summary>The header continues past the bytes given; call again with <see cref="ImageHeaderResult.BytesNeeded"/> bytes.</summary>
    NeedMoreBytes,

    /// <summary>An image whose size cannot be read from its header (SVG).</summary>
    Unsupported,
}

/// <summary>What <see cref="ImageHeaderReader"/> found: a size, a request for more bytes, or why it failed.</summary>
public readonly record struct ImageHeaderResult
{
    private ImageHeaderResult(ImageHeaderStatus status, int width, int height, int? orientation, int bytesNeeded, string? reason)
    {
        Status = status;
        Width = width;
        Height = height;
        Orientation = orientation;
        BytesNeeded = bytesNeeded;
        Reason = reason;
    }

    public ImageHeaderStatus Status { get; }

    /// <summary>Stored width in pixels, before any EXIF orientation is applied.</summary>
    public int Width { get; }

    public int Height { get; }

    /// <summary>
    /// EXIF orientation 1..8 (how the stored pixels are turned for display) when the header carries one: EXIF in
    /// JPEG, TIFF, PNG (eXIf) and WebP (EXIF); HEIF's irot/imir of the primary item; the JPEG XL codestream, which
    /// always states one. Null otherwise.
    /// </summary>
    public int? Orientation { get; }

    /// <summary>For <see cref="ImageHeaderStatus.NeedMoreBytes"/>: how many bytes from the start of the file to pass next time.</summary>
    public int BytesNeeded { get; }

    public string? Reason { get; }

    public bool IsOk => Status == ImageHeaderStatus.Ok;

    // Orientations 5 to 8 turn the image a quarter, so the displayed axes swap.
    public int DisplayWidth => Orientation is >= 5 and <= 8 ? Height : Width;

    public int DisplayHeight => Orientation is >= 5 and <= 8 ? Width : Height;

    public static ImageHeaderResult Ok(int width, int height, int? orientation = null) =>
        new(ImageHeaderStatus.Ok, width, height, orientation, 0, null);

    public static ImageHeaderResult NeedMoreBytes(int atLeast) =>
        new(ImageHeaderStatus.NeedMoreBytes, 0, 0, null, atLeast, null);

    public static ImageHeaderResult Invalid(string reason) =>
        new(ImageHeaderStatus.Invalid, 0, 0, null, 0, reason);

    public static ImageHeaderResult Unsupported(string reason) =>
        new(ImageHeaderStatus.Unsupported, 0, 0, null, 0, reason);

    /// <summary>
    /// A size already read whose orientation lies past the head (a WebP EXIF chunk after the image data): asks for
    /// more, but keeps the size so that <see cref="ImageHeaderReader"/> can settle for it, without an orientation,
    /// when the bytes cannot be had (past the file or the 16 MiB cap).
    /// </summary>
    internal ImageHeaderResult NeedMoreForOrientation(long atLeast) =>
        new(ImageHeaderStatus.NeedMoreBytes, Width, Height, null, (int)Math.Clamp(atLeast, 0, int.MaxValue), null);

    /// <summary>This size with an orientation, when it is a size; anything else as it is.</summary>
    internal ImageHeaderResult WithOrientation(int? orientation) =>
        IsOk ? Ok(Width, Height, orientation is >= 1 and <= 8 ? orientation : null) : this;

    /// <summary>For a request from <see cref="NeedMoreForOrientation"/>: the size to settle for.</summary>
    internal bool HasFallbackSize => Status == ImageHeaderStatus.NeedMoreBytes && Width > 0 && Height > 0;

    // Parsers compute offsets as longs; anything past int range is far beyond the 16 MiB cap anyway.
    internal static ImageHeaderResult Need(long atLeast) => NeedMoreBytes((int)Math.Clamp(atLeast, 0, int.MaxValue));

    internal static ImageHeaderResult Size(string format, long width, long height, int? orientation = null) =>
        width <= 0 ? Invalid($"the {format} header gives a zero width")
        : height <= 0 ? Invalid($"the {format} header gives a zero height")
        : width > int.MaxValue || height > int.MaxValue ? Invalid($"the {format} dimensions are out of range")
        : Ok((int)width, (int)height, orientation);
}
