using Curio.Cli.Infrastructure;

namespace Curio.Cli;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // The first Ctrl-C cancels the running command (exit 130); a second one ends the process at once.
        using var interrupt = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            if (!interrupt.IsCancellationRequested)
            {
                e.Cancel = true;
                interrupt.Cancel();
            }
        };

        return await CurioApp.RunAsync(args, CliConsole.Output(), CliConsole.ForProcess(), new CliEnvironment(), null, interrupt.Token);
    }
}
