using System.Net;
using Microsoft.Extensions.Logging;

namespace Curio.Connectors.Direct;

/// <summary>
/// One HTTP exchange with a per-attempt timeout and retries for transient failures. The response handler runs
/// inside the attempt, so a connection that breaks while the body is read is retried like any other failure.
/// </summary>
internal sealed class ResilientSender
{
    private readonly HttpClient _http;
    private readonly ObjectSourceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ResilientSender(HttpClient http, ObjectSourceOptions options, TimeProvider time, ILogger logger)
    {
        _http = http;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public async ValueTask<T> SendAsync<T>(
        string url,
        Uri uri,
        Func<Uri, HttpRequestMessage> createRequest,
        Func<HttpResponseMessage, CancellationToken, ValueTask<T>> handle,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            string problem;
            Exception? cause = null;
            HttpResponseMessage? throttled = null;
            using (var timeout = new CancellationTokenSource(_options.RequestTimeout, _time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
            {
                try
                {
                    var response = await FollowRedirectsAsync(url, uri, createRequest, linked.Token);
                    if (!RetryDelay.IsRetryable(response.StatusCode))
                    {
                        using (response)
                        {
                            return await handle(response, linked.Token);
                        }
                    }

                    problem = HttpStatusErrors.Describe(response);
                    throttled = response;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (OperationCanceledException ex)
                {
                    problem = $"no complete answer within {_options.RequestTimeout.TotalSeconds:0.###} s";
                    cause = ex;
                }
                catch (HttpRequestException ex) when (FindRefusal(ex) is { } refusal)
                {
                    throw Refused(url, uri, refusal, ex);
                }
                catch (HttpRequestException ex)
                {
                    problem = $"connection failed ({Innermost(ex).Message})";
                    cause = ex;
                }
                catch (IOException ex)
                {
                    problem = $"connection broke ({Innermost(ex).Message})";
                    cause = ex;
                }
            }

            var retryAfter = throttled?.Headers.RetryAfter;
            throttled?.Dispose();
            if (attempt >= _options.MaxAttempts)
            {
                throw new ObjectSourceException(
                    ObjectErrorKind.Unavailable,
                    $"{url} is unavailable after {attempt} attempt{(attempt == 1 ? "" : "s")}; last: {problem}",
                    cause);
            }

#pragma warning disable CA5394 // Jitter only spreads retries out; it guards nothing.
            var jitter = Random.Shared.NextDouble();
#pragma warning restore CA5394
            var delay = RetryDelay.Compute(attempt, retryAfter, _time.GetUtcNow(), _options, jitter);
            _logger.LogWarning(
                "Reading {Url} failed ({Problem}); retrying in {DelayMs} ms (attempt {Attempt} of {MaxAttempts})",
                url, problem, (int)delay.TotalMilliseconds, attempt + 1, _options.MaxAttempts);
            await Task.Delay(delay, _time, cancellationToken);
        }
    }

    /// <summary>
    /// Redirects are followed here rather than by the handler, which would also chase non-http schemes (it sends
    /// HTTP to ftp://host:21). Every hop still connects through the guarded callback.
    /// </summary>
    private async Task<HttpResponseMessage> FollowRedirectsAsync(
        string url, Uri uri, Func<Uri, HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        var target = uri;
        for (var hops = 0; ; hops++)
        {
            using var request = createRequest(target);
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!IsRedirect(response.StatusCode) || response.Headers.Location is not { } location)
            {
                return response;
            }

            response.Dispose();
            var next = location.IsAbsoluteUri ? location : new Uri(target, location);
            if (hops >= _options.MaxRedirects)
            {
                throw new ObjectSourceException(
                    ObjectErrorKind.Failed,
                    $"{url} redirected more than {_options.MaxRedirects} times; direct integrations follow at most {_options.MaxRedirects} redirects");
            }

            if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
            {
                throw new ObjectSourceException(
                    ObjectErrorKind.Failed,
                    $"{url} redirects to {next}, which is not an http(s) URL; direct integrations follow redirects to http(s) only");
            }

            if (target.Scheme == Uri.UriSchemeHttps && next.Scheme == Uri.UriSchemeHttp)
            {
                throw new ObjectSourceException(
                    ObjectErrorKind.Failed,
                    $"{url} redirects from https to {next}; direct integrations do not follow redirects from https to http");
            }

            target = next;
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => status is
        HttpStatusCode.MultipleChoices or HttpStatusCode.MovedPermanently or HttpStatusCode.Found or
        HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static ForbiddenAddressException? FindRefusal(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is ForbiddenAddressException refusal)
            {
                return refusal;
            }
        }

        return null;
    }

    private static ObjectSourceException Refused(string url, Uri? requested, ForbiddenAddressException refusal, Exception cause)
    {
        var hop = refusal.RequestUri;
        var where = hop is null || hop == requested
            ? $"{url} resolves to"
            : $"{url} redirects to {hop}, which resolves to";
        return new ObjectSourceException(
            ObjectErrorKind.Refused,
            $"{where} {refusal.Address}, {AddressClassifier.Describe(refusal.Category)}; direct integrations read only " +
            "public addresses unless created with --allow-private-networks",
            cause);
    }

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
