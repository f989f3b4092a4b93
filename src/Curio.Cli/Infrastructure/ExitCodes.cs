namespace Curio.Cli.Infrastructure;

/// <summary>The exit codes of every command; documented in <c>docs/cli.md</c> and in each command's help. Never renumbered.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Bad arguments, a missing file or setting, a refused upload file, a resource that does not exist.</summary>
    public const int InvalidInput = 1;

    /// <summary>The server failed (5xx), refused the token, or could not be reached.</summary>
    public const int ServerError = 2;

    /// <summary>The awaited import job ended ERROR or CANCELLED.</summary>
    public const int JobFailed = 3;

    /// <summary>The user pressed Ctrl-C (128 + SIGINT).</summary>
    public const int Interrupted = 130;
}
