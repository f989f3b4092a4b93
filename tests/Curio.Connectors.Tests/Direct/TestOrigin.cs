using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Curio.Connectors.Tests.Direct;

/// <summary>
/// A throwaway HTTP origin on 127.0.0.1 with a few deliberately awkward behaviours, chosen by the first path
/// segment:
/// <list type="bullet">
/// <item><c>/o/{key}</c>: a well-behaved object store (HEAD, single byte ranges, 206/416).</item>
/// <item><c>/norange/{key}</c>: ignores Range and sends the whole body with a Content-Length.</item>
/// <item><c>/chunked/{key}</c>: ignores Range and sends the whole body without a Content-Length.</item>
/// <item><c>/nohead/{key}</c>: answers HEAD with 405, GET like <c>/o</c>.</item>
/// <item><c>/status/{code}/...</c>: always that status.</item>
/// <item><c>/flaky/{n}/...</c>: 503 for the first n requests to that path, then 200 "ok".</item>
/// <item><c>/throttle/{seconds}/...</c>: 429 with Retry-After: seconds on the first request to that path, then 200 "ok".</item>
/// <item><c>/reset/{n}/...</c>: for the first n requests, promises 100 bytes, sends 10 and drops the connection; then 200 "ok".</item>
/// <item><c>/hang/...</c>: never answers.</item>
/// <item><c>/redirect?to=URL</c>: 302 to URL.</item>
/// </list>
/// </summary>
public sealed class TestOrigin : IAsyncDisposable
{
    private const int Chunk = 64 * 1024;
    private readonly WebApplication _app;
    private long _bytesServed;

    private TestOrigin(WebApplication app)
    {
        _app = app;
        _app.Run(HandleAsync);
    }

    public ConcurrentDictionary<string, byte[]> Objects { get; } = new(StringComparer.Ordinal);

    /// <summary>Requests seen per path (query excluded).</summary>
    public ConcurrentDictionary<string, int> Hits { get; } = new(StringComparer.Ordinal);

    public long BytesServed => Interlocked.Read(ref _bytesServed);

    public string BaseUrl { get; private set; } = "";

    public int Port { get; private set; }

    public static async Task<TestOrigin> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var origin = new TestOrigin(builder.Build());
        await origin._app.StartAsync();
        var address = origin._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        origin.Port = new Uri(address).Port;
        origin.BaseUrl = $"http://127.0.0.1:{origin.Port}";
        return origin;
    }

    public int HitsOf(string path) => Hits.TryGetValue(path, out var n) ? n : 0;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var hits = Hits.AddOrUpdate(path, 1, (_, n) => n + 1);
        var segments = path.Split('/', 3, StringSplitOptions.RemoveEmptyEntries);
        var mode = segments.Length > 0 ? segments[0] : "";
        var rest = segments.Length > 1 ? string.Join('/', segments[1..]) : "";
        var request = context.Request;
        var response = context.Response;
        switch (mode)
        {
            case "o":
                await ServeObjectAsync(context, rest, honourRange: true, declareLength: true);
                break;
            case "norange":
                await ServeObjectAsync(context, rest, honourRange: false, declareLength: true);
                break;
            case "chunked":
                await ServeObjectAsync(context, rest, honourRange: false, declareLength: false);
                break;
            case "nohead" when HttpMethods.IsHead(request.Method):
                response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                break;
            case "nohead":
                await ServeObjectAsync(context, rest, honourRange: true, declareLength: true);
                break;
            case "status":
                response.StatusCode = int.Parse(rest.Split('/')[0], CultureInfo.InvariantCulture);
                break;
            case "flaky" when hits <= int.Parse(rest.Split('/')[0], CultureInfo.InvariantCulture):
                response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                break;
            case "flaky":
                await WriteAsync(context, "ok"u8.ToArray());
                break;
            case "throttle" when hits == 1:
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = rest.Split('/')[0];
                break;
            case "throttle":
                await WriteAsync(context, "ok"u8.ToArray());
                break;
            case "reset" when hits <= int.Parse(rest.Split('/')[0], CultureInfo.InvariantCulture):
                response.ContentLength = 100;
                await response.Body.WriteAsync(new byte[10], context.RequestAborted);
                await response.Body.FlushAsync(context.RequestAborted);
                context.Abort();
                break;
            case "reset":
                await WriteAsync(context, "ok"u8.ToArray());
                break;
            case "hang":
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                break;
            case "redirect":
                response.StatusCode = StatusCodes.Status302Found;
                response.Headers.Location = request.Query["to"].ToString();
                break;
            default:
                response.StatusCode = StatusCodes.Status404NotFound;
                break;
        }
    }

    private async Task ServeObjectAsync(HttpContext context, string key, bool honourRange, bool declareLength)
    {
        var response = context.Response;
        if (!Objects.TryGetValue(key, out var content))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        response.ContentType = "application/octet-stream";
        response.Headers.LastModified = "Tue, 01 Apr 2025 12:00:00 GMT";
        response.Headers.AcceptRanges = honourRange ? "bytes" : "none";
        var range = honourRange ? ParseRange(context.Request.Headers.Range.ToString()) : null;
        if (range is not { } r)
        {
            if (declareLength)
            {
                response.ContentLength = content.Length;
            }

            await WriteAsync(context, content);
            return;
        }

        if (r.From >= content.Length)
        {
            response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
            response.Headers.ContentRange = $"bytes */{content.Length}";
            return;
        }

        var to = Math.Min(r.To ?? long.MaxValue, content.Length - 1);
        response.StatusCode = StatusCodes.Status206PartialContent;
        response.Headers.ContentRange = $"bytes {r.From}-{to}/{content.Length}";
        response.ContentLength = to - r.From + 1;
        await WriteAsync(context, content.AsMemory((int)r.From, (int)(to - r.From + 1)));
    }

    private async Task WriteAsync(HttpContext context, ReadOnlyMemory<byte> body)
    {
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        try
        {
            for (var offset = 0; offset < body.Length; offset += Chunk)
            {
                var piece = body[offset..Math.Min(body.Length, offset + Chunk)];
                // Counted before the write: the client may finish reading before the write's await returns.
                Interlocked.Add(ref _bytesServed, piece.Length);
                await context.Response.Body.WriteAsync(piece, context.RequestAborted);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client went away mid-body (a reader that stops after the head); that is the point.
        }
    }

    private static (long From, long? To)? ParseRange(string header)
    {
        if (!header.StartsWith("bytes=", StringComparison.Ordinal) || header.Contains(',', StringComparison.Ordinal))
        {
            return null;
        }

        var parts = header["bytes=".Length..].Split('-');
        return parts.Length == 2 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var from)
            ? (from, long.TryParse(parts[1], CultureInfo.InvariantCulture, out var to) ? to : null)
            : null;
    }
}
