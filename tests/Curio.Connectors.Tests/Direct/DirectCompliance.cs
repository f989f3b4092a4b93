namespace Curio.Connectors.Tests.Direct;

public sealed class OriginFixture : IAsyncLifetime
{
    public TestOrigin Origin { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Origin = await TestOrigin.StartAsync();

    public async ValueTask DisposeAsync() => await Origin.DisposeAsync();
}

/// <summary>Objects are served by a Kestrel origin on 127.0.0.1, so the source must allow private networks.</summary>
public sealed class DirectCompliance : ObjectSourceCompliance, IClassFixture<OriginFixture>, IDisposable
{
    private readonly TestOrigin _origin;
    private readonly ObjectSourceFactory _factory = new();
    private readonly IObjectSource _source;

    public DirectCompliance(OriginFixture fixture)
    {
        _origin = fixture.Origin;
        _source = _factory.Create(new IntegrationSettings { Provider = IntegrationSettings.Direct, AllowPrivateNetworks = true });
    }

    protected override IObjectSource Source => _source;

    protected override long? BytesServed => _origin.BytesServed;

    protected override Task<string> PutObjectAsync(string key, byte[] content, CancellationToken cancellationToken)
    {
        _origin.Objects[key] = content;
        return Task.FromResult(UrlFor(key));
    }

    protected override string UrlFor(string key) => $"{_origin.BaseUrl}/o/{string.Join('/', key.Split('/').Select(Uri.EscapeDataString))}";

    protected override bool CanList => false;

    public void Dispose() => _factory.Dispose();
}
