namespace Curio.Connectors.Tests.Support;

/// <summary>A fresh directory under the system temp folder, deleted (links, not their targets) on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = Directory.CreateTempSubdirectory("curio-connectors-").FullName;
    }

    public string Path { get; }

    public string Combine(string relative) => System.IO.Path.Join(Path, relative);

    public string Write(string relative, byte[] content)
    {
        var full = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test run.
        }
    }
}
