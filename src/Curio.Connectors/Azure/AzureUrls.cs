using System.Buffers;
using System.Net;

namespace Curio.Connectors.Azure;

/// <summary>
/// The spec URL forms an azure integration accepts, and the URLs its listings give back. Pure: no I/O.
/// </summary>
/// <remarks>
/// <para>Accepted forms (the blob name may contain '/'):</para>
/// <list type="bullet">
/// <item><c>az://{container}/{blob}</c>.</item>
/// <item><c>{endpoint}/{container}/{blob}</c>: any http(s) URL under the integration's own blob endpoint (same host and
/// port; the scheme may differ), e.g. https://account.blob.core.windows.net/photos/a.jpg, a custom domain, or azurite's
/// path-style http://127.0.0.1:10000/devstoreaccount1/photos/a.jpg.</item>
/// <item><c>https://{account}.blob.core.windows.net/{container}/{blob}</c> (or http) when the account is the
/// integration's, even if the integration reaches it through another endpoint (a custom domain).</item>
/// </list>
/// <para>Container and blob name are percent-decoded (a blob name with a space is written %20, a literal '%' is %25,
/// '?' is %3F and '#' is %23); '+' stays a plus. A query string is ignored, so a pasted SAS URL names its blob (the
/// integration reads it with its own credentials, never the pasted signature); a fragment ('#') is refused rather than
/// silently dropped. A URL of another storage account, another provider, a container the integration's Bucket setting
/// excludes, or without a container or blob name is refused with a message that names the URL and what this
/// integration reads; so are blob names ending in '/' or with '.' or '..' segments (see <see cref="BlobNameProblem"/>). The implicit $root container (a blob directly under the endpoint) is not supported: write
/// <c>$root/{blob}</c>.</para>
/// <para>A location's key is <c>{container}/{blob}</c>; container names never contain '/'.</para>
/// </remarks>
internal static class AzureUrls
{
    public const string Scheme = "az://";

    /// <summary>What a container name may be, for messages.</summary>
    public const string ContainerRule = "3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit";

    private const string PublicCloudHostSuffix = ".blob.core.windows.net";

    private static readonly SearchValues<char> SchemeChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");

    public static ObjectResolution Resolve(AzureAccount account, string url)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(url);
        if (Parse(account, url, out var container, out var blob) is { } error)
        {
            return ObjectResolution.Refused(error);
        }

        if (blob.Length == 0)
        {
            return ObjectResolution.Refused($"{url} names the container '{container}' but no blob in it; expected {Forms(account)}");
        }

        return BlobNameProblem(blob) is { } problem
            ? ObjectResolution.Refused($"{url} names the blob '{blob}', which {problem}")
            : ObjectResolution.Found(new ObjectLocation(url, KeyOf(container, blob)));
    }

    /// <summary>
    /// Why a blob of this name cannot be read as named; null when it can. HTTP clients (the SDK's included) collapse
    /// '.' and '..' segments, which would read another blob or even another container, and drop a trailing '/'.
    /// </summary>
    public static string? BlobNameProblem(string blob)
    {
        if (blob.EndsWith('/'))
        {
            return "ends in '/': a folder marker, not a blob";
        }

        foreach (var segment in blob.Split('/'))
        {
            if (segment is "." or "..")
            {
                return "has a '.' or '..' segment; HTTP clients collapse those, so it cannot be read as named";
            }
        }

        return null;
    }

    /// <summary>
    /// The container and blob-name prefix a listing argument names: a URL in any form <see cref="Resolve"/> accepts
    /// (the blob part may be empty or end in '/'), or, when the integration is limited to one container, also a bare
    /// blob-name prefix taken literally ("photos/", or "" for the whole container). Null with an error otherwise.
    /// </summary>
    public static (string Container, string Prefix)? ParsePrefix(AzureAccount account, string prefix, out string? error)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(prefix);
        if (HasScheme(prefix))
        {
            error = Parse(account, prefix, out var container, out var blobPrefix);
            return error is null ? (container, blobPrefix) : null;
        }

        if (account.Container is { } only)
        {
            error = null;
            return (only, prefix);
        }

        error = $"'{prefix}' is not a URL, and this integration may read any container; name the container to list, e.g. {Scheme}<container>/{prefix}";
        return null;
    }

    /// <summary>
    /// The URL a listed blob is given back as: <c>{endpoint}/{container}/{blob}</c> with every character of the blob
    /// name outside [A-Za-z0-9-._~/] percent-encoded (UTF-8), so it is a valid spec URL that <see cref="Resolve"/> maps
    /// back to the same blob.
    /// </summary>
    public static string CanonicalUrl(AzureAccount account, string container, string blob)
    {
        ArgumentNullException.ThrowIfNull(account);
        return $"{account.Endpoint}/{container}/{EncodePath(blob)}";
    }

    public static string KeyOf(string container, string blob) => $"{container}/{blob}";

    /// <summary>The (container, blob) of a location key; null when it is not one.</summary>
    public static (string Container, string Blob)? SplitKey(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < key.Length - 1 ? (key[..slash], key[(slash + 1)..]) : null;
    }

    /// <summary>The account of an <c>{account}.blob.{suffix}</c> host (also <c>{account}.zNN.blob.storage.azure.net</c>); null for others.</summary>
    public static string? AccountOfHost(string host)
    {
        if (IPAddress.TryParse(host, out _))
        {
            return null;
        }

        var labels = host.Split('.');
        return labels.Length >= 3 && labels[0].Length > 0
            && (labels[1].Equals("blob", StringComparison.OrdinalIgnoreCase)
                || (labels.Length >= 4 && labels[2].Equals("blob", StringComparison.OrdinalIgnoreCase)))
            ? labels[0].ToLowerInvariant()
            : null;
    }

    /// <summary>The account an endpoint names: its host's first label for blob hosts, else its first path segment (path-style).</summary>
    public static string? AccountOfEndpoint(string endpoint)
    {
        var uri = new Uri(endpoint);
        if (AccountOfHost(uri.Host) is { } account)
        {
            return account;
        }

        var segment = uri.AbsolutePath.Trim('/').Split('/')[0];
        return segment.Length > 0 ? Uri.UnescapeDataString(segment) : null;
    }

    /// <summary>Why <paramref name="name"/> is not a container name; null when it is.</summary>
    public static string? ContainerNameProblem(string name) =>
        IsContainerName(name) ? null : $"name '{name}' is not valid: {ContainerRule} ($root, $web and $logs also exist)";

    public static bool IsContainerName(string name)
    {
        if (name is "$root" or "$web" or "$logs")
        {
            return true;
        }

        if (name.Length is < 3 or > 63 || name[0] == '-' || name[^1] == '-' || name.Contains("--", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    private static string EncodePath(string blob) => string.Join('/', blob.Split('/').Select(Uri.EscapeDataString));

    /// <summary>Parses any accepted form into a decoded container (checked) and blob name (possibly empty); returns the refusal otherwise.</summary>
    private static string? Parse(AzureAccount account, string url, out string container, out string blob)
    {
        container = "";
        blob = "";
        if (url.Length == 0)
        {
            return "An empty URL names no blob.";
        }

        if (url.Contains('#', StringComparison.Ordinal))
        {
            return $"{url} has a fragment ('#'); a '#' in a blob name is written %23";
        }

        // A query (a pasted SAS URL's signature, say) does not name anything; reads use the integration's credentials.
        var query = url.IndexOf('?', StringComparison.Ordinal);
        var target = query < 0 ? url : url[..query];
        string rest;
        if (target.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            rest = target[Scheme.Length..];
        }
        else if (HttpParts(target) is { } parts)
        {
            if (!UnderEndpoint(account, parts.Origin, parts.Path, out rest, out var otherAccount))
            {
                return otherAccount is null ? NotOurs(url, account) : AnotherAccount(url, otherAccount, account);
            }
        }
        else
        {
            return NotOurs(url, account);
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        container = Uri.UnescapeDataString(slash < 0 ? rest : rest[..slash]);
        blob = slash < 0 ? "" : Uri.UnescapeDataString(rest[(slash + 1)..]);
        if (container.Length == 0)
        {
            return $"{url} names no container; expected {Forms(account)}";
        }

        if (!IsContainerName(container))
        {
            return $"{url} names the container '{container}', which is not a container name ({ContainerRule})";
        }

        if (account.Container is { } only && !string.Equals(container, only, StringComparison.Ordinal))
        {
            return $"{url} is in the container '{container}', but this integration reads only the container '{only}' of {account.Describe()}";
        }

        return null;
    }

    /// <summary>
    /// Whether an http(s) URL lies under the endpoint; <paramref name="rest"/> is then the path after it. Not under it:
    /// <paramref name="otherAccount"/> names the account the URL belongs to when its host or path tells, and that
    /// account is not the integration's.
    /// </summary>
    private static bool UnderEndpoint(AzureAccount account, Uri origin, string path, out string rest, out string? otherAccount)
    {
        rest = "";
        otherAccount = null;
        var endpoint = account.EndpointUri;
        var sameOrigin = string.Equals(origin.Host, endpoint.Host, StringComparison.OrdinalIgnoreCase) && origin.Port == endpoint.Port;
        if (sameOrigin)
        {
            var endpointPath = account.EndpointPath;
            if (endpointPath.Length == 0)
            {
                rest = path.TrimStart('/');
                return true;
            }

            // Path-style (azurite, IP endpoints): the first segment is the account; matched like account names, without case.
            if (path.StartsWith(endpointPath, StringComparison.OrdinalIgnoreCase)
                && (path.Length == endpointPath.Length || path[endpointPath.Length] == '/'))
            {
                rest = path[endpointPath.Length..].TrimStart('/');
                return true;
            }

            var segment = path.TrimStart('/').Split('/')[0];
            otherAccount = segment.Length > 0 ? Uri.UnescapeDataString(segment) : null;
            return false;
        }

        if (AccountOfHost(origin.Host) is not { } hostAccount)
        {
            return false;
        }

        if (account.Name is null || !string.Equals(hostAccount, account.Name, StringComparison.OrdinalIgnoreCase))
        {
            otherAccount = hostAccount;
            return false;
        }

        // The integration's own account in the public cloud, reached through another endpoint (a custom domain).
        if (origin.Host.EndsWith(PublicCloudHostSuffix, StringComparison.OrdinalIgnoreCase))
        {
            rest = path.TrimStart('/');
            return true;
        }

        return false;
    }

    /// <summary>The origin (scheme, host, port) and raw path of an http(s) URL, split by hand so that nothing is unescaped or normalized.</summary>
    private static (Uri Origin, string Path)? HttpParts(string url)
    {
        var separator = url.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0)
        {
            return null;
        }

        var scheme = url[..separator];
        if (!scheme.Equals(Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase) && !scheme.Equals(Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var afterScheme = url[(separator + 3)..];
        var slash = afterScheme.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? afterScheme : afterScheme[..slash];
        var path = slash < 0 ? "" : afterScheme[slash..];
        return Uri.TryCreate($"{scheme.ToLowerInvariant()}://{authority}/", UriKind.Absolute, out var origin)
            && origin.UserInfo.Length == 0 && !string.IsNullOrEmpty(origin.Host)
            ? (origin, path)
            : null;
    }

    private static bool HasScheme(string value)
    {
        var separator = value.IndexOf("://", StringComparison.Ordinal);
        return separator > 0 && char.IsAsciiLetter(value[0]) && value.AsSpan(0, separator).IndexOfAnyExcept(SchemeChars) < 0;
    }

    private static string NotOurs(string url, AzureAccount account) =>
        $"{url} is not a blob URL of this azure integration; it reads {Forms(account)}";

    private static string AnotherAccount(string url, string urlAccount, AzureAccount account) =>
        $"{url} is in storage account '{urlAccount}', but this integration reads {account.Describe()}; expected {Forms(account)}";

    /// <summary>The accepted forms for this integration, for messages.</summary>
    private static string Forms(AzureAccount account)
    {
        var container = account.Container ?? "<container>";
        var forms = $"{Scheme}{container}/<blob> or {account.Endpoint}/{container}/<blob>";
        if (account.Name is { } name && !account.EndpointUri.Host.EndsWith(PublicCloudHostSuffix, StringComparison.OrdinalIgnoreCase))
        {
            forms += $" or https://{name}.blob.core.windows.net/{container}/<blob>";
        }

        return account.Container is null ? forms : $"{forms} (only the container '{account.Container}')";
    }
}
