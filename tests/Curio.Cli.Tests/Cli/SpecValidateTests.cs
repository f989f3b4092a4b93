using System.Text.Json;
using Curio.Cli.Infrastructure;
using Curio.Cli.Tests.Support;

namespace Curio.Cli.Tests.Cli;

/// <summary><c>spec validate</c> runs offline: no server, no profile.</summary>
public sealed class SpecValidateTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("curio-spec-").FullName;

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task A_good_file_is_valid_with_its_counts()
    {
        var path = Write("good.json", """{"images":[{"objectUrl":"a.png"}],"image_groups":[{"title":"g","objectUrl_0":"b.png","objectUrl_1":"c.png"}],"skip_duplicate_urls":true}""");

        var result = await _cli.RunAsync("spec", "validate", path);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal($"valid: {path}: json (userFile), 2 units, 3 URLs; skip_duplicate_urls\n", result.Out);
    }

    [Fact]
    public async Task A_bad_file_lists_every_error_with_its_location()
    {
        var path = Write("bad.json", """{"images":[{"objectUrl":""},{"objectUrl":"a.png","clientMetadata":42}]}""");

        var result = await _cli.RunAsync("spec", "validate", path);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains($"invalid: {path}: 2 errors; the server would refuse the whole file", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"\n  \$\.images\[0\]\.objectUrl: .+ \[spec\.[a-z_]+\]\n", result.Out);
        Assert.Matches(@"\n  \$\.images\[1\]\.clientMetadata: .+ \[spec\.[a-z_]+\]\n", result.Out);
    }

    [Fact]
    public async Task A_bad_csv_gives_lines()
    {
        var path = Write("bad.csv", "ObjectUrl,Image title\n,untitled\n");

        var result = await _cli.RunAsync("spec", "validate", path);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("  line 2", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_is_a_spec_validation_document()
    {
        var path = Write("bad.json", """{"images":[{"objectUrl":""}],"extra":1}""");

        var result = await _cli.RunAsync("spec", "validate", path, "--output", "json");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        using var document = JsonDocument.Parse(result.Out);
        var root = document.RootElement;
        Assert.False(root.GetProperty("valid").GetBoolean());
        Assert.Equal(("json", "userFile"), (root.GetProperty("format").GetString(), root.GetProperty("dialect").GetString()));
        var error = root.GetProperty("errors")[0];
        Assert.Equal("$.images[0].objectUrl", error.GetProperty("location").GetString());
        Assert.StartsWith("spec.", error.GetProperty("code").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, root.GetProperty("unlistedErrorCount").GetInt32());
        Assert.True(root.TryGetProperty("warnings", out _));
    }

    [Fact]
    public async Task The_format_flag_overrides_the_extension()
    {
        var path = Write("upload.txt", "ObjectUrl\nimages/a.png\n");

        var result = await _cli.RunAsync("spec", "validate", path, "--format", "csv", "--output", "json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("\"format\": \"csv\"", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_exit_1()
    {
        var result = await _cli.RunAsync("spec", "validate", Path.Combine(_directory, "none.json"));

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("not found", result.Err, StringComparison.Ordinal);
    }
}
