using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Curio.Contracts;

namespace Curio.Server.Tests;

/// <summary>Integration settings and credentials through the API; listing and serving objects of a local integration.</summary>
public sealed class IntegrationTests : IAsyncLifetime
{
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private TestServer _server = null!;
    private string _root = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = new TestServer();
        _root = Directory.CreateTempSubdirectory("curio-integration-").FullName;
        Directory.CreateDirectory(Path.Combine(_root, "photos", "2024"));
        await File.WriteAllBytesAsync(Path.Combine(_root, "photos", "2024", "a.bin"), Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray(), Ct);
        await File.WriteAllTextAsync(Path.Combine(_root, "photos", "b b.txt"), "hello", Ct);
        await File.WriteAllTextAsync(Path.Combine(_root, "other.txt"), "x", Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Cloud_credentials_are_stored_encrypted_and_never_returned()
    {
        var response = await CreateAsync(new CreateIntegrationRequest
        {
            Name = "bucket",
            Provider = "s3",
            Region = "eu-west-1",
            Bucket = "media",
            AccessKey = "AKIAIOSFODNN7EXAMPLE",
            SecretKey = SecretKey,
            SignedUrlTtlSeconds = 600,
            StrictClientOnly = true,
        });
        await Http.EnsureAsync(response, 201);
        var body = await response.Content.ReadAsStringAsync(Ct);
        var listed = await _server.Client.GetStringAsync("/api/v1/integrations", Ct);
        var got = await _server.GetAsync("/api/v1/integrations/bucket", CurioJsonContext.Default.Integration);

        Assert.DoesNotContain(SecretKey, body, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIAIOSFODNN7EXAMPLE", body + listed, StringComparison.Ordinal);
        Assert.Equal(("s3", "eu-west-1", "media", true, 600), (got.Provider, got.Region, got.Bucket, got.StrictClientOnly, got.SignedUrlTtlSeconds!.Value));
        Assert.Equal(["access-key"], got.Credentials);

        await using var db = await _server.OpenDatabaseAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT CAST(settings AS TEXT) || coalesce(secrets, '') FROM integrations WHERE name = 'bucket'";
        var stored = (string)(await command.ExecuteScalarAsync(Ct))!;
        Assert.DoesNotContain(SecretKey, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIAIOSFODNN7EXAMPLE", stored, StringComparison.Ordinal);
        Assert.Contains("eu-west-1", stored, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3", null, "needs credentials: --access-key and --secret-key, or --anonymous")]
    [InlineData("s3-compatible", null, "needs the store's endpoint")]
    [InlineData("azure", null, "An azure integration needs credentials")]
    [InlineData("gcs", null, "A gcs integration needs credentials")]
    [InlineData("local", "anonymous", "apply to s3, s3-compatible, azure and gcs integrations, not to local")]
    [InlineData("direct", "ttl", "apply to s3, s3-compatible, azure and gcs integrations, not to direct")]
    [InlineData("s3", "ttl", "--signed-url-ttl must be between 1 and 604800 seconds")]
    [InlineData("gcs", "bad-key", "is not a service-account key")]
    public async Task Settings_that_do_not_fit_the_provider_are_refused_with_the_reason(string provider, string? variant, string expected)
    {
        var request = new CreateIntegrationRequest { Name = "x" + Guid.NewGuid().ToString("N")[..6], Provider = provider };
        request = variant switch
        {
            "anonymous" => request with { Root = _root, Anonymous = true },
            "ttl" when provider == "s3" => request with { Anonymous = true, SignedUrlTtlSeconds = 700_000 },
            "ttl" => request with { SignedUrlTtlSeconds = 60 },
            "bad-key" => request with { ServiceAccountJson = """{"type":"authorized_user"}""" },
            _ => request,
        };

        var response = await CreateAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(ErrorCodes.IntegrationInvalid, problem.GetProperty("errorCode").GetString());
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Objects_stream_as_ndjson_with_urls_an_import_accepts()
    {
        var local = await _server.LocalIntegrationAsync(_root, "files");

        var all = await ListAsync("/api/v1/integrations/files/objects");
        var photos = await ListAsync("/api/v1/integrations/files/objects?prefix=photos");
        var limited = await ListAsync("/api/v1/integrations/files/objects?limit=1");

        Assert.Equal(["other.txt", "photos/2024/a.bin", "photos/b b.txt"], all.Select(o => o.Key).Where(k => k != "notes.txt").Order(StringComparer.Ordinal));
        Assert.Equal(2, photos.Count);
        Assert.Single(limited);
        Assert.Equal(1000, all.Single(o => o.Key == "photos/2024/a.bin").Size);
        var spaced = all.Single(o => o.Key == "photos/b b.txt");
        Assert.StartsWith("file://", spaced.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(' ', spaced.Url);

        var folder = await _server.FolderAsync("texts");
        var job = await _server.ImportAsync(folder, local, JsonSerializer.Serialize(new { text = new[] { new { objectUrl = spaced.Url } } }));
        Assert.Equal((JobStatus.Done, 1), (job.Status, job.UnitsDoneCount));
    }

    [Fact]
    public async Task A_missing_prefix_is_a_problem_before_any_line()
    {
        await _server.LocalIntegrationAsync(_root, "files2");

        var response = await _server.Client.GetAsync("/api/v1/integrations/files2/objects?prefix=nothing-here", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(ErrorCodes.StorageUnavailable, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Local_items_get_a_server_signed_link_that_serves_the_file_and_its_ranges_without_a_token()
    {
        var local = await _server.LocalIntegrationAsync(_root, "served");
        var folder = await _server.FolderAsync("served");
        var content = Enumerable.Range(0, 1000).Select(i => (byte)('a' + (i % 26))).ToArray();
        await File.WriteAllBytesAsync(Path.Combine(_root, "notes.txt"), content, Ct);
        var job = await _server.ImportAsync(folder, local, """{"text": [{"objectUrl": "notes.txt"}]}""");
        var uuid = job.ItemsWithNames.Single().ItemUuid;

        var plain = await _server.GetAsync($"/api/v1/items/{uuid}", CurioJsonContext.Default.Item);
        var signed = await _server.GetAsync($"/api/v1/items/{uuid}?signUrl=true", CurioJsonContext.Default.Item);
        var listed = await _server.GetAsync($"/api/v1/folders/{folder.Uuid}/items?signUrl=true", CurioJsonContext.Default.PageItem);

        Assert.Null(plain.SignedUrl);
        Assert.NotNull(signed.SignedUrl);
        Assert.NotNull(listed.Results.Single().SignedUrl);
        var link = new Uri(signed.SignedUrl).PathAndQuery;
        var whole = await _server.Anonymous.GetAsync(link, Ct);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(content, await whole.Content.ReadAsByteArrayAsync(Ct));

        using var ranged = new HttpRequestMessage(HttpMethod.Get, link);
        ranged.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(100, 199);
        var part = await _server.Anonymous.SendAsync(ranged, Ct);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal("bytes 100-199/1000", part.Content.Headers.ContentRange!.ToString());
        Assert.Equal(content[100..200], await part.Content.ReadAsByteArrayAsync(Ct));

        var tampered = await _server.Anonymous.GetAsync(link[..^3] + "abc", Ct);
        var bare = await _server.Anonymous.GetAsync($"/api/v1/items/{uuid}/content", Ct);
        var mangled = await _server.Anonymous.GetAsync($"/api/v1/items/{uuid}/content?link=%21%21not-base64", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, mangled.StatusCode);
        var otherItem = await _server.Anonymous.GetAsync(link.Replace(uuid.ToString(), Guid.NewGuid().ToString(), StringComparison.Ordinal), Ct);
        var withToken = await _server.Client.GetAsync($"/api/v1/items/{uuid}/content", Ct);
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.OK),
            (tampered.StatusCode, bare.StatusCode, otherItem.StatusCode, withToken.StatusCode));
    }

    private Task<HttpResponseMessage> CreateAsync(CreateIntegrationRequest request) =>
        _server.Client.PostAsJsonAsync("/api/v1/integrations", request, CurioJsonContext.Default.CreateIntegrationRequest, Ct);

    private async Task<List<StorageObject>> ListAsync(string url)
    {
        var response = await _server.Client.GetAsync(url, Ct);
        await Http.EnsureAsync(response, 200);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Select(l => JsonSerializer.Deserialize(l, CurioJsonContext.Default.StorageObject)!).ToList();
    }
}
