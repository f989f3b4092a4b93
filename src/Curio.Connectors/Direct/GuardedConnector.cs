using System.Net;
using System.Net.Sockets;

namespace Curio.Connectors.Direct;

/// <summary>Raised inside the connect callback; the source turns it into a Refused error naming the spec URL.</summary>
internal sealed class ForbiddenAddressException : Exception
{
    public ForbiddenAddressException(Uri? requestUri, IPAddress address, AddressCategory category)
        : base($"{requestUri} resolves to {address}, {AddressClassifier.Describe(category)}")
    {
        RequestUri = requestUri;
        Address = address;
        Category = category;
    }

    /// <summary>The hop being connected; differs from the spec URL after a redirect.</summary>
    public Uri? RequestUri { get; }

    public IPAddress Address { get; }

    public AddressCategory Category { get; }
}

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> for direct sources. Checking here rather than on the URL
/// covers DNS rebinding (we connect to exactly the address we checked) and redirects (every hop connects here).
/// </summary>
internal sealed class GuardedConnector
{
    private readonly Func<IPAddress, AddressCategory> _classify;
    private readonly bool _allowPrivate;

    public GuardedConnector(Func<IPAddress, AddressCategory> classify, bool allowPrivate)
    {
        _classify = classify;
        _allowPrivate = allowPrivate;
    }

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endPoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken);

        // Every address is checked; forbidden ones are dropped, so a name that mixes public and private
        // answers can only ever reach the public ones.
        var allowed = new List<IPAddress>(addresses.Length);
        ForbiddenAddressException? firstRefusal = null;
        foreach (var address in addresses)
        {
            var category = _classify(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
            if (_allowPrivate || category == AddressCategory.Public)
            {
                allowed.Add(address);
            }
            else
            {
                firstRefusal ??= new ForbiddenAddressException(context.InitialRequestMessage.RequestUri, address, category);
            }
        }

        if (allowed.Count == 0)
        {
            throw (Exception?)firstRefusal ?? new SocketException((int)SocketError.HostNotFound);
        }

        SocketException? lastError = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                lastError = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw lastError!;
    }
}
