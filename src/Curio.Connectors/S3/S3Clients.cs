using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Curio.Connectors.S3;

/// <summary>Builds the one AWSSDK client a source uses for its whole life.</summary>
internal static class S3Clients
{
    public static AmazonS3Client Create(
        S3Addressing addressing, IntegrationSecrets secrets, bool anonymous, ObjectSourceOptions options, HttpClientFactory? httpClientFactory = null)
    {
        ArgumentNullException.ThrowIfNull(addressing);
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonS3Config
        {
            ForcePathStyle = addressing.PathStyle,

            // CloudCalls is the only retry loop, so attempts are bounded by our options and can be counted.
            MaxErrorRetry = 0,

            // CloudCalls' token bounds each attempt; this only keeps the SDK's HttpClient (100 s by default) from giving up first.
            Timeout = options.RequestTimeout < TimeSpan.FromDays(1) ? options.RequestTimeout + TimeSpan.FromSeconds(5) : System.Threading.Timeout.InfiniteTimeSpan,
            MaxConnectionsPerServer = options.MaxConnectionsPerEndpoint,

            // S3-compatible stores and GCS interop reject the flexible-checksum defaults, and ranged GETs cannot be
            // checked against a whole-object checksum anyway.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,

            // An AWS_ENDPOINT_URL in the server's environment must not redirect an integration's requests.
            IgnoreConfiguredEndpointUrls = true,
        };
        if (addressing.Endpoint is not null)
        {
            // Setting ServiceURL clears RegionEndpoint, so the signing region is given separately.
            config.ServiceURL = addressing.Endpoint.BaseUrl;
            config.AuthenticationRegion = addressing.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(addressing.Region);
        }

        if (httpClientFactory is not null)
        {
            config.HttpClientFactory = httpClientFactory;
        }

        return new AmazonS3Client(Credentials(secrets, anonymous), config);
    }

    private static AWSCredentials Credentials(IntegrationSecrets secrets, bool anonymous)
    {
        if (anonymous)
        {
            return new AnonymousAWSCredentials();
        }

        var accessKey = secrets.AccessKey ?? throw new ArgumentException("An s3 integration without --anonymous needs an access key.", nameof(secrets));
        var secretKey = secrets.SecretKey ?? throw new ArgumentException("An s3 integration without --anonymous needs a secret key.", nameof(secrets));
        return secrets.SessionToken is { } token
            ? new SessionAWSCredentials(accessKey, secretKey, token)
            : new BasicAWSCredentials(accessKey, secretKey);
    }
}
