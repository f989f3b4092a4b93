namespace Curio.Core.Specs;

/// <summary>
/// A problem found in an upload specification. <see cref="Path"/> is a JSON path (<c>$.videos[3].objectUrl</c>),
/// <see cref="Line"/> a 1-based line (CSV lines, and JSON syntax errors), <see cref="ItemIndex"/> the zero-based unit.
/// </summary>
public sealed record SpecIssue(string Code, string Message)
{
    public string? Path { get; init; }
    public int? Line { get; init; }
    public int? Column { get; init; }
    public int? ItemIndex { get; init; }

    /// <summary>"$.videos[3].objectUrl", "line 12", "line 3, column 17" or "file".</summary>
    public string Location => Path is not null && Line is null ? Path
        : Line is not null && Column is not null ? $"line {Line}, column {Column}"
        : Line is not null ? $"line {Line}"
        : "file";

    public override string ToString() => $"{Location}: {Message} [{Code}]";
}
