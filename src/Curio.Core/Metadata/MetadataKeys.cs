using System.Text;

namespace Curio.Core.Metadata;

/// <summary>
/// Encord's rules for schema keys: case-sensitive; letters, digits, space, <c>-</c>, <c>_</c> and <c>.</c>; not
/// starting with <c>$</c> (system keys such as <c>$encord</c>); at least one letter or digit; and not the reserved
/// <c>keyframes</c>. Dots are namespacing inside a flat name (<c>video.description</c>), never a path.
/// </summary>
public static class MetadataKeys
{
    public const int MaxLength = 256;

    public const string Reserved = "keyframes";

    public static bool IsValid(string key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxLength || key[0] == '$' || key == Reserved)
        {
            return false;
        }

        var letters = 0;
        foreach (var rune in key.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                letters++;
            }
            else if (rune.Value is not (' ' or '-' or '_' or '.'))
            {
                return false;
            }
        }

        return letters > 0;
    }

    /// <exception cref="MetadataSchemaException">The key breaks the rules; the message is Encord's and says which characters are allowed.</exception>
    public static void Check(string key)
    {
        if (key == Reserved)
        {
            throw new MetadataSchemaException(key, "keyframes is reserved (Encord's deprecated key-frame list); choose another key name.");
        }

        if (!IsValid(key))
        {
            throw new MetadataSchemaException(key,
                $"{key} is an invalid format for a metadata key: use letters, digits, spaces, '-', '_' and '.', with at least one letter or digit, not starting with '$', at most {MaxLength} characters.");
        }
    }
}
