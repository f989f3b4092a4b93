namespace Curio.Core.Specs.Generation;

/// <summary>
/// One entry of a generated upload file: a single file (<see cref="UnitKind.Video"/>, <see cref="UnitKind.Image"/>, ...),
/// or a group (<see cref="UnitKind.ImageGroup"/>, <see cref="UnitKind.DicomSeries"/>) with its files in key order.
/// </summary>
public sealed record GeneratedEntry(UnitKind Kind, string Title, IReadOnlyList<string> Urls)
{
    public bool IsGroup => Kind.IsGroup();
}

/// <summary>One upload file written: its number (1 for the first), and how many entries (items) and URLs it holds.</summary>
public sealed record GeneratedFile(int Number, int EntryCount, int UrlCount);

/// <summary>A listing cannot be written as upload files within the limits, for a reason the message gives.</summary>
public sealed class SpecGenerationException : Exception
{
    public SpecGenerationException()
    {
    }

    public SpecGenerationException(string message)
        : base(message)
    {
    }

    public SpecGenerationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
