namespace Curio.Server.Hosting;

/// <summary>
/// The server's data directory, held with an exclusive lock for the life of the process: the embedded database
/// assumes one server, and a second one on the same directory would requeue the first one's work.
/// </summary>
public sealed class DataDirectory : IDisposable
{
    private readonly FileStream _lock;

    public DataDirectory(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(Path);
        Directory.CreateDirectory(Spool);
        try
        {
            _lock = new FileStream(System.IO.Path.Combine(Path, "server.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException($"Another Curio server is using the data directory {Path}; stop it or start this one with another --data.", ex);
        }
    }

    public string Path { get; }

    /// <summary>Upload files wait here while they are read.</summary>
    public string Spool => System.IO.Path.Combine(Path, "spool");

    public void Dispose() => _lock.Dispose();
}
