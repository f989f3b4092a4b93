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

    /// <summary>A token for a page ordered by (item, key): the report of non-conforming values.</summary>
    public static string EncodeItemKey(long itemId, string key) => Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes($"{itemId}:{key}"));

    /// <summary>Null or empty means the first page (item 0).</summary>
    public static (long Item, string Key) DecodeItemKey(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return (0, "");
        }

        try
        {
            var text = System.Text.Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 && long.TryParse(text.AsSpan(0, colon), out var item) ? (item, text[(colon + 1)..]) : throw new InvalidPageTokenException();
        }
        catch (FormatException)
        {
            throw new InvalidPageTokenException();
        }
    }

    /// <summary>A page from up to <paramref name="limit"/> + 1 rows read in key order: the extra row only says there is a next page.</summary>
    internal static TPage Page<T, TPage>(List<(long Id, T Row)> rows, int limit, Func<IReadOnlyList<T>, string?, TPage> create)
    {
        var more = rows.Count > limit;
        var page = rows.Take(limit).ToList();
        return create(page.Select(r => r.Row).ToList(), more ? Encode(page[^1].Id) : null);
    }
}

/// <summary>A page token that this server did not issue.</summary>
public sealed class InvalidPageTokenException() : Exception("The page token is not valid; pass the nextPageToken of the previous page, or none for the first page.");
