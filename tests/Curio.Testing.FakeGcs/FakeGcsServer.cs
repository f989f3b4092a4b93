using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Curio.Testing.FakeGcs;

/// <summary>
/// An in-process fake of the Google Cloud Storage JSON API on 127.0.0.1 and a free port: the subset
/// Google.Cloud.Storage.V1 uses to create buckets, upload (media, multipart, resumable), list, read metadata,
/// download with ranges and delete, plus an OAuth token endpoint for service-account credentials and path-style
/// GETs (https://storage.googleapis.com/bucket/object) that check V4 signatures. Errors have Google's JSON shape.
/// </summary>
/// <remarks>
/// <para>Point a client at <see cref="BaseUri"/> (e.g. <c>StorageClientBuilder.BaseUri</c>) and give service-account
/// key files <see cref="TokenUri"/> as their <c>token_uri</c>.</para>
/// <para>Fault hooks: <see cref="Intercept"/> sees every request first and may answer it itself (503s, resets,
/// delays); <see cref="RequireAuth"/> makes API calls without a token from <see cref="TokenUri"/> fail with 401;
/// <see cref="DenyAccess"/> makes every request on a bucket fail with 403.</para>
/// </remarks>
public sealed class FakeGcsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte> _denied = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RSA> _signers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _unhandled = new();
    private readonly JsonApi _api;
    private long _requests;
    private long _bytesServed;
    private long _tokensIssued;
    private volatile Func<HttpContext, Task<bool>>? _intercept;
    private volatile bool _requireAuth;

    private FakeGcsServer(WebApplication app, TimeProvider time)
    {
        _app = app;
        Store = new GcsStore(time);
        Time = time;
        _api = new JsonApi(this);
        _app.UseRequestDecompression();
        _app.Run(HandleAsync);
    }

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri RootUri { get; private set; } = null!;

    /// <summary>The JSON API base, http://127.0.0.1:port/storage/v1/.</summary>
    public Uri BaseUri => new(RootUri, "storage/v1/");

    /// <summary>The OAuth token endpoint, for a service-account key's <c>token_uri</c>.</summary>
    public Uri TokenUri => new(RootUri, "token");

    /// <summary>Requests received, intercepted ones included.</summary>
    public long RequestCount => Interlocked.Read(ref _requests);

    /// <summary>Object content bytes sent in media downloads (not JSON).</summary>
    public long BytesServed => Interlocked.Read(ref _bytesServed);

    /// <summary>Access tokens handed out by <see cref="TokenUri"/>.</summary>
    public long TokensIssued => Interlocked.Read(ref _tokensIssued);

    /// <summary>
    /// Sees every request before the fake does; returns true when it has answered the request itself. Set it to
    /// inject faults (a 503, a dropped connection, a delay) and back to null to stop.
    /// </summary>
    public Func<HttpContext, Task<bool>>? Intercept
    {
        get => _intercept;
        set => _intercept = value;
    }

    /// <summary>When true, API requests need a bearer token issued by <see cref="TokenUri"/>; others get 401.</summary>
    public bool RequireAuth
    {
        get => _requireAuth;
        set => _requireAuth = value;
    }

    /// <summary>The host signed URLs name; their signatures are checked as if sent there.</summary>
    public string SignedUrlHost { get; set; } = "storage.googleapis.com";

    /// <summary>Requests outside the emulated subset (method, path and query), so a test can show what is missing.</summary>
    public IReadOnlyCollection<string> UnhandledRequests => _unhandled;

    internal GcsStore Store { get; }

    internal TimeProvider Time { get; }

    public static async Task<FakeGcsServer> StartAsync(TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        // Google.Apis gzips request bodies.
        builder.Services.AddRequestDecompression();
        var server = new FakeGcsServer(builder.Build(), time ?? TimeProvider.System);
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.RootUri = new Uri($"http://127.0.0.1:{new Uri(address).Port}/");
        return server;
    }

    /// <summary>Creates a bucket; nothing happens when it exists.</summary>
    public void CreateBucket(string bucket) => Store.CreateBucket(bucket);

    /// <summary>Stores an object, creating its bucket when needed (tests seed data without a client).</summary>
    public void Put(string bucket, string name, byte[] data, string contentType = "application/octet-stream")
    {
        Store.CreateBucket(bucket);
        Store.Put(bucket, name, data, contentType);
    }

    /// <summary>An object's content, or null when it does not exist.</summary>
    public byte[]? Get(string bucket, string name) => Store.Get(bucket, name)?.Data;

    /// <summary>Every request naming this bucket is refused with 403, as when IAM grants the caller nothing on it.</summary>
    public void DenyAccess(string bucket) => _denied[bucket] = 0;

    public void AllowAccess(string bucket) => _denied.TryRemove(bucket, out _);

    /// <summary>Signed URLs whose credential names <paramref name="clientEmail"/> are checked against this public key.</summary>
    public void TrustSigner(string clientEmail, RSA publicKey) => _signers[clientEmail] = publicKey;

    /// <summary>The JSON API media URL of an object, which serves it without checking credentials (unless <see cref="RequireAuth"/>).</summary>
    public Uri DownloadUriFor(string bucket, string name) =>
        new(RootUri, $"download/storage/v1/b/{Uri.EscapeDataString(bucket)}/o/{Uri.EscapeDataString(name)}?alt=media");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal bool IsDenied(string bucket) => _denied.ContainsKey(bucket);

    internal RSA? SignerKey(string clientEmail) => _signers.TryGetValue(clientEmail, out var key) ? key : null;

    internal void CountServed(int bytes) => Interlocked.Add(ref _bytesServed, bytes);

    internal long IssueToken() => Interlocked.Increment(ref _tokensIssued);

    internal void NoteUnhandled(HttpRequest request) => _unhandled.Enqueue($"{request.Method} {request.Path}{request.QueryString}");

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        if (_intercept is { } intercept && await intercept(context))
        {
            return;
        }

        await _api.HandleAsync(context);
    }
}
