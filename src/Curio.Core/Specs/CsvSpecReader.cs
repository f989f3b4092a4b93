using System.Text;
using Curio.Core.Json;

namespace Curio.Core.Specs;

/// <summary>
/// Reads a CSV upload specification: a header row names the data type by its title column (for example
/// <c>ObjectUrl,Image title</c>); a new header row starts a section of another type; rows that share a group or
/// series title form one group, in row order. A lone <c>ObjectUrl</c> column means videos. CSV carries no custom
/// metadata. See docs/spec-format.md for every column.
/// </summary>
internal sealed class CsvSpecReader(SpecLimits limits, Action<SpecUnit>? onUnit)
{
    private enum Column { Url, Title, CreateVideo }

    private static readonly Dictionary<string, UnitKind> TitleColumns = new(StringComparer.Ordinal)
    {
        ["videotitle"] = UnitKind.Video,
        ["imagetitle"] = UnitKind.Image,
        ["imagegrouptitle"] = UnitKind.ImageGroup,
        ["imagesequencetitle"] = UnitKind.ImageSequence,
        ["seriestitle"] = UnitKind.DicomSeries,
        ["dicomseriestitle"] = UnitKind.DicomSeries,
        ["audiotitle"] = UnitKind.Audio,
        ["texttitle"] = UnitKind.Text,
        ["pdftitle"] = UnitKind.Pdf,
        ["niftititle"] = UnitKind.Nifti,
    };

    private static readonly string[] KnownHeaders =
        ["ObjectUrl", "Video title", "Image title", "Image group title", "Image sequence title", "Series title",
         "Audio title", "Text title", "PDF title", "NIfTI title", "Create video"];

    private readonly SpecIssues _issues = new(limits.MaxReportedErrors);

    /// <summary>A unit being assembled; groups collect rows until the end of the file.</summary>
    private sealed class Pending(UnitKind kind, string title, int line)
    {
        public UnitKind Kind { get; set; } = kind;
        public string Title { get; } = title;
        public int Line { get; } = line;
        public bool? CreateVideo { get; set; }
        public List<SpecObject> Objects { get; } = [];
    }

    private sealed record Section(UnitKind Kind, Dictionary<int, Column> Columns, int Line);

    public SpecReadResult Read(Stream stream, Action<SpecFlags>? onFlags = null)
    {
        onFlags?.Invoke(new SpecFlags(false, false));
        var units = new List<Pending>();
        var groups = new Dictionary<(bool Dicom, string Title), Pending>();
        Section? section = null;
        var headerSeen = false;
        var rows = 0;
        int? blankLine = null;
        var cells = new List<string>();
        var origin = stream.Position;

        // UTF-8 only, with or without a BOM (the encoding's preamble, which the reader skips): a UTF-16 file is refused
        // like any other non-UTF-8 file rather than decoded by guess.
        var text = new StreamReader(stream, new UTF8Encoding(true, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false);
        var records = new CsvRecordReader(text);
        try
        {
            while (records.Read(cells))
            {
                var line = records.RecordLine;
                if (cells.TrueForAll(c => c.Length == 0))
                {
                    blankLine ??= line;
                    continue;
                }

                if (blankLine is { } blank)
                {
                    _issues.Error(new SpecIssue(SpecErrorCodes.CsvBlankRow,
                        $"Line {blank} is blank; blank rows are not allowed between rows of an upload CSV. Remove it.")
                    { Line = blank });
                    blankLine = null;
                }

                if (cells.Exists(c => Normalize(c) == "objecturl"))
                {
                    section = ReadHeader(cells, line);
                    headerSeen = true;
                    continue;
                }

                if (!headerSeen)
                {
                    _issues.Error(new SpecIssue(SpecErrorCodes.CsvNoHeader, cells.Exists(c => IsKnownHeader(Normalize(c)))
                        ? "The header row has no ObjectUrl column. Add one: the header names the columns, for example 'ObjectUrl,Image title'."
                        : "The CSV does not start with a header row. Add one that names the columns, for example 'ObjectUrl,Image title', as the first row.")
                    { Line = line });
                    break;
                }

                if (++rows > limits.MaxCsvRows)
                {
                    _issues.Error(new SpecIssue(SpecErrorCodes.CsvTooManyRows,
                        $"The CSV has more than {limits.MaxCsvRows:N0} entries; split it into several files or use a JSON upload file.")
                    { Line = line });
                    break;
                }

                ReadRow(section, cells, line, units, groups);
            }
        }
        catch (CsvFormatException ex)
        {
            _issues.Error(new SpecIssue(ex.UnterminatedQuote ? SpecErrorCodes.CsvUnterminatedQuote : SpecErrorCodes.InvalidValue, ex.Message)
            { Line = ex.Line, Column = ex.Column });
        }
        catch (DecoderFallbackException)
        {
            // The text reader decodes a block ahead of the row being read, so find the line by rereading the bytes.
            var line = TextPositions.FirstInvalidUtf8Line(stream, origin) ?? Math.Max(1, records.RecordLine);
            _issues.Error(new SpecIssue(SpecErrorCodes.CsvEncoding,
                $"The CSV is not UTF-8 text: line {line} holds bytes that are no UTF-8 character (the file was probably saved as Latin-1, Windows-1252 or UTF-16). Save it as UTF-8 (\"CSV UTF-8\" in spreadsheet programs).")
            { Line = line });
        }

        if (!headerSeen && _issues.ErrorCount == 0)
        {
            _issues.Error(new SpecIssue(SpecErrorCodes.CsvNoHeader,
                "The CSV is empty. Start it with a header row such as 'ObjectUrl,Video title', then one row per file.")
            { Line = 1 });
        }
        else if (units.Count == 0 && _issues.ErrorCount == 0)
        {
            _issues.Error(new SpecIssue(SpecErrorCodes.Empty, "The CSV has a header but no rows, so it registers nothing. Add one row per file under the header.") { Line = section?.Line ?? 1 });
        }

        var urls = 0;
        for (var i = 0; i < units.Count; i++)
        {
            var pending = units[i];
            urls += pending.Objects.Count;
            if (_issues.ErrorCount == 0)
            {
                onUnit?.Invoke(new SpecUnit
                {
                    Index = i,
                    Kind = pending.Kind,
                    Title = pending.Title,
                    Objects = pending.Objects,
                    CreateVideo = pending.Kind == UnitKind.ImageSequence,
                    Source = $"line {pending.Line}",
                });
            }
        }

        return new SpecReadResult
        {
            Format = SpecFormat.Csv,
            Dialect = SpecDialect.Csv,
            UnitCount = units.Count,
            UrlCount = urls,
            Errors = _issues.Errors,
            Warnings = _issues.Warnings,
            UnlistedErrorCount = _issues.UnlistedErrors,
        };
    }

    private Section? ReadHeader(List<string> cells, int line)
    {
        var columns = new Dictionary<int, Column>();
        UnitKind? kind = null;
        var titleHeader = "";
        var errors = _issues.ErrorCount;
        for (var i = 0; i < cells.Count; i++)
        {
            var name = Normalize(cells[i]);
            if (name.Length == 0)
            {
                continue;
            }

            Column column;
            if (name == "objecturl")
            {
                column = Column.Url;
            }
            else if (name == "createvideo")
            {
                column = Column.CreateVideo;
            }
            else if (TitleColumns.TryGetValue(name, out var titleKind))
            {
                if (kind is not null)
                {
                    _issues.Error(new SpecIssue(SpecErrorCodes.CsvDuplicateColumn,
                        $"The header names two title columns ('{titleHeader}' and '{cells[i]}'); a section holds one data type. Start a new header row for the other type.")
                    { Line = line, Column = i + 1 });
                    continue;
                }

                kind = titleKind;
                titleHeader = cells[i];
                column = Column.Title;
            }
            else
            {
                _issues.Error(new SpecIssue(SpecErrorCodes.CsvUnknownColumn,
                    $"Unknown column '{cells[i]}'. Rename or remove it; the columns are {string.Join(", ", KnownHeaders)}.")
                { Line = line, Column = i + 1 });
                continue;
            }

            if (columns.ContainsValue(column))
            {
                _issues.Error(new SpecIssue(SpecErrorCodes.CsvDuplicateColumn, $"The column '{cells[i]}' appears twice in the header. Remove one of them.")
                { Line = line, Column = i + 1 });
                continue;
            }

            columns[i] = column;
        }

        // For backwards compatibility a lone ObjectUrl column means videos.
        kind ??= UnitKind.Video;
        if (columns.ContainsValue(Column.CreateVideo) && kind is not (UnitKind.ImageGroup or UnitKind.ImageSequence))
        {
            var at = columns.First(c => c.Value == Column.CreateVideo).Key;
            _issues.Error(new SpecIssue(SpecErrorCodes.CsvUnknownColumn,
                $"The 'Create video' column only goes with 'Image group title' (image groups become image sequences); this section is {(titleHeader.Length == 0 ? "videos" : $"'{titleHeader}'")}. Remove the column, or start an image group section.")
            { Line = line, Column = at + 1 });
        }

        return _issues.ErrorCount == errors ? new Section(kind.Value, columns, line) : null;
    }

    private void ReadRow(Section? section, List<string> cells, int line, List<Pending> units, Dictionary<(bool, string), Pending> groups)
    {
        if (section is null)
        {
            return; // the header was refused; its rows cannot be read
        }

        string? url = null, title = null, createVideo = null;
        for (var i = 0; i < cells.Count; i++)
        {
            if (!section.Columns.TryGetValue(i, out var column))
            {
                if (cells[i].Length > 0)
                {
                    _issues.Error(new SpecIssue(SpecErrorCodes.CsvTooManyCells,
                        $"The row has a value in column {i + 1}, which the header does not name. Name the column in the header or remove the value; a title holding a comma must be in double quotes.")
                    { Line = line, Column = i + 1 });
                    return;
                }

                continue;
            }

            switch (column)
            {
                case Column.Url: url = cells[i]; break;
                case Column.Title: title = cells[i]; break;
                default: createVideo = cells[i]; break;
            }
        }

        url ??= "";
        var errors = _issues.ErrorCount;
        Located(SpecRules.CheckUrl(url, limits, "ObjectUrl"), line, section.Columns.FirstOrDefault(c => c.Value == Column.Url).Key + 1);
        if (!string.IsNullOrEmpty(title))
        {
            Located(SpecRules.CheckTitle(title, limits, "The title"), line, section.Columns.First(c => c.Value == Column.Title).Key + 1);
        }

        bool? sequence = null;
        if (!string.IsNullOrEmpty(createVideo))
        {
            sequence = ParseBool(createVideo);
            if (sequence is null)
            {
                _issues.Error(new SpecIssue(SpecErrorCodes.InvalidValue, $"'Create video' must be true or false, not '{createVideo}'. Write true or false, or leave the cell empty.")
                { Line = line, Column = section.Columns.First(c => c.Value == Column.CreateVideo).Key + 1 });
            }
        }

        var kind = section.Kind;
        if (!kind.IsGroup())
        {
            if (_issues.ErrorCount == errors)
            {
                var single = new Pending(kind, string.IsNullOrEmpty(title) ? SpecRules.DefaultTitle(url) : title, line);
                single.Objects.Add(new SpecObject(url, null, null));
                units.Add(single);
            }

            return;
        }

        var what = kind == UnitKind.DicomSeries ? "DICOM series" : "image group";
        if (string.IsNullOrEmpty(title))
        {
            _issues.Error(new SpecIssue(SpecErrorCodes.MissingField,
                $"The row has no {what} title. Give every row one: rows that share a title form one {what}.")
            { Line = line, Column = section.Columns.FirstOrDefault(c => c.Value == Column.Title).Key + 1 });
            return;
        }

        if (_issues.ErrorCount != errors)
        {
            return;
        }

        var key = (kind == UnitKind.DicomSeries, title);
        if (!groups.TryGetValue(key, out var group))
        {
            group = new Pending(kind, title, line);
            groups[key] = group;
            units.Add(group);
        }

        if (sequence is not null || kind == UnitKind.ImageSequence)
        {
            var value = sequence ?? true;
            if (group.CreateVideo is { } previous && previous != value)
            {
                _issues.Error(new SpecIssue(SpecErrorCodes.CsvGroupConflict,
                    $"'Create video' is {value.ToString().ToLowerInvariant()} here but {previous.ToString().ToLowerInvariant()} on line {group.Line} for the same group '{title}'. Use one value for every row of a group.")
                {
                    Line = line,
                    Column = section.Columns.Where(c => c.Value == Column.CreateVideo).Select(c => (int?)c.Key + 1).FirstOrDefault(),
                });
                return;
            }

            group.CreateVideo = value;
            if (kind != UnitKind.DicomSeries)
            {
                group.Kind = value ? UnitKind.ImageSequence : UnitKind.ImageGroup;
            }
        }

        group.Objects.Add(new SpecObject(url, null, null));
    }

    private void Located(SpecIssue? issue, int line, int column)
    {
        if (issue is not null)
        {
            _issues.Error(issue with { Line = line, Column = column });
        }
    }

    private static bool IsKnownHeader(string normalized) => normalized is "objecturl" or "createvideo" || TitleColumns.ContainsKey(normalized);

    private static bool? ParseBool(string value) => value.ToUpperInvariant() switch
    {
        "TRUE" or "YES" or "1" => true,
        "FALSE" or "NO" or "0" => false,
        _ => null,
    };

    private static string Normalize(string header)
    {
        var builder = new StringBuilder(header.Length);
        foreach (var c in header)
        {
            if (!char.IsWhiteSpace(c) && c is not ('_' or '-'))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }
}
