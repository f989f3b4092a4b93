using Curio.Contracts;
using Curio.Sdk;
using Spectre.Console;

namespace Curio.Cli.Infrastructure;

/// <summary>Starting an import of an upload file on disk, and following it: what <c>import</c> and <c>spec generate --import</c> share.</summary>
internal static class ImportRunner
{
    /// <summary>Uploads the file and starts its job; a refused file throws (422, every problem listed) and starts nothing.</summary>
    public static Task<ImportOperation> StartAsync(
        CurioClient client, Folder folder, string integration, string file, bool ignoreErrors, CancellationToken cancellationToken) =>
        client.StartImportAsync(new ImportRequest(folder.Uuid, integration, file) { IgnoreErrors = ignoreErrors }, cancellationToken);

    /// <summary>Text output for a job started and not waited for: its id and how to follow it.</summary>
    public static void WriteStarted(IAnsiConsole output, ImportJob job, Folder folder)
    {
        output.WriteLine($"Started import job {job.JobId}: {job.UnitsTotal} units into '{folder.Path}'.");
        output.WriteLine($"Follow it with: curio jobs wait {job.JobId}");
    }

    /// <summary>Follows a started job to its end (see <see cref="JobWaiter"/>) and returns it as it ended.</summary>
    public static Task<ImportJob> WaitAsync(
        ImportOperation operation, Folder folder, IAnsiConsole output, CliConsole console, bool json, CancellationToken cancellationToken)
    {
        if (!json)
        {
            output.WriteLine($"Importing {operation.Value!.UnitsTotal} units into '{folder.Path}' (job {operation.Id}).");
        }

        return JobWaiter.WaitAsync(operation, output, console, json, cancellationToken);
    }
}
