using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Curio.Testing.FakeGcs;

/// <summary>Object content: JSON API media downloads and path-style GETs (public or V4-signed), with single byte ranges.</summary>
internal sealed class Media(FakeGcsServer server)
{
    private const int Chunk = 64 * 1024;

    public Task ServeAsync(HttpContext context, string bucket, string name) =>
        server.Store.Get(bucket, name) is { } stored
            ? WriteAsync(context, stored)
            : server.Store.BucketExists(bucket) ? JsonApi.NoSuchObjectAsync(context, bucket, name) : JsonApi.NoSuchBucketAsync(context);

    /// <summary>
    /// https://storage.googleapis.com/bucket/object with the host rewritten to the fake. A V4 signature is checked;
    /// without one the object is public unless the bucket is denied or <see cref="FakeGcsServer.RequireAuth"/> is on.
    /// </summary>
    public async Task ServePathStyleAsync(HttpContext context, ApiRoute route)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            await XmlErrorAsync(context, StatusCodes.Status405MethodNotAllowed, "MethodNotAllowed", "Only GET and HEAD are emulated for path-style URLs.");
            return;
        }

        if (context.Request.Query.ContainsKey("X-Goog-Signature"))
        {
            if (V4Signatures.Check(context, server) is { } problem)
            {
                await XmlErrorAsync(context, problem.Status, problem.Code, problem.Message);
                return;
            }
        }
        else if (server.RequireAuth || server.IsDenied(route.Bucket!))
        {
            await XmlErrorAsync(context, StatusCodes.Status403Forbidden, "AccessDenied", "Anonymous caller does not have storage.objects.get access.");
            return;
        }

        if (server.Store.Get(route.Bucket!, route.ObjectName!) is not { } stored)
        {
            await XmlErrorAsync(context, StatusCodes.Status404NotFound, "NoSuchKey", "The specified key does not exist.");
            return;
        }

        await WriteAsync(context, stored);
    }

    private static Task XmlErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/xml; charset=UTF-8";
        return context.Response.WriteAsync(
            $"<?xml version='1.0' encoding='UTF-8'?><Error><Code>{code}</Code><Message>{System.Security.SecurityElement.Escape(message)}</Message></Error>",
            context.RequestAborted);
    }

    /// <summary>Parses a single range "bytes=a-b", "bytes=a-" or "bytes=-n"; null for none or anything else (served whole, as GCS does).</summary>
    private static (long From, long? To, bool Suffix)? ParseRange(string header)
    {
        if (!header.StartsWith("bytes=", StringComparison.Ordinal) || header.Contains(',', StringComparison.Ordinal))
        {
            return null;
        }

        var spec = header["bytes=".Length..];
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return null;
        }

        var style = NumberStyles.None;
        var culture = CultureInfo.InvariantCulture;
        if (dash == 0)
        {
            return long.TryParse(spec.AsSpan(1), style, culture, out var suffix) ? (suffix, null, true) : null;
        }

        if (!long.TryParse(spec.AsSpan(0, dash), style, culture, out var from))
        {
            return null;
        }

        if (dash == spec.Length - 1)
        {
            return (from, null, false);
        }

        return long.TryParse(spec.AsSpan(dash + 1), style, culture, out var to) && to >= from ? (from, to, false) : null;
    }

    private async Task WriteAsync(HttpContext context, StoredObject stored)
    {
        var response = context.Response;
        var length = (long)stored.Data.Length;
        response.ContentType = stored.ContentType;
        response.Headers.AcceptRanges = "bytes";
        response.Headers.ETag = $"\"CL{stored.Generation.ToString(CultureInfo.InvariantCulture)}\"";
        response.Headers["x-goog-generation"] = stored.Generation.ToString(CultureInfo.InvariantCulture);
        response.Headers["x-goog-metageneration"] = "1";
        response.Headers["x-goog-stored-content-length"] = length.ToString(CultureInfo.InvariantCulture);
        response.Headers["x-goog-stored-content-encoding"] = "identity";

        var (from, count) = (0L, length);
        if (ParseRange(context.Request.Headers.Range.ToString()) is { } range)
        {
            // RFC 9110: a range is unsatisfiable when it starts at or after the end, which for an empty object is every range.
            var start = range.Suffix ? Math.Max(0, length - range.From) : range.From;
            if (start >= length || (range.Suffix && range.From == 0))
            {
                response.Headers.ContentRange = $"bytes */{length.ToString(CultureInfo.InvariantCulture)}";
                await JsonApi.ErrorAsync(context, StatusCodes.Status416RangeNotSatisfiable, "requestedRangeNotSatisfiable", "The requested range cannot be satisfied.");
                return;
            }

            var end = Math.Min(range.To ?? long.MaxValue, length - 1);
            (from, count) = (start, end - start + 1);
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {start}-{end}/{length}");
        }

        response.ContentLength = count;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        try
        {
            var body = stored.Data.AsMemory((int)from, (int)count);
            for (var offset = 0; offset < body.Length; offset += Chunk)
            {
                var piece = body[offset..Math.Min(body.Length, offset + Chunk)];
                // Counted before the write: the client may have read everything before the write's await returns.
                server.CountServed(piece.Length);
                await response.Body.WriteAsync(piece, context.RequestAborted);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client stopped reading (a head read that got its bytes); nothing to do.
        }
    }
}
