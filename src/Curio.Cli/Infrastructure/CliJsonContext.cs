using System.Text.Json;
using System.Text.Json.Serialization;
using Curio.Contracts;

namespace Curio.Cli.Infrastructure;

/// <summary>JSON of the documents only the CLI prints (API shapes go through <c>CurioJsonContext</c>); the same conventions.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ServeInfo))]
[JsonSerializable(typeof(CsvDownload))]
[JsonSerializable(typeof(SpecGeneration))]
[JsonSerializable(typeof(ThumbnailDownload))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

/// <summary><c>curio serve --output json</c>: printed once the server listens.</summary>
internal sealed record ServeInfo(IReadOnlyList<string> Urls, string Profile, AdminCredentials? Credentials);

/// <summary>The admin's first-run credentials.</summary>
internal sealed record AdminCredentials(string? UserName, string? Password, string? Token, string? SavedTo);

/// <summary><c>curio jobs errors JOB --csv FILE --output json</c>.</summary>
internal sealed record CsvDownload(Guid JobId, string Csv, int UnitErrorCount);

/// <summary><c>curio items thumbnail UUID --out FILE --output json</c>.</summary>
internal sealed record ThumbnailDownload(Guid Item, string Out, int Bytes);

/// <summary><c>curio spec generate --output json</c>: what was listed, written, skipped and imported.</summary>
internal sealed record SpecGeneration
{
    public required string Integration { get; init; }

    public required string Prefix { get; init; }

    /// <summary><c>json</c> or <c>csv</c>.</summary>
    public required string Format { get; init; }

    /// <summary>The files written, in order.</summary>
    public required IReadOnlyList<GeneratedFileSummary> Files { get; init; }

    /// <summary>The files were temporary (--import without --out) and are deleted once uploaded.</summary>
    public bool Temporary { get; init; }

    /// <summary>Objects in the listing.</summary>
    public required long Listed { get; init; }

    /// <summary>Files written per type (alone or in a group).</summary>
    public required GeneratedTypeCounts Types { get; init; }

    public required long ImageGroups { get; init; }

    public required long DicomSeries { get; init; }

    public required SkippedCounts Skipped { get; init; }

    /// <summary>With --import: the job of each file, as accepted, or with --wait as it ended.</summary>
    public IReadOnlyList<ImportJob>? Imports { get; init; }
}

internal sealed record GeneratedFileSummary(string Path, int Entries, int Urls);

internal sealed record GeneratedTypeCounts(long Images, long Videos, long Audio, long Dicom, long Text, long Pdf, long Nifti);

/// <summary>Objects not written: no recognised extension, of a type --type leaves out, or with a URL no upload file can hold.</summary>
internal sealed record SkippedCounts(long Total, long Unrecognised, long OtherTypes, long InvalidUrls);
