using System.ComponentModel;
using Curio.Cli.Infrastructure;
using Curio.Contracts;
using Curio.Core.Specs;
using Curio.Server.Features.Importing;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Curio.Cli.Commands.Spec;

internal sealed class SpecValidateSettings : CurioSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("The upload file: Encord JSON (either dialect) or CSV")]
    public string File { get; set; } = "";

    [CommandOption("--format <FORMAT>")]
    [Description("json or csv; by default from the file's extension, else from its first character")]
    public string? Format { get; set; }

    public override ValidationResult Validate() =>
        SpecMapping.TryParseFormat(Format, out _) ? base.Validate() : ValidationResult.Error($"--format must be json or csv, not '{Format}'.");
}

/// <summary>
/// <c>curio spec validate FILE</c>: checks an upload file here, with the server's own reader, without a server.
/// Exit 0 when it would be accepted, 1 when refused.
/// </summary>
internal sealed class SpecValidateCommand(IAnsiConsole output, CliConsole console) : CurioCommand<SpecValidateSettings>(output, console)
{
    protected override async Task<int> RunAsync(SpecValidateSettings settings, CancellationToken cancellationToken)
    {
        if (!System.IO.File.Exists(settings.File))
        {
            throw new CliException($"file '{settings.File}' not found.");
        }

        var format = SpecMapping.TryParseFormat(settings.Format, out var parsed) ? parsed : SpecFormat.Auto;

        // The reader is synchronous and reads the whole file; off the main flow, so Ctrl-C still answers at once.
        var result = await Task.Run(() =>
        {
            using var stream = new FileStream(settings.File, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            return SpecReader.Read(stream, new SpecReadOptions { FileName = settings.File, Format = format });
        }, cancellationToken).WaitAsync(cancellationToken);
        var validation = SpecMapping.ToDto(result);

        if (settings.Json)
        {
            JsonOutput.Write(Output, validation, CurioJsonContext.Default.SpecValidation);
        }
        else
        {
            Print(validation, settings.File);
        }

        return validation.Valid ? ExitCodes.Ok : ExitCodes.InvalidInput;
    }

    private void Print(SpecValidation validation, string file)
    {
        var flags = string.Join(", ", new[] { validation.SkipDuplicateUrls ? "skip_duplicate_urls" : null, validation.UpsertMetadata ? "upsert_metadata" : null }
            .OfType<string>());
        var what = $"{validation.Format} ({validation.Dialect}), {validation.UnitCount} units, {validation.UrlCount} URLs{(flags.Length > 0 ? "; " + flags : "")}";
        if (validation.Valid)
        {
            Output.MarkupLineInterpolated($"[green]valid:[/] {file}: {what}");
        }
        else
        {
            var count = validation.Errors.Count + validation.UnlistedErrorCount;
            Output.MarkupLineInterpolated($"[red]invalid:[/] {file}: {count} error{(count == 1 ? "" : "s")}; the server would refuse the whole file");
            Render.SpecProblems(Output, validation.Errors, validation.UnlistedErrorCount);
        }

        if (validation.Warnings.Count > 0)
        {
            Output.MarkupLineInterpolated($"[yellow]{validation.Warnings.Count} warning{(validation.Warnings.Count == 1 ? "" : "s")}:[/]");
            Render.SpecProblems(Output, validation.Warnings, 0);
        }
    }
}
