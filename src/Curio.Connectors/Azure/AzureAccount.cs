namespace Curio.Connectors.Azure;

/// <summary>
/// Where an azure integration's blobs live; holds no secret, so it may appear in messages and logs.
/// </summary>
/// <param name="Endpoint">The blob service endpoint without a trailing slash: https://account.blob.core.windows.net,
/// or path-style with the account as first segment (azurite: http://127.0.0.1:10000/devstoreaccount1).</param>
/// <param name="Name">The storage account, when the connection string or the endpoint tells it (a custom domain does not).</param>
/// <param name="Container">The only container the integration reads (its Bucket setting); null for any.</param>
internal sealed record AzureAccount(string Endpoint, string? Name, string? Container)
{
    public Uri EndpointUri { get; } = new(Endpoint);

    /// <summary>The endpoint's path ("" or "/account"), which every blob URL under the endpoint starts with.</summary>
    public string EndpointPath => EndpointUri.AbsolutePath.TrimEnd('/');

    /// <summary>"storage account 'x'", or the endpoint when the account cannot be told.</summary>
    public string Describe() => Name is null ? $"the storage account at {Endpoint}" : $"storage account '{Name}'";
}
