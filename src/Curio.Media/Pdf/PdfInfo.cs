namespace Curio.Media.Pdf;

public enum PdfPageCountSource
{
    /// <summary>No page count: <see cref="PdfInfo.PageCountNote"/> says why.</summary>
    Unknown = 0,

    /// <summary>The <c>/N</c> of the linearization dictionary at the start of a linearized ("fast web view") file.</summary>
    Linearization,

    /// <summary>The <c>/Count</c> of the page tree root, found from the trailer's <c>/Root</c> catalog.</summary>
    PageTree,

    /// <summary>The cross-reference data is broken, so the <c>/Type /Page</c> objects of the wholly read file were counted.</summary>
    ObjectScan,
}

/// <summary>The technical facts of a PDF (Encord's <c>pdfMetadata</c>: file size and page count).</summary>
public sealed record PdfInfo
{
    public required long Size { get; init; }

    /// <summary>From the <c>%PDF-x.y</c> header, or the catalog's <c>/Version</c> when that is later.</summary>
    public required string Version { get; init; }

    /// <summary>Null when the page count could not be read without more than the reader fetches; see <see cref="PageCountNote"/>.</summary>
    public required int? PageCount { get; init; }

    public required PdfPageCountSource PageCountSource { get; init; }

    public string? PageCountNote { get; init; }

    public required bool IsLinearized { get; init; }

    /// <summary>The trailer names an <c>/Encrypt</c> dictionary. Page counts are still read where they are not inside encrypted streams.</summary>
    public required bool IsEncrypted { get; init; }
}
