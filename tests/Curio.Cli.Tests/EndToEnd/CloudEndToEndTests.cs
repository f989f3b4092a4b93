using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Azure.Storage.Blobs;
using Curio.Cli.Infrastructure;
using Curio.Cli.Tests.Support;
using Curio.Contracts;
using Curio.Testing.FakeGcs;

namespace Curio.Cli.Tests.EndToEnd;

/// <summary>
/// The whole cloud flow as a user runs it, once per store: the samples are put in a bucket (moto, azurite, the fake
/// GCS), an integration is added, <c>curio spec generate --import --wait</c> walks the bucket, writes the upload file and
/// imports it, and every item comes out with its type and what its headers say.
/// </summary>
public sealed class CloudEndToEndTests : IAsyncLifetime
{
    private const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly string[] Samples =
    [
        "images/testcard.png", "images/rule110.png", "images/mandelbrot.jpg", "video/testsrc.mp4", "audio/a440.wav", "pdf/hello.pdf",
        "text/readme.txt", "nifti/phantom.nii.gz", "dicom/ct-0001/slice-1.dcm", "dicom/ct-0001/slice-2.dcm", "dicom/ct-0001/slice-3.dcm",
        "groups/walk/frame-0.jpg", "groups/walk/frame-1.jpg", "groups/walk/frame-2.jpg", "groups/walk/frame-3.jpg", "notes/unknown.xyz",
    ];

    private readonly CliRunner _cli = new();
    private readonly CurioServerFixture _server;
    private readonly string _bucket = "e2e-" + Guid.NewGuid().ToString("N")[..12];
    private FakeGcsServer? _gcs;

    public CloudEndToEndTests(CurioServerFixture server)
    {
        _server = server;
        _cli.Environment[CliEnvironment.UrlVariable] = server.Url.ToString();
        _cli.Environment[CliEnvironment.TokenVariable] = server.Token;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        _cli.Dispose();
        if (_gcs is not null)
        {
            await _gcs.DisposeAsync();
        }
    }

    [Fact]
    public async Task S3_bucket_from_moto_is_generated_imported_and_checked()
    {
        var endpoint = Emulator("CURIO_TEST_S3_ENDPOINT", "moto (S3)");
        using var s3 = new AmazonS3Client(new BasicAWSCredentials("test", "test"), new AmazonS3Config
        {
            ServiceURL = endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
        await s3.PutBucketAsync(_bucket, Ct);
        foreach (var sample in Samples)
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "data/" + sample, InputStream = new MemoryStream(await ContentAsync(sample)), UseChunkEncoding = false }, Ct);
        }

        await RunFlowAsync(["--provider", "s3", "--endpoint", endpoint, "--path-style", "--bucket", _bucket, "--access-key", "test", "--secret-key", "test"],
            $"s3://{_bucket}/data/");
    }

    [Fact]
    public async Task Azure_container_from_azurite_is_generated_imported_and_checked()
    {
        var endpoint = Emulator("CURIO_TEST_AZURE_BLOB_ENDPOINT", "azurite (Azure Blob)");
        var connection = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteKey};BlobEndpoint={endpoint};";
        var container = new BlobContainerClient(connection, _bucket);
        await container.CreateAsync(cancellationToken: Ct);
        foreach (var sample in Samples)
        {
            await container.UploadBlobAsync("data/" + sample, BinaryData.FromBytes(await ContentAsync(sample)), Ct);
        }

        await RunFlowAsync(["--provider", "azure", "--connection-string", connection, "--bucket", _bucket], $"az://{_bucket}/data/");
    }

    [Fact]
    public async Task Gcs_bucket_from_the_fake_is_generated_imported_and_checked()
    {
        _gcs = await FakeGcsServer.StartAsync();
        _gcs.CreateBucket(_bucket);
        foreach (var sample in Samples)
        {
            _gcs.Put(_bucket, "data/" + sample, await ContentAsync(sample));
        }

        await RunFlowAsync(["--provider", "gcs", "--endpoint", _gcs.BaseUri.ToString(), "--anonymous", "--bucket", _bucket], $"gs://{_bucket}/data/");
    }

    private async Task RunFlowAsync(string[] integrationOptions, string prefix)
    {
        var integration = CurioServerFixture.Unique("cloud");
        var folder = CurioServerFixture.Unique("cloud");
        var spec = Path.Combine(Path.GetTempPath(), integration + ".json");
        try
        {
            var add = await Run(["integrations", "add", "--name", integration, .. integrationOptions]);
            Assert.Equal(ExitCodes.Ok, add.ExitCode);
            Assert.Equal(ExitCodes.Ok, (await Run("folders", "create", folder)).ExitCode);

            var generate = await Run("spec", "generate", "--integration", integration, "--prefix", prefix, "--out", spec, "--import", "--folder", folder, "--wait");

            Assert.Equal(ExitCodes.Ok, generate.ExitCode);
            await CheckItemsAsync(folder);
        }
        finally
        {
            File.Delete(spec);
        }
    }

    private async Task CheckItemsAsync(string folderPath)
    {
        var client = _server.Client();
        var folder = await client.GetFolderByPathAsync(folderPath, Ct);
        var items = new List<Item>();
        await foreach (var item in client.GetItemsAsync(folder.Uuid, cancellationToken: Ct))
        {
            items.Add(item);
        }

        var byName = items.ToDictionary(i => i.Name[(i.Name.LastIndexOf('/') + 1)..]);
        Assert.Equal(
            ["a440.wav", "ct-0001", "frame-0.jpg", "frame-1.jpg", "frame-2.jpg", "frame-3.jpg", "hello.pdf", "mandelbrot.jpg", "phantom.nii.gz", "readme.txt",
                "rule110.png", "testcard.png", "testsrc.mp4"],
            byName.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((ItemType.Image, 320, 240, "image/png"), (byName["testcard.png"].ItemType, byName["testcard.png"].Width!.Value, byName["testcard.png"].Height!.Value, byName["testcard.png"].MimeType));
        Assert.Equal((ItemType.Image, 480, 270), (byName["mandelbrot.jpg"].ItemType, byName["mandelbrot.jpg"].Width!.Value, byName["mandelbrot.jpg"].Height!.Value));
        Assert.All(Enumerable.Range(0, 4), i => Assert.Equal((160, 120), (byName[$"frame-{i}.jpg"].Width!.Value, byName[$"frame-{i}.jpg"].Height!.Value)));
        // ffprobe reads the bucket's video through the server's range relay; the headers of the rest through ranged reads.
        var video = byName["testsrc.mp4"];
        Assert.Equal((ItemType.Video, 25d, 2d, 320, 180, 50L, "video/mp4"), (video.ItemType, video.Fps!.Value, video.Duration!.Value, video.Width!.Value, video.Height!.Value, video.FrameCount!.Value, video.MimeType));
        Assert.Equal(0, video.TechnicalMetadata!.Value.GetProperty("keyFrames")[0].GetInt64());
        Assert.Equal((ItemType.Audio, 1, 16), (byName["a440.wav"].ItemType, byName["a440.wav"].AudioNumChannels!.Value, byName["a440.wav"].AudioBitDepth!.Value));
        Assert.Equal((ItemType.Pdf, 1), (byName["hello.pdf"].ItemType, byName["hello.pdf"].NumPages!.Value));
        Assert.Equal(ItemType.PlainText, byName["readme.txt"].ItemType);
        Assert.Equal(ItemType.Nifti, byName["phantom.nii.gz"].ItemType);
        Assert.Equal((ItemType.DicomSeries, 3), (byName["ct-0001"].ItemType, byName["ct-0001"].ChildCount));
        foreach (var (name, item) in byName)
        {
            var expected = name == "ct-0001"
                ? Samples.Where(s => s.StartsWith("dicom/", StringComparison.Ordinal)).Sum(Size)
                : Size(Samples.Single(s => s.EndsWith("/" + name, StringComparison.Ordinal)));
            Assert.Equal(expected, item.FileSize);
        }

        var signed = await client.GetItemAsync(byName["testcard.png"].Uuid, signUrl: true, Ct);
        Assert.NotNull(signed.SignedUrl);
        if (!signed.SignedUrl.StartsWith("https://storage.googleapis.com/", StringComparison.Ordinal))
        {
            // A browser's view: azurite checks the SAS signature, so a URL mangled on its way out would fail here.
            using var browser = new HttpClient();
            Assert.Equal(await File.ReadAllBytesAsync(SamplePath("images/testcard.png"), Ct), await browser.GetByteArrayAsync(signed.SignedUrl, Ct));
        }
    }

    private static long Size(string sample) => new FileInfo(SamplePath(sample)).Length;

    /// <summary>A sample's bytes; the one file of no known type is made up, and generation must skip it.</summary>
    private static async Task<byte[]> ContentAsync(string sample) =>
        sample.EndsWith(".xyz", StringComparison.Ordinal) ? "not media"u8.ToArray() : await File.ReadAllBytesAsync(SamplePath(sample), Ct);

    private static string SamplePath(string sample) => Path.Combine(CurioServerFixture.RepositoryRoot(), "samples", sample);

    private async Task<CliResult> Run(params string[] args)
    {
        var result = await _cli.RunAsync(args);
        TestContext.Current.TestOutputHelper?.WriteLine($"$ curio {string.Join(' ', args)}\n{result}");
        return result;
    }

    private static string Emulator(string variable, string service)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
        {
            return value;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"{variable} is not set: {service} must run under CI (./test.sh starts it).");
        }

        Assert.Skip($"{variable} is not set; start {service} with ./test.sh to run this test.");
        return "";
    }
}
