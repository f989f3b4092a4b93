namespace Curio.Core.Specs.Generation;

/// <summary>What a generation saw: objects listed, files kept per kind, entries written, and objects skipped and why.</summary>
public sealed class GenerationCounts
{
    private readonly long[] _files = new long[FileKinds.All.Count + 1];

    /// <summary>Objects in the listing.</summary>
    public long Listed { get; internal set; }

    /// <summary>Objects whose name has no recognised extension.</summary>
    public long Unrecognised { get; internal set; }

    /// <summary>Recognised objects of a kind that <see cref="GenerationOptions.Only"/> leaves out.</summary>
    public long OtherKinds { get; internal set; }

    /// <summary>Objects whose URL no upload file can hold (over 16 KB, whitespace or control characters).</summary>
    public long InvalidUrls { get; internal set; }

    /// <summary>Every object not written.</summary>
    public long Skipped => Unrecognised + OtherKinds + InvalidUrls;

    /// <summary>Entries written (a group or series counts once).</summary>
    public long Entries { get; internal set; }

    /// <summary>URLs written (every file of a group counts).</summary>
    public long Urls { get; internal set; }

    /// <summary>Image groups written.</summary>
    public long ImageGroups { get; internal set; }

    /// <summary>DICOM series written.</summary>
    public long DicomSeries { get; internal set; }

    /// <summary>Files of a kind written, alone or in a group.</summary>
    public long Files(FileKind kind) => _files[(int)kind];

    internal void AddFile(FileKind kind) => _files[(int)kind]++;
}
