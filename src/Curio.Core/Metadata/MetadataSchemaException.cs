namespace Curio.Core.Metadata;

/// <summary>A schema operation or document that breaks the schema's rules; the message is Encord's wording where it has one.</summary>
public sealed class MetadataSchemaException(string key, string message) : Exception(message)
{
    /// <summary>The key concerned; empty for a whole-document problem.</summary>
    public string Key { get; } = key;
}
