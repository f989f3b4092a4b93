namespace Curio.Core.Specs;

/// <summary>Collects errors and warnings, listing at most a bounded number of each.</summary>
internal sealed class SpecIssues(int maxListed)
{
    private readonly List<SpecIssue> _errors = [];
    private readonly List<SpecIssue> _warnings = [];

    public int ErrorCount { get; private set; }
    public int UnlistedErrors => ErrorCount - _errors.Count;
    public IReadOnlyList<SpecIssue> Errors => _errors;
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
