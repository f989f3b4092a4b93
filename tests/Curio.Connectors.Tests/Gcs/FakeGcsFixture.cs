using Curio.Testing.FakeGcs;

namespace Curio.Connectors.Tests.Gcs;

/// <summary>One fake GCS server per test class, with a bucket of its own.</summary>
public sealed class FakeGcsFixture : IAsyncLifetime
{
    public FakeGcsServer Server { get; private set; } = null!;

    /// <summary>Unique per class, so classes running in parallel never see each other's objects.</summary>
    public string Bucket { get; } = $"curio-{Guid.NewGuid():N}";

    public async ValueTask InitializeAsync()
    {
        Server = await FakeGcsServer.StartAsync();
        Server.CreateBucket(Bucket);
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
