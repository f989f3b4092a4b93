using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using Curio.Connectors.Azure;
using Curio.Connectors.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Curio.Connectors.Tests.Azure;

/// <summary>
/// The compliance suite against azurite, once per way an integration can hold its credentials. Each class has a
/// container of its own, and each names objects in another of the accepted URL forms.
/// </summary>
public abstract class AzureCompliance(AzuriteContainer container) : ObjectSourceCompliance, IAsyncLifetime
{
    private IObjectSource? _source;

    protected override IObjectSource Source => _source ?? throw new InvalidOperationException("InitializeAsync has not run.");

    protected override bool Signs => true;

    protected ObjectSourceFactory Factory { get; } = new();

    protected string ContainerName => container.Name;

    /// <summary>Runs before each case, so a missing azurite skips the case rather than failing a fixture.</summary>
    public async ValueTask InitializeAsync()
    {
        var blobs = await container.ClientAsync(Ct);
        _source = CreateSource(blobs);
    }

    public ValueTask DisposeAsync()
    {
        (_source as IDisposable)?.Dispose();
        Factory.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    protected abstract IObjectSource CreateSource(BlobContainerClient blobs);

    protected override async Task<string> PutObjectAsync(string key, byte[] content, CancellationToken cancellationToken)
    {
        var blobs = await container.ClientAsync(cancellationToken);
        await blobs.GetBlobClient(key).UploadAsync(BinaryData.FromBytes(content), overwrite: true, cancellationToken);
        return UrlFor(key);
    }

    protected static string Encode(string key) => string.Join('/', key.Split('/').Select(Uri.EscapeDataString));
}

/// <summary>The azurite connection string, through the factory; URLs under the endpoint (path-style, as azurite serves them).</summary>
public sealed class AzureConnectionStringCompliance(AzuriteContainer container) : AzureCompliance(container), IClassFixture<AzuriteContainer>
{
    protected override IObjectSource CreateSource(BlobContainerClient blobs) =>
        Factory.Create(
            new IntegrationSettings { Provider = IntegrationSettings.Azure },
            new IntegrationSecrets { ConnectionString = TestServices.AzuriteConnectionString });

    protected override string UrlFor(string key) => $"{TestServices.AzureBlobEndpoint}/{ContainerName}/{Encode(key)}";
}

/// <summary>
/// Endpoint and account key, limited to the container; az:// URLs and bare listing prefixes. Built directly to count
/// the bytes azurite sends, which proves head reads are ranged.
/// </summary>
public sealed class AzureAccountKeyCompliance(AzuriteContainer container) : AzureCompliance(container), IClassFixture<AzuriteContainer>
{
    private Interceptor? _interceptor;

    protected override long? BytesServed => _interceptor?.BytesServed;

    protected override IObjectSource CreateSource(BlobContainerClient blobs) =>
        new AzureObjectSource(
            new IntegrationSettings { Provider = IntegrationSettings.Azure, Endpoint = TestServices.AzureBlobEndpoint, Bucket = ContainerName },
            new IntegrationSecrets { AccountKey = TestServices.AzuriteAccountKey },
            new ObjectSourceOptions(),
            TimeProvider.System,
            NullLogger.Instance,
            handler => _interceptor = new Interceptor(handler));

    protected override string UrlFor(string key) => $"az://{ContainerName}/{Encode(key)}";

    protected override string ListPrefixFor(string keyPrefix) => keyPrefix;
}

/// <summary>Endpoint and a read+list container SAS; URLs under the endpoint, az:// listing prefixes.</summary>
public sealed class AzureSasCompliance(AzuriteContainer container) : AzureCompliance(container), IClassFixture<AzuriteContainer>
{
    protected override IObjectSource CreateSource(BlobContainerClient blobs)
    {
        var sas = blobs.GenerateSasUri(
            BlobContainerSasPermissions.Read | BlobContainerSasPermissions.List, TimeProvider.System.GetUtcNow().AddHours(1));
        return Factory.Create(
            new IntegrationSettings { Provider = IntegrationSettings.Azure, Endpoint = TestServices.AzureBlobEndpoint },
            new IntegrationSecrets { Sas = sas.Query.TrimStart('?') });
    }

    protected override string UrlFor(string key) => $"{TestServices.AzureBlobEndpoint}/{ContainerName}/{Encode(key)}";

    protected override string ListPrefixFor(string keyPrefix) => $"az://{ContainerName}/{Encode(keyPrefix)}";
}
