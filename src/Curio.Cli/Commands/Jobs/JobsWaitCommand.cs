using Curio.Cli.Infrastructure;
using Curio.Sdk;
using Spectre.Console;

namespace Curio.Cli.Commands.Jobs;

/// <summary><c>curio jobs wait JOB</c>: exit 0 when it ends DONE, 3 when ERROR or CANCELLED.</summary>
internal sealed class JobsWaitCommand(IAnsiConsole output, CliConsole console, CurioConnection connection)
    : CurioCommand<JobsWaitSettings>(output, console)
{
    protected override async Task<int> RunAsync(JobsWaitSettings settings, CancellationToken cancellationToken)
    {
        var operation = new ImportOperation(connection.CreateClient(settings), settings.JobId);
        await operation.UpdateStatusAsync(cancellationToken);
        var job = await JobWaiter.WaitAsync(operation, Output, Console, settings.Json, cancellationToken);
        return JobWaiter.Finish(Output, job, settings.Json);
    }
}
