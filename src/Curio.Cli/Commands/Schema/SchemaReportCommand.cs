using System.ComponentModel;
using Curio.Cli.Infrastructure;
using Curio.Contracts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Curio.Cli.Commands.Schema;

internal sealed class SchemaReportSettings : CurioSettings
{
    [CommandOption("--limit <N>")]
    [Description("At most this many nonconforming values listed")]
    [DefaultValue(100)]
    public int Limit { get; set; } = 100;

    public override ValidationResult Validate() => Limit < 1 ? ValidationResult.Error("--limit must be 1 or more.") : base.Validate();
}

/// <summary><c>curio schema report [--limit N]</c>: how far the re-check after a schema change has got, and the stored values that do not conform.</summary>
internal sealed class SchemaReportCommand(IAnsiConsole output, CliConsole console, CurioConnection connection)
    : CurioCommand<SchemaReportSettings>(output, console)
{
    protected override async Task<int> RunAsync(SchemaReportSettings settings, CancellationToken cancellationToken)
    {
        var client = connection.CreateClient(settings);

        // As for `items list`: pages sized so that the last one ends at the limit, whose token then carries on after it.
        var values = new List<NonconformingMetadataValue>();
        string? token = null;
        MetadataSchemaReport report;
        do
        {
            report = await client.GetMetadataSchemaReportAsync(Math.Min(1000, settings.Limit - values.Count), token, cancellationToken);
            values.AddRange(report.Nonconforming);
            token = report.NextPageToken;
        }
        while (token is not null && values.Count < settings.Limit);

        report = report with { Nonconforming = values };
        if (settings.Json)
        {
            JsonOutput.Write(Output, report, CurioJsonContext.Default.MetadataSchemaReport);
            return ExitCodes.Ok;
        }

        Output.WriteLine(report.Done
            ? $"Every stored value has been checked against schema version {report.Version}."
            : $"Checking stored values against schema version {report.Version}: {report.ItemsLeft} items left.");
        if (report.NonconformingCount == 0)
        {
            Output.WriteLine("No stored value breaks the schema.");
            return ExitCodes.Ok;
        }

        Output.WriteLine($"{report.NonconformingCount} stored value{(report.NonconformingCount == 1 ? " does" : "s do")} not conform; "
            + "they stay in clientMetadata but filters and sorts leave them out:");
        var table = Render.Table("item", "name", "key", "expected", "value");
        foreach (var value in values)
        {
            table.AddTextRow(value.Item.ToString(), value.ItemName, value.Key, value.Expected, value.Value);
        }

        Output.Write(table);
        if (report.NextPageToken is not null)
        {
            Console.WriteNote($"Showing the first {values.Count} of {report.NonconformingCount}; see more with --limit N.");
        }

        return ExitCodes.Ok;
    }
}
