using System.Diagnostics;
using Curio.Contracts;
using Curio.Sdk;
using Spectre.Console;

namespace Curio.Cli.Infrastructure;

/// <summary>
/// Waits for an import job to end: a progress bar on a terminal, a line now and then on a pipe, nothing in JSON mode.
/// Ctrl-C stops the wait, never the job.
/// </summary>
internal static class JobWaiter
{
    private static readonly TimeSpan LineEvery = TimeSpan.FromSeconds(5);

    public static async Task<ImportJob> WaitAsync(ImportOperation operation, IAnsiConsole output, CliConsole console, bool json, CancellationToken cancellationToken)
    {
        try
        {
            if (json)
            {
                return await operation.WaitForCompletionAsync(cancellationToken: cancellationToken);
            }

            return console.OutputIsTerminal
                ? await ProgressBarAsync(operation, output, cancellationToken)
                : await LinesAsync(operation, output, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Interrupted,
                $"Stopped waiting; job {operation.Id} goes on. Follow it with: curio jobs wait {operation.Id}  (stop it with: curio jobs cancel {operation.Id})");
        }
    }

    /// <summary>Prints the ended job and gives the exit code: 0 for DONE (with or without failed units), 3 for ERROR or CANCELLED.</summary>
    public static int Finish(IAnsiConsole output, ImportJob job, bool json)
    {
        if (json)
        {
            JsonOutput.Write(output, job, CurioJsonContext.Default.ImportJob);
        }
        else
        {
            Render.Job(output, job);
        }

        return job.Status == JobStatus.Done ? ExitCodes.Ok : ExitCodes.JobFailed;
    }

    private static async Task<ImportJob> ProgressBarAsync(ImportOperation operation, IAnsiConsole output, CancellationToken cancellationToken)
    {
        ImportJob? final = null;
        await output.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Describe(operation.Value), maxValue: Math.Max(1, operation.Value?.UnitsTotal ?? 1));
                final = await operation.WaitForCompletionAsync(TimeSpan.FromMilliseconds(500), new SyncProgress<ImportJob>(job =>
                {
                    task.MaxValue = Math.Max(1, job.UnitsTotal);
                    task.Value = job.UnitsTotal - job.UnitsPendingCount;
                    task.Description = Describe(job);
                }), cancellationToken);
                task.StopTask();
            });
        return final!;
    }

    private static async Task<ImportJob> LinesAsync(ImportOperation operation, IAnsiConsole output, CancellationToken cancellationToken)
    {
        string? last = null;
        var lastAt = 0L;
        return await operation.WaitForCompletionAsync(TimeSpan.FromSeconds(1), new SyncProgress<ImportJob>(job =>
        {
            // The command prints the outcome; these lines only say that a running job moves.
            var line = $"job {job.JobId}: {Describe(job)}";
            if (job.Status != JobStatus.Pending || line == last || (last is not null && Stopwatch.GetElapsedTime(lastAt) < LineEvery))
            {
                return;
            }

            output.WriteLine(line);
            (last, lastAt) = (line, Stopwatch.GetTimestamp());
        }), cancellationToken);
    }

    private static string Describe(ImportJob? job) => job is null
        ? "waiting"
        : $"{job.UnitsTotal - job.UnitsPendingCount}/{job.UnitsTotal} units, {job.UnitsErrorCount} failed";
}
