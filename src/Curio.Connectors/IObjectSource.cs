namespace Curio.Connectors;

/// <summary>
/// Read access to the objects of one integration (a local folder, direct URLs, later a bucket). Implementations
/// are thread-safe; one instance serves a whole import. Failures are <see cref="ObjectSourceException"/>s whose
/// messages a user can act on; nothing else escapes except cancellation.
/// </summary>
public interface IObjectSource
{
    /// <summary>"local", "direct", ...</summary>
    string Provider { get; }

    /// <summary>Maps a spec URL to a location in this source, or says why it does not belong here. No I/O.</summary>
    ObjectResolution Resolve(string url);

    /// <summary>The first bytes of an object (up to <paramref name="maxBytes"/>) and its total size, in one round trip where the provider allows.</summary>
    ValueTask<ObjectHead> ReadHeadAsync(ObjectLocation location, int maxBytes, CancellationToken cancellationToken);

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>; returns fewer bytes only at the end of the object.</summary>
    ValueTask<int> ReadRangeAsync(ObjectLocation location, long offset, Memory<byte> destination, CancellationToken cancellationToken);

    /// <summary>Size and content type without reading the content.</summary>
    ValueTask<ObjectStat> StatAsync(ObjectLocation location, CancellationToken cancellationToken);

    /// <summary>Objects under a prefix, streamed in pages; never the whole listing in memory.</summary>
    IAsyncEnumerable<ObjectEntry> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>A URL a browser can fetch for <paramref name="ttl"/>, or null when the provider cannot sign (the server then streams the object itself).</summary>
    ValueTask<Uri?> GetSignedUrlAsync(ObjectLocation location, TimeSpan ttl, CancellationToken cancellationToken);
}

/// <summary>Where an object lives inside a source: the URL as the spec gave it and the provider's key (a path, an object key).</summary>
public sealed record ObjectLocation(string Url, string Key);

/// <summary>The outcome of <see cref="IObjectSource.Resolve"/>: a location, or an error message that names the URL and the integration.</summary>
public readonly record struct ObjectResolution(ObjectLocation? Location, string? Error)
{
    public static ObjectResolution Found(ObjectLocation location) => new(location, null);

    public static ObjectResolution Refused(string error) => new(null, error);
}

/// <summary>The first bytes of an object. <c>Size</c> is the whole object's size, or -1 when the provider cannot tell
/// (an HTTP origin that ignored the range and sent no Content-Length). <c>ContentType</c> is null where unknown (local files).</summary>
public sealed record ObjectHead(ReadOnlyMemory<byte> Bytes, long Size, string? ContentType);

/// <summary>An object's metadata; <c>Size</c> is -1 when the provider cannot tell.</summary>
public sealed record ObjectStat(long Size, string? ContentType, DateTimeOffset? LastModified);

/// <summary>A listed object; <c>Url</c> is a spec URL that <see cref="IObjectSource.Resolve"/> of the same source accepts.</summary>
public sealed record ObjectEntry(string Url, string Key, long Size, DateTimeOffset? LastModified);
