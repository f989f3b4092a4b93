using System.Net;
using System.Text.Json;
using Curio.Connectors.Cloud;
using Google;
using Google.Apis.Auth.OAuth2.Responses;

namespace Curio.Connectors.Gcs;

/// <summary>A failed media request (those bypass Google.Apis, which would have raised a GoogleApiException).</summary>
internal sealed class GcsStatusException(HttpStatusCode status, string? serviceMessage, TimeSpan? retryAfter)
    : Exception($"Google Cloud Storage answered {(int)status}{(serviceMessage is null ? "" : ": " + serviceMessage)}")
{
    public HttpStatusCode Status { get; } = status;

    public string? ServiceMessage { get; } = serviceMessage;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>Reads Google's JSON error message ({"error":{"message":...}}) from a bounded prefix of the body.</summary>
    public static async Task<GcsStatusException> FromResponseAsync(HttpResponseMessage response, DateTimeOffset now, CancellationToken cancellationToken)
    {
        string? message = null;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[8192];
            var read = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            using var document = JsonDocument.Parse(buffer.AsMemory(0, read));
            if (document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("message", out var text) && text.ValueKind == JsonValueKind.String)
            {
                message = text.GetString();
            }
        }
        catch (JsonException)
        {
            // Not Google's JSON (a proxy's page, a truncated body): the status says enough.
        }

        var retryAfter = response.Headers.RetryAfter is { } header ? header.Delta ?? header.Date - now : null;
        return new GcsStatusException(response.StatusCode, message, retryAfter);
    }
}

/// <summary>Maps Google's exceptions to what they mean for a reader, in words a user can act on.</summary>
internal static class GcsFaults
{
    /// <param name="exception">What the attempt threw.</param>
    /// <param name="anonymous">The integration reads without credentials, so 401/403 mean "not public".</param>
    /// <param name="listing">A listing: a 404 then means the bucket is missing, not an object.</param>
    public static CloudFault? Classify(Exception exception, bool anonymous, bool listing)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case GcsStatusException status:
                    return ForStatus(status.Status, status.ServiceMessage, status.RetryAfter, anonymous, listing);
                case GoogleApiException api when api.HttpStatusCode != 0:
                    return ForStatus(api.HttpStatusCode, api.Error?.Message, null, anonymous, listing);
                case TokenResponseException token:
                    return ForTokenFailure(token);
                case Newtonsoft.Json.JsonException:
                    return new CloudFault(ObjectErrorKind.Failed, "Google Cloud Storage sent an answer that is not the JSON API's (check the integration's endpoint)");
            }
        }

        // Connection failures (HttpRequestException, IOException) get CloudCalls' shared wording; anything else is a bug.
        return null;
    }

    private static CloudFault ForStatus(HttpStatusCode status, string? message, TimeSpan? retryAfter, bool anonymous, bool listing)
    {
        var said = string.IsNullOrWhiteSpace(message) ? "" : $": {Shorten(message)}";
        return (int)status switch
        {
            404 => new CloudFault(
                ObjectErrorKind.NotFound,
                string.IsNullOrWhiteSpace(message) ? (listing ? "the bucket does not exist" : "the object or its bucket does not exist") : Shorten(message)),
            403 => new CloudFault(
                ObjectErrorKind.AccessDenied,
                anonymous
                    ? "the bucket does not allow anonymous reads; give the integration a service-account key with read access"
                    : "access denied by the bucket's IAM policy or the service account's roles; grant it Storage Object Viewer on the bucket"),
            401 => new CloudFault(
                ObjectErrorKind.AccessDenied,
                anonymous
                    ? "the bucket requires credentials; give the integration a service-account key"
                    : "the service-account key was rejected; check that the key and its service account still exist"),
            408 or 429 or (>= 500 and <= 599) => new CloudFault(
                ObjectErrorKind.Unavailable, $"Google Cloud Storage answered {(int)status}{said}", retryAfter),
            _ => new CloudFault(ObjectErrorKind.Failed, $"Google Cloud Storage answered {(int)status}{said}"),
        };
    }

    private static CloudFault ForTokenFailure(TokenResponseException token)
    {
        var code = token.StatusCode is { } status ? (int)status : 0;
        if (code is 408 or 429 or >= 500)
        {
            return new CloudFault(ObjectErrorKind.Unavailable, $"the OAuth token endpoint answered {code}");
        }

        // The error code (e.g. invalid_grant) names the reason; the description may quote the assertion, so it is left out.
        var reason = token.Error?.Error is { Length: > 0 } error ? $" ({error})" : "";
        return new CloudFault(
            ObjectErrorKind.AccessDenied,
            $"the service-account key was rejected by the OAuth token endpoint{reason}; check that the key and its service account still exist");
    }

    private static string Shorten(string message)
    {
        var oneLine = message.ReplaceLineEndings(" ").Trim();
        return oneLine.Length <= 200 ? oneLine : oneLine[..200] + "…";
    }
}
