using System.Security.Cryptography;
using System.Text.Json;

namespace Curio.Connectors.Tests.Gcs;

/// <summary>
/// A service-account key file made on the spot: a fresh RSA key, and a token_uri pointing at the fake GCS server
/// (Google's token endpoint is unreachable from tests).
/// </summary>
public sealed class TestServiceAccount : IDisposable
{
    public TestServiceAccount(Uri tokenUri, string name = "curio-test")
    {
        Email = $"{name}@curio-test-project.iam.gserviceaccount.com";
        Json = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["project_id"] = "curio-test-project",
            ["private_key_id"] = Guid.NewGuid().ToString("N"),
            ["private_key"] = Key.ExportPkcs8PrivateKeyPem(),
            ["client_email"] = Email,
            ["client_id"] = "100000000000000000001",
            ["auth_uri"] = "https://accounts.google.com/o/oauth2/auth",
            ["token_uri"] = tokenUri.AbsoluteUri,
        });
    }

    public RSA Key { get; } = RSA.Create(2048);

    public string Email { get; }

    /// <summary>The key file's JSON, as IntegrationSecrets.ServiceAccountJson holds it.</summary>
    public string Json { get; }

    /// <summary>The public half, for <c>FakeGcsServer.TrustSigner</c>.</summary>
    public RSA PublicKey()
    {
        var key = RSA.Create();
        key.ImportParameters(Key.ExportParameters(includePrivateParameters: false));
        return key;
    }

    public void Dispose() => Key.Dispose();
}
