using Curio.Contracts;
using Curio.Sdk.Internal;

namespace Curio.Sdk;

// Integrations: where the files of an import are read from.
public partial class CurioClient
{
    /// <summary>Lists the integrations.</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>Every integration; pages are requested as the caller enumerates.</returns>
    public virtual IAsyncEnumerable<Integration> GetIntegrationsAsync(CancellationToken cancellationToken = default) =>
        PagesAsync((token, ct) => SendAsync(HttpMethod.Get,
            new RequestPath("api/v1/integrations").Query("pageToken", token).ToString(), null, CurioJsonContext.Default.PageIntegration, ct), cancellationToken);

    /// <summary>Gets an integration.</summary>
    /// <param name="nameOrUuid">Its name, or its UUID.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The integration.</returns>
    /// <exception cref="CurioRequestFailedException">404 <see cref="ErrorCodes.IntegrationNotFound"/>, among others.</exception>
    public virtual Task<Integration> GetIntegrationAsync(string nameOrUuid, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(nameOrUuid);
        return SendAsync(HttpMethod.Get, $"api/v1/integrations/{RequestPath.Segment(nameOrUuid)}", null, CurioJsonContext.Default.Integration, cancellationToken);
    }

    /// <summary>Creates an integration: a local folder of the server's machine (<c>local</c>) or URLs read as given (<c>direct</c>).</summary>
    /// <param name="request">Its name, provider and settings.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The new integration.</returns>
    /// <exception cref="CurioRequestFailedException">400 <see cref="ErrorCodes.IntegrationInvalid"/>, 409 <see cref="ErrorCodes.IntegrationNameTaken"/>, among others.</exception>
    public virtual Task<Integration> CreateIntegrationAsync(CreateIntegrationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.Name, nameof(request));
        ArgumentException.ThrowIfNullOrEmpty(request.Provider, nameof(request));
        return SendAsync(HttpMethod.Post, "api/v1/integrations", Json(request, CurioJsonContext.Default.CreateIntegrationRequest),
            CurioJsonContext.Default.Integration, cancellationToken);
    }

    /// <summary>Deletes an integration that no item or job uses.</summary>
    /// <param name="nameOrUuid">Its name, or its UUID.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when it is deleted.</returns>
    /// <exception cref="CurioRequestFailedException">404, 409 <see cref="ErrorCodes.IntegrationInUse"/>, among others.</exception>
    public virtual Task DeleteIntegrationAsync(string nameOrUuid, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(nameOrUuid);
        return SendAsync(HttpMethod.Delete, $"api/v1/integrations/{RequestPath.Segment(nameOrUuid)}", cancellationToken);
    }
}
