using System.Text.Json;
using Curio.Contracts;
using Curio.Core.Metadata;
using Curio.Server.Hosting;

namespace Curio.Server.Features.Metadata;

/// <summary>Refuses custom metadata whose schema keys do not conform, with a 422 that names each item, key, expected type and value.</summary>
internal static class MetadataChecks
{
    private const int MaxListed = 100;

    public static void ThrowIfInvalid(MetadataSchema schema, IEnumerable<(Guid Item, JsonElement Metadata)> updates)
    {
        var problems = new List<MetadataValueProblem>();
        foreach (var (item, metadata) in updates)
        {
            foreach (var p in MetadataValues.Check(schema, metadata).Problems)
            {
                problems.Add(new MetadataValueProblem { Item = item, Key = p.Key, Expected = p.Expected, Value = p.Value, Message = $"Item {item}: {p.Message}." });
            }
        }

        if (problems.Count == 0)
        {
            return;
        }

        var first = problems[0];
        var problem = new ProblemException(422, ErrorCodes.MetadataValueInvalid, "Custom metadata does not match the schema",
            $"{first.Message}{(problems.Count > 1 ? $" ({problems.Count - 1} more in 'problems'.)" : "")} Fix the values, or change the key's type in the schema; nothing was updated.");
        problem.Extensions["problems"] = problems.Take(MaxListed).ToList();
        throw problem;
    }
}
