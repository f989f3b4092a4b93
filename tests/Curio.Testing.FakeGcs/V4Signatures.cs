using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Curio.Testing.FakeGcs;

/// <summary>Why a signed URL was refused: the status and XML error code GCS would answer.</summary>
internal sealed record SignatureProblem(int Status, string Code, string Message);

/// <summary>
/// Checks a V4 signed URL (GOOG4-RSA-SHA256) the way GCS does: rebuild the canonical request from the URL as
/// received (host taken as <see cref="FakeGcsServer.SignedUrlHost"/>), hash it into the string to sign and verify
/// the RSA signature with the key registered for the credential's service account; then check expiry.
/// </summary>
internal static class V4Signatures
{
    private const string Algorithm = "GOOG4-RSA-SHA256";

    public static SignatureProblem? Check(HttpContext context, FakeGcsServer server)
    {
        var parameters = QueryParameters(context);
        string? Get(string name) => parameters.FirstOrDefault(p => p.Name == name).Value;
        if (Get("X-Goog-Algorithm") != Algorithm)
        {
            return Refused("The signature algorithm is not GOOG4-RSA-SHA256.");
        }

        if (Get("X-Goog-Credential") is not { } credential || credential.IndexOf('/', StringComparison.Ordinal) is not (var slash and > 0)
            || Get("X-Goog-Date") is not { } date || Get("X-Goog-Expires") is not { } expiresText || Get("X-Goog-SignedHeaders") is not { } signedHeaders
            || Get("X-Goog-Signature") is not { } signatureHex)
        {
            return Refused("A V4 signed URL needs X-Goog-Credential, X-Goog-Date, X-Goog-Expires, X-Goog-SignedHeaders and X-Goog-Signature.");
        }

        var email = credential[..slash];
        var scope = credential[(slash + 1)..];
        if (server.SignerKey(email) is not { } key)
        {
            return Refused($"No key is trusted for {email}.");
        }

        if (signedHeaders != "host")
        {
            return Refused("Only the host header may be signed in this fake.");
        }

        var canonicalQuery = string.Join(
            '&',
            parameters.Where(p => p.Name != "X-Goog-Signature")
                .Select(p => (Name: Uri.EscapeDataString(p.Name), Value: Uri.EscapeDataString(p.Value)))
                .OrderBy(p => p.Name, StringComparer.Ordinal)
                .Select(p => $"{p.Name}={p.Value}"));
        var canonicalRequest = string.Join(
            '\n', context.Request.Method, JsonApi.RawPath(context), canonicalQuery, $"host:{server.SignedUrlHost}\n", signedHeaders, "UNSIGNED-PAYLOAD");
        var stringToSign = string.Join('\n', Algorithm, date, scope, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
        byte[] signature;
        try
        {
            signature = Convert.FromHexString(signatureHex);
        }
        catch (FormatException)
        {
            return Refused("The signature is not hexadecimal.");
        }

        if (!key.VerifyData(Encoding.UTF8.GetBytes(stringToSign), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return Refused("The request signature we calculated does not match the signature you provided.");
        }

        if (!DateTimeOffset.TryParseExact(date, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt)
            || !int.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expires) || expires > 604_800)
        {
            return new SignatureProblem(StatusCodes.Status400BadRequest, "AuthorizationQueryParametersError", "X-Goog-Date or X-Goog-Expires is malformed.");
        }

        var now = server.Time.GetUtcNow();
        if (now > signedAt.AddSeconds(expires))
        {
            return new SignatureProblem(StatusCodes.Status400BadRequest, "ExpiredToken", "Invalid argument: the signed URL has expired.");
        }

        return now < signedAt.AddMinutes(-15)
            ? new SignatureProblem(StatusCodes.Status400BadRequest, "RequestNotYetValid", "The signed URL is not valid yet.")
            : null;
    }

    private static SignatureProblem Refused(string message) => new(StatusCodes.Status403Forbidden, "SignatureDoesNotMatch", message);

    /// <summary>Query parameters as sent, decoded, in order (the raw query, so '+' stays a plus as in RFC 3986).</summary>
    private static List<(string Name, string Value)> QueryParameters(HttpContext context)
    {
        var query = context.Request.QueryString.Value ?? "";
        return query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(parts => (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : ""))
            .ToList();
    }
}
