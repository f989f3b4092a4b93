using Curio.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Cli.Help;
using Spectre.Console.Rendering;

namespace Curio.Cli;

/// <summary>Spectre's help, followed by the exit codes (the same for every command).</summary>
internal sealed class CurioHelpProvider(ICommandAppSettings settings) : HelpProvider(settings)
{
    private static readonly (int Code, string Meaning)[] ExitCodeMeanings =
    [
        (ExitCodes.Ok, "done"),
        (ExitCodes.InvalidInput, "invalid input: bad arguments, a missing file or setting, a refused upload file, a resource not found"),
        (ExitCodes.ServerError, "server or connection error: 5xx, a refused token, an unreachable server"),
        (ExitCodes.JobFailed, "an awaited job ended ERROR or CANCELLED (import --wait, jobs wait, spec generate --import --wait)"),
        (ExitCodes.Interrupted, "interrupted (Ctrl-C); a job being waited for goes on"),
    ];

    public override IEnumerable<IRenderable> GetFooter(ICommandModel model, ICommandInfo? command)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadLeft(4).PadRight(4)).AddColumn();
        foreach (var (code, meaning) in ExitCodeMeanings)
        {
            grid.AddRow(new Text(code.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Text(meaning));
        }

        return [.. base.GetFooter(model, command), Text.NewLine, new Markup("[yellow]EXIT CODES:[/]"), Text.NewLine, grid];
    }
}
