using System.Net;
using Curio.Connectors.Direct;

namespace Curio.Connectors.Tests.Direct;

/// <summary>Shared plumbing for direct-source tests: the origin, sources with fast retries, small helpers.</summary>
public abstract class DirectTestBase(OriginFixture fixture) : IDisposable
{
    protected static readonly ObjectSourceOptions Fast = new()
    {
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        MaxRetryDelay = TimeSpan.FromMilliseconds(20),
    };

    private readonly List<ObjectSourceFactory> _factories = [];

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected TestOrigin Origin => fixture.Origin;

    public void Dispose()
    {
        foreach (var factory in _factories)
        {
            factory.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    protected static string NewKey() => $"direct/{Guid.NewGuid():N}.bin";

    protected static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    protected static async Task<ObjectHead> HeadAsync(IObjectSource source, string url)
    {
        var resolution = source.Resolve(url);
        Assert.True(resolution.Location is not null, resolution.Error);
        return await source.ReadHeadAsync(resolution.Location, 1024, Ct);
    }

    protected string RedirectTo(string target) => $"{Origin.BaseUrl}/redirect?to={Uri.EscapeDataString(target)}";

    /// <summary>Kept for the test's lifetime and disposed with it.</summary>
    protected ObjectSourceFactory Track(ObjectSourceFactory factory)
    {
        _factories.Add(factory);
        return factory;
    }

    internal IObjectSource Create(bool allowPrivate = true, ObjectSourceOptions? options = null, Func<IPAddress, AddressCategory>? classify = null)
    {
        var factory = Track(new ObjectSourceFactory(null, null, options ?? Fast, classify ?? AddressClassifier.Classify));
        return factory.Create(new IntegrationSettings { Provider = IntegrationSettings.Direct, AllowPrivateNetworks = allowPrivate });
    }
}
