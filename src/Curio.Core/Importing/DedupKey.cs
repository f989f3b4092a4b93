using System.Security.Cryptography;
using System.Text;

namespace Curio.Core.Importing;

/// <summary>
/// What <c>skip_duplicate_urls</c> compares: a single file's URL, or a group's whole URL list in order.
/// A file's key is its URL itself (up to <see cref="MaxInlineUrlBytes"/>), so the (folder, key) index grows in URL
/// order: upload files list URLs in bucket order, and inserting in key order keeps each commit to a few index
/// pages (hashed keys scattered every insert across the index and halved the import rate). Longer URLs and groups
/// are hashed, each in a domain of its own, so a one-frame group never matches the single file it shows.
/// </summary>
public static class DedupKey
{
    public const int MaxInlineUrlBytes = 512;

    private const byte InlineFile = 1, HashedFile = 2, HashedGroup = 3;

    public static byte[] ForFile(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var length = Encoding.UTF8.GetByteCount(url);
        if (length > MaxInlineUrlBytes)
        {
            return Hash(HashedFile, url);
        }

        var key = new byte[length + 1];
        key[0] = InlineFile;
        Encoding.UTF8.GetBytes(url, key.AsSpan(1));
        return key;
    }

    // URLs never contain whitespace, so a newline separates them unambiguously.
    public static byte[] ForGroup(IReadOnlyList<string> urls) => Hash(HashedGroup, string.Join('\n', urls));

    private static byte[] Hash(byte domain, string text)
    {
        var key = new byte[1 + 16];
        key[0] = domain;
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        hash[..16].CopyTo(key.AsSpan(1));
        return key;
    }
}
