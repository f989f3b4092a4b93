using System.Text.Json;
using System.Text.Json.Nodes;

namespace Curio.Server.Tests;

/// <summary>
/// The committed docs/openapi/v1.json is the API's contract. It must equal what the server serves; after a deliberate
/// API change, run the tests once with CURIO_UPDATE_OPENAPI=1 and commit the new document.
/// </summary>
public sealed class OpenApiTests
{
    [Fact]
    public async Task The_committed_document_matches_the_served_one()
    {
        await using var server = new TestServer();
        var served = JsonNode.Parse(await server.Client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken))!;
        var text = served.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        var path = Repo.Path("docs", "openapi", "v1.json");

        if (Environment.GetEnvironmentVariable("CURIO_UPDATE_OPENAPI") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, text, TestContext.Current.CancellationToken);
        }

        Assert.True(File.Exists(path), "docs/openapi/v1.json is missing; run the tests with CURIO_UPDATE_OPENAPI=1 to write it.");
        var committed = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(committed), served),
            "The API changed: review the difference, then run the tests with CURIO_UPDATE_OPENAPI=1 and commit docs/openapi/v1.json.");
    }
}
