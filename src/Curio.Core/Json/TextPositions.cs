using System.Buffers;
using System.Text;

namespace Curio.Core.Json;

/// <summary>
/// Turns byte positions in a seekable UTF-8 stream into the line and column a user sees in an editor. Only used
/// once something is wrong, so it rereads the stream from the start rather than tracking lines while parsing.
/// Columns count characters (a multi-byte character is one column); a leading byte-order mark is not counted.
/// </summary>
internal static class TextPositions
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>Line ('\n' ends a line, as in JSON) and column of the byte at <paramref name="offset"/> from <paramref name="origin"/>.</summary>
    public static (int Line, int Column) Locate(Stream stream, long origin, long offset)
    {
        var line = 1;
        var column = 1;
        long position = 0;
        Walk(stream, origin, b =>
        {
            if (position++ >= offset)
            {
                return false;
            }

            if (b == (byte)'\n')
            {
                line++;
                column = 1;
            }
            else if (!IsContinuation(b))
            {
                column++;
            }

            return true;
        });
        return (line, column);
    }

    /// <summary>The 1-based character column of a 0-based byte position within a 0-based line, as System.Text.Json reports them.</summary>
    public static int Column(Stream stream, long origin, long line, long bytePositionInLine)
    {
        long currentLine = 0;
        long bytesIntoLine = 0;
        var column = 1;
        Walk(stream, origin, b =>
        {
            if (currentLine == line)
            {
                if (bytesIntoLine++ >= bytePositionInLine || b == (byte)'\n')
                {
                    return false;
                }

                if (!IsContinuation(b))
                {
                    column++;
                }
            }
            else if (b == (byte)'\n')
            {
                currentLine++;
            }

            return true;
        });
        return column;
    }

    /// <summary>
    /// The 1-based line (CSV rules: "\r\n", "\n" and a lone "\r" each end a line) holding the first byte that is not
    /// valid UTF-8, or null when the whole stream is valid UTF-8. A leading UTF-8 byte-order mark is fine.
    /// </summary>
    public static int? FirstInvalidUtf8Line(Stream stream, long origin)
    {
        stream.Position = origin;
        var bytes = new byte[ChunkBytes];
        var carry = 0;
        var line = 1;
        var lastWasCr = false;
        while (true)
        {
            var read = stream.ReadAtLeast(bytes.AsSpan(carry), bytes.Length - carry, throwOnEndOfStream: false);
            var final = read < bytes.Length - carry;
            var span = bytes.AsSpan(0, carry + read);
            var i = 0;
            while (i < span.Length)
            {
                var status = Rune.DecodeFromUtf8(span[i..], out _, out var consumed);
                if (status == OperationStatus.NeedMoreData && !final)
                {
                    break; // the character continues in the next chunk
                }

                if (status != OperationStatus.Done)
                {
                    return line;
                }

                var b = span[i];
                if ((b == (byte)'\n' && !lastWasCr) || b == (byte)'\r')
                {
                    line++;
                }

                lastWasCr = b == (byte)'\r';
                i += consumed;
            }

            if (final)
            {
                return null;
            }

            carry = span.Length - i;
            span[i..].CopyTo(bytes);
        }
    }

    private static bool IsContinuation(byte b) => (b & 0xC0) == 0x80;

    /// <summary>Calls <paramref name="visit"/> for each byte from <paramref name="origin"/>, skipping a leading BOM, until it returns false.</summary>
    private static void Walk(Stream stream, long origin, Func<byte, bool> visit)
    {
        stream.Position = origin;
        var buffer = new byte[ChunkBytes];
        var first = true;
        while (true)
        {
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            var start = first && read >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF ? 3 : 0;
            first = false;
            for (var i = start; i < read; i++)
            {
                if (!visit(buffer[i]))
                {
                    return;
                }
            }

            if (read < buffer.Length)
            {
                return;
            }
        }
    }
}
