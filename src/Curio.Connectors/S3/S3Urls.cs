using System.Text;

namespace Curio.Connectors.S3;

/// <summary>
/// The spec URL forms s3 and s3-compatible integrations accept, parsed without I/O into (bucket, key).
/// </summary>
/// <remarks>
/// <para>Both providers:</para>
/// <list type="bullet">
/// <item><c>s3://bucket/key</c>.</item>
/// <item>With an endpoint: path-style <c>scheme://endpoint-host[:port][/endpoint-path]/bucket/key</c>, where scheme, host
/// and port equal the endpoint's (a VPC endpoint, moto in tests, an s3-compatible store); and virtual-hosted
/// <c>scheme://bucket.endpoint-host[:port][/endpoint-path]/key</c> when the endpoint's host is a DNS name, which covers Open
/// Telekom Cloud's <c>https://bucket.obs.eu-de.otc.t-systems.com/key</c> for the endpoint <c>https://obs.eu-de.otc.t-systems.com</c>.</item>
/// </list>
/// <para>s3 only, http or https, port ignored (hosts under amazonaws.com, or amazonaws.com.cn):</para>
/// <list type="bullet">
/// <item>virtual-hosted <c>bucket.s3.amazonaws.com</c>, <c>bucket.s3.region</c>, <c>bucket.s3-region</c>,
/// <c>bucket.s3.dualstack.region</c>, <c>bucket.s3-fips.region</c>, <c>bucket.s3-fips.dualstack.region</c>, then <c>/key</c>.
/// A bucket may contain dots (even ".s3."): the service part is the suffix of the host that is exactly one of these forms.</item>
/// <item>path-style on the same service hosts without a bucket label: <c>https://s3.region.amazonaws.com/bucket/key</c>.</item>
/// </list>
/// <para>
/// Keys are percent-decoded in every form (%2F is a slash inside the key, a space is %20, a literal '%' is %25); a
/// malformed escape or bytes that are not UTF-8 are refused rather than guessed at. Buckets are taken as written (the
/// host is lower case in virtual-hosted forms). URLs with whitespace, a query string or a fragment are refused: a query
/// would name something other than the plain object (a version, response overrides, or a pre-signed URL's signature, which
/// this integration's own credentials make unnecessary), so '?' and '#' in keys are written %3F and %23.
/// A URL naming only a bucket, or a key ending in '/' (a folder marker), names no object.
/// </para>
/// <para>
/// Locations' keys are "bucket/key" (bucket names have no '/'); listings give <c>s3://bucket/key</c> with every byte
/// outside [A-Za-z0-9-._~/] percent-encoded (<see cref="CanonicalUrl"/>), which both providers accept.
/// </para>
/// </remarks>
internal static class S3Urls
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static ObjectResolution Resolve(S3Addressing addressing, string url)
    {
        ArgumentNullException.ThrowIfNull(addressing);
        ArgumentNullException.ThrowIfNull(url);
        var parsed = Parse(addressing, url);
        if (parsed.Error is { } error)
        {
            return ObjectResolution.Refused(error);
        }

        if (parsed.Key.Length == 0)
        {
            return ObjectResolution.Refused(
                $"{url} names the bucket '{parsed.Bucket}' but no object in it; give the object's key after the bucket, e.g. s3://{parsed.Bucket}/path/to/object");
        }

        if (parsed.Key.EndsWith('/'))
        {
            return ObjectResolution.Refused($"{url} ends in '/', which names a folder, not an object; give the URL of an object in it");
        }

        return ObjectResolution.Found(new ObjectLocation(url, LocationKey(parsed.Bucket, parsed.Key)));
    }

    /// <summary>
    /// The bucket and key prefix a listing of <paramref name="prefix"/> covers: a URL in any form <see cref="Resolve"/>
    /// accepts (its key may be empty or end in '/'), or, when the integration has a bucket, a bare key prefix taken literally.
    /// </summary>
    public static (string Bucket, string KeyPrefix) ParsePrefix(S3Addressing addressing, string prefix)
    {
        ArgumentNullException.ThrowIfNull(addressing);
        ArgumentNullException.ThrowIfNull(prefix);
        if (!prefix.Contains("://", StringComparison.Ordinal))
        {
            return addressing.Bucket is { } bucket
                ? (bucket, prefix)
                : throw new ObjectSourceException(
                    ObjectErrorKind.Refused,
                    $"'{prefix}' is not a URL; give the listing prefix as a URL such as s3://bucket/photos/ (a bare key prefix needs an integration with --bucket)");
        }

        var parsed = Parse(addressing, prefix);
        return parsed.Error is { } error
            ? throw new ObjectSourceException(ObjectErrorKind.Refused, error)
            : (parsed.Bucket, parsed.Key);
    }

    /// <summary>"bucket/key", the <see cref="ObjectLocation.Key"/> of an object.</summary>
    public static string LocationKey(string bucket, string key) => bucket + "/" + key;

    /// <summary>The (bucket, key) of a location <see cref="Resolve"/> made.</summary>
    public static (string Bucket, string Key) Split(ObjectLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        var slash = location.Key.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < location.Key.Length - 1
            ? (location.Key[..slash], location.Key[(slash + 1)..])
            : throw new ObjectSourceException(ObjectErrorKind.Refused, $"{location.Url} does not name an object in a bucket (location key '{location.Key}')");
    }

    /// <summary>The URL listings give for an object: <c>s3://bucket/</c> and the key with every character outside [A-Za-z0-9-._~/] percent-encoded.</summary>
    public static string CanonicalUrl(string bucket, string key) => $"s3://{bucket}/{EncodeKey(key)}";

    /// <summary>
    /// The plain, unsigned URL of an object, for anonymous integrations: path-style on the endpoint (or virtual-hosted when
    /// the integration is not path-style and the endpoint is a DNS name); without an endpoint, the regional AWS URL,
    /// path-style for dotted buckets (a dotted host does not match S3's TLS certificate).
    /// </summary>
    public static Uri PublicUrl(S3Addressing addressing, string bucket, string key)
    {
        ArgumentNullException.ThrowIfNull(addressing);
        var encoded = EncodeKey(key);
        if (addressing.Endpoint is { } endpoint)
        {
            return new Uri(addressing.PathStyle || !endpoint.IsDnsName
                ? $"{endpoint.BaseUrl}/{bucket}/{encoded}"
                : $"{endpoint.Scheme}://{bucket}.{endpoint.Authority}{endpoint.PathPrefix}/{encoded}");
        }

        var domain = addressing.Region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new Uri(addressing.PathStyle || bucket.Contains('.', StringComparison.Ordinal)
            ? $"https://s3.{addressing.Region}.{domain}/{bucket}/{encoded}"
            : $"https://{bucket}.s3.{addressing.Region}.{domain}/{encoded}");
    }

    /// <summary>Every path segment percent-encoded except unreserved characters; slashes stay.</summary>
    public static string EncodeKey(string key) => string.Join('/', key.Split('/').Select(Uri.EscapeDataString));

    /// <summary>The accepted forms, spelled with the integration's bucket and endpoint, for refusal messages.</summary>
    public static string Forms(S3Addressing addressing)
    {
        ArgumentNullException.ThrowIfNull(addressing);
        var bucket = addressing.Bucket ?? "bucket";
        var forms = new List<string> { $"s3://{bucket}/key" };
        if (!addressing.IsCompatible)
        {
            forms.Add($"https://{bucket}.s3.region.amazonaws.com/key");
            forms.Add($"https://s3.region.amazonaws.com/{bucket}/key");
        }

        if (addressing.Endpoint is { } endpoint)
        {
            forms.Add($"{endpoint.BaseUrl}/{bucket}/key");
            if (endpoint.IsDnsName)
            {
                forms.Add($"{endpoint.Scheme}://{bucket}.{endpoint.Authority}{endpoint.PathPrefix}/key");
            }
        }

        var list = string.Join(", ", forms.SkipLast(1)) + " or " + forms[^1];
        return addressing.Bucket is null ? list : $"{list} (only the bucket '{addressing.Bucket}')";
    }

    private static Parsed Parse(S3Addressing addressing, string url)
    {
        if (url.Length == 0)
        {
            return Parsed.Fail("An empty URL names no object.");
        }

        var separator = url.IndexOf("://", StringComparison.Ordinal);
        var scheme = separator > 0 ? url[..separator].ToLowerInvariant() : "";
        if (scheme is not ("s3" or "http" or "https"))
        {
            return NotOurs(addressing, url);
        }

        if (url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return Parsed.Fail($"{url} contains whitespace or control characters, which URLs may not; write a space in a key as %20");
        }

        var rest = url[(separator + 3)..];
        if (rest.IndexOfAny(['?', '#']) >= 0)
        {
            var signed = url.Contains("X-Amz-Signature=", StringComparison.OrdinalIgnoreCase) || url.Contains("Signature=", StringComparison.Ordinal);
            return Parsed.Fail(
                $"{url} has a query string or fragment; give the plain object URL, with '?' and '#' in keys written %3F and %23"
                + (signed ? " (this integration signs its own requests; read pre-signed URLs with a direct integration)" : ""));
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? "" : rest[slash..];
        if (scheme == "s3")
        {
            return Checked(addressing, url, authority, path.Length > 0 ? path[1..] : "");
        }

        if (authority.Length == 0 || authority.Contains('@', StringComparison.Ordinal)
            || !Uri.TryCreate($"{scheme}://{authority}/", UriKind.Absolute, out var origin))
        {
            return NotOurs(addressing, url);
        }

        if (addressing.Endpoint is { } endpoint && scheme == endpoint.Scheme && origin.Port == endpoint.Port
            && AfterPrefix(path, endpoint.PathPrefix) is { } afterPrefix)
        {
            if (origin.Host == endpoint.Host)
            {
                return PathStyle(addressing, url, afterPrefix);
            }

            if (endpoint.IsDnsName && origin.Host.Length > endpoint.Host.Length + 1
                && origin.Host.EndsWith("." + endpoint.Host, StringComparison.Ordinal))
            {
                return Checked(addressing, url, origin.Host[..^(endpoint.Host.Length + 1)], afterPrefix);
            }
        }

        if (!addressing.IsCompatible && AwsBucketLabel(origin.Host) is { } bucketLabel)
        {
            return bucketLabel.Length == 0
                ? PathStyle(addressing, url, path.Length > 0 ? path[1..] : "")
                : Checked(addressing, url, bucketLabel, path.Length > 0 ? path[1..] : "");
        }

        return NotOurs(addressing, url);
    }

    /// <summary>The path after "prefix/", or "" for exactly the prefix; null when the path is elsewhere.</summary>
    private static string? AfterPrefix(string path, string prefix)
    {
        if (path == prefix)
        {
            return "";
        }

        return path.StartsWith(prefix + "/", StringComparison.Ordinal) ? path[(prefix.Length + 1)..] : null;
    }

    /// <summary>"bucket/key..." (the path after the service's own prefix).</summary>
    private static Parsed PathStyle(S3Addressing addressing, string url, string bucketAndKey)
    {
        var slash = bucketAndKey.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? Checked(addressing, url, bucketAndKey, "")
            : Checked(addressing, url, bucketAndKey[..slash], bucketAndKey[(slash + 1)..]);
    }

    private static Parsed Checked(S3Addressing addressing, string url, string bucket, string rawKey)
    {
        if (bucket.Length == 0)
        {
            return Parsed.Fail($"{url} names no bucket; this integration reads {Forms(addressing)}");
        }

        if (!bucket.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            return Parsed.Fail($"{url} names the bucket '{bucket}', which is not a bucket name (letters, digits, '.', '-' and '_')");
        }

        if (addressing.Bucket is { } only && !string.Equals(bucket, only, StringComparison.Ordinal))
        {
            return Parsed.Fail($"{url} is in the bucket '{bucket}'; this integration reads only the bucket '{only}'");
        }

        return Decode(rawKey) is { } key
            ? new Parsed(bucket, key, null)
            : Parsed.Fail($"{url} has an invalid percent-escape or escaped bytes that are not UTF-8; write a literal '%' in a key as %25");
    }

    /// <summary>
    /// For a host under amazonaws.com(.cn): "" when it is an S3 service host itself (path-style), the bucket when it is
    /// bucket.service-host (virtual-hosted), null otherwise. The leftmost split whose right side is a service host wins, so a
    /// bucket may contain dots and even ".s3.".
    /// </summary>
    private static string? AwsBucketLabel(string host)
    {
        string? inside = null;
        foreach (var domain in (ReadOnlySpan<string>)[".amazonaws.com", ".amazonaws.com.cn"])
        {
            if (host.EndsWith(domain, StringComparison.Ordinal))
            {
                inside = host[..^domain.Length];
            }
        }

        if (inside is null)
        {
            return null;
        }

        for (var start = 0; ;)
        {
            if (IsServiceHost(inside[start..]))
            {
                return start == 0 ? "" : inside[..(start - 1)];
            }

            var dot = inside.IndexOf('.', start);
            if (dot < 0)
            {
                return null;
            }

            start = dot + 1;
        }
    }

    /// <summary>s3, s3.region, s3-region, s3.dualstack.region, s3-fips.region, s3-fips.dualstack.region (without the domain).</summary>
    private static bool IsServiceHost(string name)
    {
        var labels = name.Split('.');
        return labels switch
        {
            ["s3"] => true,
            ["s3", var region] => IsRegion(region),
            [var dashed] => dashed.StartsWith("s3-", StringComparison.Ordinal) && IsRegion(dashed[3..]),
            ["s3" or "s3-fips", "dualstack", var region] => IsRegion(region),
            ["s3-fips", var region] => IsRegion(region),
            _ => false,
        };
    }

    /// <summary>us-east-1, eu-central-2, us-gov-west-1, external-1; not website-* (static-website hosts serve no API).</summary>
    private static bool IsRegion(string label) =>
        label.Length is >= 4 and <= 32 && label.Contains('-', StringComparison.Ordinal) && char.IsAsciiDigit(label[^1])
        && char.IsAsciiLetterLower(label[0]) && label.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && !label.StartsWith("website", StringComparison.Ordinal);

    /// <summary>Strict percent-decoding: null for a '%' without two hex digits or escaped bytes that are not UTF-8.</summary>
    private static string? Decode(string raw)
    {
        if (!raw.Contains('%', StringComparison.Ordinal))
        {
            return raw;
        }

        var bytes = new List<byte>(raw.Length);
        var literal = new StringBuilder();
        try
        {
            for (var i = 0; i < raw.Length; i++)
            {
                if (raw[i] != '%')
                {
                    literal.Append(raw[i]);
                    continue;
                }

                if (i + 2 >= raw.Length || !char.IsAsciiHexDigit(raw[i + 1]) || !char.IsAsciiHexDigit(raw[i + 2]))
                {
                    return null;
                }

                Flush();
                bytes.Add(Convert.ToByte(raw.Substring(i + 1, 2), 16));
                i += 2;
            }

            Flush();
            return StrictUtf8.GetString(bytes.ToArray());
        }
        catch (ArgumentException)
        {
            // DecoderFallbackException (escaped bytes that are not UTF-8) or EncoderFallbackException (a lone surrogate).
            return null;
        }

        void Flush()
        {
            if (literal.Length > 0)
            {
                bytes.AddRange(StrictUtf8.GetBytes(literal.ToString()));
                literal.Clear();
            }
        }
    }

    private static Parsed NotOurs(S3Addressing addressing, string url) =>
        Parsed.Fail($"{url} is not a URL of an {addressing.Provider} object this integration reads; it reads {Forms(addressing)}");

    private readonly record struct Parsed(string Bucket, string Key, string? Error)
    {
        public static Parsed Fail(string error) => new("", "", error);
    }
}
