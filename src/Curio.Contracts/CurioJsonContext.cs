using System.Text.Json;
using System.Text.Json.Serialization;

namespace Curio.Contracts;

/// <summary>Source-generated JSON for every wire type: camelCase names, nulls omitted.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Integration))]
[JsonSerializable(typeof(Page<Integration>))]
[JsonSerializable(typeof(CliProfile))]
[JsonSerializable(typeof(CreateIntegrationRequest))]
[JsonSerializable(typeof(StorageObject))]
[JsonSerializable(typeof(Folder))]
[JsonSerializable(typeof(Page<Folder>))]
[JsonSerializable(typeof(CreateFolderRequest))]
[JsonSerializable(typeof(UpdateFolderRequest))]
[JsonSerializable(typeof(PatchFoldersRequest))]
[JsonSerializable(typeof(Item))]
[JsonSerializable(typeof(Page<Item>))]
[JsonSerializable(typeof(ImportJob))]
[JsonSerializable(typeof(Page<ImportJob>))]
[JsonSerializable(typeof(Page<UnitError>))]
[JsonSerializable(typeof(Page<ItemWithName>))]
[JsonSerializable(typeof(SpecValidation))]
[JsonSerializable(typeof(SpecProblem))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(AddScalarRequest))]
[JsonSerializable(typeof(AddEnumRequest))]
[JsonSerializable(typeof(AddEnumOptionsRequest))]
[JsonSerializable(typeof(AddEmbeddingRequest))]
[JsonSerializable(typeof(AddGeospatialRequest))]
[JsonSerializable(typeof(MetadataSchemaReport))]
[JsonSerializable(typeof(UpdateItemRequest))]
[JsonSerializable(typeof(PatchItemsRequest))]
[JsonSerializable(typeof(ItemQueryRequest))]
[JsonSerializable(typeof(ValueCounts))]
[JsonSerializable(typeof(IReadOnlyList<MetadataValueProblem>))]
public sealed partial class CurioJsonContext : JsonSerializerContext;
