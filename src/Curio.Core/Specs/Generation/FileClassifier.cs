namespace Curio.Core.Specs.Generation;

/// <summary>
/// Classifies a listed object by the extension of its name (the part of the key after the last '/'), ignoring case.
/// A name without an extension is not guessed, nor is one the table does not hold: such objects are skipped.
/// Text is only <c>.txt</c>, <c>.md</c>, <c>.html</c> and <c>.htm</c>: <c>.json</c>, <c>.csv</c> and <c>.xml</c> are left
/// out on purpose, because upload files, metadata sidecars and manifests kept next to the media use them.
/// </summary>
public static class FileClassifier
{
    private static readonly Dictionary<string, FileKind> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".mp4"] = FileKind.Video,
        [".mov"] = FileKind.Video,
        [".webm"] = FileKind.Video,
        [".mkv"] = FileKind.Video,
        [".avi"] = FileKind.Video,
        [".m4v"] = FileKind.Video,
        [".jpg"] = FileKind.Image,
        [".jpeg"] = FileKind.Image,
        [".png"] = FileKind.Image,
        [".webp"] = FileKind.Image,
        [".avif"] = FileKind.Image,
        [".bmp"] = FileKind.Image,
        [".tif"] = FileKind.Image,
        [".tiff"] = FileKind.Image,
        [".gif"] = FileKind.Image,
        [".mp3"] = FileKind.Audio,
        [".wav"] = FileKind.Audio,
        [".flac"] = FileKind.Audio,
        [".ogg"] = FileKind.Audio,
        [".m4a"] = FileKind.Audio,
        [".aac"] = FileKind.Audio,
        [".dcm"] = FileKind.Dicom,
        [".txt"] = FileKind.Text,
        [".md"] = FileKind.Text,
        [".html"] = FileKind.Text,
        [".htm"] = FileKind.Text,
        [".pdf"] = FileKind.Pdf,
        [".nii"] = FileKind.Nifti,
    };

    private static readonly Dictionary<string, FileKind>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Extensions.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Every extension recognised, with its kind (<c>.nii.gz</c> included), for documentation and help.</summary>
    public static IEnumerable<(string Extension, FileKind Kind)> Table =>
        Extensions.Select(e => (e.Key, e.Value)).Append((".nii.gz", FileKind.Nifti));

    /// <summary>The kind of the object with this key, or null when its name has no recognised extension.</summary>
    public static FileKind? Classify(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var name = key.AsSpan(key.LastIndexOf('/') + 1);

        // A dot-file (".png") is a name without an extension.
        if (name.Length > ".nii.gz".Length && name.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase))
        {
            return FileKind.Nifti;
        }

        var dot = name.LastIndexOf('.');
        return dot > 0 && Lookup.TryGetValue(name[dot..], out var kind) ? kind : null;
    }
}
