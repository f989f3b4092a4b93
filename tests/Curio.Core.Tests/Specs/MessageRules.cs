using System.Text.RegularExpressions;

namespace Curio.Core.Tests.Specs;

/// <summary>What every message a user sees must be: present, free of our internals, and telling them what to do.</summary>
internal static partial class MessageRules
{
    private static readonly string[] Internals =
    [
        "Exception", "JsonTokenType", "Utf8Json", "JsonReader", "isFinalBlock", "System.", "Curio.Core", "reader options",
        "StartObject", "EndObject", "StartArray", "EndArray", "PropertyName", "LineNumber", "BytePosition",
        "SpecUnit", "SpecIssue", "SpecObject", "UnitKind", "MediaMetadata", "JSON payload", "TokenType",
    ];

    public static void AssertHelpful(string message)
    {
        Assert.False(string.IsNullOrWhiteSpace(message), "The message is empty.");
        foreach (var name in Internals)
        {
            Assert.False(message.Contains(name, StringComparison.Ordinal), $"The message names '{name}': {message}");
        }

        Assert.False(EnumName().IsMatch(message), $"The message names an enum member: {message}");
        Assert.True(Instruction().IsMatch(message), $"The message does not tell the user what to do: {message}");
    }

    [GeneratedRegex(@"\b(ImageGroup|ImageSequence|DicomSeries|ImageGroupFromItems|UserFile|Typed)\b")]
    private static partial Regex EnumName();

    /// <summary>An imperative at the start of a sentence or clause: "Remove it.", "...; use one form.".</summary>
    [GeneratedRegex(
        @"(^|[.;:!?)]\s+|\(\s*)(add|change|check|close|correct|export|fix|flatten|give|leave|list|move|name|percent-encode|remove|rename|save|shorten|split|start|upload|use|wrap|write)\b",
        RegexOptions.IgnoreCase)]
    private static partial Regex Instruction();
}
