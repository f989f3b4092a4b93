namespace Curio.Cli.Infrastructure;

/// <summary>A failure the user can act on: its message is printed as is, and the command exits with <see cref="ExitCode"/>.</summary>
internal sealed class CliException : Exception
{
    public CliException()
        : this("The command failed.")
    {
    }

    public CliException(string message)
        : this(ExitCodes.InvalidInput, message)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = ExitCodes.InvalidInput;
    }

    public CliException(int exitCode, string message)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
