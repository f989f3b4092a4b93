using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Curio.Benchmarks;

/// <summary>
/// A bucket of the probe benchmark's own on the moto named by CURIO_TEST_S3_ENDPOINT. That moto is shared with other
/// work and keeps objects in memory, so each row's objects are deleted after the row and the bucket at the end.
/// </summary>
internal sealed class ProbeBucket : IAsyncDisposable
{
    private readonly AmazonS3Client _s3;

    private ProbeBucket(string endpoint, string name, AmazonS3Client s3)
    {
        Endpoint = endpoint;
        Name = name;
        _s3 = s3;
    }

    public string Endpoint { get; }

    public string Name { get; }

    /// <summary>What the server's integration needs to read the bucket.</summary>
    public object Integration => new { name = "moto", provider = "s3", endpoint = Endpoint, pathStyle = true, bucket = Name, accessKey = "bench", secretKey = "bench" };

    /// <summary>The bucket, or why the moto rows are not run.</summary>
    public static async Task<(ProbeBucket? Bucket, string? NotRun)> OpenAsync()
    {
        if (Environment.GetEnvironmentVariable("CURIO_TEST_S3_ENDPOINT") is not { Length: > 0 } endpoint)
        {
            return (null, "CURIO_TEST_S3_ENDPOINT is not set");
        }

        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            await http.GetAsync(new Uri(endpoint));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            return (null, $"moto at {endpoint} did not answer ({ex.Message.TrimEnd('.')})");
        }

        var s3 = new AmazonS3Client(new BasicAWSCredentials("bench", "bench"), new AmazonS3Config
        {
            ServiceURL = endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            MaxConnectionsPerServer = 64,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
        // A name of its own, so a run never meets another run's (or another agent's) objects.
        var name = "bench-probe-" + Guid.NewGuid().ToString("N")[..12];
        await s3.PutBucketAsync(name);
        return (new ProbeBucket(endpoint, name, s3), null);
    }

    public Task PutAsync(IReadOnlyList<(string Key, byte[] Body)> objects) =>
        Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (o, ct) =>
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = Name, Key = o.Key, InputStream = new MemoryStream(o.Body), UseChunkEncoding = false }, ct));

    /// <summary>Deletes every object, a listing page (up to 1,000 keys) at a time.</summary>
    public async Task EmptyAsync()
    {
        while (true)
        {
            var page = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Name });
            if (page.S3Objects is not { Count: > 0 } objects)
            {
                return;
            }

            await _s3.DeleteObjectsAsync(new DeleteObjectsRequest
            {
                BucketName = Name,
                Objects = [.. objects.Select(o => new KeyVersion { Key = o.Key })],
                Quiet = true,
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await EmptyAsync();
            await _s3.DeleteBucketAsync(Name);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone: nothing is left behind.
        }
        finally
        {
            _s3.Dispose();
        }
    }
}
