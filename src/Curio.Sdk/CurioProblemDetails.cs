using System.Text.Json;

namespace Curio.Sdk;

/// <summary>The problem document (RFC 9457, <c>application/problem+json</c>) the server sent with a failure.</summary>
public sealed class CurioProblemDetails
{
    /// <summary>Creates problem details; the SDK makes them from responses, tests may make their own.</summary>
    /// <param name="rawJson">The document as received.</param>
    public CurioProblemDetails(string rawJson)
    {
        ArgumentNullException.ThrowIfNull(rawJson);
        RawJson = rawJson;
    }

    /// <summary>A URI naming the kind of problem.</summary>
    public string? Type { get; init; }

    /// <summary>A short summary of the kind of problem, e.g. <c>Not Found</c>.</summary>
    public string? Title { get; init; }

    /// <summary>What went wrong with this request, for people.</summary>
    public string? Detail { get; init; }

    /// <summary>The HTTP status the document states.</summary>
    public int? Status { get; init; }

    /// <summary>The whole document as the server sent it, with every extension member.</summary>
    public string RawJson { get; }

    /// <summary>The document parsed; every call parses <see cref="RawJson"/> again, and the caller disposes the result.</summary>
    /// <returns>The parsed document.</returns>
    public JsonDocument Parse() => JsonDocument.Parse(RawJson);
}
