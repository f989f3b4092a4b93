using System.Text.Json;
using Curio.Contracts;
using Curio.Core.Filtering;
using Curio.Server.Features.Metadata;
using Curio.Server.Hosting;

namespace Curio.Server.Features.Items;

/// <summary>Reads a filter (text or JSON document) and a sort key, and binds them to the current schema; any problem is a 400 that says where.</summary>
internal static class ItemFilters
{
    public static async ValueTask<(BoundFilter? Filter, BoundTarget? Sort)> BindAsync(
        string? text, JsonElement? document, string? sort, SchemaCache schemas, CancellationToken cancellationToken)
    {
        if (text is null && document is null && sort is null)
        {
            return (null, null);
        }

        FilterNode? node;
        try
        {
            node = document is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } d ? FilterJson.Parse(d)
                : string.IsNullOrWhiteSpace(text) ? null
                : FilterParser.Parse(text);
        }
        catch (FilterException ex)
        {
            throw Invalid($"The filter cannot be read: {ex.Message}.", ex.Message);
        }

        var schema = await schemas.GetAsync(cancellationToken);
        try
        {
            return (node is null ? null : FilterBinder.Bind(node, schema), sort is null ? null : FilterBinder.SortTarget(sort, schema));
        }
        catch (FilterBindException ex)
        {
            throw Invalid(ex.Message, null);
        }
    }

    public static async ValueTask<BoundTarget> CountTargetAsync(string key, SchemaCache schemas, CancellationToken cancellationToken)
    {
        var schema = await schemas.GetAsync(cancellationToken);
        try
        {
            var target = FilterBinder.SortTarget(key, schema);
            return target.Kind is Core.Metadata.IndexKind.Enum or Core.Metadata.IndexKind.Boolean or Core.Metadata.IndexKind.Varchar
                ? target
                : throw new FilterBindException($"'{key}' is not an enum, boolean or varchar key; counts are per option or value.");
        }
        catch (FilterBindException ex)
        {
            throw Invalid(ex.Message, null);
        }
    }

    private static ProblemException Invalid(string detail, string? location)
    {
        var problem = ProblemException.BadRequest(detail, ErrorCodes.FilterInvalid);
        if (location is not null)
        {
            problem.Extensions["location"] = location;
        }

        return problem;
    }
}
