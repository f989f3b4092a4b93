namespace Curio.Media.Text;

/// <summary>The technical facts of a text file (Encord's <c>textMetadata</c>: file size and MIME type), plus its encoding.</summary>
public sealed record TextInfo
{
    /// <summary>The object's size in bytes; null when the caller did not know it.</summary>
    public required long? Size { get; init; }

    /// <summary>From the file name's extension: <c>text/plain</c> unless it says otherwise.</summary>
    public required string MimeType { get; init; }

    /// <summary>
    /// <c>us-ascii</c>, <c>utf-8</c>, <c>utf-16le</c>, <c>utf-16be</c>, <c>utf-32le</c>, <c>utf-32be</c>, or for 8-bit
    /// text that is not UTF-8, <c>windows-1252</c> (when it uses 0x80–0x9F) or <c>iso-8859-1</c>.
    /// </summary>
    public required string Encoding { get; init; }

    public required bool HasByteOrderMark { get; init; }
}
