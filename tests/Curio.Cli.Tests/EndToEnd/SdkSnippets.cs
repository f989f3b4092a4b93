using System.Text.Json;
using System.Text.RegularExpressions;
using Curio.Contracts;
using Curio.Sdk;

namespace Curio.Cli.Tests.EndToEnd;

/// <summary>
/// The code of docs/sdk.md, compiled and run against a real server. Each <c>#region Snippet:Name</c> must appear in the
/// document word for word (indentation aside), so the guide cannot drift from code that works.
/// </summary>
public sealed partial class SdkSnippets(CurioServerFixture server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_guide_runs()
    {
        var endpoint = server.Url;
        var token = server.Token;
        var mediaRoot = server.MediaRoot;
        var folderPath = CurioServerFixture.Unique("guide") + "/cams";
        var integrationName = CurioServerFixture.Unique("guide");
        var uploadFile = Path.Combine(Directory.CreateTempSubdirectory("curio-guide-").FullName, "upload.json");
        await File.WriteAllTextAsync(uploadFile, Specs.WithMissingFile, Ct);
        var cancellationToken = Ct;

        #region Snippet:CreateClient
        var client = new CurioClient(endpoint, token);
        #endregion

        #region Snippet:FoldersAndIntegrations
        await client.CreateIntegrationAsync(
            new CreateIntegrationRequest { Name = integrationName, Provider = "local", Root = mediaRoot }, cancellationToken);
        Folder folder = await client.CreateFolderAsync(folderPath, cancellationToken); // missing parents are created
        #endregion

        #region Snippet:Import
        var request = new ImportRequest(folder.Uuid, integrationName, uploadFile) { IgnoreErrors = true };
        ImportOperation operation = await client.StartImportAsync(request, cancellationToken);
        Console.WriteLine($"job {operation.Id}: {operation.Value!.UnitsTotal} units");

        ImportJob job = await operation.WaitForCompletionAsync(cancellationToken: cancellationToken);
        Console.WriteLine($"{job.Status}: {job.UnitsDoneCount} done, {job.UnitsErrorCount} failed");
        #endregion

        #region Snippet:Progress
        var progress = new Progress<ImportJob>(j => Console.WriteLine($"{j.UnitsDoneCount}/{j.UnitsTotal}"));
        job = await operation.WaitForCompletionAsync(TimeSpan.FromSeconds(2), progress, cancellationToken);
        #endregion

        #region Snippet:Resume
        var resumed = new ImportOperation(client, job.JobId); // an id saved earlier, or printed by `curio import`
        ImportJob state = await resumed.UpdateStatusAsync(cancellationToken);
        #endregion

        #region Snippet:Listings
        await foreach (Item item in client.GetItemsAsync(folder.Uuid, new ItemQuery { ItemTypes = { ItemType.Image } }, cancellationToken))
        {
            Console.WriteLine($"{item.Name} {item.Width}x{item.Height}");
        }

        await foreach (UnitError failed in client.GetJobErrorsAsync(job.JobId, cancellationToken))
        {
            Console.WriteLine($"{failed.ObjectUrls[0]}: {failed.Error}");
        }

        await using (var csv = File.Create("failed.csv"))
        {
            await client.DownloadFailedFilesCsvAsync(job.JobId, csv, cancellationToken);
        }
        #endregion

        #region Snippet:Paging
        string? pageToken = null;
        do
        {
            Page<Item> page = await client.GetItemsPageAsync(folder.Uuid, pageToken, new ItemQuery { PageSize = 500 }, cancellationToken);
            // ... handle page.Results, keep page.NextPageToken to carry on later
            pageToken = page.NextPageToken;
        }
        while (pageToken is not null);
        #endregion

        #region Snippet:Schema
        MetadataSchemaDocument schema = await client.AddEnumAsync("camera", ["front", "rear"], cancellationToken);
        schema = await client.AddScalarAsync("score", "number", cancellationToken);
        Console.WriteLine($"score is a {schema.GetKeyType("score")}; camera is one of {string.Join(", ", schema.GetEnumOptions("camera")!)}");

        schema = await client.GetMetadataSchemaAsync(cancellationToken);
        foreach (string key in schema.Keys)
        {
            Console.WriteLine($"{key}: {schema.GetKeyType(key)}");
        }
        #endregion

        #region Snippet:Bundle
        await using (ItemBundle bundle = client.CreateItemBundle())
        {
            await foreach (Item item in client.GetItemsAsync(folder.Uuid, cancellationToken: cancellationToken))
            {
                JsonElement metadata = JsonSerializer.SerializeToElement(new { camera = "front", score = item.Width });
                bundle.Update(item.Uuid, clientMetadata: metadata); // replaces the item's whole clientMetadata
            }
        } // sends what is queued, up to 1,000 patches per request
        #endregion

        #region Snippet:Filters
        var query = new ItemQuery { Filter = """camera = "front" AND score >= 100""", Sort = "score", Descending = true };
        await foreach (Item item in client.GetItemsAsync(folder.Uuid, query, cancellationToken))
        {
            Console.WriteLine($"{item.Name}: {item.ClientMetadata.GetProperty("score")}");
        }

        ValueCounts cameras = await client.CountItemValuesAsync(folder.Uuid, "camera", cancellationToken: cancellationToken);
        Console.WriteLine(string.Join(", ", cameras.Counts.Select(c => $"{c.Value}: {c.Count}")));
        #endregion

        var sorted = await client.GetItemsAsync(folder.Uuid, query, cancellationToken).Select(i => i.Name).ToListAsync(cancellationToken);
        var itemUuid = (await client.GetItemsAsync(folder.Uuid, cancellationToken: cancellationToken).FirstAsync(cancellationToken)).Uuid;
        MetadataValueProblem? refused = null;

        #region Snippet:UpdateItem
        Item renamed = await client.UpdateItemAsync(itemUuid, name: "testcard (front)", cancellationToken: cancellationToken);
        try
        {
            using var wrong = JsonDocument.Parse("""{"camera": "top"}""");
            await client.UpdateItemAsync(itemUuid, clientMetadata: wrong.RootElement, cancellationToken: cancellationToken);
        }
        catch (CurioRequestFailedException ex) when (ex.ErrorCode == ErrorCodes.MetadataValueInvalid)
        {
            foreach (MetadataValueProblem problem in ex.MetadataProblems)
            {
                Console.WriteLine($"{problem.Item} {problem.Key}: expected {problem.Expected}, got {problem.Value}");
                refused = problem;
            }
        }
        #endregion

        #region Snippet:Errors
        try
        {
            await client.GetFolderByPathAsync("no/such/folder", cancellationToken);
        }
        catch (CurioRequestFailedException ex) when (ex.ErrorCode == ErrorCodes.FolderNotFound)
        {
            Console.WriteLine($"{ex.Status} {ex.ErrorCode}: {ex.Problem?.Detail} (trace {ex.TraceId})");
        }
        catch (CurioRequestFailedException ex) when (ex.ErrorCode == ErrorCodes.SpecInvalid)
        {
            foreach (SpecProblem problem in ex.SpecProblems)
            {
                Console.WriteLine($"{problem.Location}: {problem.Message} [{problem.Code}]");
            }
        }
        catch (CurioRequestFailedException ex) when (ex.Status == 0)
        {
            Console.WriteLine($"unreachable: {ex.InnerException?.Message}");
        }
        #endregion

        File.Delete("failed.csv");
        Assert.Equal((JobStatus.Done, 2, 1), (job.Status, job.UnitsDoneCount, job.UnitsErrorCount));
        Assert.Equal(JobStatus.Done, state.Status);
        Assert.Equal(["images/testcard.png", "images/rule110.png"], sorted);
        Assert.Equal([("front", 2L)], cameras.Counts.Select(c => (c.Value, c.Count)));
        Assert.Equal(("testcard (front)", "camera"), (renamed.Name, refused?.Key));
    }

    [Fact]
    public async Task Every_snippet_is_in_the_guide_word_for_word()
    {
        var source = await File.ReadAllTextAsync(Path.Combine(CurioServerFixture.RepositoryRoot(), "tests", "Curio.Cli.Tests", "EndToEnd", "SdkSnippets.cs"), Ct);
        var guide = Normalize(await File.ReadAllTextAsync(Path.Combine(CurioServerFixture.RepositoryRoot(), "docs", "sdk.md"), Ct));

        var snippets = SnippetPattern().Matches(source);
        Assert.NotEmpty(snippets);
        foreach (Match snippet in snippets)
        {
            Assert.True(guide.Contains(Normalize(snippet.Groups["code"].Value), StringComparison.Ordinal),
                $"docs/sdk.md does not show Snippet:{snippet.Groups["name"].Value} as the code has it.");
        }
    }

    private static string Normalize(string text) =>
        string.Join('\n', text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    [GeneratedRegex(@"#region Snippet:(?<name>\w+)\r?\n(?<code>.*?)#endregion", RegexOptions.Singleline)]
    private static partial Regex SnippetPattern();
}
