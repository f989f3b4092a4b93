using System.Text.Json.Serialization;

namespace Curio.Storage;

/// <summary>The few JSON values the stores keep in text columns (URL lists, job messages).</summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class StorageJson : JsonSerializerContext;
