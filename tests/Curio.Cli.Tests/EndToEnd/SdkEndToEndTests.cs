using System.Text;
using Curio.Contracts;
using Curio.Sdk;

namespace Curio.Cli.Tests.EndToEnd;

/// <summary>The SDK against a real server.</summary>
public sealed class SdkEndToEndTests(CurioServerFixture server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_import_registers_items_that_the_listings_show()
    {
        // Given
        var client = server.Client();
        var integration = await client.CreateIntegrationAsync(
            new CreateIntegrationRequest { Name = CurioServerFixture.Unique("sdk"), Provider = "local", Root = server.MediaRoot }, Ct);
        var folder = await client.CreateFolderAsync($"{CurioServerFixture.Unique("sdk")}/cams", Ct);

        // When
        using var spec = new MemoryStream(Encoding.UTF8.GetBytes(Specs.Json));
        var operation = await client.StartImportAsync(new ImportRequest(folder.Uuid, integration.Name, spec, "cams.json"), Ct);
        var job = await operation.WaitForCompletionAsync(cancellationToken: Ct);

        // Then
        Assert.Equal((JobStatus.Done, 4, 4), (job.Status, job.UnitsTotal, job.UnitsDoneCount));
        var items = await client.GetItemsAsync(folder.Uuid, new ItemQuery { PageSize = 1 }, Ct).ToListAsync(Ct);
        Assert.Equal(["images/testcard.png", "images/rule110.png", "video/testsrc.mp4", null], items.Select(i => i.Url));
        Assert.Equal(("testcard", "walk"), (items[0].Name, items[3].Name));
        Assert.Equal("""{"split":"train"}""", items[0].ClientMetadata.GetRawText());
        var frames = await client.GetChildItemsAsync(items[3].Uuid, Ct).ToListAsync(Ct);
        Assert.Equal(["groups/walk/frame-0.jpg", "groups/walk/frame-1.jpg"], frames.Select(f => f.Url));
        var videos = await client.GetItemsAsync(folder.Uuid, new ItemQuery { ItemTypes = { ItemType.Video } }, Ct).ToListAsync(Ct);
        Assert.Equal(ItemType.Video, Assert.Single(videos).ItemType);
        Assert.Equal(4, await client.GetJobItemsAsync(job.JobId, Ct).CountAsync(Ct));
        Assert.Contains(await client.GetJobsAsync(folder.Uuid, cancellationToken: Ct).ToListAsync(Ct), j => j.JobId == job.JobId);
        Assert.Equal(folder.Uuid, (await client.GetFolderByPathAsync(folder.Path, Ct)).Uuid);
        Assert.Single(await client.GetFoldersAsync(folder.Parent, Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task A_job_resumed_by_id_reports_failures_and_the_failed_files_csv()
    {
        // Given
        var client = server.Client();
        var integration = await client.CreateIntegrationAsync(
            new CreateIntegrationRequest { Name = CurioServerFixture.Unique("sdk"), Provider = "local", Root = server.MediaRoot }, Ct);
        var folder = await client.CreateFolderAsync(CurioServerFixture.Unique("sdk"), Ct);
        using var spec = new MemoryStream(Encoding.UTF8.GetBytes(Specs.WithMissingFile));
        var started = await client.StartImportAsync(new ImportRequest(folder.Uuid, integration.Uuid.ToString(), spec, "x.json") { IgnoreErrors = true }, Ct);

        // When: another client, knowing only the id
        var resumed = new ImportOperation(server.Client(), started.Id);
        var job = await resumed.WaitForCompletionAsync(TimeSpan.FromMilliseconds(50), new Progress<ImportJob>(_ => { }), Ct);
        using var csv = new MemoryStream();
        await client.DownloadFailedFilesCsvAsync(job.JobId, csv, Ct);

        // Then
        Assert.Equal((JobStatus.Done, 2, 1), (job.Status, job.UnitsDoneCount, job.UnitsErrorCount));
        var error = Assert.Single(await client.GetJobErrorsAsync(job.JobId, Ct).ToListAsync(Ct));
        Assert.Equal(["images/missing.png"], error.ObjectUrls);
        var lines = Encoding.UTF8.GetString(csv.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("object_url,title,item_type,error,action,subtask_uuid", lines[0]);
        Assert.StartsWith("images/missing.png,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failures_come_back_with_their_error_codes()
    {
        var client = server.Client();

        var missing = await Assert.ThrowsAsync<CurioRequestFailedException>(() => client.GetFolderByPathAsync(CurioServerFixture.Unique("none"), Ct));
        var folder = await client.CreateFolderAsync(CurioServerFixture.Unique("sdk"), Ct);
        using var spec = new MemoryStream("""{"images":[]}"""u8.ToArray());
        var noIntegration = await Assert.ThrowsAsync<CurioRequestFailedException>(() =>
            client.StartImportAsync(new ImportRequest(folder.Uuid, CurioServerFixture.Unique("none"), spec, "x.json"), Ct));
        var unauthenticated = await Assert.ThrowsAsync<CurioRequestFailedException>(() =>
            new CurioClient(server.Url, "not-a-token").GetIntegrationsAsync(Ct).ToListAsync(Ct).AsTask());
        var unreachable = await Assert.ThrowsAsync<CurioRequestFailedException>(() =>
            new CurioClient(new Uri("http://127.0.0.1:9/"), "t", new CurioClientOptions { MaxRetries = 0 }).GetItemAsync(Guid.NewGuid(), Ct));

        Assert.Equal((404, ErrorCodes.FolderNotFound), (missing.Status, missing.ErrorCode));
        Assert.NotNull(missing.TraceId);
        Assert.Equal((404, ErrorCodes.IntegrationNotFound), (noIntegration.Status, noIntegration.ErrorCode));
        Assert.Equal((401, ErrorCodes.Unauthenticated), (unauthenticated.Status, unauthenticated.ErrorCode));
        Assert.Equal((0, null), (unreachable.Status, unreachable.ErrorCode));
    }

    [Fact]
    public async Task A_refused_upload_file_creates_no_job_and_lists_its_problems()
    {
        var client = server.Client();
        var integration = await client.CreateIntegrationAsync(
            new CreateIntegrationRequest { Name = CurioServerFixture.Unique("sdk"), Provider = "local", Root = server.MediaRoot }, Ct);
        var folder = await client.CreateFolderAsync(CurioServerFixture.Unique("sdk"), Ct);
        using var spec = new MemoryStream("""{"images":[{"objectUrl":""},{"objectUrl":"a.png","clientMetadata":42}]}"""u8.ToArray());

        var ex = await Assert.ThrowsAsync<CurioRequestFailedException>(() => client.StartImportAsync(new ImportRequest(folder.Uuid, integration.Name, spec, "bad.json"), Ct));

        Assert.Equal((422, ErrorCodes.SpecInvalid), (ex.Status, ex.ErrorCode));
        Assert.Equal(["$.images[0].objectUrl", "$.images[1].clientMetadata"], ex.SpecProblems.Select(p => p.Location));
        Assert.Empty(await client.GetJobsAsync(folder.Uuid, cancellationToken: Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task The_server_validates_as_the_offline_reader_does()
    {
        using var spec = new MemoryStream("""{"images":[{"objectUrl":""}],"videos":[{"objectUrl":"v.mp4"}],"extra":true}"""u8.ToArray());

        var remote = await server.Client().ValidateSpecAsync(spec, "x.json", cancellationToken: Ct);
        spec.Position = 0;
        var local = Curio.Server.Features.Importing.SpecMapping.ToDto(Curio.Core.Specs.SpecReader.Read(spec, new() { FileName = "x.json" }));

        Assert.False(remote.Valid);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(local, CurioJsonContext.Default.SpecValidation),
            System.Text.Json.JsonSerializer.Serialize(remote, CurioJsonContext.Default.SpecValidation));
    }

    [Fact]
    public async Task Folders_and_integrations_round_trip()
    {
        // Given
        var client = server.Client();
        var name = CurioServerFixture.Unique("int");
        var integration = await client.CreateIntegrationAsync(new CreateIntegrationRequest { Name = name, Provider = "direct" }, Ct);
        var parent = await client.CreateFolderAsync(CurioServerFixture.Unique("fold"), null, Ct);

        // When
        var child = await client.CreateFolderAsync("child", parent.Uuid, Ct);
        var renamed = await client.UpdateFolderAsync(child.Uuid, new UpdateFolderRequest { Name = "renamed", Description = "d" }, Ct);
        var notEmpty = await Assert.ThrowsAsync<CurioRequestFailedException>(() => client.DeleteFolderAsync(parent.Uuid, cancellationToken: Ct));
        await client.DeleteFolderAsync(parent.Uuid, recursive: true, Ct);
        var byName = await client.GetIntegrationAsync(name, Ct);
        await client.DeleteIntegrationAsync(integration.Uuid.ToString(), Ct);

        // Then
        Assert.Equal(($"{parent.Name}/renamed", "d"), (renamed.Path, renamed.Description));
        Assert.Equal(ErrorCodes.FolderNotEmpty, notEmpty.ErrorCode);
        Assert.Equal(ErrorCodes.FolderNotFound, (await Assert.ThrowsAsync<CurioRequestFailedException>(() => client.GetFolderAsync(parent.Uuid, Ct))).ErrorCode);
        Assert.Equal((integration.Uuid, "direct"), (byName.Uuid, byName.Provider));
        Assert.Equal(ErrorCodes.IntegrationNotFound, (await Assert.ThrowsAsync<CurioRequestFailedException>(() => client.GetIntegrationAsync(name, Ct))).ErrorCode);
    }
}
