namespace Curio.Core.Filtering;

/// <summary>
/// Bounds on what a filter may hold, so that a request cannot make parsing, binding or the SQL it compiles to
/// arbitrarily expensive. Both forms enforce the same numbers; docs/filters.md explains how each is counted.
/// </summary>
public static class FilterLimits
{
    /// <summary>Characters of filter text, or bytes of a UTF-8 JSON filter.</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>Levels of AND, OR and NOT: a lone condition is at depth 1, <c>a AND b</c> has depth 2.</summary>
    public const int MaxDepth = 64;

    /// <summary>Conditions plus AND, OR and NOT nodes (an n-ary AND counts once).</summary>
    public const int MaxNodes = 256;

    /// <summary>Values in one <c>in</c> or <c>not in</c> list.</summary>
    public const int MaxInValues = 1000;
}
