namespace Curio.Server.Components;

/// <summary>
/// Tells the components of one circuit that an import job was started from it (the import dialog raises it), so a job
/// list in the same circuit can show the job at once instead of at its next refresh.
/// </summary>
internal sealed class JobEvents
{
    public event Action<Guid>? Started;

    public void Raise(Guid job) => Started?.Invoke(job);
}
