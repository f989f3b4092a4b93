using System.Text.Json.Serialization;
using Curio.Connectors;
using Curio.Contracts;

namespace Curio.Server.Hosting;

/// <summary>JSON the server keeps for itself: integration settings and job warnings in the database.</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IntegrationSettings))]
[JsonSerializable(typeof(IntegrationSecrets))]
[JsonSerializable(typeof(List<SpecProblem>))]
internal sealed partial class ServerJson : JsonSerializerContext;
