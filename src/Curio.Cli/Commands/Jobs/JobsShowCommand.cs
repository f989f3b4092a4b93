using Curio.Cli.Infrastructure;
using Curio.Contracts;
using Spectre.Console;

namespace Curio.Cli.Commands.Jobs;

/// <summary><c>curio jobs show JOB</c></summary>
internal sealed class JobsShowCommand(IAnsiConsole output, CliConsole console, CurioConnection connection)
    : CurioCommand<JobsShowSettings>(output, console)
{
    protected override async Task<int> RunAsync(JobsShowSettings settings, CancellationToken cancellationToken)
    {
        var job = await connection.CreateClient(settings).GetJobAsync(settings.JobId, cancellationToken);
        if (settings.Json)
        {
            JsonOutput.Write(Output, job, CurioJsonContext.Default.ImportJob);
        }
        else
        {
            Render.Job(Output, job);
        }

        return ExitCodes.Ok;
    }
}
