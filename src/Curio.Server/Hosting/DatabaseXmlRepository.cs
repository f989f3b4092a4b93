using System.Xml.Linq;
using Curio.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Curio.Server.Hosting;

/// <summary>
/// The Data Protection key ring in the shared database. ASP.NET's repository interface is synchronous; it is called when
/// the key ring is first needed and when a key is created (every 90 days), so blocking on the store there is fine.
/// </summary>
internal sealed class DatabaseXmlRepository(IKeyRingStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        store.ListAsync(CancellationToken.None).GetAwaiter().GetResult().Select(x => XElement.Parse(x)).ToList();

    public void StoreElement(XElement element, string friendlyName) =>
        store.StoreAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting), CancellationToken.None).GetAwaiter().GetResult();
}
