namespace Curio.Connectors;

/// <summary>Timeouts and retry limits for the sources an <see cref="ObjectSourceFactory"/> creates.</summary>
public sealed record ObjectSourceOptions
{
    /// <summary>One request, from connecting to the last byte read; a hung origin costs at most this per attempt.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Tries per read, the first included, before a transient failure is reported as Unavailable.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Backoff before the second attempt; doubles each retry, plus up to the same again as jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Upper bound for any single wait, including a server's Retry-After.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Redirect hops followed for direct URLs (pre-signed URLs often redirect once or twice).</summary>
    public int MaxRedirects { get; init; } = 5;

    /// <summary>Objects asked for per listing page; smaller pages only cost round trips (tests use them to cross pages).</summary>
    public int ListPageSize { get; init; } = 1000;

    /// <summary>Connections kept open per cloud endpoint; bounds a source's parallel reads.</summary>
    public int MaxConnectionsPerEndpoint { get; init; } = 64;

    internal void Check()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero, nameof(RequestTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1, nameof(MaxAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryBaseDelay, TimeSpan.Zero, nameof(RetryBaseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryDelay, TimeSpan.Zero, nameof(MaxRetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRedirects, 0, nameof(MaxRedirects));
        ArgumentOutOfRangeException.ThrowIfLessThan(ListPageSize, 1, nameof(ListPageSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ListPageSize, 1000, nameof(ListPageSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnectionsPerEndpoint, 1, nameof(MaxConnectionsPerEndpoint));
    }
}
