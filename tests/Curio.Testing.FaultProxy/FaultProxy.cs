using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Curio.Testing.FaultProxy;

/// <summary>What the proxy does with one request.</summary>
public abstract record Fault
{
    /// <summary>Forward it untouched.</summary>
    public static Fault Pass { get; } = new PassFault();

    /// <summary>Answer with this status (and an optional body) instead of forwarding.</summary>
    public static Fault Status(int status, string body = "", TimeSpan? retryAfter = null) => new StatusFault(status, body, retryAfter);

    /// <summary>Drop the connection without an answer, as a crashed or overloaded store does.</summary>
    public static Fault Reset { get; } = new ResetFault();

    /// <summary>Wait, then do <paramref name="then"/>; a delay longer than the client's timeout is a hang.</summary>
    public static Fault Delay(TimeSpan delay, Fault? then = null) => new DelayFault(delay, then ?? Pass);

    internal sealed record PassFault : Fault;

    internal sealed record StatusFault(int Code, string Body, TimeSpan? RetryAfter) : Fault;

    internal sealed record ResetFault : Fault;

    internal sealed record DelayFault(TimeSpan Wait, Fault Then) : Fault;
}

/// <summary>
/// An HTTP proxy on 127.0.0.1 in front of a real store (moto, azurite, the fake GCS) that injects faults chosen per
/// request: 503s, resets, delays. It counts the requests per path, so tests can show how many attempts a client made.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly Uri _target;

    private FaultProxy(WebApplication app, Uri target)
    {
        _app = app;
        _target = target;
        _upstream = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = System.Net.DecompressionMethods.None })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Where clients connect instead of the store, e.g. http://127.0.0.1:41234.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Chooses the fault for a request, given its path (decoded, without query) and how many requests that path has had before it.</summary>
    public Func<string, int, Fault> Rule { get; set; } = (_, _) => Fault.Pass;

    /// <summary>Requests seen per path, faulted or not.</summary>
    public ConcurrentDictionary<string, int> Requests { get; } = new(StringComparer.Ordinal);

    /// <summary>Requests seen for paths ending with <paramref name="suffix"/>.</summary>
    public int RequestsEndingWith(string suffix) => Requests.Where(r => r.Key.EndsWith(suffix, StringComparison.Ordinal)).Sum(r => r.Value);

    public static async Task<FaultProxy> StartAsync(Uri target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var proxy = new FaultProxy(app, target);
        app.Run(proxy.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        proxy.Url = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var seen = 0;
        Requests.AddOrUpdate(path, 1, (_, n) => { seen = n; return n + 1; });
        await ApplyAsync(context, Rule(path, seen));
    }

    private async Task ApplyAsync(HttpContext context, Fault fault)
    {
        switch (fault)
        {
            case Fault.StatusFault status:
                context.Response.StatusCode = status.Code;
                if (status.RetryAfter is { } wait)
                {
                    context.Response.Headers.RetryAfter = ((int)wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                if (status.Body.Length > 0)
                {
                    context.Response.ContentType = status.Body.StartsWith('<') ? "application/xml" : "application/json";
                    await context.Response.WriteAsync(status.Body, context.RequestAborted);
                }

                return;
            case Fault.ResetFault:
                context.Abort();
                return;
            case Fault.DelayFault delay:
                try
                {
                    await Task.Delay(delay.Wait, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return; // the client gave up first, as it should
                }

                await ApplyAsync(context, delay.Then);
                return;
            default:
                await ForwardAsync(context);
                return;
        }
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_target, request.Path.ToUriComponent() + request.QueryString.ToUriComponent()));
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            message.Content = new StreamContent(request.Body);
        }

        foreach (var (name, values) in request.Headers)
        {
            // Host stays the proxy's: signatures were computed over it, and the stores here do not check it against their own.
            if (!message.Headers.TryAddWithoutValidation(name, values.ToArray()) && message.Content is not null)
            {
                message.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        using var response = await _upstream.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!string.Equals(name, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
