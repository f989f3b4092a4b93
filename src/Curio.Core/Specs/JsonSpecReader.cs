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
    private readonly SpecIssues _issues = new(limits.MaxReportedErrors);
    private int _units;
    private int _urls;
    private bool _limitReached;
    private bool _typedSpelling;
    private bool _userSpelling;

    public SpecReadResult Read(Stream stream)
    {
        var origin = stream.Position;
        Dictionary<string, int> occurrences;
        try
        {
            occurrences = Scan(new JsonStreamReader(stream));
        }
        catch (JsonException ex)
        {
            _issues.Error(SyntaxError(ex));
            return Result(skip: false, upsert: false);
        }

        if (occurrences.Count == 0 && _issues.ErrorCount > 0)
        {
            return Result(skip: false, upsert: false);
        }

        stream.Position = origin;
        var reader = new JsonStreamReader(stream);
        bool? skip = null, upsert = null;
        string? upsertPath = null;
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
                if (seen[key] < occurrences[key] || _limitReached)
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
                        skip = ReadFlag(reader, path);
                        break;
                    case SpecKeys.UpsertMetadata:
                        upsert = ReadFlag(reader, path);
                        upsertPath = path;
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
                                : $"; did you mean '{SpecKeys.Display(suggestion)}'?")) { Path = path });
                        reader.Read();
                        reader.SkipValue();
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            _issues.Error(SyntaxError(ex));
        }

        if (upsert == true && skip != true)
        {
            _issues.Error(new SpecIssue(SpecErrorCodes.UpsertWithoutSkip,
                "upsert_metadata needs skip_duplicate_urls: metadata of existing files is only replaced when duplicates are skipped. Add \"skip_duplicate_urls\": true.")
            { Path = upsertPath });
        }

        if (_units == 0 && _issues.ErrorCount == 0)
        {
            _issues.Error(new SpecIssue(SpecErrorCodes.Empty,
                "The file registers nothing: it has no items under videos, images, image_groups, dicom_series, audio, text, pdf or nifti.")
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

    /// <summary>Pass one: syntax of the whole file, and how often each top-level key occurs.</summary>
    private Dictionary<string, int> Scan(JsonStreamReader reader)
    {
        var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!reader.Read())
        {
            _issues.Error(new SpecIssue(SpecErrorCodes.NotAnObject, "The file is empty; an upload file is a JSON object such as {\"images\": [...]}.") { Path = "$" });
            return occurrences;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            _issues.Error(new SpecIssue(SpecErrorCodes.NotAnObject,
                $"An upload file is a JSON object with keys such as \"videos\" and \"images\"; this one starts with {Describe(reader.TokenType)}.")
            { Path = "$" });
            reader.SkipValue();
            reader.Read();
            return occurrences;
        }

        while (reader.Read(captureString: true) && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = SpecKeys.Normalize(reader.String);
            occurrences[key] = occurrences.GetValueOrDefault(key) + 1;
            reader.Read();
            reader.SkipValue();
        }

        // Anything after the root object is a syntax error, which this read raises.
        reader.Read();
        return occurrences;
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

    private bool? ReadFlag(JsonStreamReader reader, string path)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
            case JsonTokenType.Null:
                return false;
            default:
                _issues.Error(TypeError(path, "true or false", reader.TokenType));
                reader.SkipValue();
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

        // An item is at most its metadata plus URLs; anything far larger is refused without being held.
        var maxItemBytes = limits.MaxClientMetadataBytes + (64 * limits.MaxUrlBytes) + (1024 * 1024);
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
                    $"The item is larger than {maxItemBytes / (1024 * 1024)} MB; its clientMetadata may be at most {limits.MaxClientMetadataBytes / (1024 * 1024)} MB.")
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

    private static SpecIssue SyntaxError(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        return new SpecIssue(SpecErrorCodes.JsonSyntax, $"The file is not valid JSON: {message.TrimEnd()} Fix the syntax and upload it again.")
        {
            Line = ex.LineNumber is { } line ? (int)line + 1 : null,
            Column = ex.BytePositionInLine is { } column ? (int)column + 1 : null,
        };
    }

    internal static SpecIssue TypeError(string path, string expected, JsonTokenType actual) =>
        new(SpecErrorCodes.InvalidType, $"{Field(path)} must be {expected}, not {Describe(actual)}.") { Path = path };

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
        _ => token.ToString(),
    };

    /// <summary>Reads one array element (already held whole) into a unit, reporting its problems.</summary>
    private readonly ref struct ItemReader(JsonSpecReader owner, string path, int unitIndex)
    {
        private SpecIssues Issues => owner._issues;

        public SpecUnit? ReadSingle(ReadOnlySpan<byte> json, UnitKind kind, string? metadataKey)
        {
            var reader = new Utf8JsonReader(json, CanonicalJson.ReaderOptions);
            reader.Read();
            if (!ExpectObject(ref reader, $"Each entry of '{kind.SpecKey()}'"))
            {
                return null;
            }

            string? url = null, title = null, metadata = null;
            string urlPath = path + ".objectUrl";
            MediaMetadata? media = null;
            var errors = Issues.ErrorCount;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                var key = SpecKeys.Normalize(name);
                var keyPath = $"{path}.{name}";
                reader.Read();
                switch (key)
                {
                    case SpecKeys.ObjectUrl:
                    case SpecKeys.Url:
                        url = ReadString(ref reader, keyPath);
                        urlPath = keyPath;
                        break;
                    case SpecKeys.Title:
                        title = ReadString(ref reader, keyPath);
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
                            OtherKey(ref reader, name, key, keyPath, kind);
                        }

                        break;
                }
            }

            if (url is null)
            {
                Issues.Error(new SpecIssue(SpecErrorCodes.MissingField,
                    $"The entry has no objectUrl; every {kind.SpecKey()} entry needs the URL of its file.")
                { Path = path, ItemIndex = unitIndex });
                return null;
            }

            CheckUrl(url, urlPath);
            if (!string.IsNullOrEmpty(title))
            {
                Located(SpecRules.CheckTitle(title, owner.Limits, "title"), path + ".title");
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
            if (!ExpectObject(ref reader, dicom ? "Each DICOM series" : "Each image group"))
            {
                return null;
            }

            string? title = null, metadata = null;
            bool createVideo = false, cluster = false;
            var numbered = new SortedDictionary<int, SpecObject>();
            List<SpecObject>? listed = null;
            var errors = Issues.ErrorCount;
            var framesKey = dicom ? SpecKeys.DicomFiles : SpecKeys.Images;
            var kind = dicom ? UnitKind.DicomSeries : UnitKind.ImageGroup;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                var key = SpecKeys.Normalize(name);
                var keyPath = $"{path}.{name}";
                reader.Read();
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
                        title = ReadString(ref reader, keyPath);
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
                    case SpecKeys.ExternalFileType:
                        CheckExternalFileType(ref reader, keyPath, kind);
                        break;
                    case SpecKeys.ObjectUrl:
                    case SpecKeys.Url:
                        Issues.Error(new SpecIssue(SpecErrorCodes.InvalidValue,
                            $"{(dicom ? "A DICOM series" : "An image group")} lists its files as objectUrl_0, objectUrl_1, ... (or in a '{(dicom ? "dicomFiles" : "images")}' array), not as a single objectUrl.")
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
                            OtherKey(ref reader, name, key, keyPath, kind);
                        }

                        break;
                }
            }

            var what = dicom ? "DICOM series" : "image group";
            if (numbered.Count > 0 && listed is { Count: > 0 })
            {
                Issues.Error(new SpecIssue(SpecErrorCodes.GroupMixedForms,
                    $"The {what} gives its files both as objectUrl_N keys and as a '{(dicom ? "dicomFiles" : "images")}' array; use one form.")
                { Path = path, ItemIndex = unitIndex });
            }

            var objects = listed is { Count: > 0 } ? listed : numbered.Values.ToList();
            if (objects.Count == 0 && Issues.ErrorCount == errors)
            {
                Issues.Error(new SpecIssue(SpecErrorCodes.GroupEmpty,
                    $"The {what} has no files; list them as objectUrl_0, objectUrl_1, ... (or in a '{(dicom ? "dicomFiles" : "images")}' array).")
                { Path = path, ItemIndex = unitIndex });
            }

            if (string.IsNullOrEmpty(title))
            {
                Issues.Error(new SpecIssue(SpecErrorCodes.MissingField, $"The {what} has no title; every {what} needs one.")
                { Path = path + ".title", ItemIndex = unitIndex });
            }
            else
            {
                Located(SpecRules.CheckTitle(title, owner.Limits, "title"), path + ".title");
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
                CreateVideo = createVideo && !dicom,
                ClusterByResolution = cluster,
                Source = path,
            };
        }

        public SpecUnit? ReadGroupFromItems(ReadOnlySpan<byte> json)
        {
            var reader = new Utf8JsonReader(json, CanonicalJson.ReaderOptions);
            reader.Read();
            if (!ExpectObject(ref reader, "Each entry of 'imageGroupsFromItems'"))
            {
                return null;
            }

            string? title = null, metadata = null, prefix = null;
            bool createVideo = false, cluster = false;
            List<Guid>? items = null;
            var errors = Issues.ErrorCount;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                var key = SpecKeys.Normalize(name);
                var keyPath = $"{path}.{name}";
                reader.Read();
                switch (key)
                {
                    case SpecKeys.Title:
                        title = ReadString(ref reader, keyPath);
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
                        OtherKey(ref reader, name, key, keyPath, UnitKind.ImageGroupFromItems);
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
                Issues.Error(new SpecIssue(SpecErrorCodes.MissingField, "The group has no title; every image group needs one.")
                { Path = path + ".title", ItemIndex = unitIndex });
            }
            else
            {
                Located(SpecRules.CheckTitle(title, owner.Limits, "title"), path + ".title");
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
                var urlPath = framePath + ".url";
                MediaMetadata? media = null;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString()!;
                    var key = SpecKeys.Normalize(name);
                    var keyPath = $"{framePath}.{name}";
                    reader.Read();
                    if (key is SpecKeys.Url or SpecKeys.ObjectUrl)
                    {
                        url = ReadString(ref reader, keyPath);
                        urlPath = keyPath;
                    }
                    else if (key == SpecKeys.Title)
                    {
                        title = ReadString(ref reader, keyPath);
                    }
                    else if (key == blockKey)
                    {
                        media = ReadMediaMetadata(ref reader, keyPath, dicom);
                    }
                    else
                    {
                        Issues.Warning(new SpecIssue(SpecErrorCodes.UnknownKey, $"Unknown key '{name}' in a frame is ignored.") { Path = keyPath, ItemIndex = unitIndex });
                        reader.Skip();
                    }
                }

                if (url is null)
                {
                    Issues.Error(new SpecIssue(SpecErrorCodes.MissingField, "The frame has no url.") { Path = framePath, ItemIndex = unitIndex });
                    continue;
                }

                CheckUrl(url, urlPath);
                if (!string.IsNullOrEmpty(title))
                {
                    Located(SpecRules.CheckTitle(title, owner.Limits, "title"), framePath + ".title");
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
                    Issues.Error(new SpecIssue(SpecErrorCodes.InvalidValue, "Each entry of imageItems must be an item UUID string.")
                    { Path = $"{arrayPath}[{i}]", ItemIndex = unitIndex });
                    reader.Skip();
                }
            }

            return uuids;
        }

        private bool ExpectObject(ref Utf8JsonReader reader, string what)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                return true;
            }

            Issues.Error(new SpecIssue(SpecErrorCodes.InvalidType, $"{what} must be an object, not {Describe(reader.TokenType)}.")
            { Path = path, ItemIndex = unitIndex });
            return false;
        }

        private string? ReadString(ref Utf8JsonReader reader, string keyPath)
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

        private bool? ReadBool(ref Utf8JsonReader reader, string keyPath)
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

        private string? ReadClientMetadata(ref Utf8JsonReader reader, string keyPath)
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
                    $"clientMetadata is {bytes.Length:N0} bytes; the limit is {owner.Limits.MaxClientMetadataBytes:N0} bytes (10 MB) per item. Move bulky values (embeddings, transcripts) out or split them.")
                { Path = keyPath, ItemIndex = unitIndex });
                return null;
            }

            return System.Text.Encoding.UTF8.GetString(bytes);
        }

        private MediaMetadata? ReadMediaMetadata(ref Utf8JsonReader reader, string keyPath, bool dicom)
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
            var depth = reader.CurrentDepth;
            while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1)
                {
                    var isTags = SpecKeys.Normalize(reader.GetString()!) == "tags";
                    reader.Read();
                    if (isTags && reader.TokenType == JsonTokenType.StartObject)
                    {
                        hasTags = true;
                        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            found.Add(reader.GetString()!);
                            reader.Read();
                            reader.Skip();
                        }
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }

            var missing = DicomTags.Required.Where(t => !found.Contains(t)).ToList();
            if (!hasTags || missing.Count > 0)
            {
                Issues.Error(new SpecIssue(SpecErrorCodes.DicomTagsMissing,
                    hasTags
                        ? $"dicomMetadata.tags lacks the required tags {string.Join(", ", missing)}; give every required tag (its value may be null)."
                        : "dicomMetadata needs a 'tags' object keyed by DICOM tag (e.g. \"0020000E\"), as pydicom's to_json_dict() writes it.")
                { Path = keyPath, ItemIndex = unitIndex });
                return null;
            }

            return new MediaMetadata { Json = System.Text.Encoding.UTF8.GetString(json) };
        }

        private void CheckExternalFileType(ref Utf8JsonReader reader, string keyPath, UnitKind kind)
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

        private void Unsupported(ref Utf8JsonReader reader, string keyPath, string message)
        {
            Issues.Error(new SpecIssue(SpecErrorCodes.UnsupportedField, message) { Path = keyPath, ItemIndex = unitIndex });
            reader.Skip();
        }

        private void OtherKey(ref Utf8JsonReader reader, string name, string key, string keyPath, UnitKind kind)
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
                Issues.Warning(new SpecIssue(SpecErrorCodes.UnknownKey, $"Unknown key '{name}' is ignored.") { Path = keyPath, ItemIndex = unitIndex });
            }

            reader.Skip();
        }

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

        private void CheckUrl(string url, string keyPath) =>
            Located(SpecRules.CheckUrl(url, owner.Limits, JsonSpecReader.Field(keyPath)), keyPath);

        private void Located(SpecIssue? issue, string keyPath)
        {
            if (issue is not null)
            {
                Issues.Error(issue with { Path = keyPath, ItemIndex = unitIndex });
            }
        }
    }

    private SpecLimits Limits => limits;
}
