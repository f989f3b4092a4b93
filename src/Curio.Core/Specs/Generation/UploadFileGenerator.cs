namespace Curio.Core.Specs.Generation;

/// <summary>Where <see cref="UploadFileGenerator"/> writes: the streams of the files, and scratch streams for JSON.</summary>
public interface IUploadFileTarget
{
    /// <summary>The stream file <paramref name="number"/> (1 for the first) is written to; asked when its first entry comes.</summary>
    Stream OpenFile(int number);

    /// <summary>File <paramref name="file"/> is complete on the stream <see cref="OpenFile"/> gave; the target closes it.</summary>
    void CloseFile(GeneratedFile file);

    /// <summary>
    /// JSON only: a readable, writable, seekable scratch stream for one top-level array (<paramref name="name"/> is its key),
    /// reused for every file; the generator disposes it.
    /// </summary>
    Stream OpenSpool(string name);
}

/// <summary>
/// Turns a listing of storage objects into upload files, streaming: classifies each object by its extension, keeps
/// the kinds asked for, gathers DICOM files (and images, when asked) into one group per folder, and writes the entries
/// into as many files as the limits need. A new file starts when the next entry would take the current one over the
/// entries limit (the format's and <see cref="GenerationOptions.MaxEntriesPerFile"/>) or the URLs limit (JSON: 1,000,000
/// URLs; CSV: 10,000 rows, one per URL); a group is never split across files.
/// </summary>
/// <remarks>
/// Each entry is titled (see <see cref="GeneratedTitles"/>) and every URL checked (<see cref="SpecRules.CheckUrl"/>) so
/// that each file passes <see cref="SpecReader"/>: objects whose URL no upload file can hold are skipped, with a warning.
/// Feed objects in listing order with <see cref="Add"/>, then call <see cref="Complete"/>.
/// </remarks>
public sealed class UploadFileGenerator : IDisposable
{
    private readonly GenerationOptions _options;
    private readonly IUploadFileTarget _target;
    private readonly Action<string>? _warn;
    private readonly FolderGrouper _grouper;
    private readonly UploadFileWriter _writer;
    private readonly List<(GeneratedEntry Entry, FileKind Kind)> _ready = [];
    private readonly List<GeneratedFile> _files = [];
    private readonly int _maxEntries;
    private readonly int _maxUrls;

    /// <summary>CSV: the group titles in the current file; rows with the same title would merge into one group.</summary>
    private readonly HashSet<(UnitKind Kind, string Title)> _csvGroupTitles = [];

    private int _fileEntries;
    private int _fileUrls;
    private bool _completed;

    /// <param name="options">Format, kinds, grouping and limits.</param>
    /// <param name="target">Where the files go.</param>
    /// <param name="warn">Told of every object skipped for its URL.</param>
    public UploadFileGenerator(GenerationOptions options, IUploadFileTarget target, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(target);
        if (options.Format is not (SpecFormat.Json or SpecFormat.Csv))
        {
            throw new ArgumentException("The format is JSON or CSV.", nameof(options));
        }

        if (options.MaxEntriesPerFile is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxEntriesPerFile, "A file holds at least one entry.");
        }

        _options = options;
        _target = target;
        _warn = warn;
        _grouper = new FolderGrouper(options.GroupImagesByFolder);
        var csv = options.Format == SpecFormat.Csv;
        _writer = csv ? new CsvUploadFileWriter() : new JsonUploadFileWriter(target.OpenSpool);
        _maxEntries = Math.Min(options.MaxEntriesPerFile ?? int.MaxValue, csv ? options.Limits.MaxCsvRows : options.Limits.MaxItems);
        _maxUrls = csv ? options.Limits.MaxCsvRows : options.Limits.MaxUrls;
    }

    public GenerationCounts Counts { get; } = new();

    /// <summary>The files completed so far.</summary>
    public IReadOnlyList<GeneratedFile> Files => _files;

    /// <summary>Takes the next object of the listing.</summary>
    /// <exception cref="SpecGenerationException">A group is too large for any one file.</exception>
    public void Add(string key, string url)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(url);
        if (_completed)
        {
            throw new InvalidOperationException("The listing was completed.");
        }

        Counts.Listed++;
        _grouper.MoveTo(key, _ready);
        var kind = FileClassifier.Classify(key);
        if (kind is not { } known)
        {
            Counts.Unrecognised++;
        }
        else if (_options.Only is { } only && only != known)
        {
            Counts.OtherKinds++;
        }
        else if (UrlProblem(url) is { } problem)
        {
            Counts.InvalidUrls++;
            _warn?.Invoke($"Skipped {key}: {problem}");
        }
        else if (_grouper.Groups(known))
        {
            _grouper.Add(key, url, known);
        }
        else
        {
            _ready.Add((new GeneratedEntry(SingleKind(known), Title(key, group: false), [url]), known));
        }

        WriteReady();
    }

    /// <summary>The listing is over: writes the groups still open and completes the last file.</summary>
    /// <exception cref="SpecGenerationException">A group is too large for any one file.</exception>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        _grouper.Complete(_ready);
        WriteReady();
        if (_fileEntries > 0)
        {
            FinishFile();
        }

        _completed = true;
    }

    public void Dispose() => _writer.Dispose();

    private void WriteReady()
    {
        foreach (var (entry, kind) in _ready)
        {
            var titled = entry.IsGroup ? entry with { Title = Title(entry.Title, group: true) } : entry;
            Write(titled, kind);
        }

        _ready.Clear();
    }

    private void Write(GeneratedEntry entry, FileKind kind)
    {
        var csvTitle = entry.IsGroup && _options.Format == SpecFormat.Csv ? (entry.Kind, entry.Title) : default;
        if (_fileEntries > 0 && !Fits(entry, csvTitle))
        {
            FinishFile();
        }

        if (_fileEntries == 0)
        {
            if (!Fits(entry, csvTitle))
            {
                throw new SpecGenerationException(TooLarge(entry));
            }

            _writer.Begin(_target.OpenFile(_files.Count + 1));
        }

        _writer.Write(entry);
        _fileEntries++;
        _fileUrls += entry.Urls.Count;
        if (csvTitle.Title is not null)
        {
            _csvGroupTitles.Add(csvTitle);
        }

        Counts.Entries++;
        Counts.Urls += entry.Urls.Count;
        for (var i = 0; i < entry.Urls.Count; i++)
        {
            Counts.AddFile(kind);
        }

        if (entry.Kind == UnitKind.ImageGroup)
        {
            Counts.ImageGroups++;
        }
        else if (entry.Kind == UnitKind.DicomSeries)
        {
            Counts.DicomSeries++;
        }
    }

    private bool Fits(GeneratedEntry entry, (UnitKind Kind, string Title) csvTitle) =>
        _fileEntries + 1 <= _maxEntries
        && (long)_fileUrls + entry.Urls.Count <= _maxUrls
        && (csvTitle.Title is null || !_csvGroupTitles.Contains(csvTitle));

    private void FinishFile()
    {
        _writer.Finish();
        var file = new GeneratedFile(_files.Count + 1, _fileEntries, _fileUrls);
        _files.Add(file);
        (_fileEntries, _fileUrls) = (0, 0);
        _csvGroupTitles.Clear();
        _target.CloseFile(file);
    }

    private string TooLarge(GeneratedEntry entry)
    {
        var what = entry.Kind == UnitKind.DicomSeries ? $"The DICOM series '{entry.Title}'" : $"The image group '{entry.Title}'";
        return _options.Format == SpecFormat.Csv
            ? $"{what} has {entry.Urls.Count:N0} files, and a CSV upload file holds at most {_maxUrls:N0} rows (one per file); write JSON instead, which holds {_options.Limits.MaxUrls:N0} URLs per file."
            : $"{what} has {entry.Urls.Count:N0} files, and an upload file holds at most {_maxUrls:N0} URLs; " +
              (entry.Kind == UnitKind.DicomSeries ? "split the folder into several." : "register its images one by one (without grouping by folder), or split the folder.");
    }

    /// <summary>A title that every reader of the format accepts (see <see cref="GeneratedTitles"/>).</summary>
    private string Title(string raw, bool group)
    {
        var title = GeneratedTitles.Sanitize(raw);
        if (_options.Format == SpecFormat.Csv)
        {
            title = GeneratedTitles.ForCsv(title, group);
        }

        return GeneratedTitles.Shorten(title, _options.Limits.MaxTitleLength);
    }

    /// <summary>Why no upload file can hold the URL, or null when one can.</summary>
    private string? UrlProblem(string url)
    {
        if (SpecRules.CheckUrl(url, _options.Limits, "its URL") is { } issue)
        {
            return issue.Message;
        }

        // An unpaired surrogate cannot be written as UTF-8 (nor read back from JSON).
        for (var i = 0; i < url.Length; i++)
        {
            if (char.IsHighSurrogate(url[i]) && i + 1 < url.Length && char.IsLowSurrogate(url[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(url[i]))
            {
                return $"its URL holds an unpaired surrogate (U+{(int)url[i]:X4}) at character {i + 1}, which is no Unicode character.";
            }
        }

        return null;
    }

    private static UnitKind SingleKind(FileKind kind) => kind switch
    {
        FileKind.Image => UnitKind.Image,
        FileKind.Video => UnitKind.Video,
        FileKind.Audio => UnitKind.Audio,
        FileKind.Text => UnitKind.Text,
        FileKind.Pdf => UnitKind.Pdf,
        FileKind.Nifti => UnitKind.Nifti,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "DICOM files are always grouped."),
    };
}
