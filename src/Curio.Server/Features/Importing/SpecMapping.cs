using Curio.Contracts;
using Curio.Core.Specs;

namespace Curio.Server.Features.Importing;

/// <summary>Spec problems as the API shows them; also used by the CLI's offline <c>spec validate</c>.</summary>
public static class SpecMapping
{
    public static SpecProblem ToDto(SpecIssue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return new SpecProblem
        {
            Code = issue.Code,
            Message = issue.Message,
            Path = issue.Path,
            Line = issue.Line,
            Column = issue.Column,
            ItemIndex = issue.ItemIndex,
            Location = issue.Location,
        };
    }

    public static SpecValidation ToDto(SpecReadResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new SpecValidation
        {
            Valid = result.IsValid,
            Format = FormatName(result.Format),
            Dialect = result.Dialect switch
            {
                SpecDialect.Typed => "typed",
                SpecDialect.Csv => "csv",
                _ => "userFile",
            },
            UnitCount = result.UnitCount,
            UrlCount = result.UrlCount,
            SkipDuplicateUrls = result.SkipDuplicateUrls,
            UpsertMetadata = result.UpsertMetadata,
            Errors = result.Errors.Select(ToDto).ToList(),
            UnlistedErrorCount = result.UnlistedErrorCount,
            Warnings = result.Warnings.Select(ToDto).ToList(),
        };
    }

    public static string FormatName(SpecFormat format) => format == SpecFormat.Csv ? "csv" : "json";

    /// <summary>The <c>format</c> query value; null or empty means "decide from the file".</summary>
    public static bool TryParseFormat(string? value, out SpecFormat format)
    {
        format = value?.ToLowerInvariant() switch
        {
            null or "" => SpecFormat.Auto,
            "json" => SpecFormat.Json,
            "csv" => SpecFormat.Csv,
            _ => (SpecFormat)(-1),
        };
        return Enum.IsDefined(format);
    }
}
