using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace Curio.Connectors.Local;

/// <summary>Files under one folder. Nothing outside the folder is read, whatever the URL or the symlinks say.</summary>
internal sealed class LocalObjectSource : IObjectSource
{
    private readonly LocalRoot _root;
    private readonly ILogger _logger;

    public LocalObjectSource(LocalRoot root, ILogger logger)
    {
        _root = root;
        _logger = logger;
    }

    public string Provider => IntegrationSettings.Local;

    public ObjectResolution Resolve(string url) => LocalUrls.Resolve(_root, url);

    public async ValueTask<ObjectHead> ReadHeadAsync(ObjectLocation location, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        using var file = ConfinedFile.Open(_root, location);
        var buffer = new byte[(int)Math.Min(file.Length, maxBytes)];
        var read = await ReadAsync(file.Handle, location, 0, buffer, cancellationToken);
        return new ObjectHead(buffer.AsMemory(0, read), file.Length, ContentType: null);
    }

    public async ValueTask<int> ReadRangeAsync(ObjectLocation location, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        using var file = ConfinedFile.Open(_root, location);
        return await ReadAsync(file.Handle, location, offset, destination, cancellationToken);
    }

    public ValueTask<ObjectStat> StatAsync(ObjectLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        cancellationToken.ThrowIfCancellationRequested();

        // Opened rather than stat'ed by path, so a symlink out of the root cannot even leak a size.
        using var file = ConfinedFile.Open(_root, location);
        var modified = new DateTimeOffset(File.GetLastWriteTimeUtc(file.Handle), TimeSpan.Zero);
        return ValueTask.FromResult(new ObjectStat(file.Length, ContentType: null, modified));
    }

    /// <summary>
    /// Files under the folder <paramref name="prefix"/> (relative to the root; "" for all), recursively.
    /// Each entry's Url is its root-relative path, which <see cref="Resolve"/> accepts.
    /// </summary>
    public IAsyncEnumerable<ObjectEntry> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return LocalLister.ListAsync(_root, prefix, _logger, cancellationToken);
    }

    /// <summary>Local files have no URL a browser could use; the server streams them.</summary>
    public ValueTask<Uri?> GetSignedUrlAsync(ObjectLocation location, TimeSpan ttl, CancellationToken cancellationToken) =>
        ValueTask.FromResult<Uri?>(null);

    /// <summary>The object opened and checked, for <see cref="LocalObjectFile"/>.</summary>
    internal OpenedFile Open(ObjectLocation location) => ConfinedFile.Open(_root, location);

    internal string PathOf(ObjectLocation location) => Path.Join(_root.FullPath, location.Key);

    private async ValueTask<int> ReadAsync(
        SafeFileHandle handle, ObjectLocation location, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        var total = 0;
        try
        {
            while (total < destination.Length)
            {
                var read = await RandomAccess.ReadAsync(handle, destination[total..], offset + total, cancellationToken);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }
        }
        catch (IOException ex)
        {
            throw ConfinedFile.Failed(location, Path.Join(_root.FullPath, location.Key), ex);
        }

        return total;
    }
}
