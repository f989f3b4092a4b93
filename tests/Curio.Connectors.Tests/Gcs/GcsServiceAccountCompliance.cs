using System.Web;
using Curio.Testing.FakeGcs;

namespace Curio.Connectors.Tests.Gcs;

public sealed class ServiceAccountGcsFixture : IAsyncLifetime
{
    public FakeGcsServer Server { get; private set; } = null!;

    public TestServiceAccount Account { get; private set; } = null!;

    public string Bucket { get; } = $"curio-{Guid.NewGuid():N}";

    public async ValueTask InitializeAsync()
    {
        Server = await FakeGcsServer.StartAsync();
        Server.CreateBucket(Bucket);
        // Every API call must carry a token from the fake's /token, and unsigned public reads are refused.
        Server.RequireAuth = true;
        Account = new TestServiceAccount(Server.TokenUri);
        Server.TrustSigner(Account.Email, Account.PublicKey());
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Account.Dispose();
    }
}

/// <summary>
/// A service-account integration restricted to one bucket: objects named by https://storage.googleapis.com URLs,
/// listed by bare name prefixes, the endpoint given without /storage/v1/. Signed URLs are V4 signatures the fake
/// verifies with the account's public key.
/// </summary>
public sealed class GcsServiceAccountCompliance : ObjectSourceCompliance, IClassFixture<ServiceAccountGcsFixture>, IDisposable
{
    private readonly ServiceAccountGcsFixture _fixture;
    private readonly ObjectSourceFactory _factory = new();
    private readonly IObjectSource _source;

    public GcsServiceAccountCompliance(ServiceAccountGcsFixture fixture)
    {
        _fixture = fixture;
        _source = _factory.Create(
            new IntegrationSettings { Provider = IntegrationSettings.Gcs, Endpoint = fixture.Server.RootUri.AbsoluteUri, Bucket = fixture.Bucket },
            new IntegrationSecrets { ServiceAccountJson = fixture.Account.Json });
    }

    protected override IObjectSource Source => _source;

    protected override long? BytesServed => Server.BytesServed;

    protected override bool Signs => true;

    private FakeGcsServer Server => _fixture.Server;

    protected override Task<string> PutObjectAsync(string key, byte[] content, CancellationToken cancellationToken)
    {
        Server.Put(_fixture.Bucket, key, content);
        return Task.FromResult(UrlFor(key));
    }

    protected override string UrlFor(string key) => GcsTestUrls.Https(_fixture.Bucket, key);

    protected override string ListPrefixFor(string keyPrefix) => keyPrefix;

    /// <summary>Checks the URL is a V4 signature for the TTL asked (5 minutes), then has the fake verify and serve it.</summary>
    protected override async Task<byte[]> FetchSignedAsync(Uri url, CancellationToken cancellationToken)
    {
        Assert.Equal("storage.googleapis.com", url.Host);
        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("GOOG4-RSA-SHA256", query["X-Goog-Algorithm"]);
        Assert.Equal("300", query["X-Goog-Expires"]);
        Assert.StartsWith(_fixture.Account.Email + "/", query["X-Goog-Credential"], StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(query["X-Goog-Signature"]));

        using var http = new HttpClient();
        return await http.GetByteArrayAsync(GcsTestUrls.ToFake(url, Server), cancellationToken);
    }

    public void Dispose()
    {
        (_source as IDisposable)?.Dispose();
        _factory.Dispose();
    }
}
