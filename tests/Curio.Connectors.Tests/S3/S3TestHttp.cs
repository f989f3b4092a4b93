using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.Runtime;

namespace Curio.Connectors.Tests.S3;

/// <summary>
/// Sits between the AWSSDK and the network: records every request and either forwards it (to moto) or answers it from
/// a script, so tests can count attempts and pages and play S3's error answers without a server.
/// </summary>
public sealed class S3TestHttp : HttpClientFactory, IDisposable
{
    private readonly Recorder _recorder;

    private S3TestHttp(Func<HttpRequestMessage, int, CancellationToken, Task<HttpResponseMessage>>? script, int? pinTo = null)
    {
        _recorder = new Recorder(script) { InnerHandler = Handler(pinTo) };
    }

    /// <summary>"METHOD authority/path?query[ range]" of every request, in order.</summary>
    public ConcurrentQueue<string> Requests => _recorder.Requests;

    /// <summary>Sends requests on; with <paramref name="pinTo"/>, to that port on 127.0.0.1 whatever the host (bucket.localhost does not resolve here).</summary>
    public static S3TestHttp Forwarding(int? pinTo = null) => new(null, pinTo);

    /// <summary>A plain client that connects every host to <paramref name="port"/> on 127.0.0.1, the way a browser would reach a virtual-hosted URL.</summary>
    public static HttpClient PinnedClient(int port) => new(Handler(port));

    /// <summary>Answers request number n (from 1) with the script's response.</summary>
    public static S3TestHttp Scripted(Func<HttpRequestMessage, int, CancellationToken, Task<HttpResponseMessage>> script) => new(script);

    public static S3TestHttp Scripted(Func<HttpRequestMessage, int, HttpResponseMessage> script) =>
        new((request, n, _) => Task.FromResult(script(request, n)));

    public static HttpResponseMessage Error(HttpStatusCode status, string? code, string message = "scripted")
    {
        var response = new HttpResponseMessage(status);
        if (code is not null)
        {
            response.Content = new StringContent(
                $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message><RequestId>r</RequestId></Error>",
                Encoding.UTF8,
                "application/xml");
        }

        return response;
    }

    /// <summary>A 206 for bytes <paramref name="from"/>.. of <paramref name="content"/>, cut at <paramref name="count"/>.</summary>
    public static HttpResponseMessage Partial(byte[] content, long from, int count, long? total = null)
    {
        var slice = content.AsSpan((int)from, Math.Min(count, content.Length - (int)from)).ToArray();
        var response = new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = new ByteArrayContent(slice) };
        response.Content.Headers.TryAddWithoutValidation("Content-Range", $"bytes {from}-{from + slice.Length - 1}/{total ?? content.Length}");
        response.Content.Headers.TryAddWithoutValidation("Content-Type", "image/png");
        return response;
    }

    public static HttpResponseMessage Whole(byte[] content)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(content) };
        response.Content.Headers.TryAddWithoutValidation("Content-Type", "image/png");
        return response;
    }

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(_recorder, disposeHandler: false);

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => true;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    /// <summary>Null keeps the SDK from sharing this client with other SDK clients of the same configuration.</summary>
    public override string? GetConfigUniqueString(IClientConfig clientConfig) => null;

    public void Dispose() => _recorder.Dispose();

    private static SocketsHttpHandler Handler(int? pinTo)
    {
        var handler = new SocketsHttpHandler();
        if (pinTo is { } port)
        {
            handler.ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        return handler;
    }

    private sealed class Recorder(Func<HttpRequestMessage, int, CancellationToken, Task<HttpResponseMessage>>? script) : DelegatingHandler
    {
        private int _count;

        public ConcurrentQueue<string> Requests { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var range = request.Headers.Range is { } r ? " " + r : "";
            Requests.Enqueue($"{request.Method} {request.RequestUri?.Authority}{request.RequestUri?.PathAndQuery}{range}");
            var n = Interlocked.Increment(ref _count);
            return script is null ? await base.SendAsync(request, cancellationToken) : await script(request, n, cancellationToken);
        }
    }
}
