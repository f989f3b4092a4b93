using System.Buffers.Binary;
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

    public static byte[] ForGroup(IReadOnlyList<string> urls) => Hash(HashedGroup, urls);

    /// <summary>SHA-256 of each URL's length and bytes, so no URL list can be read as another.</summary>
    private static byte[] Hash(byte domain, params IReadOnlyList<string> urls)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        foreach (var url in urls)
        {
            var bytes = Encoding.UTF8.GetBytes(url);
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            sha.AppendData(length);
            sha.AppendData(bytes);
        }

        var key = new byte[1 + 16];
        key[0] = domain;
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        sha.GetHashAndReset(hash);
        hash[..16].CopyTo(key.AsSpan(1));
        return key;
    }
}
