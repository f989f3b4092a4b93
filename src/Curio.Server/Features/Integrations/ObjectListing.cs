using System.Buffers;
using System.Text.Json;
using Curio.Connectors;
using Curio.Contracts;
using Curio.Server.Hosting;
using Curio.Server.Jobs;
using Curio.Storage;

namespace Curio.Server.Features.Integrations;

/// <summary>
/// Streams an integration's objects as NDJSON: a bucket may hold millions of objects, and neither the server nor the
/// client should hold a listing whole. A failure before the first object is a problem response; a failure after it
/// (the status line is gone by then) ends the stream with a line <c>{"error": {...}}</c> that clients must check.
/// </summary>
internal static class ObjectListing
{
    public const string ContentType = "application/x-ndjson";

    public static async Task<IResult> ListAsync(
        string integration, string? prefix, long? limit, IStorage storage, ObjectSources sources, CancellationToken cancellationToken)
    {
        if (limit is < 1)
        {
            throw ProblemException.BadRequest("limit must be at least 1.");
        }

        var record = await IntegrationEndpoints.FindAsync(storage, integration, cancellationToken);
        var source = sources.For(record);
        var entries = source.ListAsync(prefix ?? "", cancellationToken).GetAsyncEnumerator(cancellationToken);
        bool any;
        try
        {
            any = await entries.MoveNextAsync();
        }
        catch (ObjectSourceException ex)
        {
            await entries.DisposeAsync();
            throw Problem(record.Name, ex);
        }

        return new Stream(entries, any, limit ?? long.MaxValue, record.Name);
    }

    public static ProblemException Problem(string integration, ObjectSourceException ex) => ex.Kind switch
    {
        ObjectErrorKind.NotFound => ProblemException.NotFound(ErrorCodes.StorageUnavailable, $"Integration '{integration}': {ex.Message}"),
        ObjectErrorKind.Refused => ProblemException.BadRequest($"Integration '{integration}': {ex.Message}", ErrorCodes.StorageUnavailable),
        ObjectErrorKind.AccessDenied => new ProblemException(403, ErrorCodes.StorageUnavailable, "Storage access denied", $"Integration '{integration}': {ex.Message}"),
        _ => new ProblemException(502, ErrorCodes.StorageUnavailable, "Storage failed", $"Integration '{integration}': {ex.Message}"),
    };

    private sealed class Stream(IAsyncEnumerator<ObjectEntry> entries, bool any, long limit, string integration) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.ContentType = ContentType;
            var cancellationToken = httpContext.RequestAborted;
            await using var _ = entries;
            await using var json = new Utf8JsonWriter(response.BodyWriter);
            var has = any;
            try
            {
                for (long written = 0; has && written < limit; written++)
                {
                    var e = entries.Current;
                    JsonSerializer.Serialize(json, new StorageObject { Url = e.Url, Key = e.Key, Size = e.Size, LastModified = e.LastModified },
                        CurioJsonContext.Default.StorageObject);
                    json.Reset();
                    response.BodyWriter.Write("\n"u8);
                    if (written % 256 == 255)
                    {
                        await response.BodyWriter.FlushAsync(cancellationToken);
                    }

                    has = written + 1 < limit && await entries.MoveNextAsync();
                }
            }
            catch (ObjectSourceException ex)
            {
                var problem = Problem(integration, ex);
                json.WriteStartObject();
                json.WriteStartObject("error");
                json.WriteString("errorCode", problem.ErrorCode);
                json.WriteNumber("status", problem.Status);
                json.WriteString("detail", problem.Message);
                json.WriteEndObject();
                json.WriteEndObject();
                await json.FlushAsync(cancellationToken);
                response.BodyWriter.Write("\n"u8);
            }

            await response.BodyWriter.FlushAsync(cancellationToken);
        }
    }
}
