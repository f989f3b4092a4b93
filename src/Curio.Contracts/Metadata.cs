using System.Text.Json;

namespace Curio.Contracts;

/// <summary>Body of <c>POST /api/v1/metadata/schema/scalars</c>: add a scalar key, or change a scalar key's type.</summary>
public sealed record AddScalarRequest
{
    /// <summary>The schema key (case-sensitive; letters, digits, space, -, _ and .).</summary>
    public required string Key { get; init; }

    /// <summary><c>boolean</c>, <c>datetime</c>, <c>number</c>, <c>uuid</c>, <c>varchar</c> (alias <c>string</c>), <c>text</c> (alias <c>long_string</c>).</summary>
    public required string Type { get; init; }
}

/// <summary>Body of <c>POST /api/v1/metadata/schema/enums</c>.</summary>
public sealed record AddEnumRequest
{
    /// <summary>The schema key (case-sensitive; letters, digits, space, -, _ and .).</summary>
    public required string Key { get; init; }

    /// <summary>1 to 255 options.</summary>
    public required IReadOnlyList<string> Values { get; init; }
}

/// <summary>Body of <c>POST /api/v1/metadata/schema/enums/{key}/options</c>.</summary>
public sealed record AddEnumOptionsRequest
{
    /// <summary>Enum options.</summary>
    public required IReadOnlyList<string> Values { get; init; }
}

/// <summary>Body of <c>POST /api/v1/metadata/schema/embeddings</c>.</summary>
public sealed record AddEmbeddingRequest
{
    /// <summary>The schema key (case-sensitive; letters, digits, space, -, _ and .).</summary>
    public required string Key { get; init; }

    /// <summary>1 to 4096 dimensions.</summary>
    public required int Size { get; init; }
}

/// <summary>Body of <c>POST /api/v1/metadata/schema/geospatial</c>.</summary>
public sealed record AddGeospatialRequest
{
    /// <summary>The schema key (case-sensitive; letters, digits, space, -, _ and .).</summary>
    public required string Key { get; init; }
}

/// <summary>How far the re-check of stored values against the current schema has got, and what does not conform.</summary>
public sealed record MetadataSchemaReport
{
    /// <summary>The schema version being applied (each change adds one).</summary>
    public required long Version { get; init; }

    /// <summary>Every stored value has been checked against this version.</summary>
    public required bool Done { get; init; }

    /// <summary>Items with custom metadata still to check.</summary>
    public required long ItemsLeft { get; init; }

    /// <summary>How many stored values do not conform (all pages).</summary>
    public required long NonconformingCount { get; init; }

    /// <summary>Values kept in <c>clientMetadata</c> but left out of the typed index, by item and key.</summary>
    public required IReadOnlyList<NonconformingMetadataValue> Nonconforming { get; init; }

    /// <summary>Pass as pageToken for the next page; null on the last.</summary>
    public string? NextPageToken { get; init; }
}

/// <summary>A stored custom metadata value that does not conform to the current schema.</summary>
public sealed record NonconformingMetadataValue
{
    /// <summary>The item.</summary>
    public required Guid Item { get; init; }

    /// <summary>The item's name.</summary>
    public required string ItemName { get; init; }

    /// <summary>The folder the item is in.</summary>
    public required Guid Folder { get; init; }

    /// <summary>The schema key (case-sensitive; letters, digits, space, -, _ and .).</summary>
    public required string Key { get; init; }

    /// <summary>What the schema wants, e.g. <c>a datetime in ISO 8601 ("2024-01-31" or ...)</c>.</summary>
    public required string Expected { get; init; }

    /// <summary>The stored value as JSON (cut at 80 characters).</summary>
    public required string Value { get; init; }
}

/// <summary>Body of <c>PATCH /api/v1/items/{uuid}</c>: a new name and/or a new <c>clientMetadata</c>, which replaces the old whole.</summary>
public sealed record UpdateItemRequest
{
    /// <summary>A new name (1 to 300 characters).</summary>
    public string? Name { get; init; }

    /// <summary>A new custom metadata object; replaces the old one whole.</summary>
    public JsonElement? ClientMetadata { get; init; }
}

/// <summary>
/// Body of <c>PATCH /api/v1/items</c>: up to 1,000 item patches by UUID (Encord's <c>patch-bulk</c> shape). Checked
/// whole before anything is written: one invalid value refuses the request.
/// </summary>
public sealed record PatchItemsRequest
{
    /// <summary>Patches by item UUID.</summary>
    public required IReadOnlyDictionary<Guid, UpdateItemRequest> ItemPatches { get; init; }
}

/// <summary>A custom metadata value that does not conform to the schema (a 422's <c>problems</c>).</summary>
public sealed record MetadataValueProblem
{
    /// <summary>The item.</summary>
    public required Guid Item { get; init; }

    /// <summary>The schema key (case-sensitive; letters, digits, space, -, _ and .).</summary>
    public required string Key { get; init; }

    /// <summary>What the schema wants for this key.</summary>
    public required string Expected { get; init; }

    /// <summary>The value as given (JSON, cut at 80 characters).</summary>
    public required string Value { get; init; }

    /// <summary>The whole problem in a sentence.</summary>
    public required string Message { get; init; }
}
