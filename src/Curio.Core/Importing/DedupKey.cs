using System.Security.Cryptography;
using System.Text;

namespace Curio.Core.Importing;

/// <summary>
/// What <c>skip_duplicate_urls</c> compares: a single file's URL, or a group's whole URL list in order. Stored as a
/// 16-byte hash so the (folder, key) index stays small whatever the URL length (up to 16 KB).
/// </summary>
public static class DedupKey
{
    public const int Length = 16;

    public static byte[] For(string url) => For([url]);

    public static byte[] For(IReadOnlyList<string> urls)
    {
        // URLs never contain whitespace, so a newline separates them unambiguously.
        var joined = string.Join('\n', urls);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(joined), hash);
        return hash[..Length].ToArray();
    }
}
