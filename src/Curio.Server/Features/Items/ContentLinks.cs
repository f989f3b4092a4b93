using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Curio.Server.Features.Items;

/// <summary>
/// Time-limited links to <c>/api/v1/items/{uuid}/content</c> for objects whose storage cannot sign URLs (local
/// folders): the server signs instead, with its data-protection keys, so a browser can fetch the object without the
/// API token, exactly as it would a bucket's signed URL.
/// </summary>
internal sealed class ContentLinks(IDataProtectionProvider provider, TimeProvider time)
{
    private readonly ITimeLimitedDataProtector _protector = provider.CreateProtector("Curio.Items.ContentLinks.v1").ToTimeLimitedDataProtector();

    public string Create(Guid item, TimeSpan ttl) =>
        $"/api/v1/items/{item}/content?link={_protector.Protect(item.ToString("N"), time.GetUtcNow() + ttl)}";

    /// <summary>True when <paramref name="link"/> was issued by this server for <paramref name="item"/> and has not expired.</summary>
    public bool IsValid(string link, Guid item)
    {
        try
        {
            // The protector's own clock is the system clock; expiry is checked against ours too, for tests.
            return _protector.Unprotect(link, out var expires) == item.ToString("N") && expires > time.GetUtcNow();
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            // FormatException: not even base64url, e.g. a link cut short when pasted.
            return false;
        }
    }
}
