using System.Text.Json;

namespace Curio.Server.Jobs.Probing;

/// <summary>
/// The identifiers and size in a typed-dialect <c>dicomMetadata</c> block (<c>{"tags": {"0020000D": {"vr": "UI",
/// "Value": ["1.2..."]}, ...}}</c>, pydicom's JSON form), so a series whose headers came with the upload file still
/// carries its study, series and instance UIDs without the server reading the files.
/// </summary>
internal readonly record struct DicomMetadataTags(string? SopInstanceUid, string? StudyInstanceUid, string? SeriesInstanceUid, int? Rows, int? Columns)
{
    public static DicomMetadataTags Read(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("tags", out var tags) || tags.ValueKind != JsonValueKind.Object)
            {
                return default;
            }

            return new DicomMetadataTags(
                Text(tags, "00080018"), Text(tags, "0020000D"), Text(tags, "0020000E"), Number(tags, "00280010"), Number(tags, "00280011"));
        }
        catch (JsonException)
        {
            return default; // the block was stored as given; it just has nothing to offer here
        }
    }

    private static JsonElement? First(JsonElement tags, string tag) =>
        tags.TryGetProperty(tag, out var element) && element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty("Value", out var values) && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() > 0
            ? values[0]
            : null;

    private static string? Text(JsonElement tags, string tag) =>
        First(tags, tag) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 and <= 64 } text ? text : null;

    private static int? Number(JsonElement tags, string tag) =>
        First(tags, tag) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var n) && n > 0 ? n : null;
}
