using System.Text.Json;
using Curio.Contracts;
using Curio.Core.Metadata;
using Curio.Server.Hosting;
using Curio.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Curio.Server.Features.Metadata;

/// <summary>
/// The organisation's metadata schema: read and replaced whole as Encord's v2 document, or edited key by key with the
/// SDK's operations; and the report of stored values that do not conform to it.
/// </summary>
internal static class MetadataEndpoints
{
    public const string VersionHeader = "Curio-Schema-Version";

    public static void MapMetadata(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/metadata/schema").WithTags("Metadata");
        group.MapGet("/", GetAsync).WithName("GetMetadataSchema")
            .WithSummary("The metadata schema as Encord's v2 document (key to {ty, ...}); its version in the Curio-Schema-Version header")
            .Produces<JsonElement>(contentType: "application/json");
        group.MapPut("/", ReplaceAsync).WithName("ReplaceMetadataSchema")
            .WithSummary("Replace the whole schema with a v2 (or v1 flat) document; stored values are then re-checked in the background")
            .Produces<JsonElement>(contentType: "application/json");
        group.MapPost("/scalars", (AddScalarRequest r, SchemaCache s, HttpContext h, CancellationToken c) =>
                EditAsync(s, schema => schema.AddScalar(r.Key, MetadataSchema.ParseScalarType(r.Key, r.Type)), h, c))
            .WithName("AddMetadataScalar").WithSummary("Add a scalar key, or change a scalar key's type").Produces<JsonElement>(contentType: "application/json");
        group.MapPost("/enums", (AddEnumRequest r, SchemaCache s, HttpContext h, CancellationToken c) => EditAsync(s, schema => schema.AddEnum(r.Key, r.Values), h, c))
            .WithName("AddMetadataEnum").WithSummary("Add an enum key with 1 to 255 options").Produces<JsonElement>(contentType: "application/json");
        group.MapPost("/enums/{key}/options", (string key, AddEnumOptionsRequest r, SchemaCache s, HttpContext h, CancellationToken c) =>
                EditAsync(s, schema => schema.AddEnumOptions(key, r.Values), h, c))
            .WithName("AddMetadataEnumOptions").WithSummary("Add options to an enum key (255 in all at most)").Produces<JsonElement>(contentType: "application/json");
        group.MapPost("/embeddings", (AddEmbeddingRequest r, SchemaCache s, HttpContext h, CancellationToken c) => EditAsync(s, schema => schema.AddEmbedding(r.Key, r.Size), h, c))
            .WithName("AddMetadataEmbedding").WithSummary("Add an embedding key of 1 to 4096 dimensions").Produces<JsonElement>(contentType: "application/json");
        group.MapPost("/geospatial", (AddGeospatialRequest r, SchemaCache s, HttpContext h, CancellationToken c) => EditAsync(s, schema => schema.AddGeospatial(r.Key), h, c))
            .WithName("AddMetadataGeospatial").WithSummary("Add a geospatial key ({latitude, longitude})").Produces<JsonElement>(contentType: "application/json");
        group.MapDelete("/keys/{key}", (string key, bool? hard, SchemaCache s, HttpContext h, CancellationToken c) => EditAsync(s, schema => schema.DeleteKey(key, hard ?? false), h, c))
            .WithName("DeleteMetadataKey").WithSummary("Delete a key: soft (restorable) by default, hard=true to forget it").Produces<JsonElement>(contentType: "application/json");
        group.MapPost("/keys/{key}/restore", (string key, SchemaCache s, HttpContext h, CancellationToken c) => EditAsync(s, schema => schema.RestoreKey(key), h, c))
            .WithName("RestoreMetadataKey").WithSummary("Undo a soft delete").Produces<JsonElement>(contentType: "application/json");
        group.MapGet("/report", ReportAsync).WithName("GetMetadataSchemaReport")
            .WithSummary("Progress of the re-check after a schema change, and the stored values that do not conform");
    }

    private static async Task<IResult> GetAsync(SchemaCache schemas, HttpContext http, CancellationToken cancellationToken)
    {
        var record = await schemas.GetRecordAsync(cancellationToken);
        return Document(record.Schema, record.Version, http);
    }

    private static async Task<IResult> ReplaceAsync(JsonElement document, SchemaCache schemas, HttpContext http, CancellationToken cancellationToken)
    {
        var schema = Checked(() => SchemaJson.Read(document));
        var record = await schemas.EditAsync(_ => schema, cancellationToken);
        return Document(record.Schema, record.Version, http);
    }

    private static async Task<IResult> EditAsync(SchemaCache schemas, Func<MetadataSchema, MetadataSchema> edit, HttpContext http, CancellationToken cancellationToken)
    {
        var record = await schemas.EditAsync(schema => Checked(() => edit(schema)), cancellationToken);
        return Document(record.Schema, record.Version, http);
    }

    private static async Task<Ok<MetadataSchemaReport>> ReportAsync(int? pageSize, string? pageToken, IStorage storage, CancellationToken cancellationToken)
    {
        var size = pageSize ?? 100;
        if (size is < 1 or > 1000)
        {
            throw ProblemException.BadRequest("pageSize must be between 1 and 1000.");
        }

        var progress = await storage.Metadata.GetReindexProgressAsync(cancellationToken);
        var page = await storage.Metadata.ListNonconformingAsync(size, pageToken, cancellationToken);
        return TypedResults.Ok(new MetadataSchemaReport
        {
            Version = progress.Version,
            Done = progress.Done,
            ItemsLeft = progress.ItemsLeft,
            NonconformingCount = page.Total,
            Nonconforming = page.Values.Select(v => new NonconformingMetadataValue
            {
                Item = v.ItemUuid,
                ItemName = v.ItemName,
                Folder = v.FolderUuid,
                Key = v.Key,
                Expected = v.Expected,
                Value = v.Value,
            }).ToList(),
            NextPageToken = page.NextPageToken,
        });
    }

    private static IResult Document(MetadataSchema schema, long version, HttpContext http)
    {
        http.Response.Headers[VersionHeader] = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Text(SchemaJson.Write(schema), "application/json");
    }

    private static MetadataSchema Checked(Func<MetadataSchema> edit)
    {
        try
        {
            return edit();
        }
        catch (MetadataSchemaException ex)
        {
            var problem = new ProblemException(422, ErrorCodes.MetadataSchemaInvalid, "Invalid metadata schema", ex.Message);
            problem.Extensions["key"] = ex.Key;
            throw problem;
        }
    }
}
