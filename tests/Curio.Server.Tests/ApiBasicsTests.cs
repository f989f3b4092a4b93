using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Curio.Contracts;

namespace Curio.Server.Tests;

public sealed class ApiBasicsTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public ValueTask InitializeAsync()
    {
        _server = new TestServer();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_route_but_health_needs_a_valid_token()
    {
        Assert.Equal(HttpStatusCode.OK, (await _server.Anonymous.GetAsync("/health", Ct)).StatusCode);

        var missing = await _server.Anonymous.GetAsync("/api/v1/folders", Ct);
        var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/v1/folders");
        wrong.Headers.Authorization = new("Bearer", "curio_not-a-token");
        var rejected = await _server.Anonymous.SendAsync(wrong, Ct);
        var openapi = await _server.Anonymous.GetAsync("/openapi/v1.json", Ct);

        foreach (var response in new[] { missing, rejected, openapi })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        var problem = await ProblemAsync(missing);
        Assert.Equal(ErrorCodes.Unauthenticated, problem.GetProperty("errorCode").GetString());
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task The_first_start_creates_an_admin_whose_password_and_token_are_kept_for_the_local_user()
    {
        var saved = JsonDocument.Parse(await File.ReadAllTextAsync(_server.Credentials.SavedTo!, Ct)).RootElement;

        Assert.Equal("admin", _server.Credentials.UserName);
        Assert.Equal(_server.Credentials.Token, saved.GetProperty("token").GetString());
        Assert.Equal(_server.Credentials.Password, saved.GetProperty("password").GetString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_server.Credentials.SavedTo!));
        Assert.StartsWith("curio_", _server.Credentials.Token, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Folders_nest_and_are_found_by_path()
    {
        var front = await _server.FolderAsync("cams/front");
        var rear = await _server.FolderAsync("/cams/rear/");

        Assert.Equal("cams/front", front.Path);
        Assert.Equal(["cams", "front"], front.PathToRoot.Select(f => f.Name));
        Assert.Equal(front.Parent, rear.Parent);
        var byPath = await _server.GetAsync("/api/v1/folders/by-path?path=cams/rear", CurioJsonContext.Default.Folder);
        Assert.Equal(rear.Uuid, byPath.Uuid);
        var children = await _server.GetAsync($"/api/v1/folders?parent={front.Parent}", CurioJsonContext.Default.PageFolder);
        Assert.Equal(["front", "rear"], children.Results.Select(f => f.Name));
        Assert.Equal(["cams"], (await _server.GetAsync("/api/v1/folders", CurioJsonContext.Default.PageFolder)).Results.Select(f => f.Name));
    }

    [Theory]
    [InlineData("""{"path":"cams"}""", HttpStatusCode.Created, null)]
    [InlineData("""{"name":"a/b"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest)]
    [InlineData("""{"name":" padded"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest)]
    [InlineData("""{"name":".."}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest)]
    [InlineData("""{"path":"x","name":"y"}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest)]
    [InlineData("""{"name":"x","parent":"6f0c1a4e-0c5a-4d4e-9a3e-1d2c3b4a5f60"}""", HttpStatusCode.NotFound, ErrorCodes.FolderNotFound)]
    [InlineData("""{"name":"x","clientMetadata":[1]}""", HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest)]
    public async Task Creating_a_folder_checks_its_name_and_parent(string body, HttpStatusCode status, string? code)
    {
        var response = await _server.Client.PostAsync("/api/v1/folders", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(status, response.StatusCode);
        if (code is not null)
        {
            Assert.Equal(code, (await ProblemAsync(response)).GetProperty("errorCode").GetString());
        }
    }

    [Fact]
    public async Task A_folder_name_is_unique_among_its_siblings_and_a_folder_with_content_needs_recursive_delete()
    {
        var cams = await _server.FolderAsync("cams");
        await _server.FolderAsync("cams/front");

        var again = await _server.Client.PostAsJsonAsync("/api/v1/folders", new CreateFolderRequest { Name = "front", Parent = cams.Uuid }, CurioJsonContext.Default.CreateFolderRequest, Ct);
        Assert.Equal(ErrorCodes.FolderNameTaken, (await ProblemAsync(again)).GetProperty("errorCode").GetString());

        var refused = await _server.Client.DeleteAsync($"/api/v1/folders/{cams.Uuid}", Ct);
        Assert.Equal(ErrorCodes.FolderNotEmpty, (await ProblemAsync(refused)).GetProperty("errorCode").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.DeleteAsync($"/api/v1/folders/{cams.Uuid}?recursive=true", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Client.GetAsync($"/api/v1/folders/{cams.Uuid}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Folders_can_be_renamed_and_carry_metadata()
    {
        var folder = await _server.FolderAsync("a");
        var response = await _server.Client.PatchAsync($"/api/v1/folders/{folder.Uuid}",
            new StringContent("""{"name":"b","clientMetadata":{"z":1,"a":2}}""", System.Text.Encoding.UTF8, "application/json"), Ct);

        await Http.EnsureAsync(response, 200);
        var renamed = (await response.Content.ReadFromJsonAsync(CurioJsonContext.Default.Folder, Ct))!;
        Assert.Equal(("b", """{"a":2,"z":1}"""), (renamed.Name, renamed.ClientMetadata!.Value.GetRawText()));
    }

    [Fact]
    public async Task Integrations_are_validated_unique_and_found_by_name()
    {
        var root = Directory.CreateTempSubdirectory("curio-root-").FullName;
        try
        {
            var local = await _server.LocalIntegrationAsync(root, "media");

            var byName = await _server.GetAsync("/api/v1/integrations/media", CurioJsonContext.Default.Integration);
            Assert.Equal((local.Uuid, "local", root), (byName.Uuid, byName.Provider, byName.Root));
            Assert.Equal(ErrorCodes.IntegrationNameTaken, await CodeOfPostAsync("""{"name":"media","provider":"local","root":"/tmp"}"""));
            Assert.Equal(ErrorCodes.IntegrationInvalid, await CodeOfPostAsync("""{"name":"x","provider":"ftp"}"""));
            Assert.Equal(ErrorCodes.IntegrationInvalid, await CodeOfPostAsync("""{"name":"x","provider":"local","root":"/no/such/folder"}"""));
            Assert.Equal(ErrorCodes.IntegrationInvalid, await CodeOfPostAsync("""{"name":"has space","provider":"direct"}"""));
            Assert.Equal(ErrorCodes.IntegrationNotFound, (await ProblemAsync(await _server.Client.GetAsync("/api/v1/integrations/nope", Ct))).GetProperty("errorCode").GetString());
            Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.DeleteAsync("/api/v1/integrations/media", Ct)).StatusCode);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Unknown_items_jobs_and_bad_page_tokens_are_problems_with_codes()
    {
        var folder = await _server.FolderAsync("f");

        Assert.Equal(ErrorCodes.ItemNotFound, await CodeOfGetAsync($"/api/v1/items/{Guid.NewGuid()}"));
        Assert.Equal(ErrorCodes.JobNotFound, await CodeOfGetAsync($"/api/v1/jobs/{Guid.NewGuid()}"));
        Assert.Equal(ErrorCodes.InvalidPageToken, await CodeOfGetAsync($"/api/v1/folders/{folder.Uuid}/items?pageToken=garbage!"));
        Assert.Equal(ErrorCodes.InvalidRequest, await CodeOfGetAsync($"/api/v1/folders/{folder.Uuid}/items?pageSize=0"));
        Assert.Equal(ErrorCodes.InvalidRequest, await CodeOfGetAsync($"/api/v1/folders/{folder.Uuid}/items?itemTypes=movie"));
    }

    private async Task<string?> CodeOfPostAsync(string body) =>
        (await ProblemAsync(await _server.Client.PostAsync("/api/v1/integrations", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct)))
        .GetProperty("errorCode").GetString();

    private async Task<string?> CodeOfGetAsync(string url) =>
        (await ProblemAsync(await _server.Client.GetAsync(url, Ct))).GetProperty("errorCode").GetString();

    internal static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.False(response.IsSuccessStatusCode, $"Expected a problem, got {(int)response.StatusCode}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
    }
}
