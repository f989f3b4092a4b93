using System.Net;

namespace Curio.Connectors.Direct;

/// <summary>Turns a final, non-retryable HTTP answer into an error a user can act on.</summary>
internal static class HttpStatusErrors
{
    public static ObjectSourceException For(HttpResponseMessage response, string url)
    {
        var status = (int)response.StatusCode;
        var reason = Describe(response);
        return response.StatusCode switch
        {
            HttpStatusCode.NotFound or HttpStatusCode.Gone =>
                new ObjectSourceException(ObjectErrorKind.NotFound, $"Not found ({reason}): {url}"),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                new ObjectSourceException(
                    ObjectErrorKind.AccessDenied,
                    $"access denied (HTTP {status}) for {url}; if the URL is pre-signed it may have expired"),
            _ => new ObjectSourceException(ObjectErrorKind.Failed, $"Unexpected answer ({reason}) for {url}"),
        };
    }

    public static string Describe(HttpResponseMessage response) =>
        string.IsNullOrEmpty(response.ReasonPhrase)
            ? $"HTTP {(int)response.StatusCode}"
            : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
}
