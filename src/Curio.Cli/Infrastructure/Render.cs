using System.Globalization;
using System.Text.Json;
using Curio.Contracts;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Curio.Cli.Infrastructure;

/// <summary>Text output: tables and key/value grids. User data is always rendered as plain text, never as markup.</summary>
internal static class Render
{
    public static Table Table(params string[] headers)
    {
        var table = new Table().Border(TableBorder.Simple).BorderColor(Color.Grey);
        foreach (var header in headers)
        {
            // Ids and times are copied and compared whole: never wrapped.
            var column = new TableColumn(new Text(header, new Style(decoration: Decoration.Bold)));
            table.AddColumn(header is "uuid" or "created" ? column.NoWrap() : column);
        }

        return table;
    }

    public static void AddTextRow(this Table table, params string?[] cells) =>
        table.AddRow(cells.Select(c => (IRenderable)new Text(c ?? "")).ToArray());

    /// <summary>Label/value lines, labels aligned; null values are left out. Unlike a grid, no line is padded with trailing spaces.</summary>
    public static IRenderable Fields(params (string Label, string? Value)[] fields)
    {
        var shown = fields.Where(f => f.Value is not null).ToList();
        var width = shown.Count == 0 ? 0 : shown.Max(f => f.Label.Length) + 2;
        return new Rows(shown.Select(f => (IRenderable)new Markup($"[grey]{Markup.Escape(f.Label.PadRight(width))}[/]{Markup.Escape(f.Value!)}")));
    }

    /// <summary>A custom metadata value as a cell: strings without their quotes, anything else as JSON; empty when absent.</summary>
    public static string MetadataValue(JsonElement metadata, string key) =>
        metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty(key, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()
            : "";

    public static string Time(DateTimeOffset? time) => time?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";

    public static string Status(JobStatus status) => status.ToString().ToUpperInvariant();

    public static string Bytes(long? bytes) => bytes switch
    {
        null => "",
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KiB",
        < 1024L * 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.#} MiB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):0.##} GiB",
    };

    public static string Units(ImportJob job) =>
        $"{job.UnitsTotal} total: {job.UnitsDoneCount} done ({job.UnitsSkippedCount} skipped, {job.UnitsUpdatedCount} updated), " +
        $"{job.UnitsErrorCount} failed, {job.UnitsCancelledCount} cancelled, {job.UnitsPendingCount} pending";

    public static void Job(IAnsiConsole console, ImportJob job)
    {
        var color = job.Status switch
        {
            JobStatus.Done => job.UnitsErrorCount > 0 ? "yellow" : "green",
            JobStatus.Pending => "blue",
            _ => "red",
        };
        console.MarkupLineInterpolated($"Job {job.JobId} [{color}]{Status(job.Status)}[/]");
        console.Write(Fields(
            ("units", Units(job)),
            ("file", $"{job.FileName ?? "(unnamed)"} ({job.Format})"),
            ("ignore errors", job.IgnoreErrors ? "yes" : "no (all or nothing)"),
            ("folder", job.FolderUuid.ToString()),
            ("integration", job.IntegrationUuid.ToString()),
            ("created", Time(job.CreatedAt)),
            ("started", job.StartedAt is null ? null : Time(job.StartedAt)),
            ("finished", job.FinishedAt is null ? null : Time(job.FinishedAt))));
        foreach (var error in job.Errors)
        {
            console.MarkupLineInterpolated($"[red]{error}[/]");
        }

        foreach (var warning in job.Warnings)
        {
            console.MarkupLineInterpolated($"[yellow]warning:[/] {warning.Location}: {warning.Message} [[{warning.Code}]]");
        }

        if (job.UnitErrors.Count > 0)
        {
            console.WriteLine(job.UnitErrors.Count < job.UnitsErrorCount
                ? $"Failed units (the first {job.UnitErrors.Count} of {job.UnitsErrorCount}; all with: curio jobs errors {job.JobId}):"
                : "Failed units:");
            console.Write(UnitErrors(job.UnitErrors));
        }
    }

    public static Table UnitErrors(IEnumerable<UnitError> errors)
    {
        var table = Table("unit", "title", "type", "url", "error");
        foreach (var error in errors)
        {
            var url = error.ObjectUrls.Count switch
            {
                0 => "",
                1 => error.ObjectUrls[0],
                _ => $"{error.ObjectUrls[0]} (+{error.ObjectUrls.Count - 1})",
            };
            table.AddTextRow(error.UnitIndex.ToString(CultureInfo.InvariantCulture), error.Title, error.ItemType, url, error.Error);
        }

        return table;
    }

    public static void SpecProblems(IAnsiConsole console, IEnumerable<SpecProblem> problems, int unlisted)
    {
        foreach (var problem in problems)
        {
            console.MarkupLineInterpolated($"  {problem.Location}: {problem.Message} [grey][[{problem.Code}]][/]");
        }

        if (unlisted > 0)
        {
            console.MarkupLineInterpolated($"  [grey]... and {unlisted} more[/]");
        }
    }
}
