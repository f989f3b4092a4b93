using System.Text.Json;
using Curio.Contracts;

namespace Curio.Sdk;

/// <summary>
/// Gathers item updates and sends them in as few requests as the server allows (Encord's <c>Bundle</c>):
/// <c>PATCH /api/v1/items</c> with up to <see cref="BundleSize"/> patches each, in the order the items were first queued.
/// Make one with <see cref="CurioClient.CreateItemBundle"/>:
/// <code>
/// await using (var bundle = client.CreateItemBundle())
/// {
///     foreach (var item in items) bundle.Update(item.Uuid, clientMetadata: NewMetadata(item));
/// } // sends what is queued
/// </code>
/// </summary>
/// <remarks>
/// <para>
/// Updates of the same item merge into one patch, field by field, the later winning: <c>Update(a, name: "x")</c> then
/// <c>Update(a, clientMetadata: m)</c> sends both; a second metadata replaces the first (each is a whole object).
/// </para>
/// <para>
/// Each request is all or nothing on the server. When one fails, the requests before it stay applied, and its patches
/// and the later ones stay queued (<see cref="Count"/>): fix them, send again with <see cref="FlushAsync"/>, or drop them with <see cref="Clear"/>.
/// </para>
/// <para>
/// <see cref="DisposeAsync"/> always sends what is queued, even when the block is left by an exception (.NET tells a
/// disposer nothing about why, unlike Python's <c>__exit__</c>, with which Encord skips the send). To discard the queue on
/// failure, call <see cref="Clear"/> in a <c>catch</c>. If the block threw and the final send fails too, the send's
/// exception is the one that propagates. The final send cannot be cancelled: call <see cref="FlushAsync"/> with a token
/// at the end of the block for that.
/// </para>
/// <para>Not thread-safe: use a bundle from one flow of control at a time, and await each flush before queueing more.</para>
/// </remarks>
public sealed class ItemBundle : IAsyncDisposable
{
    private readonly CurioClient _client;
    private readonly Dictionary<Guid, UpdateItemRequest> _patches = [];
    private readonly List<Guid> _order = [];
    private readonly List<Item> _updated = [];
    private bool _flushing;
    private bool _disposed;

    /// <summary>Creates an empty bundle; <see cref="CurioClient.CreateItemBundle"/> is the usual way.</summary>
    /// <param name="client">The client that sends the patches.</param>
    /// <param name="bundleSize">Patches per request, 1 to 1000 (the server's limit).</param>
    public ItemBundle(CurioClient client, int bundleSize = CurioClient.MaxPatchesPerRequest)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentOutOfRangeException.ThrowIfLessThan(bundleSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bundleSize, CurioClient.MaxPatchesPerRequest);
        _client = client;
        BundleSize = bundleSize;
    }

    /// <summary>Patches per request.</summary>
    public int BundleSize { get; }

    /// <summary>Items with a queued patch, not yet sent.</summary>
    public int Count => _patches.Count;

    /// <summary>Every item the server has updated through this bundle so far, as it answered, in the order sent.</summary>
    public IReadOnlyList<Item> UpdatedItems => _updated;

    /// <summary>Queues an update of an item; merged with an update of the same item already queued, field by field, this one winning.</summary>
    /// <param name="item">The item (a group or series, not one of its frames).</param>
    /// <param name="name">A new name; null to leave the name as queued (or as it is).</param>
    /// <param name="clientMetadata">A new custom metadata object, which will replace the item's whole; null to leave it as queued (or as it is). Copied.</param>
    /// <exception cref="ArgumentException">Neither a name nor metadata is given.</exception>
    /// <exception cref="InvalidOperationException">A flush is running.</exception>
    /// <exception cref="ObjectDisposedException">The bundle was disposed.</exception>
    public void Update(Guid item, string? name = null, JsonElement? clientMetadata = null)
    {
        CheckUsable();

        // A copy, so the caller may dispose the JsonDocument it came from before the bundle is sent.
        var metadata = clientMetadata is { ValueKind: not JsonValueKind.Undefined } m ? m.Clone() : (JsonElement?)null;
        if (name is null && metadata is null)
        {
            throw new ArgumentException("Give a new name, new client metadata, or both.", nameof(name));
        }

        if (_patches.TryGetValue(item, out var queued))
        {
            _patches[item] = queued with { Name = name ?? queued.Name, ClientMetadata = metadata ?? queued.ClientMetadata };
        }
        else
        {
            _patches[item] = new UpdateItemRequest { Name = name, ClientMetadata = metadata };
            _order.Add(item);
        }
    }

    /// <summary>Sends every queued patch, <see cref="BundleSize"/> per request, in order; each request's patches leave the queue once the server has applied them.</summary>
    /// <param name="cancellationToken">Cancels the sending; requests already answered stay applied.</param>
    /// <returns>The items this flush updated, as the server answered.</returns>
    /// <exception cref="CurioRequestFailedException">
    /// A request failed, e.g. 422 <see cref="ErrorCodes.MetadataValueInvalid"/> (see <see cref="CurioRequestFailedException.MetadataProblems"/>);
    /// its patches and the later ones are still queued.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The bundle was disposed.</exception>
    public Task<IReadOnlyList<Item>> FlushAsync(CancellationToken cancellationToken = default)
    {
        CheckUsable();
        return SendAsync(cancellationToken);
    }

    /// <summary>Drops every queued patch without sending it.</summary>
    /// <exception cref="InvalidOperationException">A flush is running.</exception>
    public void Clear()
    {
        if (_flushing)
        {
            throw new InvalidOperationException("The bundle is being sent; await FlushAsync before clearing it.");
        }

        _patches.Clear();
        _order.Clear();
    }

    /// <summary>Sends what is queued (see the remarks: always, even when the block threw), then refuses further use.</summary>
    /// <returns>A task that completes when the queue is sent.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await SendAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<Item>> SendAsync(CancellationToken cancellationToken)
    {
        var updated = new List<Item>();
        _flushing = true;
        try
        {
            while (_order.Count > 0)
            {
                var count = Math.Min(BundleSize, _order.Count);
                var chunk = new Dictionary<Guid, UpdateItemRequest>(count);
                foreach (var item in _order.Take(count))
                {
                    chunk[item] = _patches[item];
                }

                var items = await _client.PatchItemsAsync(chunk, cancellationToken).ConfigureAwait(false);

                // Applied: only now do they leave the queue, so a failed request leaves its patches to fix or drop.
                foreach (var item in _order.Take(count))
                {
                    _patches.Remove(item);
                }

                _order.RemoveRange(0, count);
                updated.AddRange(items);
                _updated.AddRange(items);
            }
        }
        finally
        {
            _flushing = false;
        }

        return updated;
    }

    private void CheckUsable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_flushing)
        {
            throw new InvalidOperationException("The bundle is being sent; await FlushAsync before queueing more.");
        }
    }
}
