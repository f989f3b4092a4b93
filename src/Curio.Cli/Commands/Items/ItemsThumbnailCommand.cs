using System.ComponentModel;
using Curio.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Curio.Cli.Commands.Items;

internal sealed class ItemsThumbnailSettings : CurioSettings
{
    [CommandArgument(0, "<UUID>")]
    [Description("The item's UUID, as `curio items list` shows it")]
    public string Uuid { get; set; } = "";

    [CommandOption("--out <FILE>")]
    [Description("Where to write the JPEG (replaced if it exists)")]
    public string? Out { get; set; }

    public override ValidationResult Validate()
    {
        var uuid = CheckUuid(Uuid, "UUID", "an item's id from `curio items list`");
        if (!uuid.Successful)
        {
            return uuid;
        }

        return string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out FILE is required: where to write the thumbnail.") : base.Validate();
    }
}

/// <summary><c>curio items thumbnail UUID --out FILE</c></summary>
internal sealed class ItemsThumbnailCommand(IAnsiConsole output, CliConsole console, CurioConnection connection)
    : CurioCommand<ItemsThumbnailSettings>(output, console)
{
    protected override async Task<int> RunAsync(ItemsThumbnailSettings settings, CancellationToken cancellationToken)
    {
        var uuid = Guid.Parse(settings.Uuid);

        // Fetched whole before the file is opened, so a refused thumbnail leaves no empty file behind.
        var jpeg = await connection.CreateClient(settings).GetThumbnailAsync(uuid, cancellationToken);
        var path = Path.GetFullPath(settings.Out!);
        await File.WriteAllBytesAsync(path, jpeg, cancellationToken);
        if (settings.Json)
        {
            JsonOutput.Write(Output, new ThumbnailDownload(uuid, path, jpeg.Length), CliJsonContext.Default.ThumbnailDownload);
        }
        else
        {
            Output.WriteLine($"Wrote the thumbnail of item {uuid} ({Render.Bytes(jpeg.Length)}) to {path}.");
        }

        return ExitCodes.Ok;
    }
}
