using Azure.Storage.Blobs;
using Curio.Connectors.Tests.Support;

namespace Curio.Connectors.Tests.Azure;

/// <summary>
/// A container of its own in azurite for one test class, uploaded to with the SDK directly. It is created on first
/// use from inside a test, not in the fixture's constructor, so that a missing CURIO_TEST_AZURE_BLOB_ENDPOINT skips
/// the test (locally) instead of failing the fixture.
/// </summary>
public sealed class AzuriteContainer : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private BlobContainerClient? _client;

    public string Name { get; } = $"curio-{Guid.NewGuid():N}";

    /// <summary>The container's client, creating the container the first time; skips (fails under CI) without azurite.</summary>
    public async Task<BlobContainerClient> ClientAsync(CancellationToken cancellationToken)
    {
        var connectionString = TestServices.AzuriteConnectionString;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_client is null)
            {
                var client = new BlobServiceClient(connectionString).GetBlobContainerClient(Name);
                await client.CreateAsync(cancellationToken: cancellationToken);
                _client = client;
            }

            return _client;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DeleteIfExistsAsync();
        }

        _gate.Dispose();
    }
}
