using System.Net;

namespace Curio.Connectors.Direct;

/// <summary>
/// The two shared clients for direct sources, one per allow-private flag. Connection pools live here so that
/// creating a source per import costs nothing; built on first use.
/// </summary>
internal sealed class DirectHttpClients : IDisposable
{
    private readonly Func<IPAddress, AddressCategory> _classify;
    private readonly Lazy<HttpClient> _publicOnly;
    private readonly Lazy<HttpClient> _anyAddress;

    public DirectHttpClients(Func<IPAddress, AddressCategory> classify)
    {
        _classify = classify;
        _publicOnly = new Lazy<HttpClient>(() => Create(allowPrivate: false));
        _anyAddress = new Lazy<HttpClient>(() => Create(allowPrivate: true));
    }

    public HttpClient For(bool allowPrivateNetworks) => allowPrivateNetworks ? _anyAddress.Value : _publicOnly.Value;

    public void Dispose()
    {
        if (_publicOnly.IsValueCreated)
        {
            _publicOnly.Value.Dispose();
        }

        if (_anyAddress.IsValueCreated)
        {
            _anyAddress.Value.Dispose();
        }
    }

    private HttpClient Create(bool allowPrivate)
    {
        var connector = new GuardedConnector(_classify, allowPrivate);
        var handler = new SocketsHttpHandler
        {
            // A proxy would make the connection for us and bypass the address check.
            UseProxy = false,
            ConnectCallback = connector.ConnectAsync,
            // ResilientSender follows redirects itself, checking each target's scheme.
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            // Never drain an abandoned body (a server that ignored Range); close the connection instead.
            MaxResponseDrainSize = 0,
            // New connections re-resolve and re-check; bound how long an old answer is trusted.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseCookies = false,
        };
        var client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Curio/0.1");
        return client;
    }
}
