using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Curio.Ui.Tests;

/// <summary>
/// An HTTP origin on 127.0.0.1 serving the files of a folder, for a direct integration. A request for
/// <c>/hold/{gate}/{file}</c> is answered only once the test releases that gate: an import reading it stays running,
/// deterministically, for as long as the test needs to look at it. Anything else missing is a 404.
/// </summary>
internal sealed class GatedOrigin : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _root;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new(StringComparer.Ordinal);

    private GatedOrigin(WebApplication app, string root)
    {
        _app = app;
        _root = root;
    }

    public Uri Url { get; private set; } = null!;

    public static async Task<GatedOrigin> StartAsync(string root)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var origin = new GatedOrigin(app, root);
        app.Run(origin.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        origin.Url = new Uri(address);
        return origin;
    }

    /// <summary>The URL of <paramref name="file"/>, held behind <paramref name="gate"/> when one is named.</summary>
    public string UrlOf(string file, string? gate = null) => new Uri(Url, gate is null ? file : $"hold/{gate}/{file}").ToString();

    public void Release(string gate) => Gate(gate).TrySetResult();

    public async ValueTask DisposeAsync()
    {
        foreach (var gate in _gates.Values)
        {
            gate.TrySetResult();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private TaskCompletionSource Gate(string name) => _gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private async Task HandleAsync(HttpContext context)
    {
        var path = (context.Request.Path.Value ?? "/").TrimStart('/');
        if (path.StartsWith("hold/", StringComparison.Ordinal))
        {
            var parts = path.Split('/', 3);
            try
            {
                await Gate(parts[1]).Task.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the reader gave up (the import was cancelled)
            }

            path = parts[2];
        }

        var file = Path.Combine(_root, path);
        if (path.Contains("..", StringComparison.Ordinal) || !File.Exists(file))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var type = Path.GetExtension(file) == ".png" ? "image/png" : "image/jpeg";
        await Results.File(file, type, enableRangeProcessing: true).ExecuteAsync(context);
    }
}
