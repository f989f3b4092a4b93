namespace Curio.Sdk;

/// <summary>
/// Options of a <see cref="CurioClient"/>. The client copies them when it is created; changing them afterwards has no effect on it.
/// </summary>
public sealed class CurioClientOptions
{
    /// <summary>
    /// The <see cref="System.Net.Http.HttpClient"/> to send requests with (for example one from <c>IHttpClientFactory</c>).
    /// Its <see cref="HttpClient.BaseAddress"/> and default headers are not used, and it is never disposed by the client.
    /// When null, the client uses a process-wide one of its own. Give a caller's client a <see cref="HttpClient.Timeout"/> of
    /// more than a minute: <see cref="ImportOperation.WaitForCompletionAsync"/> holds a request open while the server waits.
    /// </summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>How many times a GET is retried after a connection failure, a timeout, or a 502, 503 or 504. 0 to 10; default 3. Other methods are never retried.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry waits about this long; each next one about twice as long, with jitter. Default 0.5 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait before a retry, a server's Retry-After included. Default 10 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one request may take before it counts as failed, not counting the time the server was asked to wait. Default 100 s.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Prefixed to the User-Agent header, e.g. <c>my-pipeline/1.2</c>, so server logs show who called.</summary>
    public string? ApplicationId { get; set; }
}
