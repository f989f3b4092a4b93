namespace Curio.Connectors.Tests.S3;

/// <summary>
/// The compliance suite against moto, through <see cref="ObjectSourceFactory"/>. The source is made on first use, so a
/// missing CURIO_TEST_S3_ENDPOINT skips each case instead of failing the class. Pages of 10 make the listing case cross
/// pages. Bytes served are not observable in moto, so the head-only check is left out.
/// </summary>
public abstract class S3ComplianceBase(MotoBucket bucket) : ObjectSourceCompliance, IDisposable
{
    private ObjectSourceFactory? _factory;
    private IObjectSource? _source;

    protected MotoBucket Bucket => bucket;

    protected override IObjectSource Source => _source ??= CreateSource();

    protected override bool Signs => true;

    protected abstract IntegrationSettings Settings(string endpoint);

    protected override async Task<string> PutObjectAsync(string key, byte[] content, CancellationToken cancellationToken)
    {
        await bucket.PutAsync(key, content, cancellationToken);
        return UrlFor(key);
    }

    protected static string Encode(string key) => string.Join('/', key.Split('/').Select(Uri.EscapeDataString));

    public void Dispose()
    {
        (_source as IDisposable)?.Dispose();
        _factory?.Dispose();
        GC.SuppressFinalize(this);
    }

    private IObjectSource CreateSource()
    {
        var endpoint = MotoBucket.Endpoint;
        _factory = new ObjectSourceFactory(options: new ObjectSourceOptions { ListPageSize = 10, RetryBaseDelay = TimeSpan.Zero });
        return _factory.Create(Settings(endpoint), bucket.Secrets);
    }
}

/// <summary>"s3" with moto as its endpoint, path-style; objects are named by path-style URLs on the endpoint.</summary>
public sealed class S3Compliance(MotoBucket bucket) : S3ComplianceBase(bucket), IClassFixture<MotoBucket>
{
    protected override IntegrationSettings Settings(string endpoint) =>
        new() { Provider = IntegrationSettings.S3, Endpoint = endpoint, PathStyle = true };

    protected override string UrlFor(string key) => $"{MotoBucket.Endpoint}/{Bucket.Name}/{Encode(key)}";
}

/// <summary>"s3-compatible" with moto as the store and a bucket setting; objects are named s3://bucket/key and listed by bare key prefixes.</summary>
public sealed class S3CompatibleCompliance(MotoBucket bucket) : S3ComplianceBase(bucket), IClassFixture<MotoBucket>
{
    protected override IntegrationSettings Settings(string endpoint) =>
        new() { Provider = IntegrationSettings.S3Compatible, Endpoint = endpoint, Bucket = Bucket.Name };

    protected override string UrlFor(string key) => $"s3://{Bucket.Name}/{Encode(key)}";

    protected override string ListPrefixFor(string keyPrefix) => keyPrefix;
}
