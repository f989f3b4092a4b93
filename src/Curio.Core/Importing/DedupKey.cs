using System.Security.Cryptography;
using System.Text;

namespace Curio.Core.Importing;

/// <summary>
/// What <c>skip_duplicate_urls</c> compares: a single file's URL, or a group's whole URL list in order. Stored as a
/// 16-byte hash so the (folder, key) index stays small whatever the URL length (up to 16 KB). Groups hash in
/// their own domain, so a one-frame group is not a duplicate of the single file it shows.
/// </summary>
public static class DedupKey
{
    public const int Length = 16;

    public static byte[] ForFile(string url) => Hash("file\n" + url);

    // URLs never contain whitespace, so a newline separates them unambiguously.
    public static byte[] ForGroup(IReadOnlyList<string> urls) => Hash("group\n" + string.Join('\n', urls));

    private static byte[] Hash(string text)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return hash[..Length].ToArray();
    }
}
