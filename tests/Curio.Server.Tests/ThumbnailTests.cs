using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Curio.Contracts;
using Curio.Media;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Curio.Server.Tests;

/// <summary>
/// Thumbnails end to end: the samples imported through a local integration (and one image through a direct HTTP
/// integration), rendered by the machine's ffmpeg through a wrapper script that counts its runs.
/// </summary>
public sealed class ThumbnailTests : IAsyncLifetime
{
    private string _root = null!;
    private string _tools = null!;
    private TestServer _server = null!;
    private Dictionary<string, Item> _items = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Runs => Path.Combine(_tools, "runs");

    public async ValueTask InitializeAsync()
    {
        Ffmpeg.Require();
        _root = Directory.CreateTempSubdirectory("curio-thumbs-").FullName;
        ImportTests.Copy(Repo.Path("samples"), _root);
        _tools = Directory.CreateTempSubdirectory("curio-thumbs-tools-").FullName;
        var wrapper = Path.Combine(_tools, "ffmpeg");
        await File.WriteAllTextAsync(wrapper, $"#!/bin/sh\necho run >> '{Runs}'\nexec ffmpeg \"$@\"\n", Ct);
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _server = new TestServer(new Dictionary<string, string?>
        {
            ["Curio:Thumbnails:FfmpegPath"] = wrapper,
            ["Curio:Thumbnails:FfprobePath"] = "ffprobe",
            ["Curio:Thumbnails:Concurrency"] = "1",
        });
        var local = await _server.LocalIntegrationAsync(_root);
        var folder = await _server.FolderAsync("samples");
        var job = await _server.ImportAsync(folder, local, await File.ReadAllTextAsync(Path.Combine(_root, "specs", "samples.json"), Ct), "samples.json");
        Assert.Equal(JobStatus.Done, job.Status);
        _items = (await _server.ItemsAsync(folder)).ToDictionary(i => i.Name);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_tools, recursive: true);
    }

    [Fact]
    public async Task The_first_request_renders_and_stores_it_later_ones_read_the_file_and_a_matching_etag_is_304()
    {
        var item = _items["testcard.png"];
        var stored = Path.Combine(_server.DataDirectory, "thumbnails", item.Uuid.ToString()[..2], $"{item.Uuid}.jpg");
        Assert.False(File.Exists(stored));

        var first = await _server.Client.GetAsync($"/api/v1/items/{item.Uuid}/thumbnail", Ct);

        await Http.EnsureAsync(first, 200);
        Assert.Equal("image/jpeg", first.Content.Headers.ContentType!.MediaType);
        Assert.Contains("immutable", first.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var bytes = await first.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal((256, 192), Size(bytes));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(stored, Ct));
        Assert.Equal(1, RunCount());

        // The source can go: the stored thumbnail is what is served.
        File.Delete(Path.Combine(_root, "images", "testcard.png"));
        var second = await _server.Client.GetAsync($"/api/v1/items/{item.Uuid}/thumbnail", Ct);
        await Http.EnsureAsync(second, 200);
        Assert.Equal(bytes, await second.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(1, RunCount());

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/items/{item.Uuid}/thumbnail");
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var notModified = await _server.Client.SendAsync(conditional, Ct);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Concurrent_requests_for_one_item_render_it_once()
    {
        var video = _items["testsrc.mp4"];

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _server.Client.GetAsync($"/api/v1/items/{video.Uuid}/thumbnail", Ct)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsByteArrayAsync(Ct)));
        Assert.All(bodies, b => Assert.Equal(bodies[0], b));
        Assert.Equal((256, 144), Size(bodies[0]));
        Assert.Equal(1, RunCount());
    }

    [Theory]
    [InlineData("walk", 160, 120)]
    [InlineData("walk-sequence", 160, 120)]
    [InlineData("ct-0001", 32, 32)]
    [InlineData("images/mandelbrot.jpg", 256, 144)]
    public async Task Groups_sequences_and_series_show_their_first_frame(string name, int width, int height)
    {
        var response = await _server.Client.GetAsync($"/api/v1/items/{_items[name].Uuid}/thumbnail", Ct);

        await Http.EnsureAsync(response, 200);
        Assert.Equal((width, height), Size(await response.Content.ReadAsByteArrayAsync(Ct)));
    }

    [Theory]
    [InlineData("audio/a440.wav", "audio")]
    [InlineData("text/readme.txt", "plainText")]
    [InlineData("pdf/hello.pdf", "pdf")]
    [InlineData("nifti/phantom.nii.gz", "nifti")]
    public async Task Audio_text_pdf_and_nifti_have_none(string name, string type)
    {
        var response = await _server.Client.GetAsync($"/api/v1/items/{_items[name].Uuid}/thumbnail", Ct);

        var problem = await ProblemAsync(response, 404);
        Assert.Equal(ErrorCodes.ThumbnailUnavailable, problem.GetProperty("errorCode").GetString());
        Assert.Contains($"No thumbnail for {type} items", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, RunCount());
    }

    [Fact]
    public async Task A_broken_file_is_a_422_remembered_for_a_while_instead_of_rendered_again()
    {
        var item = _items["images/rule110.png"];
        var path = Path.Combine(_root, "images", "rule110.png");
        var original = await File.ReadAllBytesAsync(path, Ct);
        await File.WriteAllBytesAsync(path, original[..100], Ct);

        var first = await ProblemAsync(await _server.Client.GetAsync($"/api/v1/items/{item.Uuid}/thumbnail", Ct), 422);
        Assert.Equal(ErrorCodes.ThumbnailFailed, first.GetProperty("errorCode").GetString());

        await File.WriteAllBytesAsync(path, original, Ct);
        var again = await ProblemAsync(await _server.Client.GetAsync($"/api/v1/items/{item.Uuid}/thumbnail", Ct), 422);
        Assert.Equal(first.GetProperty("detail").GetString(), again.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Without_a_token_it_is_401_and_an_unknown_item_is_404()
    {
        var anonymous = await _server.Anonymous.GetAsync($"/api/v1/items/{_items["testcard.png"].Uuid}/thumbnail", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var unknown = await ProblemAsync(await _server.Client.GetAsync($"/api/v1/items/{Guid.NewGuid()}/thumbnail", Ct), 404);
        Assert.Equal(ErrorCodes.ItemNotFound, unknown.GetProperty("errorCode").GetString());
        Assert.Equal(0, RunCount());
    }

    [Fact]
    public async Task A_strict_client_only_integration_gets_409_and_is_never_contacted()
    {
        // Nothing listens on port 9: a download attempt would fail with a storage error, not a 409.
        var response = await _server.Client.PostAsJsonAsync("/api/v1/integrations", new CreateIntegrationRequest
        {
            Name = "strict",
            Provider = "s3",
            Endpoint = "http://127.0.0.1:9",
            PathStyle = true,
            Bucket = "media",
            AccessKey = "test",
            SecretKey = "test",
            StrictClientOnly = true,
            SignedUrlTtlSeconds = 600,
        }, CurioJsonContext.Default.CreateIntegrationRequest, Ct);
        await Http.EnsureAsync(response, 201);
        var integration = (await response.Content.ReadFromJsonAsync(CurioJsonContext.Default.Integration, Ct))!;
        var folder = await _server.FolderAsync("strict");
        var job = await _server.ImportAsync(folder, integration,
            """{"images":[{"objectUrl":"s3://media/a.png","imageMetadata":{"mimeType":"image/png","width":320,"height":240,"fileSize":8828}}]}""");
        Assert.Equal(1, job.UnitsDoneCount);
        var item = (await _server.ItemsAsync(folder)).Single();

        var problem = await ProblemAsync(await _server.Client.GetAsync($"/api/v1/items/{item.Uuid}/thumbnail", Ct), 409);

        Assert.Equal(ErrorCodes.StorageUnavailable, problem.GetProperty("errorCode").GetString());
        Assert.Contains("strict client-only", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_remote_object_is_downloaded_once_and_one_over_the_size_cap_is_refused()
    {
        await using var origin = await Origin.StartAsync(_root);
        await using var server = new TestServer(new Dictionary<string, string?> { ["Curio:Thumbnails:MaxSourceBytes"] = "1048576" });
        var response = await server.Client.PostAsJsonAsync("/api/v1/integrations",
            new CreateIntegrationRequest { Name = "web", Provider = "direct", AllowPrivateNetworks = true },
            CurioJsonContext.Default.CreateIntegrationRequest, Ct);
        await Http.EnsureAsync(response, 201);
        var integration = (await response.Content.ReadFromJsonAsync(CurioJsonContext.Default.Integration, Ct))!;
        var big = new byte[2 * 1024 * 1024];
        Array.Copy(await File.ReadAllBytesAsync(Path.Combine(_root, "images", "testcard.png"), Ct), big, 8828);
        await File.WriteAllBytesAsync(Path.Combine(_root, "images", "padded.png"), big, Ct);
        var folder = await server.FolderAsync("web");
        await server.ImportAsync(folder, integration,
            $$"""{"images":[{"objectUrl":"{{origin.Url}}images/testcard.png"},{"objectUrl":"{{origin.Url}}images/padded.png"}]}""");
        var items = await server.ItemsAsync(folder);
        var small = items.Single(i => i.Url!.EndsWith("testcard.png", StringComparison.Ordinal));
        var padded = items.Single(i => i.Url!.EndsWith("padded.png", StringComparison.Ordinal));
        origin.Requests = 0;

        var first = await server.Client.GetAsync($"/api/v1/items/{small.Uuid}/thumbnail", Ct);
        await Http.EnsureAsync(first, 200);
        Assert.Equal((256, 192), Size(await first.Content.ReadAsByteArrayAsync(Ct)));
        var afterFirst = origin.Requests;
        await Http.EnsureAsync(await server.Client.GetAsync($"/api/v1/items/{small.Uuid}/thumbnail", Ct), 200);
        Assert.Equal(afterFirst, origin.Requests);
        Assert.Empty(Directory.GetFiles(Path.Combine(server.DataDirectory, "thumbnails", "tmp")));

        var refused = await ProblemAsync(await server.Client.GetAsync($"/api/v1/items/{padded.Uuid}/thumbnail", Ct), 422);
        Assert.Contains("MaxSourceBytes", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private int RunCount() => File.Exists(Runs) ? File.ReadAllLines(Runs).Length : 0;

    private static (int Width, int Height) Size(byte[] jpeg)
    {
        var header = ImageHeaderReader.Read(jpeg, jpeg.Length);
        Assert.True(header.IsOk, header.Reason);
        return (header.Width, header.Height);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, int status)
    {
        await Http.EnsureAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
    }

    /// <summary>Files of a folder over HTTP on 127.0.0.1, with ranges, counting requests.</summary>
    private sealed class Origin : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _requests;

        private Origin(WebApplication app) => _app = app;

        public string Url { get; private set; } = "";

        public int Requests
        {
            get => Volatile.Read(ref _requests);
            set => Volatile.Write(ref _requests, value);
        }

        public static async Task<Origin> StartAsync(string root)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var origin = new Origin(app);
            app.MapGet("/{**path}", (string path) =>
            {
                Interlocked.Increment(ref origin._requests);
                var file = Path.Combine(root, path);
                return File.Exists(file) ? Results.File(file, "application/octet-stream", enableRangeProcessing: true) : Results.NotFound();
            });
            await app.StartAsync();
            origin.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";
            return origin;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}

/// <summary>ffmpeg on PATH: ./test.sh installs it; without it these tests skip locally and fail under CI=true.</summary>
internal static class Ffmpeg
{
    public static void Require()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, "ffmpeg")) && File.Exists(Path.Combine(dir, "ffprobe")));
        if (!found)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail("ffmpeg/ffprobe are not on PATH: they must be installed under CI (./test.sh installs them).");
            }

            Assert.Skip("ffmpeg/ffprobe are not on PATH; ./test.sh installs them.");
        }
    }
}

/// <summary><c>Curio:Thumbnails</c> is validated with the rest of <c>Curio</c> (at start: ValidateOnStart).</summary>
public sealed class ThumbnailOptionsTests
{
    [Theory]
    [InlineData("Size", 8)]
    [InlineData("Quality", 40)]
    [InlineData("Concurrency", 0)]
    [InlineData("MaxSourceBytes", 1000)]
    [InlineData("TimeoutSeconds", 0)]
    public void Out_of_range_values_are_refused(string key, int value)
    {
        var options = new Hosting.CurioOptions();
        var property = typeof(Features.Thumbnails.ThumbnailOptions).GetProperty(key)!;
        property.SetValue(options.Thumbnails, Convert.ChangeType(value, property.PropertyType, System.Globalization.CultureInfo.InvariantCulture));

        var result = new Hosting.CurioOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(key, result.FailureMessage, StringComparison.Ordinal);
        Assert.False(new Hosting.CurioOptionsValidator().Validate(null, new Hosting.CurioOptions()).Failed);
    }
}
