using Curio.Contracts;

namespace Curio.Sdk;

/// <summary>Filters and page size of <see cref="CurioClient.GetItemsAsync"/> and <see cref="CurioClient.GetItemsPageAsync"/>.</summary>
public sealed class ItemQuery
{
    /// <summary>Items per request, 1 to 1000; null for the server's default (100).</summary>
    public int? PageSize { get; set; }

    /// <summary>Only items of these types; empty for all.</summary>
    public ICollection<ItemType> ItemTypes { get; } = new List<ItemType>();

    /// <summary>Only items whose name contains this text; null for all.</summary>
    public string? Search { get; set; }

    /// <summary>Give each item a <see cref="Item.SignedUrl"/> a browser can fetch for the integration's TTL.</summary>
    public bool SignUrls { get; set; }
}
