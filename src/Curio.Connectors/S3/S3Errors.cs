using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Curio.Connectors.Cloud;

namespace Curio.Connectors.S3;

/// <summary>
/// What an AWSSDK exception means for a read, in words a user can act on. Messages name buckets and keys, never
/// credentials (S3's own messages for signature errors echo the string to sign, so those are replaced, not quoted).
/// </summary>
internal static class S3Errors
{
    public const string AccessDeniedProblem = "the bucket policy or the integration's credentials do not allow reading it";
    public const string KeysRejectedProblem = "the integration's access key or secret key was rejected";

    /// <summary>Maps <paramref name="exception"/> for a call on <paramref name="bucket"/>; null leaves it to <see cref="CloudCalls"/>.</summary>
    public static CloudFault? Classify(Exception exception, string bucket, string region)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is AmazonServiceException service && (service.StatusCode != 0 || service.ErrorCode is not null))
        {
            return FromService(service, bucket, region);
        }

        if (NetworkCause(exception) is { } network)
        {
            return new CloudFault(ObjectErrorKind.Unavailable, $"connection failed ({network.Message})");
        }

        return exception switch
        {
            // The SDK's own HttpClient timeout, as opposed to ours or the caller's (CloudCalls handles those first).
            OperationCanceledException or TimeoutException => new CloudFault(ObjectErrorKind.Unavailable, "the request timed out"),
            AmazonClientException client => new CloudFault(ObjectErrorKind.Failed, $"the S3 client failed: {client.Message}"),
            _ => null,
        };
    }

    private static CloudFault FromService(AmazonServiceException ex, string bucket, string region)
    {
        var status = (int)ex.StatusCode;
        switch (ex.ErrorCode)
        {
            case "NoSuchBucket":
                return new CloudFault(ObjectErrorKind.NotFound, $"the bucket {bucket} does not exist");
            case "NoSuchKey":
                return new CloudFault(ObjectErrorKind.NotFound, $"the bucket {bucket} has no object with this key");
            case "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "InvalidToken" or "InvalidSecurity":
                return new CloudFault(ObjectErrorKind.AccessDenied, KeysRejectedProblem);
            case "ExpiredToken" or "TokenRefreshRequired":
                return new CloudFault(ObjectErrorKind.AccessDenied, "the session token has expired; give the integration new credentials");
            case "AccessDenied" or "AllAccessDisabled" or "AccountProblem":
                return new CloudFault(ObjectErrorKind.AccessDenied, AccessDeniedProblem);
            case "PermanentRedirect" or "AuthorizationHeaderMalformed" or "IllegalLocationConstraintException":
                return new CloudFault(
                    ObjectErrorKind.Failed,
                    $"the bucket {bucket} is not in the region {region}; set the integration's region to the bucket's");
            case "RequestTimeTooSkewed":
                return new CloudFault(ObjectErrorKind.Failed, "this machine's clock differs too much from S3's; synchronise it (NTP)");
            case "SlowDown" or "Throttling" or "ThrottlingException" or "RequestLimitExceeded" or "TooManyRequestsException"
                or "RequestTimeout" or "InternalError" or "ServiceUnavailable":
                return new CloudFault(ObjectErrorKind.Unavailable, $"S3 answered {status} {ex.ErrorCode}");
        }

        return ex.StatusCode switch
        {
            // HEAD answers carry no body, so a missing bucket and a missing key look alike.
            HttpStatusCode.NotFound => new CloudFault(ObjectErrorKind.NotFound, $"no such object in the bucket {bucket}, or no such bucket"),
            HttpStatusCode.Forbidden => new CloudFault(ObjectErrorKind.AccessDenied, AccessDeniedProblem),
            HttpStatusCode.Unauthorized => new CloudFault(ObjectErrorKind.AccessDenied, "the credentials were rejected"),
            HttpStatusCode.MovedPermanently or HttpStatusCode.TemporaryRedirect => new CloudFault(
                ObjectErrorKind.Failed, $"the bucket {bucket} is not in the region {region}; set the integration's region to the bucket's"),
            HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError
                => new CloudFault(ObjectErrorKind.Unavailable, $"S3 answered {status}{(ex.ErrorCode is { } code ? " " + code : "")}"),
            _ => new CloudFault(ObjectErrorKind.Failed, $"S3 answered {status} {ex.ErrorCode ?? "(no error code)"}: {ex.Message}"),
        };
    }

    /// <summary>A connection-level failure anywhere in the chain; the SDK wraps some in its own exceptions.</summary>
    private static Exception? NetworkCause(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or IOException or SocketException)
            {
                return e.InnerException is SocketException or IOException ? e.InnerException : e;
            }
        }

        return null;
    }
}
