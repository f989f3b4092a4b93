using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Curio.Testing.FakeGcs;

/// <summary>Which API a request addresses and what it names. Object names are percent-decoded.</summary>
internal readonly record struct ApiRoute(ApiKind Kind, string? Bucket, bool Objects, string? ObjectName);

internal enum ApiKind
{
    /// <summary>/storage/v1/b/...: metadata, listing, media with alt=media.</summary>
    Json,

    /// <summary>/download/storage/v1/b/...: media only.</summary>
    Download,

    /// <summary>/upload/storage/v1/b/.../o: media, multipart and resumable uploads.</summary>
    Upload,

    /// <summary>/bucket/object: the XML API's path-style GET, used by public and signed URLs.</summary>
    PathStyle,
}

/// <summary>
/// Routes requests by their raw target rather than ASP.NET routing: object names travel percent-encoded with
/// '/' as %2F, and the decoded path the framework offers cannot tell an encoded slash from a real one.
/// </summary>
internal sealed class JsonApi(FakeGcsServer server)
{
    private const string JsonPrefix = "/storage/v1/b";
    private const string DownloadPrefix = "/download/storage/v1/b";
    private const string UploadPrefix = "/upload/storage/v1/b";
    private const string TokenPrefix = "fake-token-";

    private readonly Media _media = new(server);
    private readonly Uploads _uploads = new(server);

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = RawPath(context);
        if (path == "/token" && HttpMethods.IsPost(request.Method))
        {
            await IssueTokenAsync(context);
            return;
        }

        if (Parse(path) is not { } route)
        {
            await UnhandledAsync(context);
            return;
        }

        if (route.Kind == ApiKind.PathStyle)
        {
            await _media.ServePathStyleAsync(context, route);
            return;
        }

        if (server.RequireAuth && !HasIssuedToken(request))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"https://accounts.google.com/\"";
            await ErrorAsync(context, StatusCodes.Status401Unauthorized, "required", "Anonymous caller does not have storage access.");
            return;
        }

        if (route.Bucket is { } denied && server.IsDenied(denied))
        {
            await ErrorAsync(
                context, StatusCodes.Status403Forbidden, "forbidden", $"The caller does not have storage.objects.get access to the Google Cloud Storage bucket '{denied}'.");
            return;
        }

        var method = request.Method;
        var handled = (route.Kind, route.Bucket, route.Objects, route.ObjectName) switch
        {
            (ApiKind.Json, null, _, _) when HttpMethods.IsPost(method) => CreateBucketAsync(context),
            (ApiKind.Json, { } b, false, _) when HttpMethods.IsGet(method) => GetBucketAsync(context, b),
            (ApiKind.Json, { } b, false, _) when HttpMethods.IsDelete(method) => DeleteBucketAsync(context, b),
            (ApiKind.Json, { } b, true, null) when HttpMethods.IsGet(method) => ListAsync(context, b),
            (ApiKind.Json, { } b, true, { } n) when HttpMethods.IsGet(method) && request.Query["alt"] == "media" => _media.ServeAsync(context, b, n),
            (ApiKind.Json, { } b, true, { } n) when HttpMethods.IsGet(method) => GetObjectAsync(context, b, n),
            (ApiKind.Json, { } b, true, { } n) when HttpMethods.IsDelete(method) => DeleteObjectAsync(context, b, n),
            (ApiKind.Download, { } b, true, { } n) when HttpMethods.IsGet(method) || HttpMethods.IsHead(method) => _media.ServeAsync(context, b, n),
            (ApiKind.Upload, { } b, true, null) when HttpMethods.IsPost(method) => _uploads.StartAsync(context, b),
            (ApiKind.Upload, { } b, true, null) when HttpMethods.IsPut(method) => _uploads.ContinueAsync(context, b),
            _ => null,
        };
        await (handled ?? UnhandledAsync(context));
    }

    /// <summary>A GCS object resource, with the fields clients read.</summary>
    public static JsonObject ObjectResource(FakeGcsServer server, StoredObject stored)
    {
        var bucket = Uri.EscapeDataString(stored.Bucket);
        var name = Uri.EscapeDataString(stored.Name);
        var generation = stored.Generation.ToString(CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["kind"] = "storage#object",
            ["id"] = $"{stored.Bucket}/{stored.Name}/{generation}",
            ["selfLink"] = new Uri(server.BaseUri, $"b/{bucket}/o/{name}").AbsoluteUri,
            ["mediaLink"] = new Uri(server.RootUri, $"download/storage/v1/b/{bucket}/o/{name}?generation={generation}&alt=media").AbsoluteUri,
            ["name"] = stored.Name,
            ["bucket"] = stored.Bucket,
            ["generation"] = generation,
            ["metageneration"] = "1",
            ["contentType"] = stored.ContentType,
            ["storageClass"] = "STANDARD",
            ["size"] = stored.Data.Length.ToString(CultureInfo.InvariantCulture),
            ["etag"] = $"CL{generation}",
            ["timeCreated"] = Timestamp(stored.Updated),
            ["updated"] = Timestamp(stored.Updated),
        };
    }

    /// <summary>An error in Google's JSON shape, which Google.Apis turns into a GoogleApiException.</summary>
    public static Task ErrorAsync(HttpContext context, int status, string reason, string message) =>
        JsonAsync(
            context,
            new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["code"] = status,
                    ["message"] = message,
                    ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["domain"] = "global", ["reason"] = reason }),
                },
            },
            status);

    public static async Task JsonAsync(HttpContext context, JsonNode body, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=UTF-8";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    public static Task NoSuchBucketAsync(HttpContext context) =>
        ErrorAsync(context, StatusCodes.Status404NotFound, "notFound", "The specified bucket does not exist.");

    public static Task NoSuchObjectAsync(HttpContext context, string bucket, string name) =>
        ErrorAsync(context, StatusCodes.Status404NotFound, "notFound", $"No such object: {bucket}/{name}");

    public Task UnhandledAsync(HttpContext context)
    {
        server.NoteUnhandled(context.Request);
        return ErrorAsync(context, StatusCodes.Status501NotImplemented, "notImplemented", "The fake GCS server does not implement this request.");
    }

    /// <summary>The request target's path exactly as sent, still percent-encoded.</summary>
    public static string RawPath(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var query = target.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? target : target[..query];
    }

    internal static ApiRoute? Parse(string rawPath)
    {
        var (kind, rest) =
            rawPath.StartsWith(JsonPrefix, StringComparison.Ordinal) ? (ApiKind.Json, rawPath[JsonPrefix.Length..]) :
            rawPath.StartsWith(DownloadPrefix, StringComparison.Ordinal) ? (ApiKind.Download, rawPath[DownloadPrefix.Length..]) :
            rawPath.StartsWith(UploadPrefix, StringComparison.Ordinal) ? (ApiKind.Upload, rawPath[UploadPrefix.Length..]) :
            (ApiKind.PathStyle, rawPath);
        if (rest.Length == 0)
        {
            return kind == ApiKind.PathStyle ? null : new ApiRoute(kind, null, false, null);
        }

        if (rest[0] != '/')
        {
            return null;
        }

        var slash = rest.IndexOf('/', 1);
        var bucket = Uri.UnescapeDataString(slash < 0 ? rest[1..] : rest[1..slash]);
        if (bucket.Length == 0)
        {
            return null;
        }

        var remainder = slash < 0 ? null : rest[(slash + 1)..];
        if (kind == ApiKind.PathStyle)
        {
            return string.IsNullOrEmpty(remainder) ? null : new ApiRoute(kind, bucket, true, Uri.UnescapeDataString(remainder));
        }

        return remainder switch
        {
            null => new ApiRoute(kind, bucket, false, null),
            "o" => new ApiRoute(kind, bucket, true, null),
            _ when remainder.StartsWith("o/", StringComparison.Ordinal) && remainder.Length > 2 =>
                new ApiRoute(kind, bucket, true, Uri.UnescapeDataString(remainder[2..])),
            _ => null,
        };
    }

    /// <summary>RFC 3339 in UTC with milliseconds, as GCS writes times.</summary>
    private static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private bool HasIssuedToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string bearer = "Bearer " + TokenPrefix;
        return header.StartsWith(bearer, StringComparison.Ordinal)
            && long.TryParse(header.AsSpan(bearer.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var serial)
            && serial >= 1 && serial <= server.TokensIssued;
    }

    /// <summary>Any assertion gets a token: the fake checks that a credential went through the OAuth flow, not who signed it.</summary>
    private Task IssueTokenAsync(HttpContext context) =>
        JsonAsync(context, new JsonObject
        {
            ["access_token"] = TokenPrefix + server.IssueToken().ToString(CultureInfo.InvariantCulture),
            ["expires_in"] = 3600,
            ["token_type"] = "Bearer",
        });

    private JsonObject BucketResource(string bucket) => new()
    {
        ["kind"] = "storage#bucket",
        ["id"] = bucket,
        ["name"] = bucket,
        ["selfLink"] = new Uri(server.BaseUri, $"b/{Uri.EscapeDataString(bucket)}").AbsoluteUri,
        ["projectNumber"] = "0",
        ["metageneration"] = "1",
        ["location"] = "US",
        ["storageClass"] = "STANDARD",
        ["etag"] = "CAE=",
        ["timeCreated"] = Timestamp(server.Store.Now),
        ["updated"] = Timestamp(server.Store.Now),
    };

    private async Task CreateBucketAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        if (body?["name"]?.GetValue<string>() is not { Length: > 0 } name)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "invalid", "Bucket name is required.");
            return;
        }

        if (!server.Store.CreateBucket(name))
        {
            await ErrorAsync(context, StatusCodes.Status409Conflict, "conflict", "Your previous request to create the named bucket succeeded and you already own it.");
            return;
        }

        await JsonAsync(context, BucketResource(name));
    }

    private Task GetBucketAsync(HttpContext context, string bucket) =>
        server.Store.BucketExists(bucket) ? JsonAsync(context, BucketResource(bucket)) : NoSuchBucketAsync(context);

    private Task DeleteBucketAsync(HttpContext context, string bucket)
    {
        switch (server.Store.DeleteBucket(bucket))
        {
            case null:
                return NoSuchBucketAsync(context);
            case false:
                return ErrorAsync(context, StatusCodes.Status409Conflict, "conflict", "The bucket you tried to delete is not empty.");
            default:
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return Task.CompletedTask;
        }
    }

    private Task GetObjectAsync(HttpContext context, string bucket, string name) =>
        server.Store.Get(bucket, name) is { } stored
            ? JsonAsync(context, ObjectResource(server, stored))
            : server.Store.BucketExists(bucket) ? NoSuchObjectAsync(context, bucket, name) : NoSuchBucketAsync(context);

    private Task DeleteObjectAsync(HttpContext context, string bucket, string name)
    {
        if (!server.Store.Delete(bucket, name))
        {
            return server.Store.BucketExists(bucket) ? NoSuchObjectAsync(context, bucket, name) : NoSuchBucketAsync(context);
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private async Task ListAsync(HttpContext context, string bucket)
    {
        var query = context.Request.Query;
        var maxResults = int.TryParse(query["maxResults"], NumberStyles.None, CultureInfo.InvariantCulture, out var max) && max > 0 ? Math.Min(max, 1000) : 1000;
        (List<ListingEntry> Entries, string? NextPageToken)? page;
        try
        {
            page = server.Store.List(bucket, query["prefix"].ToString(), query["delimiter"], query["pageToken"], maxResults);
        }
        catch (FormatException)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "invalid", "Invalid page token.");
            return;
        }

        if (page is not var (entries, next))
        {
            await NoSuchBucketAsync(context);
            return;
        }

        var result = new JsonObject { ["kind"] = "storage#objects" };
        if (next is not null)
        {
            result["nextPageToken"] = next;
        }

        var prefixes = entries.Where(e => e.Prefix is not null).Select(e => (JsonNode)JsonValue.Create(e.Prefix!)).ToArray();
        if (prefixes.Length > 0)
        {
            result["prefixes"] = new JsonArray(prefixes);
        }

        var items = entries.Where(e => e.Object is not null).Select(e => (JsonNode)ObjectResource(server, e.Object!)).ToArray();
        if (items.Length > 0)
        {
            result["items"] = new JsonArray(items);
        }

        await JsonAsync(context, result);
    }
}

/// <summary>Reads the JSON metadata part of uploads.</summary>
internal static class UploadMetadata
{
    public static async Task<(string? Name, string? ContentType)> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        try
        {
            var node = JsonNode.Parse(text);
            return (node?["name"]?.GetValue<string>(), node?["contentType"]?.GetValue<string>());
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
