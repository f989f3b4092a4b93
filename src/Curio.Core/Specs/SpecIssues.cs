namespace Curio.Core.Specs;

/// <summary>Collects errors and warnings, listing at most a bounded number of each.</summary>
internal sealed class SpecIssues(int maxListed)
{
    private readonly List<SpecIssue> _errors = [];
    private readonly List<SpecIssue> _warnings = [];

    public int ErrorCount { get; private set; }
    public int UnlistedErrors => ErrorCount - _errors.Count;

    /// <summary>The listed errors, followed by a <see cref="SpecErrorCodes.TooManyErrors"/> entry when some were left out.</summary>
    public IReadOnlyList<SpecIssue> Errors => UnlistedErrors == 0
        ? _errors
        : [.. _errors, new SpecIssue(SpecErrorCodes.TooManyErrors,
            $"{UnlistedErrors:N0} more problems were found and are not listed. Fix the ones above and check the file again to see the rest.")];

    public IReadOnlyList<SpecIssue> Warnings => _warnings;

    public void Error(SpecIssue issue)
    {
        ErrorCount++;
        if (_errors.Count < maxListed)
        {
            _errors.Add(issue);
        }
    }

    public void Warning(SpecIssue issue)
    {
        if (_warnings.Count < maxListed)
        {
            _warnings.Add(issue);
        }
    }
}
