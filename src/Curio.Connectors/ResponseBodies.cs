namespace Curio.Connectors;

/// <summary>Reading just what is needed from an HTTP body, whatever the store sent: a ranged answer, or the whole object.</summary>
internal static class ResponseBodies
{
    private const int ScratchBytes = 81920;

    /// <summary>Up to <paramref name="maxBytes"/> of a body whose length may be unknown.</summary>
    public static async ValueTask<ReadOnlyMemory<byte>> ReadHeadAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        if (response.Content.Headers.ContentLength is { } length)
        {
            var buffer = new byte[(int)Math.Min(length, maxBytes)];
            var read = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            return buffer.AsMemory(0, read);
        }

        // No length (a chunked answer): grow as bytes arrive instead of allocating maxBytes for what may be tiny.
        using var collected = new MemoryStream();
        var chunk = new byte[Math.Min(maxBytes, ScratchBytes)];
        while (collected.Length < maxBytes)
        {
            var read = await body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, maxBytes - collected.Length)), cancellationToken);
            if (read == 0)
            {
                break;
            }

            collected.Write(chunk, 0, read);
        }

        return collected.ToArray();
    }

    /// <summary>Fills <paramref name="destination"/> after dropping <paramref name="skip"/> bytes (a store that ignored the range).</summary>
    public static async ValueTask<int> FillAsync(HttpResponseMessage response, long skip, Memory<byte> destination, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await FillAsync(body, skip, destination, cancellationToken);
    }

    /// <inheritdoc cref="FillAsync(HttpResponseMessage, long, Memory{byte}, CancellationToken)"/>
    public static async ValueTask<int> FillAsync(Stream body, long skip, Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (skip > 0)
        {
            var scratch = new byte[(int)Math.Min(skip, ScratchBytes)];
            while (skip > 0)
            {
                var dropped = await body.ReadAsync(scratch.AsMemory(0, (int)Math.Min(skip, scratch.Length)), cancellationToken);
                if (dropped == 0)
                {
                    return 0;
                }

                skip -= dropped;
            }
        }

        // Stops at the destination's end; disposing the response then drops the rest of the body with the connection.
        return await body.ReadAtLeastAsync(destination, destination.Length, throwOnEndOfStream: false, cancellationToken);
    }
}
