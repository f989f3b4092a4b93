namespace Curio.Media.Thumbnails;

public enum ThumbnailFailure
{
    /// <summary>The file is of a kind that gets no thumbnail (audio, an unsupported DICOM transfer syntax, SVG, ...).</summary>
    Unsupported,

    /// <summary>The file should have one but could not be rendered: corrupt, too large, too slow, or ffmpeg is missing.</summary>
    Failed,
}

/// <summary>No thumbnail; the message says why in words for the user.</summary>
public sealed class ThumbnailException(ThumbnailFailure failure, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public ThumbnailFailure Failure { get; } = failure;

    public static ThumbnailException Unsupported(string message) => new(ThumbnailFailure.Unsupported, message);

    public static ThumbnailException Failed(string message, Exception? innerException = null) => new(ThumbnailFailure.Failed, message, innerException);
}
