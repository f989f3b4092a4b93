using System.ComponentModel;
using Curio.Cli.Infrastructure;
using Curio.Contracts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Curio.Cli.Commands.Import;

internal sealed class ImportSettings : CurioSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("The upload file: Encord JSON (either dialect) or CSV")]
    public string File { get; set; } = "";

    [CommandOption("--folder <PATH>")]
    [Description("The folder that receives the items, e.g. datasets/cams; it must exist")]
    public string? Folder { get; set; }

    [CommandOption("--integration <NAME>")]
    [Description("The integration (name or UUID) the files are read through")]
    public string? Integration { get; set; }

    [CommandOption("--ignore-errors")]
    [Description("Register what can be, list the failed files, end DONE. Without it: all or nothing")]
    public bool IgnoreErrors { get; set; }

    [CommandOption("--wait")]
    [Description("Wait for the job to end (a progress bar on a terminal); exit 3 when it ends ERROR or CANCELLED")]
    public bool Wait { get; set; }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Folder))
        {
            return ValidationResult.Error("--folder PATH is required.");
        }

        return string.IsNullOrWhiteSpace(Integration) ? ValidationResult.Error("--integration NAME is required.") : base.Validate();
    }
}

/// <summary><c>curio import FILE --folder PATH --integration NAME [--ignore-errors] [--wait]</c></summary>
internal sealed class ImportCommand(IAnsiConsole output, CliConsole console, CurioConnection connection)
    : CurioCommand<ImportSettings>(output, console)
{
    protected override async Task<int> RunAsync(ImportSettings settings, CancellationToken cancellationToken)
    {
        if (!System.IO.File.Exists(settings.File))
        {
            throw new CliException($"file '{settings.File}' not found.");
        }

        var client = connection.CreateClient(settings);
        var folder = await FolderPaths.ResolveAsync(client, settings.Folder!, cancellationToken);
        var operation = await ImportRunner.StartAsync(client, folder, settings.Integration!, settings.File, settings.IgnoreErrors, cancellationToken);

        if (!settings.Wait)
        {
            var job = operation.Value!;
            if (settings.Json)
            {
                JsonOutput.Write(Output, job, CurioJsonContext.Default.ImportJob);
            }
            else
            {
                ImportRunner.WriteStarted(Output, job, folder);
            }

            return ExitCodes.Ok;
        }

        var final = await ImportRunner.WaitAsync(operation, folder, Output, Console, settings.Json, cancellationToken);
        return JobWaiter.Finish(Output, final, settings.Json);
    }
}
