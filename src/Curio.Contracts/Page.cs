namespace Curio.Contracts;

/// <summary>One page of a listing. Pass <see cref="NextPageToken"/> back as <c>pageToken</c> for the next; null on the last page.</summary>
/// <typeparam name="T">The listed resource.</typeparam>
public sealed record Page<T>
{
    /// <summary>The resources of this page.</summary>
    public required IReadOnlyList<T> Results { get; init; }

    /// <summary>Token of the next page, or null when this is the last.</summary>
    public string? NextPageToken { get; init; }
}
