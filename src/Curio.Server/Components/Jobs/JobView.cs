using Curio.Contracts;

namespace Curio.Server.Components.Jobs;

/// <summary>How the job views word a job's state, progress and times, so the bell and the detail page say the same.</summary>
internal static class JobView
{
    public enum State
    {
        Running,
        Done,
        Failed,
        Cancelled,
    }

    public static State Of(ImportJob job) => job.Status switch
    {
        JobStatus.Done => State.Done,
        JobStatus.Error => State.Failed,
        JobStatus.Cancelled => State.Cancelled,
        _ => State.Running,
    };

    public static bool IsRunning(ImportJob job) => job.Status == JobStatus.Pending;

    public static string Label(State state) => state switch
    {
        State.Running => "Processing",
        State.Done => "Done",
        State.Failed => "Failed",
        _ => "Cancelled",
    };

    /// <summary>Units processed (done or failed) of all: what the spinner's count shows.</summary>
    public static string Progress(ImportJob job) => $"{job.UnitsTotal - job.UnitsPendingCount:N0} / {job.UnitsTotal:N0} units";

    public static string FileName(ImportJob job) => string.IsNullOrEmpty(job.FileName) ? $"(unnamed {job.Format.ToUpperInvariant()} file)" : job.FileName;

    public static string Ago(DateTimeOffset then, DateTimeOffset now)
    {
        var age = now - then;
        return age.TotalSeconds switch
        {
            < 45 => "just now",
            < 90 => "1 min ago",
            < 3600 => $"{(int)Math.Round(age.TotalMinutes)} min ago",
            < 5400 => "1 hour ago",
            < 86400 => $"{(int)Math.Round(age.TotalHours)} hours ago",
            < 172800 => "yesterday",
            _ => then.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Times in UTC: the page is rendered on the server, which does not know the viewer's zone.</summary>
    public static string Utc(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : "—";

    public static string CsvHref(Guid job) => $"/ui/jobs/{job}/errors.csv";
}
