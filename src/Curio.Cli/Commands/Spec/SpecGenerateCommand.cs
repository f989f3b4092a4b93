using System.ComponentModel;
using System.Globalization;
using System.Text;
using Curio.Cli.Infrastructure;
using Curio.Contracts;
using Curio.Core.Specs;
using Curio.Core.Specs.Generation;
using Curio.Sdk;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Curio.Cli.Commands.Spec;

internal sealed class SpecGenerateSettings : CurioSettings
{
    [CommandOption("--integration <NAME>")]
    [Description("The integration (name or UUID) whose storage is listed; with --import, the one the files are read through")]
    public string? Integration { get; set; }

    [CommandOption("--prefix <URL>")]
    [Description("Where to list: a folder under a local integration's root, or a URL or key prefix (s3://bucket/photos/). Default: everything")]
    public string? Prefix { get; set; }

    [CommandOption("--type <TYPE>")]
    [Description("auto (every recognised type), or only images, videos, audio, dicom, text, pdf or nifti")]
    [DefaultValue("auto")]
    public string Type { get; set; } = "auto";

    [CommandOption("--group-by-folder")]
    [Description("Make the images of each folder one image group. DICOM files are always one series per folder")]
    public bool GroupByFolder { get; set; }

    [CommandOption("--format <FORMAT>")]
    [Description("json (Encord's upload-file JSON) or csv. Default: from --out's extension, else json")]
    public string? Format { get; set; }

    [CommandOption("--max-items <N>")]
    [Description("At most N entries per file (a group counts once); files split at 500,000 entries or 1,000,000 URLs (JSON), 10,000 rows (CSV) anyway")]
    public int? MaxItems { get; set; }

    [CommandOption("--out <FILE>")]
    [Description("Write FILE, then FILE-2, FILE-3, ... as the limits need. Without it: stdout, when one file is enough")]
    public string? Out { get; set; }

    [CommandOption("--import")]
    [Description("Import each file written into --folder, through --integration")]
    public bool Import { get; set; }

    [CommandOption("--folder <PATH>")]
    [Description("With --import: the folder that receives the items; it must exist")]
    public string? Folder { get; set; }

    [CommandOption("--ignore-errors")]
    [Description("With --import: register what can be, list the failed files. Without it: each file all or nothing")]
    public bool IgnoreErrors { get; set; }

    [CommandOption("--wait")]
    [Description("With --import: wait for every job to end; exit 3 when one ends ERROR or CANCELLED")]
    public bool Wait { get; set; }

    public SpecFormat SpecFormat =>
        Format?.ToUpperInvariant() switch
        {
            "CSV" => SpecFormat.Csv,
            "JSON" => SpecFormat.Json,
            _ => FormatOf(Out) ?? SpecFormat.Json,
        };

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Integration))
        {
            return ValidationResult.Error("--integration NAME is required.");
        }

        if (!FileKinds.TryParseFilter(Type, out _))
        {
            return ValidationResult.Error($"--type must be auto, images, videos, audio, dicom, text, pdf or nifti, not '{Type}'.");
        }

        if (Format is not null && !Format.Equals("json", StringComparison.OrdinalIgnoreCase) && !Format.Equals("csv", StringComparison.OrdinalIgnoreCase))
        {
            return ValidationResult.Error($"--format must be json or csv, not '{Format}'.");
        }

        if (Format is not null && FormatOf(Out) is { } implied && implied != SpecFormat)
        {
            return ValidationResult.Error($"--out {Out} names a {implied.ToString().ToUpperInvariant()} file, but --format is {Format}; make them agree.");
        }

        var limit = SpecFormat == SpecFormat.Csv ? SpecLimits.Default.MaxCsvRows : SpecLimits.Default.MaxItems;
        if (MaxItems is < 1 || MaxItems > limit)
        {
            return ValidationResult.Error($"--max-items must be 1 to {limit.ToString("N0", CultureInfo.InvariantCulture)} for {SpecFormat.ToString().ToUpperInvariant()}, not {MaxItems}.");
        }

        if (Out is { Length: 0 })
        {
            return ValidationResult.Error("--out must not be empty.");
        }

        if (Import && string.IsNullOrWhiteSpace(Folder))
        {
            return ValidationResult.Error("--import needs --folder PATH, the folder that receives the items.");
        }

        if (!Import && (Folder is not null || IgnoreErrors || Wait))
        {
            return ValidationResult.Error("--folder, --ignore-errors and --wait go with --import.");
        }

        if (Json && Out is null && !Import)
        {
            return ValidationResult.Error("With --output json, pass --out FILE: standard output holds the summary, not the upload file.");
        }

        return base.Validate();
    }

    private static SpecFormat? FormatOf(string? path) => Path.GetExtension(path ?? "").ToUpperInvariant() switch
    {
        ".CSV" => SpecFormat.Csv,
        ".JSON" => SpecFormat.Json,
        _ => null,
    };
}

/// <summary>
/// <c>curio spec generate</c>: lists an integration's storage through the server and writes the upload files that register
/// it (Encord's "helpful scripts"), optionally importing them. Classification, grouping and splitting are in
/// <see cref="UploadFileGenerator"/>; the listing streams, so only the groups being gathered are held in memory.
/// </summary>
internal sealed class SpecGenerateCommand(IAnsiConsole output, CliConsole console, CurioConnection connection)
    : CurioCommand<SpecGenerateSettings>(output, console)
{
    /// <summary>Warnings printed one by one before they are only counted.</summary>
    private const int MaxWarningsShown = 20;

    protected override async Task<int> RunAsync(SpecGenerateSettings settings, CancellationToken cancellationToken)
    {
        var format = settings.SpecFormat;
        var only = FileKinds.TryParseFilter(settings.Type, out var kind) ? kind : throw new CliException($"unknown --type '{settings.Type}'.");
        if (settings.Out is { } outPath && Path.GetDirectoryName(Path.GetFullPath(outPath)) is { } outFolder && !Directory.Exists(outFolder))
        {
            throw new CliException($"the folder of --out, {outFolder}, does not exist.");
        }

        var client = connection.CreateClient(settings);
        var folder = settings.Import ? await FolderPaths.ResolveAsync(client, settings.Folder!, cancellationToken) : null;
        var toStdout = settings.Out is null && !settings.Import;
        var temporary = settings.Out is null ? Directory.CreateTempSubdirectory("curio-spec-") : null;
        try
        {
            var path = settings.Out ?? Path.Combine(temporary!.FullName, FileName(settings.Integration!, format));
            using var target = new UploadFileTarget(path, format, single: toStdout);
            var options = new GenerationOptions { Format = format, Only = only, GroupImagesByFolder = settings.GroupByFolder, MaxEntriesPerFile = settings.MaxItems };
            var counts = await GenerateAsync(client, settings, options, target, cancellationToken);

            if (target.Written.Count == 0)
            {
                throw new CliException(
                    $"nothing to write: the listing of {Where(settings)} held {Count(counts.Listed, "object")} and none to register ({Skipped(counts)}). " +
                    "Check --prefix and --type: files are recognised by their extension (.jpg, .png, .mp4, .dcm, .wav, .pdf, .nii, ...; see docs/imports.md).");
            }

            if (toStdout)
            {
                CopyToOutput(target.Written[0].Path);
            }
            else if (settings.Out is not null && File.Exists(UploadFileTarget.PathOf(Path.GetFullPath(settings.Out), target.Written.Count + 1)))
            {
                Console.WriteNote($"note: {UploadFileTarget.PathOf(settings.Out, target.Written.Count + 1)} is from an earlier run, not this one; leave it out of the import.");
            }

            var result = Summary(settings, format, target, counts, temporary is not null);
            if (!settings.Json)
            {
                PrintSummary(toStdout ? Console.Error : Output, result, settings, toStdout);
            }

            var exit = ExitCodes.Ok;
            if (folder is not null)
            {
                (var jobs, exit) = await ImportAsync(client, folder, settings, target, cancellationToken);
                result = result with { Imports = jobs };
            }

            if (settings.Json)
            {
                JsonOutput.Write(Output, result, CliJsonContext.Default.SpecGeneration);
            }

            return exit;
        }
        finally
        {
            temporary?.Delete(recursive: true);
        }
    }

    private async Task<GenerationCounts> GenerateAsync(
        CurioClient client, SpecGenerateSettings settings, GenerationOptions options, UploadFileTarget target, CancellationToken cancellationToken)
    {
        var warnings = 0L;
        void Warn(string message)
        {
            if (++warnings <= MaxWarningsShown)
            {
                Console.WriteWarning(message);
            }
        }

        using var generator = new UploadFileGenerator(options, target, Warn);
        try
        {
            await foreach (var storageObject in client.ListStorageObjectsAsync(settings.Integration!, settings.Prefix, null, cancellationToken))
            {
                generator.Add(storageObject.Key, storageObject.Url);
            }

            generator.Complete();
        }
        catch (SpecGenerationException ex)
        {
            NoteIncomplete(target, settings);
            throw new CliException(ex.Message);
        }
        catch (Exception ex) when (ex is CurioRequestFailedException or OperationCanceledException or IOException)
        {
            NoteIncomplete(target, settings);
            throw;
        }

        if (warnings > MaxWarningsShown)
        {
            Console.WriteWarning($"{Count(warnings - MaxWarningsShown, "more object")} skipped for their URLs (not listed).");
        }

        return generator.Counts;
    }

    /// <summary>Files completed before a failure are valid, but hold only part of the listing.</summary>
    private void NoteIncomplete(UploadFileTarget target, SpecGenerateSettings settings)
    {
        if (target.Written.Count > 0 && settings.Out is not null)
        {
            Console.WriteNote($"note: {string.Join(", ", target.Written.Select(w => w.Path))} cover only the part of the listing read before the failure.");
        }
    }

    /// <summary>Starts an import of every file, then (with --wait) follows each job to its end; exit 3 when one ended ERROR or CANCELLED.</summary>
    private async Task<(List<ImportJob> Jobs, int Exit)> ImportAsync(
        CurioClient client, Folder folder, SpecGenerateSettings settings, UploadFileTarget target, CancellationToken cancellationToken)
    {
        var operations = new List<ImportOperation>();
        try
        {
            foreach (var (path, _) in target.Written)
            {
                var operation = await ImportRunner.StartAsync(client, folder, settings.Integration!, path, settings.IgnoreErrors, cancellationToken);
                operations.Add(operation);
                if (!settings.Json && !settings.Wait)
                {
                    ImportRunner.WriteStarted(Output, operation.Value!, folder);
                }
            }
        }
        catch (CurioRequestFailedException) when (operations.Count > 0)
        {
            Console.WriteNote($"note: jobs already started go on: {string.Join(", ", operations.Select(o => o.Id))}.");
            throw;
        }

        if (!settings.Wait)
        {
            return ([.. operations.Select(o => o.Value!)], ExitCodes.Ok);
        }

        var jobs = new List<ImportJob>();
        var exit = ExitCodes.Ok;
        foreach (var operation in operations)
        {
            var final = await ImportRunner.WaitAsync(operation, folder, Output, Console, settings.Json, cancellationToken);
            jobs.Add(final);
            var code = settings.Json
                ? (final.Status == JobStatus.Done ? ExitCodes.Ok : ExitCodes.JobFailed)
                : JobWaiter.Finish(Output, final, json: false);
            exit = Math.Max(exit, code);
        }

        return (jobs, exit);
    }

    private void CopyToOutput(string path)
    {
        var writer = Output.Profile.Out.Writer;
        using (var reader = new StreamReader(path, new UTF8Encoding(false)))
        {
            var buffer = new char[1 << 14];
            int read;
            while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
            {
                writer.Write(buffer, 0, read);
            }
        }

        writer.Flush();
    }

    private static SpecGeneration Summary(SpecGenerateSettings settings, SpecFormat format, UploadFileTarget target, GenerationCounts counts, bool temporary) => new()
    {
        Integration = settings.Integration!,
        Prefix = settings.Prefix ?? "",
        Format = format == SpecFormat.Csv ? "csv" : "json",
        Files = [.. target.Written.Select(w => new GeneratedFileSummary(w.Path, w.File.EntryCount, w.File.UrlCount))],
        Listed = counts.Listed,
        Types = new GeneratedTypeCounts(counts.Files(FileKind.Image), counts.Files(FileKind.Video), counts.Files(FileKind.Audio), counts.Files(FileKind.Dicom),
            counts.Files(FileKind.Text), counts.Files(FileKind.Pdf), counts.Files(FileKind.Nifti)),
        ImageGroups = counts.ImageGroups,
        DicomSeries = counts.DicomSeries,
        Skipped = new SkippedCounts(counts.Skipped, counts.Unrecognised, counts.OtherKinds, counts.InvalidUrls),
        Temporary = temporary,
    };

    private static void PrintSummary(IAnsiConsole console, SpecGeneration result, SpecGenerateSettings settings, bool toStdout)
    {
        console.WriteLine($"Listed {Count(result.Listed, "object")} in {Where(settings)}.");
        foreach (var file in result.Files)
        {
            var name = toStdout ? "the upload file to standard output" : result.Temporary ? Path.GetFileName(file.Path) + " (temporary)" : file.Path;
            console.WriteLine($"Wrote {name}: {Count(file.Entries, "entry", "entries")}, {Count(file.Urls, "URL")}.");
        }

        var types = result.Types;
        var kept = new (long Count, string Name)[]
        {
            (types.Images, "images"), (types.Videos, "videos"), (types.Audio, "audio"), (types.Dicom, "dicom"), (types.Text, "text"), (types.Pdf, "pdf"),
            (types.Nifti, "nifti"),
        };
        var groups = new[] { Count(result.ImageGroups, "image group"), Count(result.DicomSeries, "DICOM series", "DICOM series") }
            .Where((_, i) => (i == 0 ? result.ImageGroups : result.DicomSeries) > 0);
        console.WriteLine($"Files by type: {string.Join(", ", kept.Where(k => k.Count > 0).Select(k => $"{k.Name} {k.Count.ToString("N0", CultureInfo.InvariantCulture)}"))}" +
            (groups.Any() ? $" (in {string.Join(" and ", groups)})" : "") + ".");
        console.WriteLine(result.Skipped.Total == 0 ? "Skipped: none." : $"Skipped {Count(result.Skipped.Total, "object")}: {Skipped(result.Skipped)}.");
    }

    private static string Skipped(GenerationCounts counts) =>
        Skipped(new SkippedCounts(counts.Skipped, counts.Unrecognised, counts.OtherKinds, counts.InvalidUrls));

    private static string Skipped(SkippedCounts skipped)
    {
        var parts = new List<string>();
        if (skipped.Unrecognised > 0 || skipped.Total == 0)
        {
            parts.Add($"{skipped.Unrecognised.ToString("N0", CultureInfo.InvariantCulture)} unrecognised");
        }

        if (skipped.OtherTypes > 0)
        {
            parts.Add($"{skipped.OtherTypes.ToString("N0", CultureInfo.InvariantCulture)} of other types");
        }

        if (skipped.InvalidUrls > 0)
        {
            parts.Add($"{skipped.InvalidUrls.ToString("N0", CultureInfo.InvariantCulture)} with a URL no upload file can hold");
        }

        return string.Join(", ", parts);
    }

    private static string Where(SpecGenerateSettings settings) =>
        string.IsNullOrEmpty(settings.Prefix) ? $"integration '{settings.Integration}'" : $"'{settings.Prefix}' in integration '{settings.Integration}'";

    private static string Count(long count, string one, string? many = null) =>
        $"{count.ToString("N0", CultureInfo.InvariantCulture)} {(count == 1 ? one : many ?? one + "s")}";

    /// <summary>The name of a temporary upload file (the job records it): the integration's, made safe for a file name.</summary>
    private static string FileName(string integration, SpecFormat format)
    {
        var name = new string([.. integration.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]).Trim('.');
        return $"{(name.Length == 0 ? "upload" : name)}{(format == SpecFormat.Csv ? ".csv" : ".json")}";
    }
}
