using Curio.Testing.FakeGcs;

namespace Curio.Connectors.Tests.Gcs;

/// <summary>An anonymous integration reading any bucket; objects named by gs:// URLs; signed URLs are public URLs.</summary>
public sealed class GcsCompliance : ObjectSourceCompliance, IClassFixture<FakeGcsFixture>, IDisposable
{
    private readonly FakeGcsFixture _fixture;
    private readonly ObjectSourceFactory _factory = new();
    private readonly IObjectSource _source;

    public GcsCompliance(FakeGcsFixture fixture)
    {
        _fixture = fixture;
        _source = _factory.Create(new IntegrationSettings
        {
            Provider = IntegrationSettings.Gcs,
            Endpoint = fixture.Server.BaseUri.AbsoluteUri,
            Anonymous = true,
        });
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

    protected override string UrlFor(string key) => GcsTestUrls.Gs(_fixture.Bucket, key);

    /// <summary>An anonymous integration hands out the public URL; fetch it from the fake, which serves public buckets path-style.</summary>
    protected override async Task<byte[]> FetchSignedAsync(Uri url, CancellationToken cancellationToken)
    {
        Assert.StartsWith($"https://storage.googleapis.com/{_fixture.Bucket}/", url.AbsoluteUri, StringComparison.Ordinal);
        Assert.Empty(url.Query);
        using var http = new HttpClient();
        return await http.GetByteArrayAsync(GcsTestUrls.ToFake(url, Server), cancellationToken);
    }

    public void Dispose()
    {
        (_source as IDisposable)?.Dispose();
        _factory.Dispose();
    }
}
