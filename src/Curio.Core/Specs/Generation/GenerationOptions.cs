namespace Curio.Core.Specs.Generation;

/// <summary>How <see cref="UploadFileGenerator"/> turns a listing into upload files.</summary>
public sealed record GenerationOptions
{
    /// <summary><see cref="SpecFormat.Json"/> (Encord's user-file dialect) or <see cref="SpecFormat.Csv"/>.</summary>
    public SpecFormat Format { get; init; } = SpecFormat.Json;

    /// <summary>Keep only files of this kind; null keeps every recognised kind.</summary>
    public FileKind? Only { get; init; }

    /// <summary>Images of one folder become one image group (<c>image_groups</c>) instead of single images.</summary>
    public bool GroupImagesByFolder { get; init; }

    /// <summary>At most this many entries (items; a group is one) per file, below the format's own limit; null for the limit.</summary>
    public int? MaxEntriesPerFile { get; init; }

    /// <summary>The limits every file stays within (URLs and items per JSON file, rows per CSV, URL and title lengths).</summary>
    public SpecLimits Limits { get; init; } = SpecLimits.Default;
}
