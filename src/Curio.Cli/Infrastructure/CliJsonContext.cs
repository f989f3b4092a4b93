using System.Text.Json;
using System.Text.Json.Serialization;

namespace Curio.Cli.Infrastructure;

/// <summary>JSON of the documents only the CLI prints (API shapes go through <c>CurioJsonContext</c>); the same conventions.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ServeInfo))]
[JsonSerializable(typeof(CsvDownload))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

/// <summary><c>curio serve --output json</c>: printed once the server listens.</summary>
internal sealed record ServeInfo(IReadOnlyList<string> Urls, string Profile, AdminCredentials? Credentials);

/// <summary>The admin's first-run credentials.</summary>
internal sealed record AdminCredentials(string? UserName, string? Password, string? Token, string? SavedTo);

/// <summary><c>curio jobs errors JOB --csv FILE --output json</c>.</summary>
internal sealed record CsvDownload(Guid JobId, string Csv, int UnitErrorCount);
