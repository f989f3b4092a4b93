using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Curio.Connectors.Tests.Support;

namespace Curio.Connectors.Tests.S3;

/// <summary>
/// A bucket of its own in moto per test class (moto is shared with other test runs, so nothing is reset or deleted;
/// it keeps everything in memory). Without CURIO_TEST_S3_ENDPOINT the fixture does nothing: the tests then skip (or
/// fail under CI) when they first ask for <see cref="Endpoint"/> or <see cref="Admin"/>, which xunit reports per test.
/// </summary>
public sealed class MotoBucket : IAsyncLifetime
{
    public const string AccessKey = "curio-test-access";
    public const string SecretKey = "curio-test-secret-do-not-log";

    private AmazonS3Client? _admin;

    public string Name { get; } = $"curio-{Guid.NewGuid():N}";

    public static string Endpoint => TestServices.S3Endpoint;

    /// <summary>A plain AWSSDK client for arranging objects, independent of the source under test.</summary>
    public AmazonS3Client Admin
    {
        get
        {
            _ = Endpoint;
            return _admin ?? throw new InvalidOperationException("moto's endpoint appeared after the fixture started.");
        }
    }

    public IntegrationSecrets Secrets { get; } = new() { AccessKey = AccessKey, SecretKey = SecretKey };

    public async ValueTask InitializeAsync()
    {
        var endpoint = Environment.GetEnvironmentVariable("CURIO_TEST_S3_ENDPOINT");
        if (!string.IsNullOrEmpty(endpoint))
        {
            _admin = AdminFor(endpoint);
            await _admin.PutBucketAsync(new PutBucketRequest { BucketName = Name });
        }
    }

    public async Task PutAsync(string key, byte[] content, CancellationToken cancellationToken, S3CannedACL? acl = null)
    {
        using var stream = new MemoryStream(content);
        await Admin.PutObjectAsync(
            new PutObjectRequest { BucketName = Name, Key = key, InputStream = stream, CannedACL = acl, ContentType = "application/octet-stream" },
            cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _admin?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static AmazonS3Client AdminFor(string endpoint) =>
        new(
            new BasicAWSCredentials(AccessKey, SecretKey),
            new AmazonS3Config { ServiceURL = endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
}
