using Spectre.Console;

namespace Curio.Cli.Infrastructure;

/// <summary>
/// Where diagnostics go (stderr), and whether stdout is a terminal (progress bars) or a pipe (plain lines).
/// Results go to the <see cref="IAnsiConsole"/> Spectre hands the commands (stdout).
/// </summary>
internal sealed class CliConsole(IAnsiConsole error, bool outputIsTerminal)
{
    public IAnsiConsole Error { get; } = error;

    public bool OutputIsTerminal { get; } = outputIsTerminal;

    /// <summary>The process's stderr; stdout is a terminal unless redirected.</summary>
    public static CliConsole ForProcess()
    {
        var error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsErrorRedirected)
        {
            error.Profile.Width = RedirectedWidth;
        }

        return new CliConsole(error, !Console.IsOutputRedirected);
    }

    /// <summary>stdout; into a pipe or a file, lines are not wrapped at a made-up 80 columns.</summary>
    public static IAnsiConsole Output()
    {
        var output = AnsiConsole.Console;
        if (Console.IsOutputRedirected)
        {
            output.Profile.Width = RedirectedWidth;
        }

        return output;
    }

    private const int RedirectedWidth = 1000;

    public void WriteError(string message) => Error.MarkupLineInterpolated($"[red]error:[/] {message}");

    public void WriteWarning(string message) => Error.MarkupLineInterpolated($"[yellow]warning:[/] {message}");

    public void WriteNote(string message) => Error.WriteLine(message);
}
