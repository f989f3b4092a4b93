using System.Text;
using System.Text.Json;

namespace Curio.Core.Specs;

/// <summary>
/// Typed values of a media metadata block. Encord's examples spell the keys both ways (file_size, fileSize)
/// and call audio duration duration_seconds in one place, so all of those are read.
/// </summary>
internal static class MediaMetadataReader
{
    public static MediaMetadata? Read(ref Utf8JsonReader reader, string blockPath, byte[] json, SpecIssues issues, int unitIndex)
    {
        var errors = issues.ErrorCount;
        var metadata = new MediaMetadata { Json = Encoding.UTF8.GetString(json) };
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            var path = $"{blockPath}.{name}";
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            var value = new Value(reader, path, issues, unitIndex);
            metadata = SpecKeys.Normalize(name) switch
            {
                "fps" => metadata with { Fps = value.PositiveNumber() },
                "duration" or "durationseconds" => metadata with { Duration = value.NonNegativeNumber() },
                "width" => metadata with { Width = value.PositiveInt() },
                "height" => metadata with { Height = value.PositiveInt() },
                "filesize" => metadata with { FileSize = value.NonNegativeLong() },
                "mimetype" => metadata with { MimeType = value.Text() },
                "samplerate" => metadata with { SampleRate = value.PositiveInt() },
                "bitdepth" => metadata with { BitDepth = value.PositiveInt() },
                "numchannels" => metadata with { NumChannels = value.PositiveInt() },
                "codec" => metadata with { Codec = value.Text() },
                "numpages" => metadata with { NumPages = value.PositiveInt() },
                _ => Unknown(metadata, name, path, issues, unitIndex),
            };
            reader.Skip();
        }

        return issues.ErrorCount == errors ? metadata : null;
    }

    private static MediaMetadata Unknown(MediaMetadata metadata, string name, string path, SpecIssues issues, int unitIndex)
    {
        issues.Warning(new SpecIssue(SpecErrorCodes.UnknownKey, $"Unknown media metadata key '{name}' is kept with the item but not used.")
        { Path = path, ItemIndex = unitIndex });
        return metadata;
    }

    /// <summary>One value of the block, checked for the type its key needs.</summary>
    private readonly ref struct Value(Utf8JsonReader reader, string path, SpecIssues issues, int unitIndex)
    {
        private readonly Utf8JsonReader _reader = reader;

        public double? PositiveNumber() => Number(v => v > 0, "a number greater than 0");

        public double? NonNegativeNumber() => Number(v => v >= 0, "a number of 0 or more");

        public int? PositiveInt() =>
            _reader.TokenType == JsonTokenType.Number && _reader.TryGetDouble(out var v) && v > 0 && v <= int.MaxValue && v == Math.Floor(v)
                ? (int)v
                : Fail<int>("a whole number greater than 0");

        public long? NonNegativeLong() =>
            _reader.TokenType == JsonTokenType.Number && _reader.TryGetDouble(out var v) && v >= 0 && v <= long.MaxValue && v == Math.Floor(v)
                ? (long)v
                : Fail<long>("a whole number of 0 or more");

        public string? Text() =>
            _reader.TokenType == JsonTokenType.String && _reader.GetString() is { Length: > 0 } s ? s : FailText();

        private double? Number(Func<double, bool> valid, string expected) =>
            _reader.TokenType == JsonTokenType.Number && _reader.TryGetDouble(out var v) && double.IsFinite(v) && valid(v)
                ? v
                : Fail<double>(expected);

        private T? Fail<T>(string expected)
            where T : struct
        {
            Report(expected);
            return null;
        }

        private string? FailText()
        {
            Report("a non-empty string");
            return null;
        }

        private void Report(string expected)
        {
            var actual = _reader.TokenType == JsonTokenType.Number || _reader.TokenType == JsonTokenType.String
                ? Encoding.UTF8.GetString(_reader.ValueSpan)
                : null;
            issues.Error(new SpecIssue(SpecErrorCodes.InvalidValue,
                $"{JsonSpecReader.Field(path)} must be {expected}" + (actual is null ? $", not {JsonSpecReader.Describe(_reader.TokenType)}." : $"; got {actual}."))
            { Path = path, ItemIndex = unitIndex });
        }
    }
}
