using System.Globalization;
using System.Text.Json;

namespace Curio.Core.Metadata;

/// <summary>
/// Checks the shape of the <c>$encord</c> block of a video's custom metadata (Encord's key frames and per-frame
/// metadata): <c>config</c> (<c>sampling_rate</c> a number of at least 0, <c>keyframe_mode</c> <c>"frame"</c> or
/// <c>"seconds"</c>) and <c>frames</c>, either a list of key frames or an object of frame (or second) to per-frame
/// metadata, whose values for schema keys (embeddings above all) must conform like top-level ones. The block is stored
/// as given; its embeddings are indexed by the embeddings work, not here.
/// </summary>
public static class EncordBlock
{
    public const string Key = "$encord";

    private const int MaxReported = 20;

    public static void Check(JsonElement block, MetadataSchema schema, List<MetadataProblem> problems)
    {
        if (block.ValueKind != JsonValueKind.Object)
        {
            problems.Add(Problem(Key, "an object with \"config\" and \"frames\"", block));
            return;
        }

        var seconds = false;
        foreach (var property in block.EnumerateObject())
        {
            switch (property.Name)
            {
                case "config":
                    seconds = Config(property.Value, problems);
                    break;
                case "frames" or "frame_metadata":
                    break;
                default:
                    problems.Add(new MetadataProblem($"{Key}.{property.Name}", "absent: $encord holds \"config\" and \"frames\"", MetadataValues.Shown(property.Value)));
                    break;
            }
        }

        foreach (var name in new[] { "frames", "frame_metadata" })
        {
            if (block.TryGetProperty(name, out var frames))
            {
                Frames($"{Key}.{name}", frames, seconds, schema, problems);
            }
        }
    }

    /// <returns>True when the frames are keyed by seconds.</returns>
    private static bool Config(JsonElement config, List<MetadataProblem> problems)
    {
        const string Path = Key + ".config";
        if (config.ValueKind != JsonValueKind.Object)
        {
            problems.Add(Problem(Path, "an object with \"sampling_rate\" and \"keyframe_mode\"", config));
            return false;
        }

        var seconds = false;
        foreach (var property in config.EnumerateObject())
        {
            switch (property.Name)
            {
                case "sampling_rate" when SamplingRate(property.Value) is null:
                    problems.Add(Problem($"{Path}.sampling_rate", "a number of samples per second, at least 0 (0: the first frame and the key frames only)", property.Value));
                    break;
                case "keyframe_mode" when property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is "frame" or "seconds":
                    seconds = property.Value.GetString() == "seconds";
                    break;
                case "keyframe_mode":
                    problems.Add(Problem($"{Path}.keyframe_mode", "\"frame\" or \"seconds\"", property.Value));
                    break;
                case "sampling_rate":
                    break;
                default:
                    problems.Add(new MetadataProblem($"{Path}.{property.Name}", "absent: config holds \"sampling_rate\" and \"keyframe_mode\"", MetadataValues.Shown(property.Value)));
                    break;
            }
        }

        return seconds;
    }

    // Encord's own examples write the rate as a string ("<samples-per-second>"); both forms are read.
    private static double? SamplingRate(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetDouble(out var n) && n >= 0 && double.IsFinite(n) => n,
        JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0 && double.IsFinite(n) => n,
        _ => null,
    };

    private static void Frames(string path, JsonElement frames, bool seconds, MetadataSchema schema, List<MetadataProblem> problems)
    {
        var position = seconds ? "a time in seconds (a number of at least 0)" : "a frame number (an integer of at least 0)";
        switch (frames.ValueKind)
        {
            case JsonValueKind.Array:
                var i = 0;
                foreach (var frame in frames.EnumerateArray())
                {
                    if (!IsPosition(frame, seconds) && problems.Count < MaxReported)
                    {
                        problems.Add(Problem($"{path}[{i}]", position, frame));
                    }

                    i++;
                }

                break;
            case JsonValueKind.Object:
                foreach (var frame in frames.EnumerateObject())
                {
                    if (problems.Count >= MaxReported)
                    {
                        return;
                    }

                    var framePath = $"{path}[\"{frame.Name}\"]";
                    if (!IsPosition(frame.Name, seconds))
                    {
                        problems.Add(new MetadataProblem(framePath, $"keyed by {position}", $"\"{frame.Name}\""));
                    }

                    FrameMetadata(framePath, frame.Value, schema, problems);
                }

                break;
            default:
                problems.Add(Problem(path, "a list of key frames, or an object of frame to per-frame metadata", frames));
                break;
        }
    }

    private static void FrameMetadata(string path, JsonElement metadata, MetadataSchema schema, List<MetadataProblem> problems)
    {
        if (metadata.ValueKind != JsonValueKind.Object)
        {
            problems.Add(Problem(path, "an object of per-frame metadata ({} for a bare key frame)", metadata));
            return;
        }

        foreach (var property in metadata.EnumerateObject())
        {
            if (property.Name == Key)
            {
                if (property.Value.ValueKind != JsonValueKind.Object
                    || (property.Value.TryGetProperty("keyframe", out var keyframe) && keyframe.ValueKind is not (JsonValueKind.True or JsonValueKind.False)))
                {
                    problems.Add(Problem($"{path}.{Key}", "{\"keyframe\": false} (or true)", property.Value));
                }
            }
            else if (schema.Get(property.Name) is { } entry && MetadataValues.Check(property.Name, entry, property.Value).Problem is { } problem)
            {
                problems.Add(problem with { Key = $"{path}.{property.Name}" });
            }
        }
    }

    private static bool IsPosition(JsonElement value, bool seconds) =>
        value.ValueKind == JsonValueKind.Number && (seconds
            ? value.TryGetDouble(out var s) && s >= 0 && double.IsFinite(s)
            : value.TryGetInt64(out var f) && f >= 0);

    private static bool IsPosition(string name, bool seconds) => seconds
        ? double.TryParse(name, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var s) && s >= 0 && double.IsFinite(s)
        : long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    private static MetadataProblem Problem(string path, string expected, JsonElement value) => new(path, expected, MetadataValues.Shown(value));
}
