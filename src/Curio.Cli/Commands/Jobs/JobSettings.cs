using System.ComponentModel;
using Curio.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Curio.Cli.Commands.Jobs;

/// <summary>The JOB argument the jobs commands share.</summary>
internal abstract class JobSettings : CurioSettings
{
    [CommandArgument(0, "<JOB>")]
    [Description("The job's id, as `curio import` printed it")]
    public string Job { get; set; } = "";

    public Guid JobId => Guid.Parse(Job);

    public override ValidationResult Validate()
    {
        var job = CheckUuid(Job, "JOB", "the job id `curio import` printed");
        return job.Successful ? base.Validate() : job;
    }
}

internal sealed class JobsShowSettings : JobSettings;

internal sealed class JobsWaitSettings : JobSettings;

internal sealed class JobsCancelSettings : JobSettings;

internal sealed class JobsErrorsSettings : JobSettings
{
    [CommandOption("--csv <FILE>")]
    [Description("Write the failed files as CSV (object_url,title,item_type,error,action,subtask_uuid; a row per URL) to FILE")]
    public string? Csv { get; set; }
}
