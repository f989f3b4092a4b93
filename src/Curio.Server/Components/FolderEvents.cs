namespace Curio.Server.Components;

/// <summary>Tells the pages of one circuit that the folder tree changed (a folder was created or renamed).</summary>
internal sealed class FolderEvents
{
    public event Action? Changed;

    public void Raise() => Changed?.Invoke();
}
