using Curio.Connectors.Direct;
using Microsoft.Extensions.Logging;

namespace Curio.Connectors.Cloud;

/// <summary>What a provider's exception means: the kind of failure, a short description, and a server-requested wait.</summary>
internal readonly record struct CloudFault(ObjectErrorKind Kind, string Problem, TimeSpan? RetryAfter = null);

/// <summary>
/// Runs one provider call with a per-attempt timeout and bounded retries with exponential backoff and jitter, the
/// same policy as direct URLs. Provider SDKs have their own retries switched off so that this is the only loop,
/// its bounds are ours, and a fault-injecting test can count the attempts.
/// </summary>
internal sealed class CloudCalls(ObjectSourceOptions options, TimeProvider time, ILogger logger)
{
    /// <param name="url">The spec URL (or listing prefix) named in errors and logs.</param>
    /// <param name="call">One attempt; it gets a token that fires at the attempt's timeout.</param>
    /// <param name="classify">Maps a provider exception to a fault; null means "not a provider failure" (it propagates).</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public async ValueTask<T> RunAsync<T>(
        string url, Func<CancellationToken, Task<T>> call, Func<Exception, CloudFault?> classify, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            CloudFault fault;
            Exception cause;
            using (var timeout = new CancellationTokenSource(options.RequestTimeout, time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
            {
                try
                {
                    return await call(linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (ObjectSourceException)
                {
                    throw;
                }
                catch (Exception ex) when (timeout.IsCancellationRequested)
                {
                    fault = new CloudFault(ObjectErrorKind.Unavailable, $"no complete answer within {options.RequestTimeout.TotalSeconds:0.###} s");
                    cause = ex;
                }
                catch (Exception ex) when (classify(ex) is { } classified)
                {
                    fault = classified;
                    cause = ex;
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutException)
                {
                    fault = new CloudFault(ObjectErrorKind.Unavailable, $"connection failed ({Innermost(ex).Message})");
                    cause = ex;
                }
            }

            if (fault.Kind != ObjectErrorKind.Unavailable)
            {
                throw new ObjectSourceException(fault.Kind, Describe(url, fault), cause);
            }

            if (attempt >= options.MaxAttempts)
            {
                throw new ObjectSourceException(
                    ObjectErrorKind.Unavailable, $"{url} is unavailable after {attempt} attempt{(attempt == 1 ? "" : "s")}; last: {fault.Problem}", cause);
            }

#pragma warning disable CA5394 // Jitter only spreads retries out; it guards nothing.
            var jitter = Random.Shared.NextDouble();
#pragma warning restore CA5394
            var retryAfter = fault.RetryAfter is { } wait ? new System.Net.Http.Headers.RetryConditionHeaderValue(wait) : null;
            var delay = RetryDelay.Compute(attempt, retryAfter, time.GetUtcNow(), options, jitter);
            logger.LogWarning(
                "Reading {Url} failed ({Problem}); retrying in {DelayMs} ms (attempt {Attempt} of {MaxAttempts})",
                url, fault.Problem, (int)delay.TotalMilliseconds, attempt + 1, options.MaxAttempts);
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The user-facing sentence for a final failure: what happened to which URL.</summary>
    private static string Describe(string url, CloudFault fault) => fault.Kind switch
    {
        ObjectErrorKind.NotFound => $"Object not found: {url} ({fault.Problem})",
        ObjectErrorKind.AccessDenied => $"Access denied by bucket policy or credentials: {url} ({fault.Problem})",
        _ => $"{url}: {fault.Problem}",
    };

    private static Exception Innermost(Exception ex)
    {
        var e = ex;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
