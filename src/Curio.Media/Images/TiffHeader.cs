namespace Curio.Media.Images;

internal static class TiffHeader
{
    public static ImageHeaderResult Read(ReadOnlySpan<byte> data)
    {
        if (TiffIfd.Read(data, out var tags) is { } failure)
        {
            return failure;
        }

        return tags.Width == 0 && tags.Height == 0
            ? ImageHeaderResult.Invalid("the TIFF IFD0 has no ImageWidth or ImageLength")
            : ImageHeaderResult.Size("TIFF", tags.Width, tags.Height, tags.Orientation);
    }
}
