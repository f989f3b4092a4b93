using System.Text.Json;
using Curio.Contracts;

namespace Curio.Sdk;

/// <summary>Filters, order and page size of <see cref="CurioClient.GetItemsAsync"/> and <see cref="CurioClient.GetItemsPageAsync"/>.</summary>
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

    /// <summary>
    /// Only items matching this filter, in the text form (docs/filters.md), e.g.
    /// <c>camera in ("front", "rear") AND score &gt;= 0.5</c>; keys are schema keys, then built-in fields (<c>$size</c>, ...).
    /// Sent as a query parameter. Set this or <see cref="FilterDocument"/>, not both.
    /// </summary>
    public string? Filter { get; set; }

    /// <summary>
    /// Only items matching this filter, in the JSON form, e.g. <c>{"key": "camera", "op": "in", "values": ["front"]}</c>.
    /// The listing is then a POST of the query (<c>.../items/query</c>), which, unlike a GET, is not retried.
    /// Set this or <see cref="Filter"/>, not both.
    /// </summary>
    public JsonElement? FilterDocument { get; set; }

    /// <summary>A schema key or built-in field to order by; items without a value for it are left out. Null: oldest first.</summary>
    public string? Sort { get; set; }

    /// <summary>Largest first, with <see cref="Sort"/>.</summary>
    public bool Descending { get; set; }
}
