namespace Curio.Server.Jobs.Probing;

/// <summary>One unit failed: the message says what went wrong, names the file, and says what to do.</summary>
internal sealed class UnitFailure(string message) : Exception(message);
