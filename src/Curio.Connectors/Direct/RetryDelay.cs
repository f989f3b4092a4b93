using System.Net;
using System.Net.Http.Headers;

namespace Curio.Connectors.Direct;

/// <summary>When to retry a transient failure. Pure, so the arithmetic is tested without waiting.</summary>
internal static class RetryDelay
{
    /// <summary>Worth another attempt: throttling, timeouts and server-side failures that are not "never".</summary>
    public static bool IsRetryable(HttpStatusCode status) => status switch
    {
        HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests => true,
        HttpStatusCode.NotImplemented or HttpStatusCode.HttpVersionNotSupported => false,
        _ => (int)status >= 500 && (int)status <= 599,
    };

    /// <param name="failedAttempts">Attempts made so far (1 after the first failure).</param>
    /// <param name="retryAfter">The server's Retry-After, if any; it wins over our backoff, capped.</param>
    /// <param name="now">For Retry-After given as a date.</param>
    /// <param name="options">Base delay and cap.</param>
    /// <param name="jitter">A number in [0, 1); spreads out clients that failed together.</param>
    public static TimeSpan Compute(
        int failedAttempts, RetryConditionHeaderValue? retryAfter, DateTimeOffset now, ObjectSourceOptions options, double jitter)
    {
        var cap = options.MaxRetryDelay;
        if (retryAfter?.Delta is { } delta)
        {
            return Clamp(delta, cap);
        }

        if (retryAfter?.Date is { } date)
        {
            return Clamp(date - now, cap);
        }

        var exponent = Math.Min(failedAttempts - 1, 30);
        var backoff = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, exponent);
        var total = backoff * (1 + Math.Clamp(jitter, 0, 1));
        return total >= cap.TotalMilliseconds ? cap : TimeSpan.FromMilliseconds(total);
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan cap) =>
        value < TimeSpan.Zero ? TimeSpan.Zero : value > cap ? cap : value;
}
