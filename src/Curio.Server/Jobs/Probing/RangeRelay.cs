using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Curio.Connectors;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Net.Http.Headers;

namespace Curio.Server.Jobs.Probing;

/// <summary>
/// A loopback-only HTTP endpoint that serves one object's bytes, with ranges, through its connector, so that ffprobe
/// (a child process) reads any object the server can read: a bucket's credentials never leave the server, a local
/// integration's confinement still applies, and no object is copied to disk first. It is its own Kestrel listener
/// on 127.0.0.1 with a random port, not a route of the API, so it works whatever address the API listens on (or
/// none, in tests) and cannot be reached from outside. Each registration has an unguessable token and lives only as
/// long as one probe.
/// </summary>
internal sealed class RangeRelay(ILogger<RangeRelay> logger) : IAsyncDisposable
{
    // ffprobe asks for open-ended ranges and seeks by dropping the connection: whatever was read ahead into buffers is
    // wasted (a ranged GET each on a bucket). Small pieces and a small socket send buffer keep that to about 128 KiB.
    private const int BufferBytes = 64 * 1024;

    private readonly ConcurrentDictionary<string, Registration> _objects = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _startLock = new(1, 1);
    private WebApplication? _app;
    private string? _baseUrl;

    /// <summary>Makes <paramref name="location"/> readable at the returned URL until the lease is disposed.</summary>
    public async ValueTask<RelayLease> ExposeAsync(IObjectSource source, ObjectLocation location, long size, CancellationToken cancellationToken)
    {
        var baseUrl = _baseUrl ?? await StartAsync(cancellationToken);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _objects[token] = new Registration(source, location, size);
        return new RelayLease(this, token, $"{baseUrl}/o/{token}");
    }

    private void Remove(string token) => _objects.TryRemove(token, out _);

    private async ValueTask<string> StartAsync(CancellationToken cancellationToken)
    {
        await _startLock.WaitAsync(cancellationToken);
        try
        {
            if (_baseUrl is not null)
            {
                return _baseUrl;
            }

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseSockets(o => o.CreateBoundListenSocket = endpoint =>
            {
                // Accepted sockets inherit the listening socket's send buffer size on Linux.
                var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
                socket.SendBufferSize = BufferBytes;
                return socket;
            });
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http1);
                k.AddServerHeader = false;
                k.Limits.MaxResponseBufferSize = BufferBytes;
            });
            var app = builder.Build();
            app.MapMethods("/o/{token}", [HttpMethods.Get, HttpMethods.Head], ServeAsync);
            await app.StartAsync(cancellationToken);
            _app = app;
            _baseUrl = app.Urls.Single().Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
            logger.LogDebug("Range relay for media probes listens on {Url}", _baseUrl);
            return _baseUrl;
        }
        finally
        {
            _startLock.Release();
        }
    }

    private async Task ServeAsync(HttpContext context, string token)
    {
        var response = context.Response;
        if (!_objects.TryGetValue(token, out var registration))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var size = registration.Size;
        response.Headers.AcceptRanges = "bytes";
        response.ContentType = "application/octet-stream";
        var (start, end) = (0L, size - 1);
        var range = context.Request.GetTypedHeaders().Range;
        if (range is { Ranges.Count: 1 } && size >= 0)
        {
            var r = range.Ranges.First();
            (start, end) = r.From is { } from ? (from, Math.Min(r.To ?? size - 1, size - 1)) : (Math.Max(0, size - (r.To ?? 0)), size - 1);
            if (start >= size || start > end)
            {
                response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                response.Headers.ContentRange = new ContentRangeHeaderValue(size).ToString();
                return;
            }

            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = new ContentRangeHeaderValue(start, end, size).ToString();
        }

        if (size >= 0)
        {
            response.ContentLength = end - start + 1;
        }

        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            var offset = start;
            var aborted = context.RequestAborted;
            while (size < 0 || offset <= end)
            {
                var want = size < 0 ? BufferBytes : (int)Math.Min(BufferBytes, end - offset + 1);
                var read = await registration.Source.ReadRangeAsync(registration.Location, offset, buffer.AsMemory(0, want), aborted);
                if (read == 0)
                {
                    break;
                }

                await response.Body.WriteAsync(buffer.AsMemory(0, read), aborted);
                offset += read;
            }
        }
        catch (ObjectSourceException ex)
        {
            // Headers are gone; cutting the connection short is how ffprobe learns the read failed.
            logger.LogDebug(ex, "Relay read of {Url} failed", registration.Location.Url);
            context.Abort();
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // ffprobe seeks by dropping a connection and opening another at the new offset.
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _startLock.Dispose();
    }

    private sealed record Registration(IObjectSource Source, ObjectLocation Location, long Size);

    /// <summary>One object exposed for one probe; disposing it makes the URL answer 404.</summary>
    internal sealed class RelayLease(RangeRelay relay, string token, string url) : IDisposable
    {
        public string Url { get; } = url;

        public void Dispose() => relay.Remove(token);
    }
}
