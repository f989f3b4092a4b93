using System.Buffers.Binary;
using System.Buffers.Text;

namespace Curio.Storage;

/// <summary>Opaque keyset page tokens: the last row's key, base64url-encoded. Callers must not parse them.</summary>
public static class PageTokens
{
    public static string Encode(long lastKey)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, lastKey);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Null or empty means the first page (key 0).</summary>
    public static bool TryDecode(string? token, out long lastKey)
    {
        lastKey = 0;
        if (string.IsNullOrEmpty(token))
        {
            return true;
        }

        Span<byte> bytes = stackalloc byte[8];
        if (!Base64Url.IsValid(token) || Base64Url.GetMaxDecodedLength(token.Length) > 8
            || !Base64Url.TryDecodeFromChars(token, bytes, out var written) || written != 8)
        {
            return false;
        }

        lastKey = BinaryPrimitives.ReadInt64BigEndian(bytes);
        return lastKey >= 0;
    }

    public static long DecodeOrThrow(string? token) =>
        TryDecode(token, out var key) ? key : throw new InvalidPageTokenException();
}

/// <summary>A page token that this server did not issue.</summary>
public sealed class InvalidPageTokenException() : Exception("The page token is not valid; pass the nextPageToken of the previous page, or none for the first page.");
