namespace Curio.Storage;

/// <summary>
/// The key ring the server encrypts integration secrets with, held in the database so that every server process on it
/// decrypts what any other encrypted. Embedded SQLite keeps its keys in the data directory instead (one process).
/// </summary>
public interface IKeyRingStore
{
    Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Stores a key's XML under its (unique) name; a name already stored keeps its first XML.</summary>
    Task StoreAsync(string name, string xml, CancellationToken cancellationToken);
}
