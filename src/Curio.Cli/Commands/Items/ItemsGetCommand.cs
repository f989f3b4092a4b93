using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Curio.Cli.Infrastructure;
using Curio.Contracts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Curio.Cli.Commands.Items;

internal sealed class ItemsGetSettings : CurioSettings
{
    [CommandArgument(0, "<UUID>")]
    [Description("The item's UUID, as `curio items list` shows it")]
    public string Uuid { get; set; } = "";

    [CommandOption("--sign-url")]
    [Description("Also print a signed URL a browser can open for the integration's TTL")]
    public bool SignUrl { get; set; }

    public override ValidationResult Validate()
    {
        var uuid = CheckUuid(Uuid, "UUID", "an item's id from `curio items list`");
        return uuid.Successful ? base.Validate() : uuid;
    }
}

/// <summary><c>curio items get UUID</c></summary>
internal sealed class ItemsGetCommand(IAnsiConsole output, CliConsole console, CurioConnection connection)
    : CurioCommand<ItemsGetSettings>(output, console)
{
    protected override async Task<int> RunAsync(ItemsGetSettings settings, CancellationToken cancellationToken)
    {
        var item = await connection.CreateClient(settings).GetItemAsync(Guid.Parse(settings.Uuid), settings.SignUrl, cancellationToken);
        if (settings.Json)
        {
            JsonOutput.Write(Output, item, CurioJsonContext.Default.Item);
            return ExitCodes.Ok;
        }

        Output.Write(Render.Fields(
            ("uuid", item.Uuid.ToString()),
            ("name", item.Name),
            ("type", TypeName(item.ItemType)),
            ("url", item.Url),
            ("signed url", item.SignedUrl),
            ("folder", item.Parent.ToString()),
            ("group", item.ParentItem?.ToString()),
            ("position", Number(item.Position)),
            ("frames", item.ChildCount > 0 ? Number((int?)item.ChildCount) : null),
            ("mime type", item.MimeType),
            ("size", item.FileSize is null ? null : $"{Render.Bytes(item.FileSize)} ({Number(item.FileSize)} bytes)"),
            ("dimensions", item.Width is null || item.Height is null ? null : $"{Number(item.Width)} x {Number(item.Height)}"),
            ("duration", item.Duration is null ? null : $"{Number(item.Duration)} s"),
            ("fps", Number(item.Fps)),
            ("frame count", Number(item.FrameCount)),
            ("pages", Number(item.NumPages)),
            ("audio", item.AudioSampleRate is null ? null
                : $"{Number(item.AudioSampleRate)} Hz, {Number(item.AudioNumChannels)} channels, {item.AudioCodec}{(item.AudioBitDepth is { } bits ? $", {Number((int?)bits)} bit" : "")}"),
            ("dicom study", item.DicomStudyUid),
            ("dicom series", item.DicomSeriesUid),
            ("dicom instance", item.DicomInstanceUid),
            ("storage", item.StorageLocation),
            ("integration", item.IntegrationHash?.ToString()),
            ("import job", item.UploadJobId?.ToString()),
            ("created", Render.Time(item.CreatedAt)),
            ("edited", Render.Time(item.LastEditedAt)),
            ("metadata", Compact(item.ClientMetadata)),
            ("media metadata", item.MediaMetadata is { } media ? Compact(media) : null),
            ("key frames", item.TechnicalMetadata is { } t && t.TryGetProperty("keyFrames", out var keys) ? KeyFrames(keys) : null),
            ("technical", item.TechnicalMetadata is { } technical ? WithoutKeyFrames(technical) : null)));
        return ExitCodes.Ok;
    }

    /// <summary>The wire name (<c>imageGroup</c>), as the API and Encord spell it.</summary>
    public static string TypeName(ItemType type) => JsonSerializer.Serialize(type, CurioJsonContext.Default.ItemType).Trim('"');

    private static string? Number<T>(T? value)
        where T : struct, IFormattable => value?.ToString(null, CultureInfo.InvariantCulture);

    private static string Compact(JsonElement element) => element.GetRawText();

    // A long video has thousands of key frames: the first ones and the count say enough on a terminal (--json has all).
    private static string KeyFrames(JsonElement keys)
    {
        var all = keys.EnumerateArray().Select(k => k.GetRawText()).ToList();
        return all.Count <= 12 ? string.Join(", ", all) : $"{string.Join(", ", all.Take(12))}, ... ({Number((int?)all.Count)} in all)";
    }

    private static string? WithoutKeyFrames(JsonElement technical)
    {
        var rest = technical.EnumerateObject().Where(p => p.Name != "keyFrames").Select(p => $"\"{p.Name}\":{p.Value.GetRawText()}").ToList();
        return rest.Count == 0 ? null : "{" + string.Join(",", rest) + "}";
    }
}
