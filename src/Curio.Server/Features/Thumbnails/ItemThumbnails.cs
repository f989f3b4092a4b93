using System.Collections.Concurrent;
using System.Globalization;
using Curio.Connectors;
using Curio.Contracts;
using Curio.Core.Items;
using Curio.Media.Thumbnails;
using Curio.Server.Features.Integrations;
using Curio.Server.Features.Items;
using Curio.Server.Hosting;
using Curio.Server.Jobs;
using Curio.Storage;
using Curio.Storage.Items;
using Microsoft.Extensions.Options;
using ItemType = Curio.Core.Items.ItemType;

namespace Curio.Server.Features.Thumbnails;

/// <summary>
/// Thumbnails in the data directory, made on first request: one render per item however many ask at once, at most
/// <see cref="ThumbnailOptions.Concurrency"/> renders at a time, and a failure answered from memory for a while so a
/// broken file is not downloaded and decoded again on every request. See docs/thumbnails.md.
/// </summary>
internal sealed class ItemThumbnails : IDisposable
{
    // Failures kept at most; beyond it the expired go, and if that is not enough, all (they are only a cache).
    private const int MaxRememberedFailures = 10_000;
    private const int DownloadChunk = 1024 * 1024;

    private readonly IStorage _storage;
    private readonly ObjectSources _sources;
    private readonly TimeProvider _time;
    private readonly ILogger<ItemThumbnails> _logger;
    private readonly ThumbnailOptions _options;
    private readonly ThumbnailRenderer _renderer;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationToken _stopping;
    private readonly ConcurrentDictionary<Guid, Lazy<Task>> _running = new();
    private readonly ConcurrentDictionary<Guid, (DateTimeOffset Until, ProblemException Problem)> _failures = new();

    public ItemThumbnails(
        IStorage storage, ObjectSources sources, DataDirectory data, IOptions<CurioOptions> options, TimeProvider time,
        IHostApplicationLifetime lifetime, ILogger<ItemThumbnails> logger)
    {
        _storage = storage;
        _sources = sources;
        _time = time;
        _logger = logger;
        _options = options.Value.Thumbnails;
        _renderer = new ThumbnailRenderer(_options.ToRenderOptions());
        _slots = new SemaphoreSlim(_options.Concurrency);
        _stopping = lifetime.ApplicationStopping;
        Folder = Path.Combine(data.Path, "thumbnails");

        // Downloads a crash left behind; nothing renders yet, since this runs before the first request is served.
        if (Directory.Exists(Temporary))
        {
            Directory.Delete(Temporary, recursive: true);
        }
    }

    /// <summary><c>&lt;data&gt;/thumbnails</c>: one folder per first two hex digits of the item's UUID.</summary>
    public string Folder { get; }

    private string Temporary => Path.Combine(Folder, "tmp");

    public string PathOf(Guid item)
    {
        var name = item.ToString("D", CultureInfo.InvariantCulture);
        return Path.Combine(Folder, name[..2], name + ".jpg");
    }

    /// <summary>The item's thumbnail file, rendered now if it is not there yet; problems for everything else.</summary>
    public async Task<FileInfo> GetAsync(Guid uuid, CancellationToken cancellationToken)
    {
        var item = await _storage.Items.GetAsync(uuid, cancellationToken)
            ?? throw ProblemException.NotFound(ErrorCodes.ItemNotFound, $"Item {uuid} not found.");
        var file = new FileInfo(PathOf(uuid));
        if (file.Exists)
        {
            return file;
        }

        if (_failures.TryGetValue(uuid, out var failure) && failure.Until > _time.GetUtcNow())
        {
            throw failure.Problem;
        }

        // Problems found before any download (the kind of item, strict client-only) are cheap to find again: not remembered.
        var frame = await FrameAsync(item, cancellationToken);
        var source = await ItemObjects.ResolveAsync(frame, frame.Uuid, _storage, _sources, cancellationToken);

        var render = new Lazy<Task>(() => RenderAsync(uuid, frame, source));
        var running = _running.GetOrAdd(uuid, render);
        if (ReferenceEquals(running, render))
        {
            _ = render.Value.ContinueWith(_ => _running.TryRemove(new KeyValuePair<Guid, Lazy<Task>>(uuid, render)), TaskScheduler.Default);
        }

        // The render belongs to no single request: one caller going away does not cancel it for the others.
        await running.Value.WaitAsync(cancellationToken);
        file.Refresh();
        return file;
    }

    public void Dispose() => _slots.Dispose();

    /// <summary>The item whose file is drawn: the item itself, or the first frame of a group or series.</summary>
    private async Task<ItemRecord> FrameAsync(ItemRecord item, CancellationToken cancellationToken)
    {
        if (item.Type is ItemType.ImageGroup or ItemType.ImageSequence or ItemType.DicomSeries or ItemType.Group)
        {
            var children = await _storage.Items.ListChildrenAsync(item.Uuid, cancellationToken);
            item = children.Count > 0
                ? children[0]
                : throw ProblemException.NotFound(ErrorCodes.ThumbnailUnavailable, $"Item {item.Uuid} has no frames, so it has no thumbnail.");
        }

        return item.Type is ItemType.Image or ItemType.Video or ItemType.DicomFile
            ? item
            : throw ProblemException.NotFound(ErrorCodes.ThumbnailUnavailable,
                $"No thumbnail for {item.Type.WireName()} items: images, videos, DICOM and their groups have one.");
    }

    private async Task RenderAsync(Guid uuid, ItemRecord frame, ItemObject source)
    {
        var cancellationToken = _stopping;
        await _slots.WaitAsync(cancellationToken);
        try
        {
            var jpeg = await RenderFrameAsync(frame, source, cancellationToken);
            await StoreAsync(PathOf(uuid), jpeg, cancellationToken);
            _failures.TryRemove(uuid, out _);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && Problem(ex, source) is { } problem)
        {
            _logger.LogInformation("No thumbnail for item {Item}: {Reason}", uuid, problem.Message);
            Remember(uuid, problem);
            throw problem;
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<byte[]> RenderFrameAsync(ItemRecord frame, ItemObject source, CancellationToken cancellationToken)
    {
        using (var local = LocalObjectFile.TryOpen(source.Source, source.Location))
        {
            if (local is not null)
            {
                return await _renderer.RenderAsync(new ThumbnailInput(local.Path, Duration: frame.Duration), cancellationToken);
            }
        }

        var temporary = Path.Combine(Temporary, Guid.NewGuid().ToString("N") + ".source");
        try
        {
            var truncated = await DownloadAsync(frame, source, temporary, cancellationToken);
            return await _renderer.RenderAsync(new ThumbnailInput(temporary, truncated, frame.Duration), cancellationToken);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// Copies the object to <paramref name="path"/>, at most <see cref="ThumbnailOptions.MaxSourceBytes"/> of it.
    /// Returns true when a video was cut there; a larger image or DICOM file is refused instead.
    /// </summary>
    private async Task<bool> DownloadAsync(ItemRecord frame, ItemObject source, string path, CancellationToken cancellationToken)
    {
        var cap = _options.MaxSourceBytes;
        var isVideo = frame.Type == ItemType.Video;
        var size = (await source.Source.StatAsync(source.Location, cancellationToken)).Size;
        if (size > cap && !isVideo)
        {
            throw TooLarge(size);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var buffer = new byte[DownloadChunk];
        long offset = 0;
        await using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous))
        {
            // One byte past the cap is asked for, so an object of unknown size that is larger is noticed.
            while (offset <= cap)
            {
                var want = (int)Math.Min(buffer.Length, cap + 1 - offset);
                var read = await source.Source.ReadRangeAsync(source.Location, offset, buffer.AsMemory(0, want), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                var keep = (int)Math.Min(read, cap - offset);
                await output.WriteAsync(buffer.AsMemory(0, keep), cancellationToken);
                offset += read;
                if (read < want)
                {
                    break;
                }
            }
        }

        if (offset > cap && !isVideo)
        {
            throw TooLarge(-1);
        }

        return offset > cap;
    }

    private ThumbnailException TooLarge(long size) => ThumbnailException.Failed(
        $"The object is {(size >= 0 ? $"{size / (1024.0 * 1024):0.#} MiB" : "larger than that")}, more than the "
        + $"{_options.MaxSourceBytes / (1024.0 * 1024):0.#} MiB a thumbnail downloads (Curio:Thumbnails:MaxSourceBytes).");

    private static async Task StoreAsync(string path, byte[] jpeg, CancellationToken cancellationToken)
    {
        // Written beside its final name and renamed, so a reader sees the whole file or none.
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await File.WriteAllBytesAsync(temporary, jpeg, cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static ProblemException? Problem(Exception ex, ItemObject source) => ex switch
    {
        ThumbnailException { Failure: ThumbnailFailure.Unsupported } t => ProblemException.NotFound(ErrorCodes.ThumbnailUnavailable, t.Message),
        ThumbnailException t => new ProblemException(422, ErrorCodes.ThumbnailFailed, "No thumbnail", t.Message),
        ObjectSourceException o => ObjectListing.Problem(source.Integration.Name, o),
        IOException io => new ProblemException(503, ErrorCodes.Unavailable, "Unavailable", $"The thumbnail could not be written: {io.Message}"),
        _ => null,
    };

    private void Remember(Guid uuid, ProblemException problem)
    {
        if (_options.RetryFailedAfterSeconds == 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        if (_failures.Count >= MaxRememberedFailures)
        {
            foreach (var (key, value) in _failures)
            {
                if (value.Until <= now)
                {
                    _failures.TryRemove(key, out _);
                }
            }

            if (_failures.Count >= MaxRememberedFailures)
            {
                _failures.Clear();
            }
        }

        _failures[uuid] = (now.AddSeconds(_options.RetryFailedAfterSeconds), problem);
    }
}
