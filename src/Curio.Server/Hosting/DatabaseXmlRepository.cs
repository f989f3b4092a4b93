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

/// <summary>
/// Picks the key ring's repository (the database or the data directory) when the key ring is first read, not when the
/// app is built: the web UI's antiforgery middleware builds the Data Protection services while the pipeline is set up,
/// and the data directory must not be locked (nor the database opened) before the server starts.
/// </summary>
internal sealed class DeferredXmlRepository(Func<IXmlRepository> create) : IXmlRepository
{
    private readonly Lazy<IXmlRepository> _inner = new(create);

    public IReadOnlyCollection<XElement> GetAllElements() => _inner.Value.GetAllElements();

    public void StoreElement(XElement element, string friendlyName) => _inner.Value.StoreElement(element, friendlyName);
}
