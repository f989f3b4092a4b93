using System.Net;
using System.Net.Http.Headers;
using System.Reflection;

namespace Curio.Sdk;

/// <summary>
/// The client of a Curio server's <c>/api/v1</c>. Immutable and thread-safe: make one per server and share it.
/// Every method is virtual, so tests can mock the class itself.
/// Failures surface as <see cref="CurioRequestFailedException"/>; only argument errors are found without asking the server.
/// </summary>
public partial class CurioClient
{
    private static readonly Lazy<HttpClient> SharedHttpClient = new(() => new HttpClient(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.All,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    });

    private static readonly string SdkUserAgent =
        $"curio-sdk-dotnet/{typeof(CurioClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0"}";

    private readonly HttpClient? _http;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly string _userAgent = SdkUserAgent;
    private readonly int _maxRetries;
    private readonly TimeSpan _retryDelay;
    private readonly TimeSpan _maxRetryDelay;
    private readonly TimeSpan _networkTimeout;

    /// <summary>For mocking: an instance whose methods all throw unless overridden.</summary>
    protected CurioClient()
    {
        Endpoint = new Uri("http://mock.invalid/");
    }

    /// <summary>Creates a client with default options.</summary>
    /// <param name="endpoint">The server's base URL, e.g. <c>http://127.0.0.1:5170/</c>.</param>
    /// <param name="token">An API token, sent as <c>Authorization: Bearer</c>.</param>
    public CurioClient(Uri endpoint, string token)
        : this(endpoint, token, new CurioClientOptions())
    {
    }

    /// <summary>Creates a client.</summary>
    /// <param name="endpoint">The server's base URL, e.g. <c>http://127.0.0.1:5170/</c>; a path (behind a proxy) is kept.</param>
    /// <param name="token">An API token, sent as <c>Authorization: Bearer</c>.</param>
    /// <param name="options">Transport, retry and timeout options; copied, so later changes do not apply.</param>
    public CurioClient(Uri endpoint, string token, CurioClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentNullException.ThrowIfNull(options);
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The endpoint must be an absolute http or https URL, not '{endpoint}'.", nameof(endpoint));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRetries, nameof(options.MaxRetries));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxRetries, 10, nameof(options.MaxRetries));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RetryDelay, TimeSpan.Zero, nameof(options.RetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRetryDelay, TimeSpan.Zero, nameof(options.MaxRetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.NetworkTimeout, TimeSpan.Zero, nameof(options.NetworkTimeout));

        // A trailing slash keeps a base path ("https://host/curio/") when relative request paths are resolved against it.
        Endpoint = endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
        _http = options.HttpClient ?? SharedHttpClient.Value;
        _authorization = new AuthenticationHeaderValue("Bearer", token);
        _userAgent = string.IsNullOrWhiteSpace(options.ApplicationId) ? SdkUserAgent : $"{options.ApplicationId.Trim()} {SdkUserAgent}";
        _maxRetries = options.MaxRetries;
        _retryDelay = options.RetryDelay;
        _maxRetryDelay = options.MaxRetryDelay;
        _networkTimeout = options.NetworkTimeout;
    }

    /// <summary>The server's base URL, always ending with '/'.</summary>
    public virtual Uri Endpoint { get; }
}
