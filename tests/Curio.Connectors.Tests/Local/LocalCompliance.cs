using Curio.Connectors.Tests.Support;

namespace Curio.Connectors.Tests.Local;

public sealed class LocalComplianceFixture : IDisposable
{
    public LocalComplianceFixture()
    {
        Source = Factory.Create(new IntegrationSettings { Provider = IntegrationSettings.Local, Root = Root.Path });
    }

    public TempDir Root { get; } = new();

    public ObjectSourceFactory Factory { get; } = new();

    public IObjectSource Source { get; }

    public void Dispose()
    {
        Factory.Dispose();
        Root.Dispose();
    }
}

/// <summary>Objects are files under a temp root; spec URLs are root-relative paths, the form listings give back.</summary>
public sealed class LocalCompliance(LocalComplianceFixture fixture) : ObjectSourceCompliance, IClassFixture<LocalComplianceFixture>
{
    protected override IObjectSource Source => fixture.Source;

    protected override async Task<string> PutObjectAsync(string key, byte[] content, CancellationToken cancellationToken)
    {
        var path = fixture.Root.Combine(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, content, cancellationToken);
        return UrlFor(key);
    }

    protected override string UrlFor(string key) =>
        key.Contains(' ', StringComparison.Ordinal)
            ? "file://" + string.Join('/', fixture.Root.Combine(key).Split('/').Select(Uri.EscapeDataString))
            : key;
}
