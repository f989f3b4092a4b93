using System.Security.Cryptography;
using System.Text.Json;
using Curio.Connectors;
using Curio.Server.Hosting;
using Microsoft.AspNetCore.DataProtection;

namespace Curio.Server.Features.Integrations;

/// <summary>
/// Encrypts integration credentials with the server's data-protection key ring before they reach the database, so a
/// copy of the database alone reveals no secret. The key ring lives in the data directory's <c>keys</c> folder.
/// </summary>
internal sealed class IntegrationSecretsProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Curio.Integrations.Secrets.v1");

    public string? Protect(IntegrationSecrets secrets) =>
        secrets.IsEmpty ? null : _protector.Protect(JsonSerializer.Serialize(secrets, ServerJson.Default.IntegrationSecrets));

    public IntegrationSecrets Unprotect(string? protectedSecrets, string integrationName)
    {
        if (protectedSecrets is null)
        {
            return new IntegrationSecrets();
        }

        try
        {
            return JsonSerializer.Deserialize(_protector.Unprotect(protectedSecrets), ServerJson.Default.IntegrationSecrets)
                ?? new IntegrationSecrets();
        }
        catch (CryptographicException ex)
        {
            // The key ring is not the one the secrets were written with: a restored database without its keys folder.
            throw new InvalidOperationException(
                $"The credentials of the integration '{integrationName}' cannot be decrypted with this server's keys; restore the data " +
                "directory's keys folder with the database, or delete and re-create the integration.", ex);
        }
    }
}
