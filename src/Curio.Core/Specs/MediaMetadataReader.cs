using System.Text;
using System.Text.Json;

namespace Curio.Core.Specs;

/// <summary>
/// Typed values of a media metadata block. Encord's examples spell the keys both ways (file_size, fileSize)
/// and call audio duration duration_seconds in one place, so all of those are read.
/// </summary>
internal static class MediaMetadataReader
{
    private static readonly string[] Known =
        ["fps", "duration", "width", "height", "fileSize", "mimeType", "sampleRate", "bitDepth", "codec", "numChannels", "numPages"];

    public static MediaMetadata? Read(ref Utf8JsonReader reader, string blockPath, byte[] json, SpecIssues issues, int unitIndex)
    {
        var errors = issues.ErrorCount;
        double? fps = null, duration = null;
        long? width = null, height = null, fileSize = null, sampleRate = null, bitDepth = null, channels = null, pages = null;
        string? mimeType = null, codec = null;

        // Duplicate keys: only the last counts, as in the stored block.
        var last = new JsonSpecReader.LastWins(reader);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var (name, normalized) = SpecKeys.ReadName(ref reader);
            reader.Read();
            if (last.IsSuperseded(normalized) || reader.TokenType == JsonTokenType.Null)
            {
                reader.Skip();
                continue;
            }

            var value = new Value(reader, new JsonSpecReader.KeyPath(blockPath, name), issues, unitIndex);
            switch (normalized)
            {
                case "fps": fps = value.PositiveNumber(); break;
                case "duration" or "durationseconds": duration = value.NonNegativeNumber(); break;
                case "width": width = value.WholeNumber(1, int.MaxValue); break;
                case "height": height = value.WholeNumber(1, int.MaxValue); break;
                case "filesize": fileSize = value.WholeNumber(0, long.MaxValue); break;
                case "mimetype": mimeType = value.Text("video/mp4"); break;
                case "samplerate": sampleRate = value.WholeNumber(1, int.MaxValue); break;
                case "bitdepth": bitDepth = value.WholeNumber(1, int.MaxValue); break;
                case "numchannels": channels = value.WholeNumber(1, int.MaxValue); break;
                case "codec": codec = value.Text("aac"); break;
                case "numpages": pages = value.WholeNumber(1, int.MaxValue); break;
                default: Unknown(name, normalized, new JsonSpecReader.KeyPath(blockPath, name), issues, unitIndex); break;
            }

            reader.Skip();
        }

        return issues.ErrorCount != errors ? null : new MediaMetadata
        {
            Json = Encoding.UTF8.GetString(json),
            Fps = fps,
            Duration = duration,
            Width = (int?)width,
            Height = (int?)height,
            FileSize = fileSize,
            MimeType = mimeType,
            SampleRate = (int?)sampleRate,
            BitDepth = (int?)bitDepth,
            Codec = codec,
            NumChannels = (int?)channels,
            NumPages = (int?)pages,
        };
    }

    private static void Unknown(string name, string normalized, string path, SpecIssues issues, int unitIndex)
    {
        var suggestion = SpecKeys.SuggestDisplay(normalized, Known);
        issues.Warning(new SpecIssue(SpecErrorCodes.UnknownKey,
            $"Unknown media metadata key '{name}' is kept with the item but not used" + (suggestion is null ? "." : $"; did you mean '{suggestion}'?"))
        { Path = path, ItemIndex = unitIndex });
    }

    /// <summary>
    /// One value of the block, checked for the type its key needs: a value of the wrong JSON type is an
    /// invalid_type, one of the right type but out of range an invalid_value.
    /// </summary>
    private readonly ref struct Value(Utf8JsonReader reader, JsonSpecReader.KeyPath path, SpecIssues issues, int unitIndex)
    {
        private const string Remedy = "Correct it, or leave the key out to let Curio read it from the file.";

        private readonly Utf8JsonReader _reader = reader;

        public double? PositiveNumber() => Number(v => v > 0, "a number greater than 0");

        public double? NonNegativeNumber() => Number(v => v >= 0, "a number of 0 or more");

        /// <summary>A whole number in [min, max]; 1e3 and 640.0 are whole, 1.5 is not.</summary>
        public long? WholeNumber(long min, long max)
        {
            var expected = min > 0 ? "a whole number greater than 0" : "a whole number of 0 or more";
            if (_reader.TokenType != JsonTokenType.Number)
            {
                return WrongType(expected);
            }

            if (_reader.TryGetInt64(out var exact))
            {
                return exact >= min && exact <= max ? exact : OutOfRange(expected);
            }

            // Exponent or fraction forms: whole only if the double is, and only where a double is exact.
            return _reader.TryGetDouble(out var v) && v == Math.Floor(v) && v >= min && v <= Math.Min(max, 1L << 53)
                ? (long)v
                : OutOfRange(expected);
        }

        public string? Text(string example)
        {
            if (_reader.TokenType != JsonTokenType.String)
            {
                WrongType($"a non-empty string such as \"{example}\"");
                return null;
            }

            if (_reader.GetString() is { Length: > 0 } text)
            {
                return text;
            }

            OutOfRange($"a non-empty string such as \"{example}\"");
            return null;
        }

        private double? Number(Func<double, bool> valid, string expected)
        {
            if (_reader.TokenType != JsonTokenType.Number)
            {
                WrongType(expected);
                return null;
            }

            if (_reader.TryGetDouble(out var v) && double.IsFinite(v) && valid(v))
            {
                return v;
            }

            OutOfRange(expected);
            return null;
        }

        private long? WrongType(string expected)
        {
            var shown = _reader.TokenType == JsonTokenType.String ? $" ({Shown()})" : "";
            issues.Error(new SpecIssue(SpecErrorCodes.InvalidType,
                $"{path.Name} must be {expected}, not {JsonSpecReader.Describe(_reader.TokenType)}{shown}. "
                + (_reader.TokenType == JsonTokenType.String && expected.StartsWith("a ", StringComparison.Ordinal) && !expected.Contains("string", StringComparison.Ordinal)
                    ? "Write the number without quotes."
                    : Remedy))
            { Path = path, ItemIndex = unitIndex });
            return null;
        }

        private long? OutOfRange(string expected)
        {
            issues.Error(new SpecIssue(SpecErrorCodes.InvalidValue,
                $"{path.Name} must be {expected}; it is {Shown()}. {Remedy}")
            { Path = path, ItemIndex = unitIndex });
            return null;
        }

        /// <summary>The value as written in the file: numbers as they are, strings in quotes.</summary>
        private string Shown()
        {
            var raw = Encoding.UTF8.GetString(_reader.ValueSpan);
            return _reader.TokenType == JsonTokenType.String ? $"\"{raw}\"" : raw;
        }
    }
}
