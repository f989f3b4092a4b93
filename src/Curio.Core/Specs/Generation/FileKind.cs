namespace Curio.Core.Specs.Generation;

/// <summary>What a listed file is, judged by its name's extension (see <see cref="FileClassifier"/>).</summary>
public enum FileKind
{
    Image = 1,
    Video = 2,
    Audio = 3,
    Dicom = 4,
    Text = 5,
    Pdf = 6,
    Nifti = 7,
}

public static class FileKinds
{
    /// <summary>Every kind, in the order counts are reported.</summary>
    public static IReadOnlyList<FileKind> All { get; } =
        [FileKind.Image, FileKind.Video, FileKind.Audio, FileKind.Dicom, FileKind.Text, FileKind.Pdf, FileKind.Nifti];

    /// <summary>The name of the kind in <c>--type</c> and in counts: <c>images</c>, <c>videos</c>, <c>audio</c>, <c>dicom</c>, <c>text</c>, <c>pdf</c>, <c>nifti</c>.</summary>
    public static string Name(this FileKind kind) => kind switch
    {
        FileKind.Image => "images",
        FileKind.Video => "videos",
        FileKind.Audio => "audio",
        FileKind.Dicom => "dicom",
        FileKind.Text => "text",
        FileKind.Pdf => "pdf",
        FileKind.Nifti => "nifti",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Reads a <c>--type</c> value: <c>auto</c> (every kind, <paramref name="kind"/> null) or one kind's <see cref="Name"/>, any case.</summary>
    public static bool TryParseFilter(string? value, out FileKind? kind)
    {
        kind = null;
        if (value is null || value.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var candidate in All)
        {
            if (candidate.Name().Equals(value, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        return false;
    }
}
