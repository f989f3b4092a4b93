using System.Buffers;
using System.Text;

namespace Curio.Connectors.Gcs;

/// <summary>
/// The spec URL forms a gcs integration reads, and the URL it gives listed objects. Pure: no I/O.
/// </summary>
/// <remarks>
/// <para>Accepted forms (object names percent-decoded as UTF-8 in all of them, so a space is %20, a literal '%'
/// is %25 and '%2F' is a slash inside the name):</para>
/// <list type="bullet">
/// <item><c>gs://bucket/object</c>; a raw '?' or '#' is refused (gsutil reads them as wildcards and generations),
/// write %3F and %23.</item>
/// <item><c>https://storage.googleapis.com/bucket/object</c> (the public URL) and
/// <c>https://storage.cloud.google.com/bucket/object</c> (the console's authenticated download URL).</item>
/// <item><c>https://bucket.storage.googleapis.com/object</c> (virtual-hosted).</item>
/// </list>
/// <para>In the https forms a query (e.g. a signature someone pasted) and a fragment are ignored: the
/// integration's own credentials are used. Bucket names are GCS names: 3 to 222 characters of lower-case letters,
/// digits, '-', '_' and '.', starting and ending with a letter or digit. Names are not normalised: "a//b" and
/// "a/../b" name those exact objects.</para>
/// <para>Listed objects are given back as <c>gs://bucket/name</c> with every byte outside the unreserved set
/// [A-Za-z0-9-._~] and '/' percent-encoded, which <see cref="Resolve"/> turns back into the same name.</para>
/// </remarks>
internal static class GcsUrls
{
    private const string Scheme = "gs://";
    private const string VirtualHostSuffix = ".storage.googleapis.com";
    private const string Forms =
        "gs://bucket/object, https://storage.googleapis.com/bucket/object, https://storage.cloud.google.com/bucket/object or https://bucket.storage.googleapis.com/object";

    private const string HexDigits = "0123456789ABCDEF";

    private static readonly string[] PathStyleHosts = ["storage.googleapis.com", "storage.cloud.google.com"];
    private static readonly SearchValues<char> Unreserved =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/");

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Maps a spec URL to "bucket/name", or says why this integration does not read it.</summary>
    /// <param name="url">The URL as the spec gave it.</param>
    /// <param name="onlyBucket">The integration's bucket setting; null reads any bucket.</param>
    public static ObjectResolution Resolve(string url, string? onlyBucket)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Length == 0)
        {
            return ObjectResolution.Refused("An empty URL names no object" + Reads(onlyBucket));
        }

        switch (Parse(url, allowEmptyName: false))
        {
            case { Error: { } error }:
                return ObjectResolution.Refused(error + Reads(onlyBucket));
            case { Bucket: var bucket } when onlyBucket is not null && bucket != onlyBucket:
                return ObjectResolution.Refused($"{url} is in bucket '{bucket}'" + Reads(onlyBucket));
            case var parsed:
                return ObjectResolution.Found(new ObjectLocation(url, KeyOf(parsed.Bucket!, parsed.Name!)));
        }
    }

    /// <summary>
    /// The bucket and name prefix a listing argument names: a URL prefix in any accepted form ("gs://bucket/photos/",
    /// "gs://bucket" for all), or, when the integration has a bucket, a name prefix taken literally ("photos/", "").
    /// </summary>
    public static (string? Bucket, string? Prefix, string? Error) ParseListPrefix(string prefix, string? onlyBucket)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (!LooksLikeUrl(prefix))
        {
            return onlyBucket is not null
                ? (onlyBucket, prefix, null)
                : (null, null, $"'{prefix}' is not a URL prefix; list with gs://bucket/prefix (or give the integration a bucket to list by name prefix)");
        }

        var parsed = Parse(prefix, allowEmptyName: true);
        if (parsed.Error is { } error)
        {
            return (null, null, error + Reads(onlyBucket));
        }

        return onlyBucket is not null && parsed.Bucket != onlyBucket
            ? (null, null, $"{prefix} is in bucket '{parsed.Bucket}'" + Reads(onlyBucket))
            : (parsed.Bucket, parsed.Name, null);
    }

    /// <summary>The canonical spec URL of an object: gs://bucket/ and the percent-encoded name.</summary>
    public static string Canonical(string bucket, string name) => Scheme + bucket + "/" + Encode(name);

    /// <summary>The public https URL of an object, which anonymous integrations hand out instead of signing.</summary>
    public static string Public(string bucket, string name) => "https://storage.googleapis.com/" + bucket + "/" + Encode(name);

    /// <summary>
    /// The JSON API base a client talks to: Google's, or the integration's endpoint with /storage/v1/ appended
    /// unless it is there already (so both http://host:port and http://host:port/storage/v1/ work).
    /// </summary>
    public static Uri JsonApiBase(string? endpoint)
    {
        if (endpoint is null)
        {
            return new Uri("https://storage.googleapis.com/storage/v1/");
        }

        var trimmed = endpoint.TrimEnd('/');
        return new Uri(trimmed.EndsWith("/storage/v1", StringComparison.OrdinalIgnoreCase) ? trimmed + "/" : trimmed + "/storage/v1/");
    }

    public static string KeyOf(string bucket, string name) => bucket + "/" + name;

    /// <summary>Splits a location key ("bucket/name") back; the bucket never contains '/'.</summary>
    public static (string Bucket, string Name)? SplitKey(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < key.Length - 1 && IsBucketName(key[..slash]) ? (key[..slash], key[(slash + 1)..]) : null;
    }

    /// <summary>Percent-encodes the UTF-8 bytes of every character outside [A-Za-z0-9-._~/].</summary>
    public static string Encode(string name)
    {
        if (!name.AsSpan().ContainsAnyExcept(Unreserved))
        {
            return name;
        }

        var builder = new StringBuilder(name.Length + 16);
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            if (b < 0x80 && Unreserved.Contains((char)b))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(HexDigits[b >> 4]).Append(HexDigits[b & 0xF]);
            }
        }

        return builder.ToString();
    }

    /// <summary>Strict percent-decoding: every '%' starts two hex digits and the bytes are valid UTF-8; else null.</summary>
    public static string? Decode(string text)
    {
        if (!text.Contains('%', StringComparison.Ordinal))
        {
            return text;
        }

        var bytes = new List<byte>(text.Length);
        var run = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '%')
            {
                continue;
            }

            bytes.AddRange(Encoding.UTF8.GetBytes(text[run..i]));
            if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
            {
                return null;
            }

            bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
            i += 2;
            run = i + 1;
        }

        bytes.AddRange(Encoding.UTF8.GetBytes(text[run..]));
        try
        {
            return StrictUtf8.GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>GCS bucket naming: 3-222 of [a-z0-9-_.], starting and ending with a letter or digit.</summary>
    public static bool IsBucketName(string bucket) =>
        bucket.Length is >= 3 and <= 222
        && bucket.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.')
        && char.IsAsciiLetterOrDigit(bucket[0]) && char.IsAsciiLetterOrDigit(bucket[^1]);

    private static string Reads(string? onlyBucket) =>
        onlyBucket is null
            ? $"; gcs integrations read {Forms}"
            : $"; this integration reads only bucket '{onlyBucket}' ({Forms.Replace("bucket", onlyBucket, StringComparison.Ordinal)})";

    private static bool LooksLikeUrl(string text) => text.Contains("://", StringComparison.Ordinal);

    /// <summary>Bucket and decoded name of a URL in an accepted form, or an error naming the URL.</summary>
    private static (string? Bucket, string? Name, string? Error) Parse(string url, bool allowEmptyName)
    {
        string bucket;
        string rawName;
        if (url.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            var rest = url[Scheme.Length..];
            if (rest.IndexOfAny(['?', '#']) >= 0)
            {
                return (null, null, $"{url} has a raw '?' or '#'; in gs:// URLs write them as %3F and %23");
            }

            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            (bucket, rawName) = slash < 0 ? (rest, "") : (rest[..slash], rest[(slash + 1)..]);
        }
        else if (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var rest = url["https://".Length..];
            var end = rest.IndexOfAny(['?', '#']);
            if (end >= 0)
            {
                rest = rest[..end];
            }

            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var host = (slash < 0 ? rest : rest[..slash]).ToLowerInvariant();
            if (host.EndsWith(":443", StringComparison.Ordinal))
            {
                host = host[..^4];
            }

            var path = slash < 0 ? "" : rest[(slash + 1)..];
            if (PathStyleHosts.Contains(host))
            {
                var cut = path.IndexOf('/', StringComparison.Ordinal);
                (bucket, rawName) = cut < 0 ? (path, "") : (path[..cut], path[(cut + 1)..]);
            }
            else if (host.EndsWith(VirtualHostSuffix, StringComparison.Ordinal) && host.Length > VirtualHostSuffix.Length)
            {
                (bucket, rawName) = (host[..^VirtualHostSuffix.Length], path);
            }
            else
            {
                return (null, null, $"{url} is not a Google Cloud Storage URL");
            }
        }
        else
        {
            return (null, null, $"{url} is not a Google Cloud Storage URL");
        }

        if (!IsBucketName(bucket))
        {
            return (null, null, $"{url} does not name a valid bucket ('{bucket}': bucket names are 3-222 lower-case letters, digits, '-', '_' and '.')");
        }

        if (Decode(rawName) is not { } name)
        {
            return (null, null, $"{url} has a malformed percent-escape or escapes bytes that are not UTF-8 (a literal '%' is written %25)");
        }

        if (name.Length == 0 && !allowEmptyName)
        {
            return (null, null, $"{url} names a bucket, not an object");
        }

        if (name is "." or ".." || name.Contains('\r', StringComparison.Ordinal) || name.Contains('\n', StringComparison.Ordinal)
            || Encoding.UTF8.GetByteCount(name) > 1024)
        {
            return (null, null, $"{url} does not name a valid object (names are at most 1024 bytes, without line breaks, and not '.' or '..')");
        }

        return (bucket, name, null);
    }
}
