using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Curio.Contracts;
using Curio.Sdk.Internal;

namespace Curio.Sdk;

// Sending, retrying, reading responses and paging; every public method goes through here.
public partial class CurioClient
{
    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");

    private HttpClient Http => _http ?? throw new InvalidOperationException(
        "This CurioClient was made with the protected constructor, for mocking; override the methods a test calls.");

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> type, CancellationToken cancellationToken, TimeSpan serverWait = default)
    {
        using var response = await SendAsync(method, path, content, HttpCompletionOption.ResponseContentRead, serverWait, cancellationToken).ConfigureAwait(false);
        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException("The response body is empty.");
        }
        catch (JsonException ex)
        {
            throw new CurioRequestFailedException((int)response.StatusCode,
                $"The server's answer to {method} /{path} could not be read as {typeof(T).Name}: {ex.Message}", null, ex);
        }
    }

    private async Task SendAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, null, HttpCompletionOption.ResponseContentRead, default, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a request and returns a successful response; throws <see cref="CurioRequestFailedException"/> otherwise.
    /// GETs are retried on connection failures, timeouts, 502, 503 and 504; nothing else is ever retried (it may have taken effect).
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, HttpContent? content, HttpCompletionOption completion, TimeSpan serverWait, CancellationToken cancellationToken)
    {
        var http = Http;
        var uri = new Uri(Endpoint, path);
        var retries = method == HttpMethod.Get ? _maxRetries : 0;
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, uri) { Content = content };
            request.Headers.Authorization = _authorization;
            request.Headers.Accept.Add(AcceptJson);
            request.Headers.TryAddWithoutValidation("User-Agent", _userAgent);

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_networkTimeout + serverWait);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, completion, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
            {
                if (attempt < retries)
                {
                    await Task.Delay(RetryDelay(attempt, null), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var what = ex is OperationCanceledException
                    ? $"timed out after {(_networkTimeout + serverWait).TotalSeconds:0.#} s"
                    : $"failed: {ex.Message}";
                throw new CurioRequestFailedException(
                    $"Could not reach the Curio server at {Endpoint}: {method} /{path} {what}{(attempt > 0 ? $" (tried {attempt + 1} times)" : "")}.", ex);
            }

            if (attempt < retries && response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
            {
                var delay = RetryDelay(attempt, response.Headers.RetryAfter);
                response.Dispose();
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                using (response)
                {
                    throw await ProblemReader.CreateAsync(response, cancellationToken).ConfigureAwait(false);
                }
            }

            return response;
        }
    }

    /// <summary>A failure to get a response at all; the caller's own cancellation is not one.</summary>
    private static bool IsTransportFailure(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        HttpRequestException or IOException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>Exponential backoff with jitter (50-100% of the step), or the server's Retry-After; capped either way.</summary>
    private TimeSpan RetryDelay(int attempt, RetryConditionHeaderValue? retryAfter)
    {
        if (retryAfter?.Delta is { } delta && delta >= TimeSpan.Zero)
        {
            return delta < _maxRetryDelay ? delta : _maxRetryDelay;
        }

        var step = _retryDelay * Math.Pow(2, attempt);
        var jittered = step * (0.5 + (Random.Shared.NextDouble() / 2));
        return jittered < _maxRetryDelay ? jittered : _maxRetryDelay;
    }

    /// <summary>Every result of every page, requesting the next page only when the caller gets there.</summary>
    private static async IAsyncEnumerable<T> PagesAsync<T>(
        Func<string?, CancellationToken, Task<Page<T>>> getPage, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await getPage(token, cancellationToken).ConfigureAwait(false);
            foreach (var result in page.Results)
            {
                yield return result;
            }

            token = page.NextPageToken;
        }
        while (!string.IsNullOrEmpty(token));
    }

    private static JsonContent Json<T>(T value, JsonTypeInfo<T> type) => JsonContent.Create(value, type);

    private static void CheckPageSize(int? pageSize, string name)
    {
        if (pageSize is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(name, pageSize, "A page holds 1 to 1000 results.");
        }
    }
}
