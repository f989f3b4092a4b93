using System.Net;
using System.Text.Json;
using Curio.Cli.Tests.Support;
using Curio.Contracts;
using Curio.Sdk;

namespace Curio.Cli.Tests.Sdk;

public sealed class ImportTests : SdkTestBase
{
    [Fact]
    public async Task An_upload_streams_the_callers_stream_and_leaves_it_open()
    {
        // Given: a stream that cannot seek, so it cannot be measured or rewound, and that counts what was read of it
        var bytes = "ObjectUrl,Image title\nimages/a.png,a\n"u8.ToArray();
        var source = new CountingStream(bytes);
        long readBeforeSend = -1;
        byte[]? received = null;
        long? contentLength = 0;
        var job = CurioModelFactory.ImportJob(status: JobStatus.Pending, unitsTotal: 1);
        Handler.Respond(async r =>
        {
            readBeforeSend = source.BytesRead;
            contentLength = r.Content!.Headers.ContentLength;
            received = await r.Content.ReadAsByteArrayAsync(Ct);
            return FakeHandler.Response(HttpStatusCode.Accepted, JsonSerializer.Serialize(job, CurioJsonContext.Default.ImportJob));
        });
        var folder = Guid.NewGuid();

        // When
        var operation = await Client().StartImportAsync(new ImportRequest(folder, "my cams", source, "upload.csv") { IgnoreErrors = true }, Ct);

        // Then
        Assert.Equal(0, readBeforeSend);
        Assert.Null(contentLength);
        Assert.Equal(bytes, received);
        Assert.False(source.Disposed);
        Assert.Equal("text/csv", Handler.Requests[0].ContentType);
        Assert.Equal($"/api/v1/folders/{folder}/imports?integration=my%20cams&ignoreErrors=true&fileName=upload.csv", Handler.Requests[0].PathAndQuery);
        Assert.Equal((job.JobId, JobStatus.Pending, false), (operation.Id, operation.Value!.Status, operation.HasCompleted));
    }

    [Fact]
    public async Task An_upload_from_a_file_has_a_length_and_the_type_of_its_extension()
    {
        // Given
        var path = Path.Combine(Directory.CreateTempSubdirectory("curio-sdk-").FullName, "spec.json");
        await File.WriteAllTextAsync(path, """{"images":[]}""", Ct);
        long? contentLength = null;
        Handler.Respond(r =>
        {
            contentLength = r.Content!.Headers.ContentLength;
            return FakeHandler.Response(HttpStatusCode.Accepted, JsonSerializer.Serialize(CurioModelFactory.ImportJob(), CurioJsonContext.Default.ImportJob));
        });

        // When
        await Client().ImportFileAsync(Guid.NewGuid(), "local", path, cancellationToken: Ct);

        // Then
        Assert.Equal(13, contentLength);
        Assert.Equal("application/json", Handler.Requests[0].ContentType);
        Assert.EndsWith("&ignoreErrors=false&fileName=spec.json", Handler.Requests[0].PathAndQuery, StringComparison.Ordinal);
        File.Delete(path);
    }

    [Fact]
    public async Task A_format_without_a_known_extension_is_sent_and_sets_the_type()
    {
        Handler.RespondJson(new SpecValidation
        {
            Valid = true,
            Format = "csv",
            Dialect = "csv",
            UnitCount = 1,
            UrlCount = 1,
            Errors = [],
            Warnings = [],
            UnlistedErrorCount = 0,
            SkipDuplicateUrls = false,
            UpsertMetadata = false,
        }, CurioJsonContext.Default.SpecValidation);

        var result = await Client().ValidateSpecAsync(new MemoryStream("a\n"u8.ToArray()), "upload.txt", SpecFileFormat.Csv, Ct);

        Assert.True(result.Valid);
        Assert.Equal("text/csv", Handler.Requests[0].ContentType);
        Assert.Equal("/api/v1/specs/validate?fileName=upload.txt&format=csv", Handler.Requests[0].PathAndQuery);
    }

    private sealed class CountingStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public long BytesRead { get; private set; }

        public bool Disposed { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = _inner.Read(buffer, offset, count);
            BytesRead += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
