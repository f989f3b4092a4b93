using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Curio.Media.Common;

internal enum CompressedFormat
{
    Gzip,
    Zlib,
    Deflate,
}

/// <summary>
/// Inflates at most a fixed number of bytes. The output buffer is the cap: the inflater writes straight into it and
/// stops when it is full, so a decompression bomb costs no more than its first few kilobytes of input. A cut or
/// corrupt stream is not an error here; callers judge what came out.
/// </summary>
internal static class BoundedInflate
{
    private const int Chunk = 16 * 1024;

    public static int Into(ReadOnlySpan<byte> compressed, Span<byte> output, CompressedFormat format) =>
        Into(new MemoryStream(compressed.ToArray(), writable: false), output, format);

    /// <summary>Inflates up to <paramref name="maxOutput"/> bytes into a new array sized to what came out.</summary>
    public static byte[] ToArray(ReadOnlyMemory<byte> compressed, int maxOutput, CompressedFormat format)
    {
        var source = MemoryMarshal.TryGetArray(compressed, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(compressed.ToArray(), writable: false);
        using var stream = Open(source, format);
        var output = new List<byte[]>();
        var total = 0;
        var buffer = new byte[Math.Min(Chunk, Math.Max(maxOutput, 1))];
        try
        {
            while (total < maxOutput)
            {
                var read = stream.Read(buffer.AsSpan(0, Math.Min(buffer.Length, maxOutput - total)));
                if (read == 0)
                {
                    break;
                }

                output.Add(buffer[..read]);
                total += read;
            }
        }
        catch (InvalidDataException)
        {
            // Corrupt or cut-off data: keep what came out before it.
        }

        var result = new byte[total];
        var at = 0;
        foreach (var part in output)
        {
            part.CopyTo(result, at);
            at += part.Length;
        }

        return result;
    }

    private static int Into(MemoryStream source, Span<byte> output, CompressedFormat format)
    {
        using var stream = Open(source, format);
        var total = 0;
        try
        {
            while (total < output.Length)
            {
                var read = stream.Read(output[total..]);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }
        }
        catch (InvalidDataException)
        {
            // As above: the caller decides from the bytes that did come out.
        }

        return total;
    }

    private static Stream Open(MemoryStream source, CompressedFormat format) => format switch
    {
        CompressedFormat.Gzip => new GZipStream(source, CompressionMode.Decompress),
        CompressedFormat.Zlib => new ZLibStream(source, CompressionMode.Decompress),
        _ => new DeflateStream(source, CompressionMode.Decompress),
    };
}
