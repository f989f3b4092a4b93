using System.Text.Json;
using Curio.Cli.Infrastructure;
using Curio.Cli.Tests.Support;

namespace Curio.Cli.Tests.EndToEnd;

/// <summary>
/// Custom metadata end to end on a real server: schema keys added with the CLI, an import that carries values, filters,
/// sorts and counts over them, a refused update, and a bundle of SDK updates that the filters then see.
/// </summary>
public sealed class MetadataEndToEndTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly CurioServerFixture _server;
    private readonly string _work = Directory.CreateTempSubdirectory("curio-e2e-metadata-").FullName;

    // The schema is the server's, shared by every test: keys of their own, spelled so filters can name them bare.
    private readonly string _score = "score_" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _camera = "camera_" + Guid.NewGuid().ToString("N")[..8];

    public MetadataEndToEndTests(CurioServerFixture server)
    {
        _server = server;
        _cli.Environment[CliEnvironment.UrlVariable] = server.Url.ToString();
        _cli.Environment[CliEnvironment.TokenVariable] = server.Token;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    private async Task<CliResult> Run(params string[] args)
    {
        var result = await _cli.RunAsync(args);
        TestContext.Current.TestOutputHelper?.WriteLine($"$ curio {string.Join(' ', args)}\n{result}");
        return result;
    }

    private static JsonElement Json(CliResult result) => JsonDocument.Parse(result.Out).RootElement.Clone();

    private async Task<List<string>> NamesAsync(string folder, params string[] options)
    {
        var result = await Run(["items", "list", "--folder", folder, "--output", "json", .. options]);
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        return [.. Json(result).GetProperty("results").EnumerateArray().Select(i => i.GetProperty("name").GetString()!)];
    }

    [Fact]
    public async Task Keys_added_with_the_cli_filter_imported_and_bundled_values_and_refuse_a_bad_update()
    {
        // Given: two keys, and three items imported with values for them
        var scalar = await Run("schema", "add-scalar", _score, "number");
        var enumeration = await Run("schema", "add-enum", _camera, "front", "rear", "--output", "json");
        Assert.Equal((ExitCodes.Ok, ExitCodes.Ok), (scalar.ExitCode, enumeration.ExitCode));
        Assert.Contains($"Key '{_score}' is number.", scalar.Out, StringComparison.Ordinal);
        Assert.Equal(["front", "rear"], Json(enumeration).GetProperty(_camera).GetProperty("values").EnumerateArray().Select(v => v.GetString()));

        var integration = CurioServerFixture.Unique("meta");
        var folder = $"{CurioServerFixture.Unique("meta")}/cams";
        Assert.Equal(ExitCodes.Ok, (await Run("integrations", "add", "--name", integration, "--provider", "local", "--root", _server.MediaRoot)).ExitCode);
        Assert.Equal(ExitCodes.Ok, (await Run("folders", "create", folder)).ExitCode);
        var spec = Path.Combine(_work, "cams.json");
        await File.WriteAllTextAsync(spec, $$"""
            { "images": [
                { "objectUrl": "images/testcard.png", "title": "testcard", "clientMetadata": { "{{_camera}}": "front", "{{_score}}": 9 } },
                { "objectUrl": "images/rule110.png", "title": "rule110", "clientMetadata": { "{{_camera}}": "rear", "{{_score}}": 3 } } ],
              "videos": [ { "objectUrl": "video/testsrc.mp4", "title": "testsrc", "clientMetadata": { "{{_camera}}": "front", "{{_score}}": 1 } } ] }
            """, Ct);
        var import = await Run("import", spec, "--folder", folder, "--integration", integration, "--wait");
        Assert.Equal(ExitCodes.Ok, import.ExitCode);

        // When: filters, a sort and counts over the imported values
        var frontAndHigh = await NamesAsync(folder, "--filter", $"""{_camera} = "front" AND {_score} >= 5""");
        var frontByScore = await NamesAsync(folder, "--filter", $"""{_camera} = "front" """, "--sort", _score, "--desc");
        var counts = await Run("items", "counts", "--folder", folder, "--key", _camera, "--output", "json");

        // Then
        Assert.Equal(["testcard"], frontAndHigh);
        Assert.Equal(["testcard", "testsrc"], frontByScore);
        Assert.Equal(ExitCodes.Ok, counts.ExitCode);
        Assert.Equal(
            [("front", 2L), ("rear", 1L)],
            Json(counts).GetProperty("counts").EnumerateArray().Select(c => (c.GetProperty("value").GetString(), c.GetProperty("count").GetInt64())));

        // When: an update whose value does not conform to its key
        var items = Json(await Run("items", "list", "--folder", folder, "--output", "json")).GetProperty("results").EnumerateArray()
            .ToDictionary(i => i.GetProperty("name").GetString()!, i => Guid.Parse(i.GetProperty("uuid").GetString()!));
        var refused = await Run("items", "update", items["rule110"].ToString(), "--metadata", $$"""{"{{_score}}": "high"}""");

        // Then: exit 1, each problem on stderr, and nothing changed
        Assert.Equal((ExitCodes.InvalidInput, ""), (refused.ExitCode, refused.Out));
        Assert.Contains("[metadata.value_invalid]", refused.Err, StringComparison.Ordinal);
        Assert.Contains($"'{_score}'", refused.Err, StringComparison.Ordinal);
        Assert.Contains("\"high\"", refused.Err, StringComparison.Ordinal);
        Assert.Equal(["testcard"], await NamesAsync(folder, "--filter", $"{_score} >= 5"));

        // When: a bundle of SDK updates, one item queued twice (the later metadata wins)
        var client = _server.Client();
        await using (var bundle = client.CreateItemBundle(bundleSize: 2))
        {
            var score = 10;
            foreach (var (name, uuid) in items)
            {
                using var metadata = JsonDocument.Parse($$"""{"{{_camera}}": "rear", "{{_score}}": {{score += 10}}}""");
                bundle.Update(uuid, clientMetadata: metadata.RootElement);
            }

            using var renamed = JsonDocument.Parse($$"""{"{{_camera}}": "front", "{{_score}}": 0}""");
            bundle.Update(items["testsrc"], name: "testsrc (renamed)", clientMetadata: renamed.RootElement);
        }

        // Then: the filters see the new values
        Assert.Equal(["testcard", "rule110"], await NamesAsync(folder, "--filter", $"""{_camera} = "rear" """));
        Assert.Equal(["testsrc (renamed)"], await NamesAsync(folder, "--filter", $"""{_camera} = "front" AND {_score} = 0"""));
        var schema = await client.GetMetadataSchemaAsync(Ct);
        Assert.Equal(("number", "enum"), (schema.GetKeyType(_score), schema.GetKeyType(_camera)));
        Assert.NotNull(schema.Version);
    }
}
