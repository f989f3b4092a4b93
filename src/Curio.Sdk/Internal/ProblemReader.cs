using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Curio.Contracts;

namespace Curio.Sdk.Internal;

/// <summary>Turns an error response into a <see cref="CurioRequestFailedException"/>, reading its problem document when it has one.</summary>
internal static class ProblemReader
{
    /// <summary>Problem documents are small; a body beyond this is not an API problem (a proxy's page, ...).</summary>
    private const int MaxBodyChars = 1 << 20;

    public static async Task<CurioRequestFailedException> CreateAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            body = "";
        }

        var problem = body.Length is > 0 and <= MaxBodyChars && body.TrimStart().StartsWith('{') ? Parse(body) : null;
        var what = problem?.Details.Detail ?? problem?.Details.Title ?? response.ReasonPhrase ?? "The request failed";
        var code = problem?.ErrorCode;
        var message = $"{what.TrimEnd('.')}. (HTTP {status}{(code is null ? "" : ", " + code)}, {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath})";
        return new CurioRequestFailedException(status, message, code, null)
        {
            Problem = problem?.Details,
            SpecProblems = problem?.SpecProblems ?? [],
            UnlistedSpecProblemCount = problem?.Unlisted ?? 0,
            MetadataProblems = problem?.MetadataProblems ?? [],
            TraceId = problem?.TraceId,
        };
    }

    private static ParsedProblem? Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var details = new CurioProblemDetails(body)
            {
                Type = String(root, "type"),
                Title = String(root, "title"),
                Detail = String(root, "detail"),
                Status = root.TryGetProperty("status", out var s) && s.TryGetInt32(out var n) ? n : null,
            };
            var problems = new List<SpecProblem>();
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var error in errors.EnumerateArray())
                {
                    if (ReadSpecProblem(error) is { } problem)
                    {
                        problems.Add(problem);
                    }
                }
            }

            var metadataProblems = new List<MetadataValueProblem>();
            if (root.TryGetProperty("problems", out var values) && values.ValueKind == JsonValueKind.Array)
            {
                foreach (var value in values.EnumerateArray())
                {
                    if (Read(value, CurioJsonContext.Default.MetadataValueProblem) is { } problem)
                    {
                        metadataProblems.Add(problem);
                    }
                }
            }

            var unlisted = root.TryGetProperty("unlistedErrorCount", out var u) && u.TryGetInt32(out var count) ? count : 0;
            return new ParsedProblem(details, String(root, "errorCode"), String(root, "traceId"), problems, unlisted, metadataProblems);
        }
        catch (JsonException)
        {
            // Not a problem document after all (or one with an unexpected shape): the status alone is reported.
            return null;
        }
    }

    private static SpecProblem? ReadSpecProblem(JsonElement element) => Read(element, CurioJsonContext.Default.SpecProblem);

    private static T? Read<T>(JsonElement element, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return element.ValueKind == JsonValueKind.Object ? element.Deserialize(type) : null;
        }
        catch (JsonException)
        {
            // One malformed entry does not hide the others.
            return null;
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed record ParsedProblem(
        CurioProblemDetails Details, string? ErrorCode, string? TraceId, List<SpecProblem> SpecProblems, int Unlisted, List<MetadataValueProblem> MetadataProblems);
}
