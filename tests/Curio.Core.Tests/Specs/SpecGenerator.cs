using System.Globalization;
using System.Text;
using Curio.Core.Specs;

namespace Curio.Core.Tests.Specs;

/// <summary>
/// Builds random valid upload specifications together with the units they must produce, independently of the
/// reader: JSON in either dialect and any mix of spellings, escapes, whitespace and key order; CSV with sections,
/// header spellings, quoting, CRLF and padding. Deterministic for a given <see cref="Random"/>.
/// </summary>
internal sealed class SpecGenerator(Random random)
{
    private static readonly string[] Numbers = ["0", "-1", "42", "3.5", "1e3", "-0.25", "12345678901234567890", "1E-7"];
    private static readonly string[] TextAlphabet =
        ["a", "b", "Z", "7", " ", "-", "_", ".", ",", "é", "ß", "日", "本", "🎞", "😀", "\"", "\\", "/", "\t", "\n", "\u0001", "\u2028", "\u007f"];

    private static readonly string[] KeyAlphabet = ["a", "b", "k", "Z", "0", "_", "é", "日", "🎞", " ", "\"", "\\"];
    private static readonly string[] PathAlphabet = ["a", "b", "c", "x", "0", "9", "-", "_", "é", "日"];
    private static readonly string[] Schemes = ["https://acme.s3.eu-west-1.amazonaws.com", "s3://acme-raw", "gs://acme-stills", "https://acme.blob.core.windows.net/c"];

    /// <summary>A unit as generated: what the file says, and so what the reader must hand out.</summary>
    public sealed record Unit(
        UnitKind Kind,
        string? Title,
        IReadOnlyList<SpecObject> Objects,
        Node? Metadata,
        bool CreateVideo = false,
        bool Cluster = false,
        IReadOnlyList<Guid>? Items = null,
        string? Prefix = null);

    /// <summary>A JSON value of clientMetadata. Numbers keep their text, as the canonical form does.</summary>
    public abstract record Node;

    public sealed record ObjectNode(IReadOnlyList<(string Key, Node Value)> Members) : Node;

    public sealed record ArrayNode(IReadOnlyList<Node> Items) : Node;

    public sealed record TextNode(string Value) : Node;

    public sealed record NumberNode(string Text) : Node;

    public sealed record BoolNode(bool Value) : Node;

    public sealed record NullNode : Node;

    /// <summary>One file and the rendering of every unit it must produce, in order.</summary>
    public sealed record Generated(byte[] Bytes, string Text, IReadOnlyList<string> Expected, int Urls, bool Skip, bool Upsert);

    private const int JsonUserFile = 0;
    private const int JsonTyped = 1;

    /// <summary>A JSON file in the user-file dialect, the typed dialect or any mix (<paramref name="dialect"/> 0, 1, 2).</summary>
    public Generated Json(int dialect, int maxUnitsPerArray = 4)
    {
        var arrays = new List<(string Key, UnitKind Kind, List<Unit> Units)>();
        foreach (var kind in Shuffle(Enum.GetValues<UnitKind>().Where(k => k != UnitKind.ImageSequence).ToList()))
        {
            if (random.Next(3) == 0 || (kind == UnitKind.ImageGroupFromItems && dialect == JsonUserFile))
            {
                continue;
            }

            var typed = dialect == JsonTyped || (dialect == 2 && random.Next(2) == 0);
            var key = Spell(TopLevelKey(kind, typed));
            var units = Enumerable.Range(0, random.Next(0, maxUnitsPerArray + 1)).Select(_ => NewUnit(kind, csv: false)).ToList();
            arrays.Add((key, kind, units));
        }

        if (arrays.Sum(a => a.Units.Count) == 0)
        {
            arrays.Add(("images", UnitKind.Image, [NewUnit(UnitKind.Image, csv: false)]));
        }

        var skip = random.Next(2) == 0;
        var upsert = skip && random.Next(2) == 0;
        var members = new List<string>();
        var expected = new List<string>();
        var urls = 0;
        foreach (var (key, kind, units) in arrays)
        {
            var items = new List<string>();
            foreach (var unit in units)
            {
                items.Add(WriteItem(kind, unit, dialect != JsonUserFile));
                expected.Add(Render(expected.Count, unit, $"$.{key}[{items.Count - 1}]"));
                urls += unit.Objects.Count;
            }

            members.Add(Quote(key) + Ws() + ":" + Ws() + "[" + Ws() + string.Join("," + Ws(), items) + Ws() + "]");
        }

        if (skip || random.Next(3) == 0)
        {
            members.Insert(random.Next(members.Count + 1), $"{Quote(Spell(dialect == JsonTyped ? "skipDuplicateUrls" : "skip_duplicate_urls"))}:{Ws()}{(skip ? "true" : random.Next(2) == 0 ? "false" : "null")}");
        }

        if (upsert)
        {
            members.Insert(random.Next(members.Count + 1), $"{Quote(Spell(dialect == JsonTyped ? "upsertMetadata" : "upsert_metadata"))}:{Ws()}true");
        }

        var text = "{" + Ws() + string.Join("," + Ws(), members) + Ws() + "}";
        var bytes = Encoding.UTF8.GetBytes(text);
        if (random.Next(5) == 0)
        {
            bytes = [.. Encoding.UTF8.GetPreamble(), .. bytes];
        }

        return new Generated(bytes, text, expected, urls, skip, upsert);
    }

    /// <summary>A CSV file of one or more sections.</summary>
    public Generated Csv(int maxRowsPerSection = 6)
    {
        UnitKind[] kinds = [UnitKind.Video, UnitKind.Image, UnitKind.Audio, UnitKind.Text, UnitKind.Pdf, UnitKind.Nifti, UnitKind.ImageGroup, UnitKind.ImageSequence, UnitKind.DicomSeries];
        var newline = random.Next(2) == 0 ? "\n" : "\r\n";
        var text = new StringBuilder();
        var line = 1;
        var units = new List<(Unit Unit, int Line)>();
        var usedTitles = new HashSet<string>(StringComparer.Ordinal);
        var sections = random.Next(1, 4);
        for (var s = 0; s < sections; s++)
        {
            var kind = kinds[random.Next(kinds.Length)];
            var createColumn = kind == UnitKind.ImageGroup && random.Next(2) == 0;
            var titleHeader = kind switch
            {
                UnitKind.Video => "Video title",
                UnitKind.Image => "Image title",
                UnitKind.Audio => "Audio title",
                UnitKind.Text => "Text title",
                UnitKind.Pdf => "PDF title",
                UnitKind.Nifti => "NIfTI title",
                UnitKind.ImageGroup => "Image group title",
                UnitKind.ImageSequence => "Image sequence title",
                _ => random.Next(2) == 0 ? "Series title" : "DICOM series title",
            };

            // Columns: ObjectUrl, the title (a lone ObjectUrl column means videos), Create video, and sometimes a
            // blank column nobody fills; in any order.
            var columns = new List<string> { "url" };
            if (kind != UnitKind.Video || random.Next(4) != 0)
            {
                columns.Add("title");
            }

            if (createColumn)
            {
                columns.Add("create");
            }

            if (random.Next(4) == 0)
            {
                columns.Add("blank");
            }

            columns = Shuffle(columns);
            text.Append(string.Join(",", columns.Select(c => c switch
            {
                "url" => Pad(SpellHeader("ObjectUrl")),
                "title" => Pad(SpellHeader(titleHeader)),
                "create" => Pad(SpellHeader("Create video")),
                _ => "",
            }))).Append(newline);
            line++;

            var isGroup = kind is UnitKind.ImageGroup or UnitKind.ImageSequence or UnitKind.DicomSeries;
            var groups = new List<(string Title, bool Create, List<SpecObject> Frames, int Line, Unit? Placeholder)>();
            var rows = random.Next(1, maxRowsPerSection + 1);
            for (var r = 0; r < rows; r++)
            {
                string? title;
                bool? create = null;
                var url = NewUrl();
                int groupIndex;
                if (isGroup)
                {
                    if (groups.Count == 0 || random.Next(3) == 0)
                    {
                        string fresh;
                        do
                        {
                            fresh = NewText(1, 12, csv: true);
                        }
                        while (!usedTitles.Add(fresh));

                        groups.Add((fresh, random.Next(2) == 0, [], line, null));
                        groupIndex = groups.Count - 1;
                        create = createColumn ? groups[groupIndex].Create : null;
                    }
                    else
                    {
                        groupIndex = random.Next(groups.Count);
                        create = createColumn && random.Next(2) == 0 ? groups[groupIndex].Create : null;
                    }

                    title = groups[groupIndex].Title;
                    groups[groupIndex].Frames.Add(new SpecObject(url, null, null));
                }
                else
                {
                    groupIndex = -1;
                    title = columns.Contains("title") && random.Next(3) != 0 ? NewText(1, 20, csv: true) : null;
                    var single = new Unit(columns.Contains("title") ? kind : UnitKind.Video, title, [new SpecObject(url, null, null)], null);
                    units.Add((single, line));
                }

                var cells = columns.Select(c => c switch
                {
                    "url" => CsvCell(url),
                    "title" => title is null ? Pad("") : CsvCell(title),
                    "create" => create is null ? "" : CsvCell(create.Value ? Pick("true", "TRUE", "yes", "1") : Pick("false", "False", "no", "0")),
                    _ => "",
                }).ToList();
                var row = string.Join(",", cells);
                text.Append(row).Append(newline);
                line += 1 + row.Count(c => c == '\n');
                if (groupIndex >= 0 && groups[groupIndex].Placeholder is null)
                {
                    var g = groups[groupIndex];
                    var groupKind = kind == UnitKind.ImageGroup && createColumn && g.Create ? UnitKind.ImageSequence : kind;
                    var unit = new Unit(groupKind, g.Title, g.Frames, null, CreateVideo: groupKind == UnitKind.ImageSequence);
                    groups[groupIndex] = g with { Placeholder = unit };
                    units.Add((unit, g.Line));
                }
            }
        }

        for (var blank = random.Next(3); blank > 0; blank--)
        {
            text.Append(random.Next(2) == 0 ? "" : ",").Append(newline);
        }

        var csv = text.ToString();
        var bytes = Encoding.UTF8.GetBytes(csv);
        if (random.Next(5) == 0)
        {
            bytes = [.. Encoding.UTF8.GetPreamble(), .. bytes];
        }

        var expected = units.Select((u, i) => Render(i, u.Unit, $"line {u.Line}")).ToList();
        return new Generated(bytes, csv, expected, units.Sum(u => u.Unit.Objects.Count), false, false);
    }

    /// <summary>How a unit is compared: every field a caller can see.</summary>
    public static string Render(SpecUnit unit) => Render(unit.Index, unit.Kind, unit.Title, unit.Objects, unit.ClientMetadata, unit.ItemUuids,
        unit.CreateVideo, unit.ClusterByResolution, unit.VideoUrlPrefix, unit.Source);

    private static string Render(int index, Unit unit, string source) => Render(index, unit.Kind,
        unit.Title ?? DefaultTitle(unit.Objects[0].Url), unit.Objects, unit.Metadata is null ? null : Canonical(unit.Metadata),
        unit.Items ?? [], unit.CreateVideo, unit.Cluster, unit.Prefix, source);

    private static string Render(int index, UnitKind kind, string title, IReadOnlyList<SpecObject> objects, string? metadata,
        IReadOnlyList<Guid> items, bool createVideo, bool cluster, string? prefix, string source) =>
        $"#{index} {kind} title={title} objects=[{string.Join(" ; ", objects)}] metadata={metadata} items=[{string.Join(",", items)}] " +
        $"createVideo={createVideo} cluster={cluster} prefix={prefix} source={source}";

    /// <summary>The canonical text jsonb would give: keys by UTF-8 length then bytes, minimal escapes.</summary>
    public static string Canonical(Node node) => node switch
    {
        ObjectNode o => "{" + string.Join(",", o.Members
            .Select(m => (Utf8: Encoding.UTF8.GetBytes(m.Key), m.Key, m.Value))
            .Order(Comparer<(byte[] Utf8, string Key, Node Value)>.Create(static (a, b) => a.Utf8.Length != b.Utf8.Length
                ? a.Utf8.Length.CompareTo(b.Utf8.Length)
                : a.Utf8.AsSpan().SequenceCompareTo(b.Utf8)))
            .Select(m => CanonicalString(m.Key) + ":" + Canonical(m.Value))) + "}",
        ArrayNode a => "[" + string.Join(",", a.Items.Select(Canonical)) + "]",
        TextNode t => CanonicalString(t.Value),
        NumberNode n => n.Text,
        BoolNode b => b.Value ? "true" : "false",
        _ => "null",
    };

    private static string CanonicalString(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    /// <summary>Encord's default title: the URL's path, as written.</summary>
    private static string DefaultTitle(string url)
    {
        var path = url.IndexOf('/', url.IndexOf("://", StringComparison.Ordinal) + 3);
        return url[path..];
    }

    private Unit NewUnit(UnitKind kind, bool csv)
    {
        var metadata = random.Next(3) == 0 ? null : NewObject(2);
        switch (kind)
        {
            case UnitKind.ImageGroup:
            case UnitKind.DicomSeries:
                var dicom = kind == UnitKind.DicomSeries;
                var frames = Enumerable.Range(0, random.Next(1, 5)).Select(_ => new SpecObject(NewUrl(), null, null)).ToList();
                var create = !dicom && random.Next(2) == 0;
                return new Unit(dicom ? kind : create ? UnitKind.ImageSequence : UnitKind.ImageGroup, NewText(1, 30, csv), frames, metadata,
                    CreateVideo: create, Cluster: random.Next(3) == 0);
            case UnitKind.ImageGroupFromItems:
                var items = Enumerable.Range(0, random.Next(1, 4)).Select(_ => new Guid(Enumerable.Range(0, 16).Select(_ => (byte)random.Next(256)).ToArray())).ToList();
                return new Unit(kind, NewText(1, 30, csv), [], metadata, CreateVideo: random.Next(2) == 0, Cluster: random.Next(2) == 0,
                    Items: items, Prefix: random.Next(2) == 0 ? null : "s3://acme/seq/");
            default:
                return new Unit(kind, random.Next(3) == 0 ? null : NewText(1, 30, csv), [new SpecObject(NewUrl(), null, NewMedia(kind))], metadata);
        }
    }

    /// <summary>Writes one array entry, choosing the form of its frames: numbered keys or an array.</summary>
    private string WriteItem(UnitKind kind, Unit unit, bool typed)
    {
        // Members are shuffled, but an overridden duplicate stays just before the member that overrides it.
        var members = new List<string>();
        void Add(string key, string value)
        {
            var member = Quote(Spell(key)) + Ws() + ":" + Ws() + value;
            members.Add(random.Next(12) == 0 ? Quote(Spell(key)) + ":" + Ws() + Pick("null", "1", "\"earlier\"", "{}", "[]") + "," + Ws() + member : member);
        }

        if (unit.Title is not null)
        {
            Add("title", Quote(unit.Title));
        }
        else if (random.Next(4) == 0)
        {
            Add("title", random.Next(2) == 0 ? "null" : "\"\"");
        }

        if (unit.Metadata is not null)
        {
            Add("clientMetadata", WriteNode(unit.Metadata));
        }

        if (typed && random.Next(2) == 0)
        {
            Add("externalFileType", Quote(unit.Kind switch
            {
                UnitKind.Video => "VIDEO",
                UnitKind.Image => "IMAGE",
                UnitKind.Audio => "AUDIO",
                UnitKind.Text => "PLAIN_TEXT",
                UnitKind.Pdf => "PDF",
                UnitKind.Nifti => "NIFTI",
                UnitKind.DicomSeries => "DICOM",
                UnitKind.ImageGroupFromItems => "IMG_GROUP_FROM_ITEMS",
                _ => "IMG_GROUP",
            }));
        }

        switch (kind)
        {
            case UnitKind.ImageGroup:
            case UnitKind.DicomSeries:
                var dicom = kind == UnitKind.DicomSeries;
                if (!dicom && (unit.CreateVideo || random.Next(2) == 0))
                {
                    Add("createVideo", unit.CreateVideo ? "true" : "false");
                }

                if (unit.Cluster || random.Next(3) == 0)
                {
                    Add("clusterByResolution", unit.Cluster ? "true" : "false");
                }

                if (random.Next(2) == 0)
                {
                    // Numbered keys in any order, with gaps: their numbers give the frame order.
                    var number = random.Next(3);
                    foreach (var (frame, n) in unit.Objects.Select(f => (f, number += random.Next(1, 4))).ToList().OrderBy(_ => random.Next()))
                    {
                        Add($"objectUrl_{n}", Quote(frame.Url));
                    }
                }
                else
                {
                    var frames = unit.Objects.ToList().Select((f, i) =>
                    {
                        var title = random.Next(3) == 0 ? NewText(1, 12, csv: false) : null;
                        var media = dicom ? NewDicomMetadata() : NewMedia(UnitKind.Image) is { } m ? (m, _mediaJson[m]) : null;
                        ((List<SpecObject>)unit.Objects)[i] = f with { Title = title, Metadata = media?.Item1 };
                        var parts = new List<string> { Quote(Spell(random.Next(4) == 0 ? "objectUrl" : "url")) + ":" + Ws() + Quote(f.Url) };
                        if (title is not null)
                        {
                            parts.Add("\"title\":" + Quote(title));
                        }

                        if (media is not null)
                        {
                            parts.Add(Quote(Spell(dicom ? "dicomMetadata" : "imageMetadata")) + ":" + media.Value.Item2);
                        }

                        return "{" + string.Join("," + Ws(), Shuffle(parts)) + "}";
                    }).ToList();
                    Add(dicom ? "dicomFiles" : "images", "[" + Ws() + string.Join("," + Ws(), frames) + Ws() + "]");
                }

                break;
            case UnitKind.ImageGroupFromItems:
                Add("imageItems", "[" + string.Join(",", unit.Items!.Select(g => Quote(g.ToString(random.Next(2) == 0 ? "D" : "N", CultureInfo.InvariantCulture)))) + "]");
                Add("createVideo", unit.CreateVideo ? "true" : "false");
                Add("clusterByResolution", unit.Cluster ? "true" : "false");
                if (unit.Prefix is not null)
                {
                    Add("videoUrlPrefix", Quote(unit.Prefix));
                }

                break;
            default:
                Add(random.Next(5) == 0 ? "url" : "objectUrl", Quote(unit.Objects[0].Url));
                if (unit.Objects[0].Metadata is { } metadata)
                {
                    Add(unit.Kind switch
                    {
                        UnitKind.Video => "videoMetadata",
                        UnitKind.Image => "imageMetadata",
                        UnitKind.Audio => "audioMetadata",
                        UnitKind.Text => "textMetadata",
                        _ => "pdfMetadata",
                    }, _mediaJson[metadata]);
                }

                break;
        }

        return "{" + Ws() + string.Join("," + Ws(), Shuffle(members)) + Ws() + "}";
    }

    private readonly Dictionary<MediaMetadata, string> _mediaJson = new(ReferenceEqualityComparer.Instance);

    /// <summary>A media metadata block for a single file (none for NIfTI), spelt in a random mix of snake and camel case.</summary>
    private MediaMetadata? NewMedia(UnitKind kind)
    {
        string[] fields = kind switch
        {
            UnitKind.Video => ["fps", "duration", "width", "height", "fileSize", "mimeType"],
            UnitKind.Image => ["mimeType", "fileSize", "height", "width"],
            UnitKind.Audio => ["duration", "fileSize", "mimeType", "sampleRate", "bitDepth", "codec", "numChannels"],
            UnitKind.Text => ["fileSize", "mimeType"],
            UnitKind.Pdf => ["fileSize", "numPages"],
            _ => [],
        };
        if (fields.Length == 0 || random.Next(3) == 0)
        {
            return null;
        }

        var members = new List<(string Key, Node Value)>();
        var metadata = new MediaMetadata { Json = "" };
        foreach (var field in fields.Where(_ => random.Next(3) != 0))
        {
            var key = field == "duration" && random.Next(3) == 0 ? "duration_seconds" : random.Next(2) == 0 ? Snake(field) : field;
            var whole = random.Next(1, 100_000);
            var real = Math.Round(random.NextDouble() * 100, random.Next(0, 4)) + 0.5;
            (Node Value, MediaMetadata Metadata) next = field switch
            {
                "fps" => (new NumberNode(real.ToString("R", CultureInfo.InvariantCulture)), metadata with { Fps = real }),
                "duration" => (new NumberNode(real.ToString("R", CultureInfo.InvariantCulture)), metadata with { Duration = real }),
                "width" => (new NumberNode(whole.ToString(CultureInfo.InvariantCulture)), metadata with { Width = whole }),
                "height" => (new NumberNode(whole.ToString(CultureInfo.InvariantCulture)), metadata with { Height = whole }),
                "fileSize" => (new NumberNode((whole * 1_000_003L).ToString(CultureInfo.InvariantCulture)), metadata with { FileSize = whole * 1_000_003L }),
                "mimeType" => (new TextNode("video/mp4"), metadata with { MimeType = "video/mp4" }),
                "sampleRate" => (new NumberNode(whole.ToString(CultureInfo.InvariantCulture)), metadata with { SampleRate = whole }),
                "bitDepth" => (new NumberNode("16"), metadata with { BitDepth = 16 }),
                "codec" => (new TextNode("pcm_s16le"), metadata with { Codec = "pcm_s16le" }),
                "numChannels" => (new NumberNode("2"), metadata with { NumChannels = 2 }),
                _ => (new NumberNode(whole.ToString(CultureInfo.InvariantCulture)), metadata with { NumPages = whole }),
            };
            metadata = next.Metadata;
            members.Add((key, next.Value));
        }

        var block = new ObjectNode(members);
        metadata = metadata with { Json = Canonical(block) };
        _mediaJson[metadata] = WriteNode(block);
        return metadata;
    }

    private (MediaMetadata, string)? NewDicomMetadata()
    {
        if (random.Next(2) == 0)
        {
            return null;
        }

        var tags = new ObjectNode(Shuffle(DicomTags.Required.Select(t => (t, random.Next(2) == 0
            ? (Node)new NullNode()
            : new ObjectNode([("vr", new TextNode("UI")), ("Value", new ArrayNode([new TextNode("1.2.840." + random.Next(1000))]))]))).ToList()));
        var block = new ObjectNode([("tags", tags)]);
        return (new MediaMetadata { Json = Canonical(block) }, WriteNode(block));
    }

    private ObjectNode NewObject(int depth) => new(Enumerable.Range(0, random.Next(0, 5))
        .Select(_ => NewText(0, 6, csv: false, KeyAlphabet)).Distinct(StringComparer.Ordinal)
        .Select(k => (k, NewNode(depth))).ToList());

    private Node NewNode(int depth) => random.Next(depth > 0 ? 7 : 5) switch
    {
        0 => new TextNode(NewText(0, 12, csv: false)),
        1 => new NumberNode(Numbers[random.Next(Numbers.Length)]),
        2 => new BoolNode(random.Next(2) == 0),
        3 => new NullNode(),
        4 => new TextNode(NewText(1, 4, csv: false)),
        5 => new ArrayNode(Enumerable.Range(0, random.Next(0, 4)).Select(_ => NewNode(depth - 1)).ToList()),
        _ => NewObject(depth - 1),
    };

    /// <summary>Writes a node with random whitespace, escapes and (for objects) an occasional overridden duplicate.</summary>
    private string WriteNode(Node node) => node switch
    {
        ObjectNode o => "{" + Ws() + string.Join("," + Ws(), o.Members.SelectMany(m =>
        {
            var member = Quote(m.Key) + Ws() + ":" + Ws() + WriteNode(m.Value);
            return random.Next(10) == 0 ? [Quote(m.Key) + ":" + WriteNode(new TextNode("overridden")), member] : new[] { member };
        })) + Ws() + "}",
        ArrayNode a => "[" + Ws() + string.Join("," + Ws(), a.Items.Select(WriteNode)) + Ws() + "]",
        TextNode t => Quote(t.Value),
        NumberNode n => n.Text,
        BoolNode b => b.Value ? "true" : "false",
        _ => "null",
    };

    /// <summary>A JSON string literal, escaping what must be and, at random, much of what need not be.</summary>
    private string Quote(string value)
    {
        var text = new StringBuilder("\"");
        Span<char> utf16 = stackalloc char[2];
        foreach (var rune in value.EnumerateRunes())
        {
            var c = rune.Value;
            if (c == '"' || c == '\\')
            {
                text.Append('\\').Append((char)c);
            }
            else if (c < 0x20 || random.Next(6) == 0)
            {
                if (c < 0x20 && random.Next(2) == 0 && c is '\n' or '\t' or '\r' or '\b' or '\f')
                {
                    text.Append(c switch { '\n' => "\\n", '\t' => "\\t", '\r' => "\\r", '\b' => "\\b", _ => "\\f" });
                }
                else if (c == '/' && random.Next(2) == 0)
                {
                    text.Append("\\/");
                }
                else
                {
                    var count = rune.EncodeToUtf16(utf16);
                    foreach (var unit in utf16[..count])
                    {
                        text.Append("\\u").Append(((int)unit).ToString(random.Next(2) == 0 ? "x4" : "X4", CultureInfo.InvariantCulture));
                    }
                }
            }
            else
            {
                text.Append(rune.ToString());
            }
        }

        return text.Append('"').ToString();
    }

    private string CsvCell(string value)
    {
        var mustQuote = value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal)
            || value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal);
        return mustQuote || random.Next(4) == 0 ? Pad("\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"") : Pad(value);
    }

    /// <summary>Spaces around a cell, which the reader trims.</summary>
    private string Pad(string cell) => random.Next(4) == 0 ? Pick(" ", "  ", "\t") + cell + Pick("", " ") : cell;

    private string NewUrl()
    {
        var segments = Enumerable.Range(0, random.Next(1, 4)).Select(_ => NewText(1, 8, csv: false, PathAlphabet));
        return Schemes[random.Next(Schemes.Length)] + "/" + string.Join("/", segments) + Pick(".png", ".mp4", ".dcm", ".wav", "");
    }

    /// <summary>Text for titles and values; CSV titles have no padding (cells are trimmed) and nothing a CSV cell cannot hold.</summary>
    private string NewText(int min, int max, bool csv, string[]? alphabet = null)
    {
        alphabet ??= csv ? TextAlphabet.Where(c => c is not ("\t" or "\u0001")).ToArray() : TextAlphabet;
        while (true)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => alphabet[random.Next(alphabet.Length)]));
            if (!csv || (text.Trim() == text && text.Length > 0))
            {
                return text;
            }
        }
    }

    private static string TopLevelKey(UnitKind kind, bool typed) => kind switch
    {
        UnitKind.Video => "videos",
        UnitKind.Image => "images",
        UnitKind.Audio => "audio",
        UnitKind.Text => "text",
        UnitKind.Pdf => "pdf",
        UnitKind.Nifti => "nifti",
        UnitKind.ImageGroup => typed ? "imageGroups" : "image_groups",
        UnitKind.DicomSeries => typed ? "dicomSeries" : "dicom_series",
        _ => "imageGroupsFromItems",
    };

    /// <summary>Mostly the key as given; sometimes snake_case, PascalCase or upper case, which all read the same.</summary>
    private string Spell(string key) => random.Next(8) switch
    {
        0 => Snake(key),
        1 => char.ToUpperInvariant(key[0]) + key[1..],
        2 => key.ToUpperInvariant(),
        _ => key,
    };

    private string SpellHeader(string header) => random.Next(5) switch
    {
        0 => header.ToUpperInvariant(),
        1 => header.ToLowerInvariant(),
        2 => header.Replace(' ', '_'),
        3 => header.Replace(" ", "", StringComparison.Ordinal),
        _ => header,
    };

    private static string Snake(string key) =>
        string.Concat(key.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : c.ToString()));

    private string Ws() => random.Next(4) switch
    {
        0 => " ",
        1 => "\n  ",
        2 => "\r\n\t",
        _ => "",
    };

    private string Pick(params string[] choices) => choices[random.Next(choices.Length)];

    private List<T> Shuffle<T>(IEnumerable<T> items) => items.OrderBy(_ => random.Next()).ToList();
}
