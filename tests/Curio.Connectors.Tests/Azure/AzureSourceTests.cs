using System.Net;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Curio.Connectors.Azure;
using Curio.Connectors.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Curio.Connectors.Tests.Azure;

/// <summary>Azure-specific behaviour against azurite: paging, retries, credentials that fail, signing per credential kind.</summary>
public sealed class AzureSourceTests(AzuriteContainer container) : IClassFixture<AzuriteContainer>, IAsyncLifetime
{
    private static readonly ObjectSourceOptions FastRetries = new() { RetryBaseDelay = TimeSpan.FromMilliseconds(1), MaxAttempts = 3 };

    private readonly List<IDisposable> _sources = [];
    private BlobContainerClient _blobs = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _blobs = await container.ClientAsync(Ct);

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources)
        {
            source.Dispose();
        }

        await Task.CompletedTask;
    }

    [Fact]
    public async Task Listing_asks_for_pages_of_ListPageSize_and_skips_folder_markers()
    {
        var prefix = $"paging/{Guid.NewGuid():N}/";
        var names = Enumerable.Range(0, 30).Select(i => $"{prefix}item-{i:D2}.bin").ToList();
        await Task.WhenAll(names.Select(name => PutAsync(name, TestBytes.Pattern(3))));
        await PutFolderMarkerAsync(prefix + "folder/");
        var (source, interceptor) = KeySource(FastRetries with { ListPageSize = 7 });

        var entries = await ListAsync(source, $"az://{container.Name}/{prefix}");

        Assert.Equal(names, entries.Select(e => e.Key));
        Assert.All(entries, e => Assert.Equal(3, e.Size));
        Assert.All(entries, e => Assert.NotNull(e.LastModified));
        Assert.Equal(5, interceptor.ListRequests); // 31 blobs, folder marker included, 7 a page
    }

    [Fact]
    public async Task A_listing_page_that_fails_is_asked_for_again_and_nothing_is_lost()
    {
        var prefix = $"retry/{Guid.NewGuid():N}/";
        var names = Enumerable.Range(0, 12).Select(i => $"{prefix}{i:D2}.bin").ToList();
        await Task.WhenAll(names.Select(name => PutAsync(name, TestBytes.Pattern(1))));
        var (source, interceptor) = KeySource(FastRetries with { ListPageSize = 5 });
        interceptor.Fault = (request, lists) => lists == 2 ? Interceptor.ServerBusy(request) : null;

        var entries = await ListAsync(source, $"az://{container.Name}/{prefix}");

        Assert.Equal(names, entries.Select(e => e.Key));
        Assert.Equal(4, interceptor.ListRequests); // pages 1, 2 (503), 2 again, 3
    }

    [Fact]
    public async Task Transient_failures_are_tried_MaxAttempts_times_by_us_alone_then_Unavailable()
    {
        var url = await PutAsync($"busy/{Guid.NewGuid():N}.bin", TestBytes.Pattern(10));
        var (source, interceptor) = KeySource(FastRetries);
        interceptor.Fault = (request, _) => Interceptor.ServerBusy(request);
        var location = Resolve(source, url);

        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => source.ReadHeadAsync(location, 100, Ct).AsTask());

        Assert.Equal(ObjectErrorKind.Unavailable, error.Kind);
        Assert.Contains(url, error.Message, StringComparison.Ordinal);
        Assert.Contains("503 ServerBusy", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, interceptor.Requests); // the SDK's own retries are off
    }

    [Fact]
    public async Task A_tampered_sas_is_AccessDenied_and_the_message_says_what_to_check_without_the_sas()
    {
        var url = await PutAsync($"sas/{Guid.NewGuid():N}.bin", TestBytes.Pattern(10));
        var sas = ContainerSas(BlobContainerSasPermissions.Read);
        var signature = SignatureOf(sas);
        // Change the first character to one it is not: a fixed replacement would leave a signature that starts with it unchanged.
        var tampered = sas.Replace(signature, (signature[0] == 'A' ? "B" : "A") + signature[1..], StringComparison.Ordinal);
        Assert.NotEqual(sas, tampered);
        var source = Track(new AzureObjectSource(
            new IntegrationSettings { Provider = IntegrationSettings.Azure, Endpoint = TestServices.AzureBlobEndpoint },
            new IntegrationSecrets { Sas = tampered },
            FastRetries,
            TimeProvider.System,
            NullLogger.Instance));

        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => source.ReadHeadAsync(Resolve(source, url), 100, Ct).AsTask());

        Assert.Equal(ObjectErrorKind.AccessDenied, error.Kind);
        Assert.Contains(url, error.Message, StringComparison.Ordinal);
        Assert.Contains("the account key or SAS was rejected", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(signature[1..], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_account_key_is_AccessDenied()
    {
        var url = await PutAsync($"key/{Guid.NewGuid():N}.bin", TestBytes.Pattern(10));
        var source = Track(new AzureObjectSource(
            new IntegrationSettings { Provider = IntegrationSettings.Azure, Endpoint = TestServices.AzureBlobEndpoint },
            new IntegrationSecrets { AccountKey = Convert.ToBase64String(TestBytes.Pattern(64)) },
            FastRetries,
            TimeProvider.System,
            NullLogger.Instance));

        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => source.StatAsync(Resolve(source, url), Ct).AsTask());

        Assert.Equal(ObjectErrorKind.AccessDenied, error.Kind);
        Assert.Contains("the account key or SAS was rejected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sas_without_the_needed_permission_is_AccessDenied_by_policy()
    {
        var url = await PutAsync($"perm/{Guid.NewGuid():N}.bin", TestBytes.Pattern(10));
        var source = SasSource(ContainerSas(BlobContainerSasPermissions.List));

        var error = await Assert.ThrowsAsync<ObjectSourceException>(() => source.ReadHeadAsync(Resolve(source, url), 100, Ct).AsTask());

        Assert.Equal(ObjectErrorKind.AccessDenied, error.Kind);
        Assert.Contains("access policy or the integration's credentials", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_container_is_NotFound_and_named_for_reads_and_listings()
    {
        var (source, _) = KeySource(FastRetries);
        var missing = $"missing-{Guid.NewGuid():N}";
        var url = $"az://{missing}/a.bin";

        var read = await Assert.ThrowsAsync<ObjectSourceException>(() => source.ReadHeadAsync(Resolve(source, url), 10, Ct).AsTask());
        var stat = await Assert.ThrowsAsync<ObjectSourceException>(() => source.StatAsync(Resolve(source, url), Ct).AsTask());
        var list = await Assert.ThrowsAsync<ObjectSourceException>(() => ListAsync(source, $"az://{missing}/"));

        foreach (var error in new[] { read, stat, list })
        {
            Assert.Equal(ObjectErrorKind.NotFound, error.Kind);
            Assert.Contains($"the container '{missing}' does not exist in storage account 'devstoreaccount1'", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Azurite_answers_a_ranged_get_of_an_empty_blob_with_416_and_the_source_reports_size_zero()
    {
        var url = await PutAsync($"empty/{Guid.NewGuid():N}.bin", []);
        var blob = _blobs.GetBlobClient(Resolve(KeySource(FastRetries).Source, url).Key[(container.Name.Length + 1)..]);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, blob.GenerateSasUri(BlobSasPermissions.Read, TimeProvider.System.GetUtcNow().AddMinutes(5)));
        request.Headers.Add("x-ms-range", "bytes=0-1023");
        request.Headers.Add("x-ms-version", "2025-01-05");

        using var raw = await http.SendAsync(request, Ct);
        var (source, _) = KeySource(FastRetries);
        var head = await source.ReadHeadAsync(Resolve(source, url), 1024, Ct);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, raw.StatusCode);
        Assert.Equal(0, head.Size);
        Assert.True(head.Bytes.IsEmpty);
    }

    [Fact]
    public async Task An_account_key_signs_a_read_only_url_that_expires_after_the_ttl()
    {
        var content = TestBytes.Pattern(100);
        var url = await PutAsync($"sign/{Guid.NewGuid():N}.bin", content);
        var (source, _) = KeySource(FastRetries);

        var signed = await source.GetSignedUrlAsync(Resolve(source, url), TimeSpan.FromMinutes(10), Ct);

        Assert.NotNull(signed);
        var query = System.Web.HttpUtility.ParseQueryString(signed.Query);
        Assert.Equal("r", query["sp"]);
        var expires = DateTimeOffset.Parse(query["se"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires - TimeProvider.System.GetUtcNow(), TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(11));
        using var http = new HttpClient();
        Assert.Equal(content, await http.GetByteArrayAsync(signed, Ct));
        using var put = new HttpRequestMessage(HttpMethod.Put, signed) { Content = new ByteArrayContent([1, 2, 3]) };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        using var written = await http.SendAsync(put, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, written.StatusCode);
    }

    [Fact]
    public async Task A_sas_integration_signs_with_its_own_sas()
    {
        var content = TestBytes.Pattern(100, seed: 5);
        var url = await PutAsync($"sign/{Guid.NewGuid():N}.bin", content);
        var sas = ContainerSas(BlobContainerSasPermissions.Read);
        var source = SasSource(sas);

        var signed = await source.GetSignedUrlAsync(Resolve(source, url), TimeSpan.FromMinutes(10), Ct);

        Assert.NotNull(signed);
        Assert.Equal(sas, signed.Query.TrimStart('?'));
        using var http = new HttpClient();
        Assert.Equal(content, await http.GetByteArrayAsync(signed, Ct));
    }

    [Fact]
    public async Task A_sas_connection_string_reads_and_lists()
    {
        var content = TestBytes.Pattern(50, seed: 9);
        var prefix = $"sascs/{Guid.NewGuid():N}/";
        await PutAsync(prefix + "a.bin", content);
        var sas = ContainerSas(BlobContainerSasPermissions.Read | BlobContainerSasPermissions.List);
        using var factory = new ObjectSourceFactory();
        var source = factory.Create(
            new IntegrationSettings { Provider = IntegrationSettings.Azure, Bucket = container.Name },
            new IntegrationSecrets { ConnectionString = $"BlobEndpoint={TestServices.AzureBlobEndpoint};SharedAccessSignature={sas}" });
        Track((IDisposable)source);

        var entries = await ListAsync(source, prefix);
        var head = await source.ReadHeadAsync(Resolve(source, entries.Single().Url), 100, Ct);

        Assert.Equal(content, head.Bytes.ToArray());
    }

    [Fact]
    public async Task An_anonymous_integration_reads_a_public_container_and_gives_plain_urls()
    {
        var service = new BlobServiceClient(TestServices.AzuriteConnectionString);
        var open = service.GetBlobContainerClient($"public-{Guid.NewGuid():N}");
        await open.CreateAsync(PublicAccessType.Blob, cancellationToken: Ct);
        try
        {
            var content = TestBytes.Pattern(40, seed: 4);
            await open.GetBlobClient("x/y.bin").UploadAsync(BinaryData.FromBytes(content), Ct);
            var source = Track(new AzureObjectSource(
                new IntegrationSettings { Provider = IntegrationSettings.Azure, Endpoint = TestServices.AzureBlobEndpoint, Anonymous = true },
                new IntegrationSecrets(),
                FastRetries,
                TimeProvider.System,
                NullLogger.Instance));
            var location = Resolve(source, $"az://{open.Name}/x/y.bin");

            var head = await source.ReadHeadAsync(location, 100, Ct);
            var signed = await source.GetSignedUrlAsync(location, TimeSpan.FromMinutes(5), Ct);
            var privateRead = await Assert.ThrowsAsync<ObjectSourceException>(
                () => source.StatAsync(Resolve(source, $"az://{container.Name}/nothing.bin"), Ct).AsTask());

            Assert.Equal(content, head.Bytes.ToArray());
            Assert.Equal($"{TestServices.AzureBlobEndpoint}/{open.Name}/x/y.bin", signed?.AbsoluteUri);
            Assert.Contains(privateRead.Kind, new[] { ObjectErrorKind.NotFound, ObjectErrorKind.AccessDenied });
        }
        finally
        {
            await open.DeleteIfExistsAsync(cancellationToken: Ct);
        }
    }

    [Fact]
    public async Task A_hand_made_location_outside_the_container_is_refused_without_a_request()
    {
        var (source, interceptor) = KeySource(FastRetries, bucket: container.Name);

        var other = await Assert.ThrowsAsync<ObjectSourceException>(
            () => source.StatAsync(new ObjectLocation("az://other/a.bin", "other/a.bin"), Ct).AsTask());
        var escape = await Assert.ThrowsAsync<ObjectSourceException>(
            () => source.ReadHeadAsync(new ObjectLocation("x", $"{container.Name}/../other/a.bin"), 10, Ct).AsTask());
        var listing = await Assert.ThrowsAsync<ObjectSourceException>(() => ListAsync(source, "az://other/"));

        Assert.Equal(ObjectErrorKind.Refused, other.Kind);
        Assert.Equal(ObjectErrorKind.Refused, escape.Kind);
        Assert.Equal(ObjectErrorKind.Refused, listing.Kind);
        Assert.Contains($"reads only the container '{container.Name}'", listing.Message, StringComparison.Ordinal);
        Assert.Equal(0, interceptor.Requests);
    }

    private async Task<string> PutAsync(string name, byte[] content)
    {
        await _blobs.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(content), overwrite: true, Ct);
        return $"az://{container.Name}/{string.Join('/', name.Split('/').Select(Uri.EscapeDataString))}";
    }

    /// <summary>A zero-byte blob whose name ends in '/', as tools that fake folders make; the SDK trims the slash, so this goes around it.</summary>
    private async Task PutFolderMarkerAsync(string name)
    {
        var sas = ContainerSas(BlobContainerSasPermissions.Create | BlobContainerSasPermissions.Write);
        using var http = new HttpClient();
        using var put = new HttpRequestMessage(HttpMethod.Put, $"{TestServices.AzureBlobEndpoint}/{container.Name}/{name}?{sas}")
        {
            Content = new ByteArrayContent([]),
        };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        put.Headers.Add("x-ms-version", "2025-01-05");
        using var response = await http.SendAsync(put, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var listed = new List<string>();
        await foreach (var blob in _blobs.GetBlobsAsync(BlobTraits.None, BlobStates.None, name, Ct))
        {
            listed.Add(blob.Name);
        }

        Assert.Equal([name], listed);
    }

    private (AzureObjectSource Source, Interceptor Interceptor) KeySource(ObjectSourceOptions options, string? bucket = null)
    {
        Interceptor? interceptor = null;
        var source = Track(new AzureObjectSource(
            new IntegrationSettings { Provider = IntegrationSettings.Azure, Endpoint = TestServices.AzureBlobEndpoint, Bucket = bucket },
            new IntegrationSecrets { AccountKey = TestServices.AzuriteAccountKey },
            options,
            TimeProvider.System,
            NullLogger.Instance,
            handler => interceptor = new Interceptor(handler)));
        return (source, interceptor!);
    }

    private AzureObjectSource SasSource(string sas) => Track(new AzureObjectSource(
        new IntegrationSettings { Provider = IntegrationSettings.Azure, Endpoint = TestServices.AzureBlobEndpoint },
        new IntegrationSecrets { Sas = sas },
        FastRetries,
        TimeProvider.System,
        NullLogger.Instance));

    private string ContainerSas(BlobContainerSasPermissions permissions) =>
        _blobs.GenerateSasUri(permissions, TimeProvider.System.GetUtcNow().AddHours(1)).Query.TrimStart('?');

    private static string SignatureOf(string sas) =>
        sas.Split('&').Single(p => p.StartsWith("sig=", StringComparison.Ordinal))["sig=".Length..];

    private T Track<T>(T source)
        where T : IDisposable
    {
        _sources.Add(source);
        return source;
    }

    private static ObjectLocation Resolve(IObjectSource source, string url)
    {
        var resolution = source.Resolve(url);
        Assert.True(resolution.Location is not null, resolution.Error);
        return resolution.Location;
    }

    private static async Task<List<ObjectEntry>> ListAsync(IObjectSource source, string prefix)
    {
        var entries = new List<ObjectEntry>();
        await foreach (var entry in source.ListAsync(prefix, Ct))
        {
            entries.Add(entry);
        }

        return entries;
    }
}
