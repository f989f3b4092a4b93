using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Curio.Core.Specs.Generation;

/// <summary>Writes the entries of one upload file at a time; <see cref="Finish"/> completes the file on its stream.</summary>
internal abstract class UploadFileWriter : IDisposable
{
    /// <summary>Starts a file: its entries will end up in <paramref name="output"/>.</summary>
    public abstract void Begin(Stream output);

    public abstract void Write(GeneratedEntry entry);

    /// <summary>Completes the file begun last and flushes it to its stream (which stays open).</summary>
    public abstract void Finish();

    public abstract void Dispose();
}

/// <summary>
/// Encord's user-file JSON: snake_case top-level arrays (<c>videos</c>, <c>images</c>, <c>image_groups</c>,
/// <c>dicom_series</c>, <c>audio</c>, <c>text</c>, <c>pdf</c>, <c>nifti</c>), entries with <c>objectUrl</c> and
/// <c>title</c>, groups with <c>title</c> and <c>objectUrl_0</c>, <c>objectUrl_1</c>, ... One entry per line.
/// A JSON object holds each array once, but a listing mixes kinds: so each array is written, entry by entry with
/// <see cref="Utf8JsonWriter"/>, to a spool stream of its own, and the spools are joined into the file when it is complete.
/// </summary>
internal sealed class JsonUploadFileWriter(Func<string, Stream> openSpool) : UploadFileWriter
{
    /// <summary>The top-level keys, in the order they are written.</summary>
    private static readonly UnitKind[] Order =
        [UnitKind.Video, UnitKind.Image, UnitKind.ImageGroup, UnitKind.DicomSeries, UnitKind.Audio, UnitKind.Text, UnitKind.Pdf, UnitKind.Nifti];

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Readable in an editor: accents and other letters as themselves. Quotes, '\' and control characters are escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    private static readonly string[] FrameKeys = [.. Enumerable.Range(0, 64).Select(i => "objectUrl_" + i.ToString(CultureInfo.InvariantCulture))];

    private readonly Dictionary<UnitKind, Spool> _spools = [];
    private Stream? _output;

    public override void Begin(Stream output)
    {
        _output = output;
        foreach (var spool in _spools.Values)
        {
            spool.Clear();
        }
    }

    public override void Write(GeneratedEntry entry)
    {
        if (!_spools.TryGetValue(entry.Kind, out var spool))
        {
            spool = new Spool(openSpool(entry.Kind.SpecKey()));
            _spools[entry.Kind] = spool;
        }

        spool.Write(entry);
    }

    public override void Finish()
    {
        var output = _output ?? throw new InvalidOperationException("Begin a file first.");
        output.Write("{"u8);
        var first = true;
        foreach (var kind in Order)
        {
            if (!_spools.TryGetValue(kind, out var spool) || spool.Count == 0)
            {
                continue;
            }

            output.Write(first ? "\n  \""u8 : ",\n  \""u8);
            output.Write(Encoding.UTF8.GetBytes(kind.SpecKey()));
            output.Write("\": [\n"u8);
            spool.CopyTo(output);
            output.Write("\n  ]"u8);
            first = false;
        }

        output.Write("\n}\n"u8);
        output.Flush();
        _output = null;
    }

    public override void Dispose()
    {
        foreach (var spool in _spools.Values)
        {
            spool.Dispose();
        }

        _spools.Clear();
    }

    /// <summary>One array's entries, each on its own line, separated by commas.</summary>
    private sealed class Spool(Stream stream) : IDisposable
    {
        private readonly Utf8JsonWriter _json = new(stream, WriterOptions);

        public int Count { get; private set; }

        public void Write(GeneratedEntry entry)
        {
            stream.Write(Count == 0 ? "    "u8 : ",\n    "u8);
            _json.WriteStartObject();
            if (entry.IsGroup)
            {
                _json.WriteString("title", entry.Title);
                for (var i = 0; i < entry.Urls.Count; i++)
                {
                    _json.WriteString(i < FrameKeys.Length ? FrameKeys[i] : "objectUrl_" + i.ToString(CultureInfo.InvariantCulture), entry.Urls[i]);
                }
            }
            else
            {
                _json.WriteString("objectUrl", entry.Urls[0]);
                _json.WriteString("title", entry.Title);
            }

            _json.WriteEndObject();
            _json.Flush();
            _json.Reset();
            Count++;
        }

        public void CopyTo(Stream output)
        {
            stream.Flush();
            stream.Position = 0;
            stream.CopyTo(output);
        }

        public void Clear()
        {
            stream.SetLength(0);
            stream.Position = 0;
            Count = 0;
        }

        public void Dispose()
        {
            _json.Dispose();
            stream.Dispose();
        }
    }
}

/// <summary>
/// The CSV Curio's reader accepts: a header row names each section's type by its title column, a new header starts
/// each run of another type, and the rows of a group share its title. Cells are quoted (RFC 4180) when they hold a
/// comma, a quote or a line break. Lines end with '\n'; UTF-8 without a byte-order mark.
/// </summary>
internal sealed class CsvUploadFileWriter : UploadFileWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private StreamWriter? _text;
    private UnitKind? _section;

    public override void Begin(Stream output)
    {
        _text = new StreamWriter(output, Utf8, 1 << 16, leaveOpen: true) { NewLine = "\n" };
        _section = null;
    }

    public override void Write(GeneratedEntry entry)
    {
        var text = _text ?? throw new InvalidOperationException("Begin a file first.");
        if (_section != entry.Kind)
        {
            text.Write("ObjectUrl,");
            text.WriteLine(TitleHeader(entry.Kind));
            _section = entry.Kind;
        }

        var title = Cell(entry.Title);
        foreach (var url in entry.Urls)
        {
            text.Write(Cell(url));
            text.Write(',');
            text.WriteLine(title);
        }
    }

    public override void Finish()
    {
        var text = _text ?? throw new InvalidOperationException("Begin a file first.");
        text.Flush();
        text.Dispose();
        _text = null;
    }

    public override void Dispose() => _text?.Dispose();

    public static string TitleHeader(UnitKind kind) => kind switch
    {
        UnitKind.Video => "Video title",
        UnitKind.Image => "Image title",
        UnitKind.ImageGroup => "Image group title",
        UnitKind.DicomSeries => "Series title",
        UnitKind.Audio => "Audio title",
        UnitKind.Text => "Text title",
        UnitKind.Pdf => "PDF title",
        UnitKind.Nifti => "NIfTI title",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Generated files hold no such entries."),
    };

    private static string Cell(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
