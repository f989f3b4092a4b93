using System.Security.Claims;
using Curio.Contracts;
using Curio.Core.Specs;
using Curio.Server.Features.Folders;
using Curio.Server.Features.Integrations;
using Curio.Server.Features.Jobs;
using Curio.Server.Hosting;
using Curio.Storage;
using Curio.Storage.Jobs;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Curio.Server.Features.Importing;

internal static class ImportEndpoints
{
    private static readonly string[] SpecContentTypes = ["application/json", "text/csv", "text/plain", "application/octet-stream"];

    public static void MapImports(this IEndpointRouteBuilder api)
    {
        api.MapPost("/folders/{uuid:guid}/imports", SubmitAsync).WithTags("Imports").WithName("StartImport")
            .WithSummary("Register the files of an upload file (Encord JSON or CSV, sent raw as the body) into a folder")
            .AddOpenApiOperationTransformer(DescribeBody);
        api.MapPost("/specs/validate", ValidateAsync).WithTags("Imports").WithName("ValidateSpec")
            .WithSummary("Check an upload file without importing anything")
            .AddOpenApiOperationTransformer(DescribeBody);
    }

    /// <summary>
    /// The body is the upload file, raw, in any content type (curl sends CSV as text/plain): the format comes from
    /// the format or fileName parameters, else from the first bytes. So it is described here rather than constrained.
    /// </summary>
    private static Task DescribeBody(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "The upload file: Encord JSON (either dialect) or CSV, as is.",
            Content = SpecContentTypes.ToDictionary(t => t, _ => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } }),
        };
        return Task.CompletedTask;
    }

    private static async Task<Accepted<ImportJob>> SubmitAsync(
        Guid uuid, string? integration, bool? ignoreErrors, string? fileName, string? format,
        HttpContext context, IStorage storage, ImportSubmitter submitter, IOptions<CurioOptions> options, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        var specFormat = ParseFormat(format);
        AllowLargeBody(context, options.Value.Import.MaxSpecBytes);
        var job = await StartAsync(storage, submitter, uuid, integration, context.Request.Body, ignoreErrors ?? false, fileName, specFormat, user.UserUuid(),
            cancellationToken);
        return TypedResults.Accepted($"/api/v1/jobs/{job.Uuid}", await JobMapping.ToDtoAsync(job, storage, cancellationToken));
    }

    /// <summary>
    /// Checks the folder and the integration (by name or UUID), then submits the upload file: the endpoint and the
    /// web UI's import dialog both start imports here.
    /// </summary>
    internal static async Task<JobRecord> StartAsync(
        IStorage storage, ImportSubmitter submitter, Guid folder, string? integration, Stream body, bool ignoreErrors, string? fileName, SpecFormat format,
        Guid? user, CancellationToken cancellationToken)
    {
        if (await storage.Folders.GetAsync(folder, cancellationToken) is null)
        {
            throw FolderNames.NotFound(folder.ToString());
        }

        if (string.IsNullOrEmpty(integration))
        {
            throw ProblemException.BadRequest("Say which integration reads the files: ?integration=<name or uuid>.");
        }

        var source = await IntegrationEndpoints.FindAsync(storage, integration, cancellationToken);
        return await submitter.SubmitAsync(body, new ImportTarget(folder, source.Uuid, ignoreErrors, fileName, format, user), cancellationToken);
    }

    private static async Task<Ok<SpecValidation>> ValidateAsync(
        string? fileName, string? format, HttpContext context, ImportSubmitter submitter, IOptions<CurioOptions> options, CancellationToken cancellationToken)
    {
        var specFormat = ParseFormat(format);
        AllowLargeBody(context, options.Value.Import.MaxSpecBytes);
        var result = await submitter.ValidateAsync(context.Request.Body, fileName, specFormat, cancellationToken);
        return TypedResults.Ok(SpecMapping.ToDto(result));
    }

    private static SpecFormat ParseFormat(string? format) =>
        SpecMapping.TryParseFormat(format, out var parsed) ? parsed : throw ProblemException.BadRequest("format must be 'json' or 'csv'.");

    private static void AllowLargeBody(HttpContext context, long maxBytes)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }
    }
}
