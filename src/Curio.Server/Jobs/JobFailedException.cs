namespace Curio.Server.Jobs;

/// <summary>A reason a whole job cannot go on (not one unit's failure): the job ends ERROR with this message.</summary>
internal sealed class JobFailedException(string message) : Exception(message);
