using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using Curio.Connectors;
using Curio.Contracts;
using Curio.Server.Hosting;
using Curio.Storage;
using Curio.Storage.Integrations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Curio.Server.Features.Integrations;

internal static partial class IntegrationEndpoints
{
    public static void MapIntegrations(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/integrations").WithTags("Integrations");
        group.MapGet("/", ListAsync).WithName("ListIntegrations").WithSummary("List integrations");
        group.MapPost("/", CreateAsync).WithName("CreateIntegration").WithSummary("Create an integration");
        group.MapGet("/{integration}", GetAsync).WithName("GetIntegration").WithSummary("Get an integration by name or UUID");
        group.MapDelete("/{integration}", DeleteAsync).WithName("DeleteIntegration").WithSummary("Delete an unused integration");
    }

    private static async Task<Ok<Page<Integration>>> ListAsync(IStorage storage, CancellationToken cancellationToken) =>
        TypedResults.Ok(new Page<Integration> { Results = (await storage.Integrations.ListAsync(cancellationToken)).Select(ToDto).ToList() });

    private static async Task<Created<Integration>> CreateAsync(
        CreateIntegrationRequest request, IStorage storage, TimeProvider time, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Name) || !NamePattern().IsMatch(request.Name))
        {
            throw ProblemException.BadRequest("An integration name is 1 to 100 letters, digits, '-', '_' or '.'.", ErrorCodes.IntegrationInvalid);
        }

        var settings = new IntegrationSettings
        {
            Provider = request.Provider?.ToLowerInvariant() ?? "",
            Root = request.Root,
            AllowPrivateNetworks = request.AllowPrivateNetworks,
        };
        if (ObjectSourceFactory.Validate(settings) is { } error)
        {
            throw ProblemException.BadRequest(error, ErrorCodes.IntegrationInvalid);
        }

        var record = new IntegrationRecord
        {
            Uuid = Guid.CreateVersion7(time.GetUtcNow()),
            Name = request.Name,
            Provider = settings.Provider,
            Settings = JsonSerializer.Serialize(settings, ServerJson.Default.IntegrationSettings),
            CreatedBy = user.UserUuid(),
            CreatedAt = time.GetUtcNow(),
        };
        if (!await storage.Integrations.CreateAsync(record, cancellationToken))
        {
            throw ProblemException.Conflict(ErrorCodes.IntegrationNameTaken, $"An integration named '{request.Name}' exists already.");
        }

        return TypedResults.Created($"/api/v1/integrations/{record.Uuid}", ToDto(record));
    }

    private static async Task<Ok<Integration>> GetAsync(string integration, IStorage storage, CancellationToken cancellationToken) =>
        TypedResults.Ok(ToDto(await FindAsync(storage, integration, cancellationToken)));

    private static async Task<NoContent> DeleteAsync(string integration, IStorage storage, CancellationToken cancellationToken)
    {
        var record = await FindAsync(storage, integration, cancellationToken);
        return await storage.Integrations.DeleteAsync(record.Uuid, cancellationToken) switch
        {
            IntegrationDeleteStatus.InUse => throw ProblemException.Conflict(ErrorCodes.IntegrationInUse,
                $"Items or import jobs still use the integration '{record.Name}'; delete them first."),
            _ => TypedResults.NoContent(),
        };
    }

    /// <summary>By UUID, else by name.</summary>
    public static async Task<IntegrationRecord> FindAsync(IStorage storage, string nameOrUuid, CancellationToken cancellationToken) =>
        (Guid.TryParse(nameOrUuid, out var uuid) ? await storage.Integrations.GetAsync(uuid, cancellationToken) : null)
        ?? await storage.Integrations.FindByNameAsync(nameOrUuid, cancellationToken)
        ?? throw ProblemException.NotFound(ErrorCodes.IntegrationNotFound, $"No integration is named '{nameOrUuid}'. List them with `curio integrations list`.");

    public static IntegrationSettings Settings(this IntegrationRecord record) =>
        JsonSerializer.Deserialize(record.Settings, ServerJson.Default.IntegrationSettings)
        ?? throw new InvalidDataException($"Integration {record.Uuid} has no settings.");

    private static Integration ToDto(IntegrationRecord record)
    {
        var settings = record.Settings();
        return new Integration
        {
            Uuid = record.Uuid,
            Name = record.Name,
            Provider = record.Provider,
            Root = settings.Root,
            AllowPrivateNetworks = settings.AllowPrivateNetworks,
            CreatedAt = record.CreatedAt,
        };
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex NamePattern();
}
