namespace Curio.Server.Components;

/// <summary>Whether a circuit shows folders' items as a table rather than a grid: kept while the user moves between folders.</summary>
internal sealed class ItemViewChoice
{
    public bool Table { get; set; }
}
