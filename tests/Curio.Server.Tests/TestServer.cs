using System.Net.Http.Headers;
using System.Net.Http.Json;
using Curio.Contracts;
using Curio.Server.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Curio.Server.Tests;

/// <summary>
/// A real Curio server on a temporary data directory, in memory, with an admin client. With
/// <c>CURIO_TEST_SERVER_STORAGE=postgres</c> (./test.sh runs this project a second time so) it stores everything in a
/// new database of its own on the test PostgreSQL instead of the embedded SQLite.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private readonly Curio.Testing.PostgresTestDatabase? _database;

    public static bool OnPostgres { get; } = Environment.GetEnvironmentVariable("CURIO_TEST_SERVER_STORAGE") == "postgres";

    public TestServer(IReadOnlyDictionary<string, string?>? settings = null)
    {
        DataDirectory = Directory.CreateTempSubdirectory("curio-server-").FullName;
        _database = OnPostgres ? Curio.Testing.PostgresTestDatabase.Create() : null;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Curio:DataDirectory", DataDirectory);
            if (_database is not null)
            {
                builder.UseSetting("Curio:Storage:Provider", "postgres");
                builder.UseSetting("Curio:Storage:Postgres", _database.ConnectionString);
            }

            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                builder.UseSetting(key, value);
            }
        });
        Anonymous = _factory.CreateClient();
        Credentials = _factory.Services.GetRequiredService<FirstRunCredentials>();
        Client = _factory.CreateClient();
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Credentials.Token);
    }

    public string DataDirectory { get; }

    public HttpClient Client { get; }

    public HttpClient Anonymous { get; }

    public FirstRunCredentials Credentials { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>The server's database, opened beside it (read-only on SQLite), for tests that check what is stored.</summary>
    public async Task<System.Data.Common.DbConnection> OpenDatabaseAsync()
    {
        System.Data.Common.DbConnection connection = _database is not null
            ? new Npgsql.NpgsqlConnection(_database.ConnectionString)
            : new SqliteConnection($"Data Source={Path.Combine(DataDirectory, "curio.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return connection;
    }

    public async Task<Integration> LocalIntegrationAsync(string root, string? name = null)
    {
        var response = await Client.PostAsJsonAsync("/api/v1/integrations",
            new CreateIntegrationRequest { Name = name ?? "local-" + Guid.NewGuid().ToString("N")[..8], Provider = "local", Root = root },
            CurioJsonContext.Default.CreateIntegrationRequest, TestContext.Current.CancellationToken);
        await Http.EnsureAsync(response, 201);
        return (await response.Content.ReadFromJsonAsync(CurioJsonContext.Default.Integration, TestContext.Current.CancellationToken))!;
    }

    public async Task<Folder> FolderAsync(string path)
    {
        var response = await Client.PostAsJsonAsync("/api/v1/folders", new CreateFolderRequest { Path = path },
            CurioJsonContext.Default.CreateFolderRequest, TestContext.Current.CancellationToken);
        await Http.EnsureAsync(response, 201);
        return (await response.Content.ReadFromJsonAsync(CurioJsonContext.Default.Folder, TestContext.Current.CancellationToken))!;
    }

    public async Task<HttpResponseMessage> SubmitAsync(Folder folder, Integration integration, string spec, string fileName, bool ignoreErrors = true)
    {
        var content = new StringContent(spec, System.Text.Encoding.UTF8, fileName.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv" : "application/json");
        return await Client.PostAsync(
            $"/api/v1/folders/{folder.Uuid}/imports?integration={integration.Name}&ignoreErrors={ignoreErrors}&fileName={fileName}",
            content, TestContext.Current.CancellationToken);
    }

    /// <summary>Submits and waits (long polls) until the job ends.</summary>
    public async Task<ImportJob> ImportAsync(Folder folder, Integration integration, string spec, string fileName = "spec.json", bool ignoreErrors = true)
    {
        var response = await SubmitAsync(folder, integration, spec, fileName, ignoreErrors);
        await Http.EnsureAsync(response, 202);
        var job = (await response.Content.ReadFromJsonAsync(CurioJsonContext.Default.ImportJob, TestContext.Current.CancellationToken))!;
        return await WaitAsync(job.JobId);
    }

    public async Task<ImportJob> WaitAsync(Guid job)
    {
        for (var i = 0; i < 20; i++)
        {
            var state = await GetAsync($"/api/v1/jobs/{job}?waitSeconds=10", CurioJsonContext.Default.ImportJob);
            if (state.Status != JobStatus.Pending)
            {
                return state;
            }
        }

        throw new TimeoutException($"Job {job} did not end.");
    }

    public async Task<T> GetAsync<T>(string url, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        var response = await Client.GetAsync(url, TestContext.Current.CancellationToken);
        await Http.EnsureAsync(response, 200);
        return (await response.Content.ReadFromJsonAsync(type, TestContext.Current.CancellationToken))!;
    }

    public async Task<List<Item>> ItemsAsync(Folder folder)
    {
        var page = await GetAsync($"/api/v1/folders/{folder.Uuid}/items?pageSize=1000", CurioJsonContext.Default.PageItem);
        return page.Results.ToList();
    }

    /// <summary>The URL of every top-level item of the folder, all pages.</summary>
    public async Task<List<string>> ItemUrlsAsync(Folder folder)
    {
        var urls = new List<string>();
        string? token = null;
        do
        {
            var page = await GetAsync($"/api/v1/folders/{folder.Uuid}/items?pageSize=1000&pageToken={token}", CurioJsonContext.Default.PageItem);
            urls.AddRange(page.Results.Select(i => i.Url!));
            token = page.NextPageToken;
        }
        while (token is not null);
        return urls;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(DataDirectory, recursive: true);
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

internal static class Http
{
    public static async Task EnsureAsync(HttpResponseMessage response, int status)
    {
        if ((int)response.StatusCode != status)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new Xunit.Sdk.XunitException($"Expected HTTP {status}, got {(int)response.StatusCode}: {body}");
        }
    }
}

/// <summary>The repository's committed files (samples, docs), found from the test's working directory.</summary>
internal static class Repo
{
    public static string Root { get; } = Find();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Curio.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Curio.slnx) was not found above " + AppContext.BaseDirectory);
    }
}
