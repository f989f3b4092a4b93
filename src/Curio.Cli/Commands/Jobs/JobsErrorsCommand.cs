using Curio.Cli.Infrastructure;
using Curio.Contracts;
using Spectre.Console;

namespace Curio.Cli.Commands.Jobs;

/// <summary><c>curio jobs errors JOB [--csv FILE]</c>: the failed units, as a table or as the failed-files CSV.</summary>
internal sealed class JobsErrorsCommand(IAnsiConsole output, CliConsole console, CurioConnection connection)
    : CurioCommand<JobsErrorsSettings>(output, console)
{
    protected override async Task<int> RunAsync(JobsErrorsSettings settings, CancellationToken cancellationToken)
    {
        var client = connection.CreateClient(settings);

        // Asked first, so a wrong id leaves no empty file behind.
        var job = await client.GetJobAsync(settings.JobId, cancellationToken);
        if (settings.Csv is { } csv)
        {
            var path = Path.GetFullPath(csv);
            try
            {
                await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
                await client.DownloadFailedFilesCsvAsync(job.JobId, file, cancellationToken);
            }
            catch
            {
                File.Delete(path);
                throw;
            }

            if (settings.Json)
            {
                JsonOutput.Write(Output, new CsvDownload(job.JobId, path, job.UnitsErrorCount), CliJsonContext.Default.CsvDownload);
            }
            else
            {
                Output.WriteLine($"Wrote the failed files of job {job.JobId} ({job.UnitsErrorCount} failed units) to {path}.");
            }

            return ExitCodes.Ok;
        }

        var errors = new List<UnitError>();
        await foreach (var error in client.GetJobErrorsAsync(job.JobId, cancellationToken))
        {
            errors.Add(error);
        }

        if (settings.Json)
        {
            JsonOutput.Write(Output, new Page<UnitError> { Results = errors }, CurioJsonContext.Default.PageUnitError);
        }
        else if (errors.Count == 0)
        {
            Output.WriteLine($"Job {job.JobId} has no failed units.");
        }
        else
        {
            Output.Write(Render.UnitErrors(errors));
        }

        return ExitCodes.Ok;
    }
}
