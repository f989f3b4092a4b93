using Curio.Cli.Infrastructure;
using Curio.Contracts;
using Spectre.Console;

namespace Curio.Cli.Commands.Jobs;

/// <summary><c>curio jobs cancel JOB</c>: what the job registered stays.</summary>
internal sealed class JobsCancelCommand(IAnsiConsole output, CliConsole console, CurioConnection connection)
    : CurioCommand<JobsCancelSettings>(output, console)
{
    protected override async Task<int> RunAsync(JobsCancelSettings settings, CancellationToken cancellationToken)
    {
        var job = await connection.CreateClient(settings).CancelJobAsync(settings.JobId, cancellationToken);
        if (settings.Json)
        {
            JsonOutput.Write(Output, job, CurioJsonContext.Default.ImportJob);
        }
        else
        {
            Output.WriteLine(job.Status == JobStatus.Pending
                ? $"Cancelling job {job.JobId}; its workers stop within moments. What it registered stays."
                : $"Job {job.JobId} is {Render.Status(job.Status)}. What it registered stays.");
            Output.WriteLine(Render.Units(job));
        }

        return ExitCodes.Ok;
    }
}
