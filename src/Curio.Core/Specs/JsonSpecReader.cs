using System.Text.Json;
using Curio.Core.Json;

namespace Curio.Core.Specs;

/// <summary>
/// Reads a JSON upload specification in either Encord dialect without ever holding the file as a DOM.
/// Pass one walks the top level to check the syntax and find which occurrence of each key is the last
/// (duplicate keys: the last wins, as jsonb and Python's json module do); pass two reads the arrays an item
/// at a time. The stream must be seekable.
/// </summary>
internal sealed class JsonSpecReader(SpecLimits limits, Action<SpecUnit>? onUnit)
{
    /// <summary>The most of one array entry held in memory; the stream buffer must keep room to spare around it.</summary>
    private const int MaxHeldItemBytes = JsonStreamReader.MaxBufferBytes / 4 * 3;

    private readonly SpecIssues _issues = new(limits.MaxReportedErrors);
    private int _units;
    private int _urls;
    private bool _limitReached;
    private bool _typedSpelling;
    private bool _userSpelling;

    public SpecReadResult Read(Stream stream, Action<SpecFlags>? onFlags = null)
    {
        var origin = stream.Position;
        Scanned? scanned;
        try
        {
            scanned = Scan(new JsonStreamReader(stream, validateText: true));
        }
        catch (JsonException ex)
        {
            _issues.Error(TextError(ex, stream, origin));
            return Result(skip: false, upsert: false);
        }

        if (scanned is null)
        {
            return Result(skip: false, upsert: false);
        }

        // The flags are settled by pass one, so a refusal they cause comes before any unit is handed out.
        var skip = ReadFlag(scanned.Skip);
        var upsert = ReadFlag(scanned.Upsert);
        if (upsert == true && skip != true)
        {
            _issues.Error(new SpecIssue(SpecErrorCodes.UpsertWithoutSkip,
                "upsert_metadata needs skip_duplicate_urls: metadata of existing files is only replaced when duplicates are skipped. Add \"skip_duplicate_urls\": true.")
            { Path = scanned.Upsert!.Value.Path });
        }

        if (_issues.ErrorCount == 0)
        {
            onFlags?.Invoke(new SpecFlags(skip == true, upsert == true));
        }

        stream.Position = origin;
        var reader = new JsonStreamReader(stream);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            reader.Read();
            while (reader.Read(captureString: true) && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.String;
                var key = SpecKeys.Normalize(name);
                seen[key] = seen.GetValueOrDefault(key) + 1;
                var path = "$." + name;
                if (seen[key] < scanned.Occurrences[key] || _limitReached)
                {
                    // An earlier duplicate of a key (or anything after a limit was hit): read past it.
                    reader.Read();
                    reader.SkipValue();
                    continue;
                }

                NoteSpelling(name, key);
                switch (key)
                {
                    case SpecKeys.SkipDuplicateUrls:
                    case SpecKeys.UpsertMetadata:
                        reader.Read();
                        reader.SkipValue();
                        break;
                    case SpecKeys.Videos:
                    case SpecKeys.Images:
                    case SpecKeys.Audio:
                    case SpecKeys.Text:
                    case SpecKeys.Pdf:
                    case SpecKeys.Nifti:
                    case SpecKeys.ImageGroups:
                    case SpecKeys.DicomSeries:
                    case SpecKeys.ImageGroupsFromItems:
                        ReadArray(reader, key, path);
                        break;
                    default:
                        var suggestion = SpecKeys.Suggest(key, SpecKeys.TopLevel);
                        _issues.Warning(new SpecIssue(SpecErrorCodes.UnknownKey,
                            $"Unknown top-level key '{name}' is ignored" + (suggestion is null
                                ? $"; the keys are {string.Join(", ", SpecKeys.TopLevel.Select(SpecKeys.Display))}."
                                : $"; did you mean '{SpecKeys.Display(suggestion)}'?"))
                        { Path = path });
                        reader.Read();
                        reader.SkipValue();
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            _issues.Error(TextError(ex, stream, origin));
        }

        if (_units == 0 && _issues.ErrorCount == 0)
        {
            _issues.Error(new SpecIssue(SpecErrorCodes.Empty,
                "The file registers nothing: it has no items under videos, images, image_groups, dicom_series, audio, text, pdf or nifti. Add at least one entry, such as {\"images\": [{\"objectUrl\": \"https://...\"}]}.")
            { Path = "$" });
        }

        return Result(skip == true, upsert == true);
    }

    private SpecReadResult Result(bool skip, bool upsert) => new()
    {
        Format = SpecFormat.Json,
        Dialect = _typedSpelling && !_userSpelling ? SpecDialect.Typed : SpecDialect.UserFile,
        SkipDuplicateUrls = skip,
        UpsertMetadata = upsert,
        UnitCount = _units,
        UrlCount = _urls,
        Errors = _issues.Errors,
        Warnings = _issues.Warnings,
        UnlistedErrorCount = _issues.UnlistedErrors,
    };

    /// <summary>What pass one learns: how often each top-level key occurs, and the last value of each flag.</summary>
    private sealed class Scanned
    {
        public Dictionary<string, int> Occurrences { get; } = new(StringComparer.Ordinal);

        public (JsonTokenType Token, string Path)? Skip { get; set; }

        public (JsonTokenType Token, string Path)? Upsert { get; set; }
    }

    /// <summary>
    /// Pass one: syntax and text of the whole file, how often each top-level key occurs, and the flags.
    /// Null when the file is not an object at all (already reported).
    /// </summary>
    private Scanned? Scan(JsonStreamReader reader)
    {
        if (!reader.HasContent())
        {
            _issues.Error(new SpecIssue(SpecErrorCodes.NotAnObject,
                "The file is empty. An upload file is a JSON object; write one such as {\"images\": [{\"objectUrl\": \"https://...\"}]}.")
            { Path = "$" });
            return null;
        }

        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            _issues.Error(new SpecIssue(SpecErrorCodes.NotAnObject,
                $"An upload file is a JSON object with keys such as \"videos\" and \"images\"; this one is {Describe(reader.TokenType)}. Wrap the entries in an object, such as {{\"videos\": [ ... ]}}.")
            { Path = "$" });
            reader.SkipValue();
            reader.Read();
            return null;
        }

        var scanned = new Scanned();
        while (reader.Read(captureString: true) && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.String;
            var key = SpecKeys.Normalize(name);
            scanned.Occurrences[key] = scanned.Occurrences.GetValueOrDefault(key) + 1;
            reader.Read();
            if (key == SpecKeys.SkipDuplicateUrls)
            {
                scanned.Skip = (reader.TokenType, "$." + name);
            }
            else if (key == SpecKeys.UpsertMetadata)
            {
                scanned.Upsert = (reader.TokenType, "$." + name);
            }

            reader.SkipValue();
        }

        // Anything after the root object is a syntax error, which this read raises.
        reader.Read();
        return scanned;
    }

    private void NoteSpelling(string name, string key)
    {
        if (name.Contains('_', StringComparison.Ordinal))
        {
            _userSpelling = true;
        }
        else if (key is SpecKeys.ImageGroups or SpecKeys.DicomSeries or SpecKeys.ImageGroupsFromItems
                 or SpecKeys.SkipDuplicateUrls or SpecKeys.UpsertMetadata)
        {
            _typedSpelling = true;
        }
    }

    /// <summary>The flag's value (absent or null is false); null, after reporting it, when it is not a boolean.</summary>
    private bool? ReadFlag((JsonTokenType Token, string Path)? flag)
    {
        switch (flag?.Token)
        {
            case null:
            case JsonTokenType.False:
            case JsonTokenType.Null:
                return false;
            case JsonTokenType.True:
                return true;
            default:
                _issues.Error(TypeError(flag.Value.Path, "true or false", flag.Value.Token));
                return null;
        }
    }

    private void ReadArray(JsonStreamReader reader, string key, string path)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            _issues.Error(TypeError(path, "an array", reader.TokenType));
            reader.SkipValue();
            return;
        }

        // An entry is held whole while it is read. Its clientMetadata may reach the limit once canonical, and a file
        // may spell that far longer (Python's json.dump writes every non-ASCII character as a 6-byte \u escape, and
        // indentation adds more), so hold up to four times the limit plus room for a group's URLs. Anything larger is
        // refused without being held.
        var maxItemBytes = (int)Math.Min(MaxHeldItemBytes,
            (4L * limits.MaxClientMetadataBytes) + (64L * limits.MaxUrlBytes) + (1024 * 1024));
        for (var index = 0; ; index++)
        {
            var itemPath = $"{path}[{index}]";
            var slice = ReadElement(reader, maxItemBytes, out var ended);
            if (ended)
            {
                return;
            }

            if (_limitReached)
            {
                continue;
            }

            var unitIndex = _units++;
            if (_units > limits.MaxItems)
            {
                _issues.Error(new SpecIssue(SpecErrorCodes.TooManyItems,
                    $"The file has more than {limits.MaxItems:N0} items (a group or series counts as one); split it into several upload files.")
                { Path = itemPath, ItemIndex = unitIndex });
                _limitReached = true;
                continue;
            }

            if (slice is null)
            {
                _issues.Error(new SpecIssue(SpecErrorCodes.MetadataTooLarge,
                    $"The entry takes more than {maxItemBytes:N0} bytes of the file, more than any entry within the limits can. Its clientMetadata may be at most {limits.MaxClientMetadataBytes:N0} bytes (10 MB) of JSON: move bulky values (embeddings, transcripts) out of it, or split a very large group.")
                { Path = itemPath, ItemIndex = unitIndex });
                continue;
            }

            var item = new ItemReader(this, itemPath, unitIndex);
            var unit = key switch
            {
                SpecKeys.Videos => item.ReadSingle(slice.Value.Span, UnitKind.Video, SpecKeys.VideoMetadata),
                SpecKeys.Images => item.ReadSingle(slice.Value.Span, UnitKind.Image, SpecKeys.ImageMetadata),
                SpecKeys.Audio => item.ReadSingle(slice.Value.Span, UnitKind.Audio, SpecKeys.AudioMetadata),
                SpecKeys.Text => item.ReadSingle(slice.Value.Span, UnitKind.Text, SpecKeys.TextMetadata),
                SpecKeys.Pdf => item.ReadSingle(slice.Value.Span, UnitKind.Pdf, SpecKeys.PdfMetadata),
                SpecKeys.Nifti => item.ReadSingle(slice.Value.Span, UnitKind.Nifti, metadataKey: null),
                SpecKeys.ImageGroups => item.ReadGroup(slice.Value.Span, dicom: false),
                SpecKeys.DicomSeries => item.ReadGroup(slice.Value.Span, dicom: true),
                _ => item.ReadGroupFromItems(slice.Value.Span),
            };

            if (unit is null)
            {
                continue;
            }

            _urls += unit.Objects.Count;
            if (_urls > limits.MaxUrls)
            {
                _issues.Error(new SpecIssue(SpecErrorCodes.TooManyUrls,
                    $"The file has more than {limits.MaxUrls:N0} object URLs (every frame of a group or series counts); split it into several upload files.")
                { Path = itemPath, ItemIndex = unitIndex });
                _limitReached = true;
                continue;
            }

            if (_issues.ErrorCount == 0)
            {
                onUnit?.Invoke(unit);
            }
        }
    }

    /// <summary>The next array element whole, null when it is too big; <paramref name="ended"/> at the array's end.</summary>
    private static ReadOnlyMemory<byte>? ReadElement(JsonStreamReader reader, int maxBytes, out bool ended)
    {
        var value = reader.ReadValue(maxBytes);
        ended = reader.ValueStart == JsonTokenType.EndArray;
        return value;
    }

    /// <summary>A syntax or text problem, located by line and character column.</summary>
    private static SpecIssue TextError(JsonException ex, Stream stream, long origin)
    {
        if (ex is JsonTextException text)
        {
            var (line, column) = TextPositions.Locate(stream, origin, text.Offset);
            var issue = text.Problem switch
            {
                JsonTextProblem.InvalidUtf8 => new SpecIssue(SpecErrorCodes.JsonSyntax,
                    $"The file is not UTF-8 text: byte 0x{text.InvalidByte:X2} here is not part of a UTF-8 character (the file was probably saved as Latin-1, Windows-1252 or UTF-16). Save it as UTF-8 and upload it again."),
                JsonTextProblem.UnpairedSurrogate => new SpecIssue(SpecErrorCodes.InvalidValue,
                    "A string holds a \\u escape for one half of a surrogate pair without the other half (such as \\ud83d alone), which is no character and cannot be stored. Write the character itself, or give both halves (\\ud83d\\ude00)."),
                _ => new SpecIssue(SpecErrorCodes.InvalidValue,
                    "A string holds \\u0000 (the NUL character), which cannot be stored. Remove it."),
            };
            return issue with { Line = line, Column = column };
        }

        int? lineNumber = null, columnNumber = null;
        if (ex.LineNumber is { } zeroBasedLine)
        {
            lineNumber = (int)zeroBasedLine + 1;
            columnNumber = ex.BytePositionInLine is { } bytes ? TextPositions.Column(stream, origin, zeroBasedLine, bytes) : null;
        }

        return new SpecIssue(SpecErrorCodes.JsonSyntax, "The file is not valid JSON: " + ExplainSyntax(ex.Message))
        {
            Line = lineNumber,
            Column = columnNumber,
        };
    }

    /// <summary>
    /// Says in a user's terms what System.Text.Json found, and what to do about it. Its own wording names reader
    /// options and internal flags, so the common cases are rewritten and the rest keep only their first part.
    /// </summary>
    internal static string ExplainSyntax(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut].TrimEnd();
        }

        // Messages about one character start with it quoted: "'x' is ...", or "'0xA0' is ..." for other bytes.
        var quoted = message.StartsWith('\'') && message.IndexOf("' is ", 1, StringComparison.Ordinal) is > 0 and var end
            ? message[1..end]
            : null;
        var what = quoted is null ? "" : quoted.StartsWith("0x", StringComparison.Ordinal) && quoted.Length == 4 ? $"the byte {quoted}" : $"'{quoted}'";

        if (message.Contains("trailing comma", StringComparison.Ordinal))
        {
            return "there is a comma after the last entry of an object or array. Remove that comma.";
        }

        if (message.Contains("depth to be zero", StringComparison.Ordinal) || message.Contains("ends inside a value", StringComparison.Ordinal))
        {
            return "the file ends before every { and [ is closed; it was probably cut off. Upload the complete file, or add the missing } or ].";
        }

        if (message.Contains("reached end of data", StringComparison.Ordinal))
        {
            return "the file ends inside a string or value; it was probably cut off. Upload the complete file.";
        }

        if (message.Contains("after a single JSON value", StringComparison.Ordinal))
        {
            return $"{what} follows the end of the top-level object. An upload file holds one JSON object; remove everything after its closing }}.";
        }

        if (message.Contains("depth of", StringComparison.Ordinal))
        {
            return $"objects and arrays are nested more than {CanonicalJson.ReaderOptions.MaxDepth} levels deep. Flatten the structure.";
        }

        if (quoted is "0x0A" or "0x0D" && message.Contains("within a JSON string", StringComparison.Ordinal))
        {
            return "a string runs to the end of the line without its closing double quote. Close the string (write a line break inside a string as \\n).";
        }

        if (message.Contains("within a JSON string", StringComparison.Ordinal))
        {
            return $"a string holds the control character {quoted} as is. Write it escaped (a tab is \\t) or remove it.";
        }

        if (quoted == "/")
        {
            return "JSON has no comments. Remove the comment.";
        }

        if (quoted is { Length: 4 } && quoted.StartsWith("0x", StringComparison.Ordinal)
            && int.TryParse(quoted.AsSpan(2), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var b) && b >= 0x80)
        {
            return $"{what} cannot appear outside a string, and is not UTF-8 text anyway (the file may be UTF-16 or Latin-1). Save the file as UTF-8 and check the JSON there.";
        }

        if (message.Contains("start of a property name", StringComparison.Ordinal))
        {
            return $"{what} cannot start a property name. Write every name in double quotes, such as \"objectUrl\", and leave no comma before a closing }}.";
        }

        if (message.Contains("start of a value", StringComparison.Ordinal))
        {
            return $"{what} cannot start a value. Write strings in double quotes, and true, false and null in lower case (JSON has no True, NaN or undefined).";
        }

        if (message.Contains("Expected a ':'", StringComparison.Ordinal))
        {
            return $"{what} follows a property name where a colon belongs. Add the ':' between the name and its value.";
        }

        if (message.Contains("Expected either ','", StringComparison.Ordinal))
        {
            return $"{what} follows a value where a comma or a closing }} or ] belongs. Add the missing comma between the entries.";
        }

        return message + " Fix the JSON at that place.";
    }

    internal static SpecIssue TypeError(string path, string expected, JsonTokenType actual) =>
        new(SpecErrorCodes.InvalidType, $"{Field(path)} must be {expected}, not {Describe(actual)}. {HowToWrite(expected)}") { Path = path };

    /// <summary>The instruction that goes with a type error.</summary>
    private static string HowToWrite(string expected) => expected switch
    {
        "a string" => "Write it as text in double quotes.",
        "true or false" => "Write true or false, without quotes.",
        "an object" => "Write it as an object: { \"key\": value, ... }.",
        _ when expected.StartsWith("an array", StringComparison.Ordinal) => "Write it as an array: [ ... ].",
        _ when expected.StartsWith("an object", StringComparison.Ordinal) => "Write each entry as an object: { ... }.",
        _ => "Change the value.",
    };

    internal static string Field(string path)
    {
        var dot = path.LastIndexOf('.');
        return dot >= 0 && !path.EndsWith(']') ? path[(dot + 1)..] : path;
    }

    internal static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => "something else",
    };

    /// <summary>
    /// Duplicate keys within one object: the last occurrence wins and earlier ones are passed over unread, as in
    /// jsonb and Python's json module, so a bad value that a later duplicate replaces is no error. Keys are compared
    /// as <see cref="SpecKeys.Normalize"/> and <see cref="SpecKeys.Alias"/> leave them.
    /// </summary>
    internal readonly struct LastWins
    {
        /// <summary>How many occurrences of each repeated key are still to come; null when no key repeats (the usual case).</summary>
        private readonly Dictionary<string, int>? _remaining;

        /// <param name="reader">A copy of the reader standing on the object's start.</param>
        public LastWins(Utf8JsonReader reader)
        {
            // A scratch list per thread: an object without repeated keys allocates nothing here.
            var keys = _threadKeys ??= new List<string>(16);
            keys.Clear();
            HashSet<string>? seen = null;
            var repeated = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = SpecKeys.Alias(SpecKeys.ReadName(ref reader).Key);

                // A linear look for the usual handful of keys; a set once an object (a group's frames) has many.
                if (keys.Count == 16)
                {
                    seen = new HashSet<string>(keys, StringComparer.Ordinal);
                }

                repeated |= seen is null ? keys.Contains(key) : !seen.Add(key);
                keys.Add(key);
                reader.Read();
                reader.Skip();
            }

            if (repeated)
            {
                _remaining = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var key in keys)
                {
                    _remaining[key] = _remaining.GetValueOrDefault(key) + 1;
                }
            }
        }

        [ThreadStatic]
        private static List<string>? _threadKeys;

        /// <summary>Call once per occurrence, in order: true when a later occurrence of the key follows.</summary>
        public bool IsSuperseded(string key) => _remaining is not null && --_remaining[SpecKeys.Alias(key)] > 0;
    }

    /// <summary>A property's JSON path, made into text only when a message needs it: a valid file needs none.</summary>
    internal readonly record struct KeyPath(string Parent, string Name)
    {
        public override string ToString() => $"{Parent}.{Name}";

        public static implicit operator string(KeyPath path) => path.ToString();
    }

    /// <summary>Reads one array element (already held whole) into a unit, reporting its problems.</summary>
    private readonly ref struct ItemReader(JsonSpecReader owner, string path, int unitIndex)
    {
        private static readonly string[] SingleKeys = ["objectUrl", "title", "clientMetadata", "externalFileType"];

        private static readonly Dictionary<string, string[]> SingleKeysWithBlock =
            SpecKeys.MetadataBlocks.ToDictionary(b => b, b => (string[])[.. SingleKeys, SpecKeys.MetadataBlockDisplay(b)], StringComparer.Ordinal);

        private static readonly string[] GroupKeys =
            ["title", "clientMetadata", "createVideo", "clusterByResolution", "externalFileType", "images"];

        private static readonly string[] SeriesKeys =
            ["title", "clientMetadata", "clusterByResolution", "externalFileType", "dicomFiles"];

        private static readonly string[] FromItemsKeys =
            ["title", "clientMetadata", "createVideo", "clusterByResolution", "videoUrlPrefix", "externalFileType", "imageItems"];

        private SpecIssues Issues => owner._issues;

        public SpecUnit? ReadSingle(ReadOnlySpan<byte> json, UnitKind kind, string? metadataKey)
        {
            var reader = new Utf8JsonReader(json, CanonicalJson.ReaderOptions);
            reader.Read();
            if (!ExpectObject(ref reader, $"Each entry of '{kind.SpecKey()}'", "{ \"objectUrl\": \"...\" }"))
            {
                return null;
            }

            string? url = null, title = null, metadata = null;
            var urlPath = new KeyPath(path, "objectUrl");
            var titlePath = new KeyPath(path, "title");
            var urlRefused = false;
            MediaMetadata? media = null;
            var errors = Issues.ErrorCount;
            var last = new LastWins(reader);
            var known = metadataKey is null ? SingleKeys : SingleKeysWithBlock[metadataKey];
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var (name, key) = SpecKeys.ReadName(ref reader);
                var keyPath = new KeyPath(path, name);
                reader.Read();
                if (last.IsSuperseded(key))
                {
                    reader.Skip();
                    continue;
                }

                switch (key)
                {
                    case SpecKeys.ObjectUrl:
                    case SpecKeys.Url:
                        var before = Issues.ErrorCount;
                        url = ReadString(ref reader, keyPath);
                        urlRefused = Issues.ErrorCount != before;
                        urlPath = keyPath;
                        break;
                    case SpecKeys.Title:
                        title = ReadString(ref reader, keyPath);
                        titlePath = keyPath;
                        break;
                    case SpecKeys.ClientMetadata:
                        metadata = ReadClientMetadata(ref reader, keyPath);
                        break;
                    case SpecKeys.ExternalFileType:
                        CheckExternalFileType(ref reader, keyPath, kind);
                        break;
                    case SpecKeys.PlaceholderItemUuid:
                        Unsupported(ref reader, keyPath, "placeholderItemUuid binds to an item created by an Encord local upload; Curio registers files by objectUrl. Remove the key.");
                        break;
                    default:
                        if (metadataKey is not null && key == metadataKey)
                        {
                            media = ReadMediaMetadata(ref reader, keyPath, dicom: false);
                        }
                        else
                        {
                            OtherKey(ref reader, name, key, keyPath, kind, known);
                        }

                        break;
                }
            }

            if (url is null)
            {
                if (!urlRefused)
                {
                    Issues.Error(new SpecIssue(SpecErrorCodes.MissingField,
                        $"The entry has no objectUrl. Add \"objectUrl\": \"<URL of the file>\" to every entry of '{kind.SpecKey()}'.")
                    { Path = path, ItemIndex = unitIndex });
                }

                return null;
            }

            CheckUrl(url, urlPath);
            if (!string.IsNullOrEmpty(title))
            {
                Located(SpecRules.CheckTitle(title, owner.Limits, "title"), titlePath);
            }

            if (Issues.ErrorCount != errors)
            {
                return null;
            }

            return new SpecUnit
            {
                Index = unitIndex,
                Kind = kind,
                Title = string.IsNullOrEmpty(title) ? SpecRules.DefaultTitle(url) : title,
                Objects = [new SpecObject(url, null, media)],
                ClientMetadata = metadata,
                Source = path,
            };
        }

        public SpecUnit? ReadGroup(ReadOnlySpan<byte> json, bool dicom)
        {
            var reader = new Utf8JsonReader(json, CanonicalJson.ReaderOptions);
            reader.Read();
            if (!ExpectObject(ref reader, dicom ? "Each DICOM series" : "Each image group", "{ \"title\": \"...\", \"objectUrl_0\": \"...\" }"))
            {
                return null;
            }

            string? title = null, metadata = null;
            var titlePath = new KeyPath(path, "title");
            var titleRefused = false;
            bool createVideo = false, cluster = false;
            var numbered = new SortedDictionary<int, SpecObject>();
            List<SpecObject>? listed = null;
            var errors = Issues.ErrorCount;
            var framesKey = dicom ? SpecKeys.DicomFiles : SpecKeys.Images;
            var kind = dicom ? UnitKind.DicomSeries : UnitKind.ImageGroup;
            var last = new LastWins(reader);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var (name, key) = SpecKeys.ReadName(ref reader);
                var keyPath = new KeyPath(path, name);
                reader.Read();
                if (last.IsSuperseded(key))
                {
                    reader.Skip();
                    continue;
                }

                var frame = SpecKeys.FrameNumber(key);
                if (frame >= 0)
                {
                    if (ReadString(ref reader, keyPath) is { } frameUrl)
                    {
                        CheckUrl(frameUrl, keyPath);
                        numbered[frame] = new SpecObject(frameUrl, null, null);
                    }

                    continue;
                }

                switch (key)
                {
                    case SpecKeys.Title:
                        var before = Issues.ErrorCount;
                        title = ReadString(ref reader, keyPath);
                        titleRefused = Issues.ErrorCount != before;
                        titlePath = keyPath;
                        break;
                    case SpecKeys.ClientMetadata:
                        metadata = ReadClientMetadata(ref reader, keyPath);
                        break;
                    case SpecKeys.CreateVideo when !dicom:
                        createVideo = ReadBool(ref reader, keyPath) ?? false;
                        break;
                    case SpecKeys.ClusterByResolution:
                        cluster = ReadBool(ref reader, keyPath) ?? false;
                        break;
                    case SpecKeys.ExternalFileType:
                        CheckExternalFileType(ref reader, keyPath, kind);
                        break;
                    case SpecKeys.ObjectUrl:
                    case SpecKeys.Url:
                        Issues.Error(new SpecIssue(SpecErrorCodes.InvalidValue,
                            $"{(dicom ? "A DICOM series" : "An image group")} lists its files as objectUrl_0, objectUrl_1, ... (or in {FramesArray(dicom)}), not as a single objectUrl. Rename '{name}' to objectUrl_0.")
                        { Path = keyPath, ItemIndex = unitIndex });
                        reader.Skip();
                        break;
                    default:
                        if (key == framesKey)
                        {
                            listed = ReadFrameArray(ref reader, keyPath, dicom);
                        }
                        else
                        {
                            OtherKey(ref reader, name, key, keyPath, kind, dicom ? SeriesKeys : GroupKeys);
                        }

                        break;
                }
            }

            var what = dicom ? "DICOM series" : "image group";
            if (numbered.Count > 0 && listed is { Count: > 0 })
            {
                Issues.Error(new SpecIssue(SpecErrorCodes.GroupMixedForms,
                    $"The {what} gives its files both as objectUrl_N keys and as {FramesArray(dicom)}; use one form.")
                { Path = path, ItemIndex = unitIndex });
            }

            var objects = listed is { Count: > 0 } ? listed : numbered.Values.ToList();
            if (objects.Count == 0 && Issues.ErrorCount == errors)
            {
                Issues.Error(new SpecIssue(SpecErrorCodes.GroupEmpty,
                    $"The {what} has no files; list them as objectUrl_0, objectUrl_1, ... (or in {FramesArray(dicom)}).")
                { Path = path, ItemIndex = unitIndex });
            }

            if (string.IsNullOrEmpty(title))
            {
                if (!titleRefused)
                {
                    Issues.Error(new SpecIssue(SpecErrorCodes.MissingField, $"The {what} has no title. Add a \"title\": every {what} needs one.")
                    { Path = titlePath, ItemIndex = unitIndex });
                }
            }
            else
            {
                Located(SpecRules.CheckTitle(title, owner.Limits, "title"), titlePath);
            }

            if (Issues.ErrorCount != errors)
            {
                return null;
            }

            return new SpecUnit
            {
                Index = unitIndex,
                Kind = dicom ? UnitKind.DicomSeries : createVideo ? UnitKind.ImageSequence : UnitKind.ImageGroup,
                Title = title!,
                Objects = objects,
                ClientMetadata = metadata,
                CreateVideo = createVideo,
                ClusterByResolution = cluster,
                Source = path,
            };
        }

        public SpecUnit? ReadGroupFromItems(ReadOnlySpan<byte> json)
        {
            var reader = new Utf8JsonReader(json, CanonicalJson.ReaderOptions);
            reader.Read();
            if (!ExpectObject(ref reader, "Each entry of 'imageGroupsFromItems'", "{ \"title\": \"...\", \"imageItems\": [ ... ] }"))
            {
                return null;
            }

            string? title = null, metadata = null, prefix = null;
            var titlePath = new KeyPath(path, "title");
            var titleRefused = false;
            bool createVideo = false, cluster = false;
            List<Guid>? items = null;
            var errors = Issues.ErrorCount;
            var last = new LastWins(reader);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var (name, key) = SpecKeys.ReadName(ref reader);
                var keyPath = new KeyPath(path, name);
                reader.Read();
                if (last.IsSuperseded(key))
                {
                    reader.Skip();
                    continue;
                }

                switch (key)
                {
                    case SpecKeys.Title:
                        var before = Issues.ErrorCount;
                        title = ReadString(ref reader, keyPath);
                        titleRefused = Issues.ErrorCount != before;
                        titlePath = keyPath;
                        break;
                    case SpecKeys.ClientMetadata:
                        metadata = ReadClientMetadata(ref reader, keyPath);
                        break;
                    case SpecKeys.CreateVideo:
                        createVideo = ReadBool(ref reader, keyPath) ?? false;
                        break;
                    case SpecKeys.ClusterByResolution:
                        cluster = ReadBool(ref reader, keyPath) ?? false;
                        break;
                    case SpecKeys.VideoUrlPrefix:
                        prefix = ReadString(ref reader, keyPath);
                        break;
                    case SpecKeys.ExternalFileType:
                        CheckExternalFileType(ref reader, keyPath, UnitKind.ImageGroupFromItems);
                        break;
                    case SpecKeys.ImageItems:
                        items = ReadUuidArray(ref reader, keyPath);
                        break;
                    default:
                        OtherKey(ref reader, name, key, keyPath, UnitKind.ImageGroupFromItems, FromItemsKeys);
                        break;
                }
            }

            if (items is not { Count: > 0 } && Issues.ErrorCount == errors)
            {
                Issues.Error(new SpecIssue(SpecErrorCodes.GroupEmpty, "The group lists no imageItems; give the UUIDs of registered images.")
                { Path = path + ".imageItems", ItemIndex = unitIndex });
            }

            if (string.IsNullOrEmpty(title))
            {
                if (!titleRefused)
                {
                    Issues.Error(new SpecIssue(SpecErrorCodes.MissingField, "The group has no title. Add a \"title\": every image group needs one.")
                    { Path = titlePath, ItemIndex = unitIndex });
                }
            }
            else
            {
                Located(SpecRules.CheckTitle(title, owner.Limits, "title"), titlePath);
            }

            if (Issues.ErrorCount != errors)
            {
                return null;
            }

            return new SpecUnit
            {
                Index = unitIndex,
                Kind = UnitKind.ImageGroupFromItems,
                Title = title!,
                Objects = [],
                ItemUuids = items!,
                ClientMetadata = metadata,
                CreateVideo = createVideo,
                ClusterByResolution = cluster,
                VideoUrlPrefix = prefix,
                Source = path,
            };
        }

        private List<SpecObject>? ReadFrameArray(ref Utf8JsonReader reader, string arrayPath, bool dicom)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                Issues.Error(TypeError(arrayPath, "an array", reader.TokenType) with { ItemIndex = unitIndex });
                reader.Skip();
                return null;
            }

            var frames = new List<SpecObject>();
            var blockKey = dicom ? SpecKeys.DicomMetadata : SpecKeys.ImageMetadata;
            string[] known = ["url", "title", SpecKeys.MetadataBlockDisplay(blockKey)];
            for (var i = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; i++)
            {
                var framePath = $"{arrayPath}[{i}]";
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    Issues.Error(TypeError(framePath, "an object with a url", reader.TokenType) with { ItemIndex = unitIndex });
                    reader.Skip();
                    continue;
                }

                string? url = null, title = null;
                var urlPath = new KeyPath(framePath, "url");
                var titlePath = framePath + ".title";
                var urlRefused = false;
                MediaMetadata? media = null;
                var last = new LastWins(reader);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var (name, key) = SpecKeys.ReadName(ref reader);
                    var keyPath = new KeyPath(framePath, name);
                    reader.Read();
                    if (last.IsSuperseded(key))
                    {
                        reader.Skip();
                    }
                    else if (key is SpecKeys.Url or SpecKeys.ObjectUrl)
                    {
                        var before = Issues.ErrorCount;
                        url = ReadString(ref reader, keyPath);
                        urlRefused = Issues.ErrorCount != before;
                        urlPath = keyPath;
                    }
                    else if (key == SpecKeys.Title)
                    {
                        title = ReadString(ref reader, keyPath);
                        titlePath = keyPath;
                    }
                    else if (key == blockKey)
                    {
                        media = ReadMediaMetadata(ref reader, keyPath, dicom);
                    }
                    else
                    {
                        Issues.Warning(new SpecIssue(SpecErrorCodes.UnknownKey, $"Unknown key '{name}' in a frame is ignored{DidYouMean(key, known)}") { Path = keyPath, ItemIndex = unitIndex });
                        reader.Skip();
                    }
                }

                if (url is null)
                {
                    if (!urlRefused)
                    {
                        Issues.Error(new SpecIssue(SpecErrorCodes.MissingField, "The frame has no url. Add \"url\": \"<URL of the file>\" to every frame.") { Path = framePath, ItemIndex = unitIndex });
                    }

                    continue;
                }

                CheckUrl(url, urlPath);
                if (!string.IsNullOrEmpty(title))
                {
                    Located(SpecRules.CheckTitle(title, owner.Limits, "title"), titlePath);
                }

                frames.Add(new SpecObject(url, string.IsNullOrEmpty(title) ? null : title, media));
            }

            return frames;
        }

        private List<Guid>? ReadUuidArray(ref Utf8JsonReader reader, string arrayPath)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                Issues.Error(TypeError(arrayPath, "an array of item UUIDs", reader.TokenType) with { ItemIndex = unitIndex });
                reader.Skip();
                return null;
            }

            var uuids = new List<Guid>();
            for (var i = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; i++)
            {
                if (reader.TokenType == JsonTokenType.String && Guid.TryParse(reader.GetString(), out var uuid))
                {
                    uuids.Add(uuid);
                }
                else
                {
                    Issues.Error(new SpecIssue(SpecErrorCodes.InvalidValue,
                        "Each entry of imageItems must be the UUID of a registered image, as a string such as \"6f0c1a4e-0c5a-4d4e-9a3e-1d2c3b4a5f60\". Give the item's UUID, not its file name or URL.")
                    { Path = $"{arrayPath}[{i}]", ItemIndex = unitIndex });
                    reader.Skip();
                }
            }

            return uuids;
        }

        private bool ExpectObject(ref Utf8JsonReader reader, string what, string example)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                return true;
            }

            Issues.Error(new SpecIssue(SpecErrorCodes.InvalidType, $"{what} must be an object, not {Describe(reader.TokenType)}. Write it as {example}.")
            { Path = path, ItemIndex = unitIndex });
            return false;
        }

        private string? ReadString(ref Utf8JsonReader reader, KeyPath keyPath)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    return reader.GetString();
                case JsonTokenType.Null:
                    return null;
                default:
                    Issues.Error(TypeError(keyPath, "a string", reader.TokenType) with { ItemIndex = unitIndex });
                    reader.Skip();
                    return null;
            }
        }

        private bool? ReadBool(ref Utf8JsonReader reader, KeyPath keyPath)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.True:
                    return true;
                case JsonTokenType.False:
                case JsonTokenType.Null:
                    return false;
                default:
                    Issues.Error(TypeError(keyPath, "true or false", reader.TokenType) with { ItemIndex = unitIndex });
                    reader.Skip();
                    return null;
            }
        }

        private string? ReadClientMetadata(ref Utf8JsonReader reader, KeyPath keyPath)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                Issues.Error(TypeError(keyPath, "an object", reader.TokenType) with { ItemIndex = unitIndex });
                reader.Skip();
                return null;
            }

            var bytes = CanonicalJson.ReadValue(ref reader);
            if (bytes.Length > owner.Limits.MaxClientMetadataBytes)
            {
                Issues.Error(new SpecIssue(SpecErrorCodes.MetadataTooLarge,
                    $"clientMetadata is {bytes.Length:N0} bytes; the limit is {owner.Limits.MaxClientMetadataBytes:N0} bytes (10 MB) per item, counted as compact JSON. Move bulky values (embeddings, transcripts) out or split them.")
                { Path = keyPath, ItemIndex = unitIndex });
                return null;
            }

            return System.Text.Encoding.UTF8.GetString(bytes);
        }

        private MediaMetadata? ReadMediaMetadata(ref Utf8JsonReader reader, KeyPath keyPath, bool dicom)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                Issues.Error(TypeError(keyPath, "an object", reader.TokenType) with { ItemIndex = unitIndex });
                reader.Skip();
                return null;
            }

            // Read the block twice: once canonicalised for storage, once for its typed values.
            var copy = reader;
            var json = CanonicalJson.ReadValue(ref reader);
            return dicom
                ? ReadDicomMetadata(ref copy, keyPath, json)
                : MediaMetadataReader.Read(ref copy, keyPath, json, Issues, unitIndex);
        }

        private MediaMetadata? ReadDicomMetadata(ref Utf8JsonReader reader, string keyPath, byte[] json)
        {
            var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var hasTags = false;
            var last = new LastWins(reader);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = SpecKeys.ReadName(ref reader).Key;
                reader.Read();
                if (last.IsSuperseded(key) || key != "tags" || reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                hasTags = true;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    found.Add(reader.GetString()!);
                    reader.Read();
                    reader.Skip();
                }
            }

            var missing = DicomTags.Required.Where(t => !found.Contains(t)).ToList();
            if (!hasTags || missing.Count > 0)
            {
                Issues.Error(new SpecIssue(SpecErrorCodes.DicomTagsMissing,
                    hasTags
                        ? $"dicomMetadata.tags lacks the required tags {string.Join(", ", missing)}; give every required tag (its value may be null)."
                        : $"dicomMetadata needs a 'tags' object keyed by DICOM tag, as pydicom's to_json_dict() writes it. Give all of {string.Join(", ", DicomTags.Required)} (values may be null), or leave dicomMetadata out.")
                { Path = keyPath, ItemIndex = unitIndex });
                return null;
            }

            return new MediaMetadata { Json = System.Text.Encoding.UTF8.GetString(json) };
        }

        private void CheckExternalFileType(ref Utf8JsonReader reader, KeyPath keyPath, UnitKind kind)
        {
            var value = ReadString(ref reader, keyPath);
            if (value is null)
            {
                return;
            }

            var expected = kind switch
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
            };
            if (!string.Equals(value, expected, StringComparison.Ordinal))
            {
                Issues.Error(new SpecIssue(SpecErrorCodes.FileTypeMismatch,
                    $"externalFileType is '{value}', but entries of '{kind.SpecKey()}' are '{expected}'. Move the entry to the right array or fix externalFileType.")
                { Path = keyPath, ItemIndex = unitIndex });
            }
        }

        private void Unsupported(ref Utf8JsonReader reader, KeyPath keyPath, string message)
        {
            Issues.Error(new SpecIssue(SpecErrorCodes.UnsupportedField, message) { Path = keyPath, ItemIndex = unitIndex });
            reader.Skip();
        }

        private void OtherKey(ref Utf8JsonReader reader, string name, string key, KeyPath keyPath, UnitKind kind, string[] known)
        {
            if (SpecKeys.MetadataBlocks.Contains(key))
            {
                Issues.Error(new SpecIssue(SpecErrorCodes.InvalidValue,
                    $"{SpecKeys.MetadataBlockDisplay(key)} does not belong to entries of '{kind.SpecKey()}'"
                    + (ExpectedBlock(kind) is { } block ? $"; use {block}." : "; remove it."))
                { Path = keyPath, ItemIndex = unitIndex });
            }
            else
            {
                Issues.Warning(new SpecIssue(SpecErrorCodes.UnknownKey, $"Unknown key '{name}' is ignored{DidYouMean(key, known)}") { Path = keyPath, ItemIndex = unitIndex });
            }

            reader.Skip();
        }

        private static string DidYouMean(string key, string[] known) =>
            SpecKeys.SuggestDisplay(key, known) is { } suggestion ? $"; did you mean '{suggestion}'?" : ".";

        private static string FramesArray(bool dicom) => dicom ? "a 'dicomFiles' array" : "an 'images' array";

        private static string? ExpectedBlock(UnitKind kind) => kind switch
        {
            UnitKind.Video => "videoMetadata",
            UnitKind.Image => "imageMetadata",
            UnitKind.Audio => "audioMetadata",
            UnitKind.Text => "textMetadata",
            UnitKind.Pdf => "pdfMetadata",
            UnitKind.ImageGroup or UnitKind.ImageSequence => "imageMetadata on each frame of an 'images' array",
            UnitKind.DicomSeries => "dicomMetadata on each file of a 'dicomFiles' array",
            _ => null,
        };

        private void CheckUrl(string url, KeyPath keyPath) =>
            Located(SpecRules.CheckUrl(url, owner.Limits, keyPath.Name), keyPath);

        private void Located(SpecIssue? issue, KeyPath keyPath)
        {
            if (issue is not null)
            {
                Issues.Error(issue with { Path = keyPath, ItemIndex = unitIndex });
            }
        }

        private void Located(SpecIssue? issue, string path)
        {
            if (issue is not null)
            {
                Issues.Error(issue with { Path = path, ItemIndex = unitIndex });
            }
        }
    }

    private SpecLimits Limits => limits;
}
