using Curio.Connectors;

namespace Curio.Server.Jobs.Probing;

/// <summary>
/// The bytes of one object as the header readers ask for them: a head that grows on request, the tail, and ranges
/// anywhere. Every read goes through the integration's connector, so it is a ranged GET on a bucket and a confined
/// read on a local folder.
/// </summary>
internal sealed class ObjectBytes(IObjectSource source, ObjectLocation location, ObjectHead head)
{
    public IObjectSource Source { get; } = source;

    public ObjectLocation Location { get; } = location;

    /// <summary>The URL as the upload file gave it; errors name it.</summary>
    public string Url => Location.Url;

    public ReadOnlyMemory<byte> Head { get; private set; } = head.Bytes;

    /// <summary>The object's size; -1 when the provider cannot tell (and the head did not reach the end).</summary>
    public long Size { get; private set; } = head.Size >= 0 ? head.Size : -1;

    /// <summary>True when <see cref="Head"/> is the whole object.</summary>
    public bool HeadIsWhole => Size >= 0 && Head.Length >= Size;

    /// <summary>Grows the head to <paramref name="bytes"/> (or the end of the object); returns false when it could not grow.</summary>
    public async ValueTask<bool> GrowHeadAsync(int bytes, CancellationToken cancellationToken)
    {
        var want = Size >= 0 ? (int)Math.Min(bytes, Size) : bytes;
        if (want <= Head.Length)
        {
            return false;
        }

        var grown = new byte[want];
        Head.CopyTo(grown);
        var read = await FillAsync(Head.Length, grown.AsMemory(Head.Length), cancellationToken);
        if (read < want - Head.Length && Size < 0)
        {
            // A short read is the end: now the size is known.
            Size = Head.Length + read;
        }

        var before = Head.Length;
        Head = grown.AsMemory(0, Head.Length + read);
        return Head.Length > before;
    }

    /// <summary>Up to <paramref name="length"/> bytes from <paramref name="offset"/> (fewer at the end of the object).</summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(long offset, int length, CancellationToken cancellationToken)
    {
        if (offset + length <= Head.Length)
        {
            return Head.Slice((int)offset, length);
        }

        var buffer = new byte[length];
        var read = await FillAsync(offset, buffer, cancellationToken);
        return buffer.AsMemory(0, read);
    }

    /// <summary>The last <paramref name="length"/> bytes (all of a smaller object); empty when the size is unknown.</summary>
    public ValueTask<ReadOnlyMemory<byte>> TailAsync(int length, CancellationToken cancellationToken) =>
        Size < 0 ? ValueTask.FromResult(ReadOnlyMemory<byte>.Empty) : ReadAsync(Math.Max(0, Size - length), (int)Math.Min(length, Size), cancellationToken);

    // The connector fills the whole destination unless the object ends first.
    private ValueTask<int> FillAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken) =>
        Source.ReadRangeAsync(Location, offset, destination, cancellationToken);
}
