using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using Curio.Connectors;
using Curio.Contracts;
using Curio.Server.Hosting;
using Curio.Server.Jobs;
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
        group.MapPost("/", CreateAsync).WithName("CreateIntegration").WithSummary("Create an integration; credentials are stored encrypted and never returned");
        group.MapGet("/{integration}", GetAsync).WithName("GetIntegration").WithSummary("Get an integration by name or UUID");
        group.MapDelete("/{integration}", DeleteAsync).WithName("DeleteIntegration").WithSummary("Delete an unused integration");
        group.MapGet("/{integration}/objects", ObjectListing.ListAsync).WithName("ListStorageObjects")
            .WithSummary("Stream the objects under a prefix, one JSON object per line (application/x-ndjson)")
            .Produces<StorageObject>(StatusCodes.Status200OK, ObjectListing.ContentType);
    }

    private static async Task<Ok<Page<Integration>>> ListAsync(IStorage storage, CancellationToken cancellationToken) =>
        TypedResults.Ok(new Page<Integration> { Results = await AllAsync(storage, cancellationToken) });

    /// <summary>Every integration, as the API lists them (credential kinds, never values).</summary>
    internal static async Task<IReadOnlyList<Integration>> AllAsync(IStorage storage, CancellationToken cancellationToken) =>
        (await storage.Integrations.ListAsync(cancellationToken)).Select(ToDto).ToList();

    private static async Task<Created<Integration>> CreateAsync(
        CreateIntegrationRequest request, IStorage storage, IntegrationSecretsProtector protector, TimeProvider time, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        var integration = await CreateFromAsync(request, storage, protector, time, user.UserUuid(), cancellationToken);
        return TypedResults.Created($"/api/v1/integrations/{integration.Uuid}", integration);
    }

    /// <summary>Checks the request as the provider needs it, encrypts its credentials and stores it; the API and the web UI create through here.</summary>
    internal static async Task<Integration> CreateFromAsync(
        CreateIntegrationRequest request, IStorage storage, IntegrationSecretsProtector protector, TimeProvider time, Guid? createdBy,
        CancellationToken cancellationToken)
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
            Endpoint = Blank(request.Endpoint),
            Region = Blank(request.Region),
            Bucket = Blank(request.Bucket),
            PathStyle = request.PathStyle,
            Anonymous = request.Anonymous,
            StrictClientOnly = request.StrictClientOnly,
            SignedUrlTtlSeconds = request.SignedUrlTtlSeconds,
        };
        var secrets = new IntegrationSecrets
        {
            AccessKey = Blank(request.AccessKey),
            SecretKey = Blank(request.SecretKey),
            SessionToken = Blank(request.SessionToken),
            ConnectionString = Blank(request.ConnectionString),
            AccountKey = Blank(request.AccountKey),
            Sas = Blank(request.Sas)?.TrimStart('?'),
            ServiceAccountJson = Blank(request.ServiceAccountJson),
        };
        if (ObjectSourceFactory.Validate(settings, secrets) is { } error)
        {
            throw ProblemException.BadRequest(error, ErrorCodes.IntegrationInvalid);
        }

        var kinds = secrets.Kinds();
        settings = settings with { CredentialKinds = kinds.Count == 0 ? null : kinds };
        var record = new IntegrationRecord
        {
            Uuid = Guid.CreateVersion7(time.GetUtcNow()),
            Name = request.Name,
            Provider = settings.Provider,
            Settings = JsonSerializer.Serialize(settings, ServerJson.Default.IntegrationSettings),
            Secrets = protector.Protect(secrets),
            CreatedBy = createdBy,
            CreatedAt = time.GetUtcNow(),
        };
        if (!await storage.Integrations.CreateAsync(record, cancellationToken))
        {
            throw ProblemException.Conflict(ErrorCodes.IntegrationNameTaken, $"An integration named '{request.Name}' exists already.");
        }

        return ToDto(record);
    }

    private static async Task<Ok<Integration>> GetAsync(string integration, IStorage storage, CancellationToken cancellationToken) =>
        TypedResults.Ok(ToDto(await FindAsync(storage, integration, cancellationToken)));

    private static async Task<NoContent> DeleteAsync(string integration, IStorage storage, ObjectSources sources, CancellationToken cancellationToken)
    {
        await DeleteUnusedAsync(integration, storage, sources, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Deletes an integration nothing uses any more; one that items or jobs still use is a conflict.</summary>
    internal static async Task DeleteUnusedAsync(string integration, IStorage storage, ObjectSources sources, CancellationToken cancellationToken)
    {
        var record = await FindAsync(storage, integration, cancellationToken);
        var status = await storage.Integrations.DeleteAsync(record.Uuid, cancellationToken);
        if (status == IntegrationDeleteStatus.InUse)
        {
            throw ProblemException.Conflict(ErrorCodes.IntegrationInUse, $"Items or import jobs still use the integration '{record.Name}'; delete them first.");
        }

        sources.Forget(record.Uuid);
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
            Endpoint = settings.Endpoint,
            Region = settings.Region,
            Bucket = settings.Bucket,
            PathStyle = settings.PathStyle,
            Anonymous = settings.Anonymous,
            StrictClientOnly = settings.StrictClientOnly,
            SignedUrlTtlSeconds = settings.IsCloud ? (int)settings.SignedUrlTtl.TotalSeconds : null,
            // The kinds are kept beside the ciphertext so listing never needs to decrypt.
            Credentials = settings.CredentialKinds ?? [],
            CreatedAt = record.CreatedAt,
        };
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex NamePattern();
}
