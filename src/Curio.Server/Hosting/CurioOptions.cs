using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Curio.Server.Hosting;

/// <summary>Configuration section <c>Curio</c>. Validated at start, so a bad value stops the server before it listens.</summary>
public sealed class CurioOptions
{
    public const string Section = "Curio";

    /// <summary>Where the embedded database, upload spools and the first-run credentials live.</summary>
    [Required]
    public string DataDirectory { get; set; } = ".curio-data";

    /// <summary>With <c>curio serve --samples</c>: a folder with sample media and <c>specs/samples.json</c>, imported on first start.</summary>
    public string? SamplesDirectory { get; set; }

    [Required]
    [ValidateObjectMembers]
    public StorageOptions Storage { get; set; } = new();

    [Required]
    [ValidateObjectMembers]
    public ImportOptions Import { get; set; } = new();

    [Required]
    [ValidateObjectMembers]
    public ConnectorOptions Connectors { get; set; } = new();

    [Required]
    [ValidateObjectMembers]
    public ProbingOptions Probing { get; set; } = new();

    [Required]
    [ValidateObjectMembers]
    public Features.Thumbnails.ThumbnailOptions Thumbnails { get; set; } = new();
}

/// <summary>Source-generated validation of <see cref="CurioOptions"/>, nested sections included.</summary>
[OptionsValidator]
public sealed partial class CurioOptionsValidator : IValidateOptions<CurioOptions>;

public sealed class StorageOptions : IValidatableObject
{
    /// <summary><c>sqlite</c> (embedded default: one process) or <c>postgres</c> (several processes on one database).</summary>
    [Required]
    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "Curio:Storage:Provider must be 'sqlite' or 'postgres'.")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>Defaults to <c>curio.db</c> in the data directory.</summary>
    public string? SqlitePath { get; set; }

    /// <summary>An Npgsql connection string (<c>Host=..;Port=..;Database=..;Username=..;Password=..</c>), for <c>postgres</c>.</summary>
    public string? Postgres { get; set; }

    public bool IsPostgres => Provider == "postgres";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IsPostgres && string.IsNullOrWhiteSpace(Postgres))
        {
            yield return new ValidationResult(
                "Curio:Storage:Postgres must be a connection string when the provider is 'postgres' (curio serve --postgres \"Host=..;Database=..;Username=..\").",
                [nameof(Postgres)]);
        }

        if (IsPostgres && !string.IsNullOrWhiteSpace(Postgres) && Curio.Storage.Postgres.PostgresStorage.CheckConnectionString(Postgres) is { } problem)
        {
            yield return new ValidationResult($"Curio:Storage:Postgres is not a valid connection string: {problem}", [nameof(Postgres)]);
        }
    }
}

public sealed class ImportOptions
{
    /// <summary>Chunks processed at once by this server.</summary>
    [Range(1, 64)]
    public int Workers { get; set; } = 2;

    /// <summary>Units of one chunk read from storage at once.</summary>
    [Range(1, 1024)]
    public int UnitConcurrency { get; set; } = 16;

    /// <summary>Units per chunk: the unit of work, of progress and of resumption.</summary>
    [Range(1, 100_000)]
    public int ChunkUnits { get; set; } = 1000;

    /// <summary>A chunk is also cut when its encoded units reach this size.</summary>
    [Range(64 * 1024, 256 * 1024 * 1024)]
    public int ChunkBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>How long a worker holds a chunk without renewing; a dead worker's chunk returns after this.</summary>
    [Range(5, 3600)]
    public int LeaseSeconds { get; set; } = 60;

    /// <summary>Upper bound on units processed per second by this server (0: none). Spares a slow or metered store.</summary>
    [Range(0, int.MaxValue)]
    public int MaxUnitsPerSecond { get; set; }

    /// <summary>Largest upload file accepted.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxSpecBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Bytes read from the start of an object to learn its type and, for images, its size.</summary>
    [Range(4096, 16 * 1024 * 1024)]
    public int HeadBytes { get; set; } = 64 * 1024;
}

/// <summary>How objects are read from storage: timeouts, retries with backoff, connection pools.</summary>
public sealed class ConnectorOptions
{
    /// <summary>One request, from connecting to its last byte; a hung store costs at most this per attempt.</summary>
    [Range(1, 600)]
    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>Tries per read, the first included, before a throttle, 5xx, timeout or reset fails the unit.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Backoff before the second attempt; doubles each retry, plus up to as much again as jitter.</summary>
    [Range(0, 60_000)]
    public int RetryBaseDelayMilliseconds { get; set; } = 500;

    /// <summary>Upper bound of any single wait, a store's Retry-After included.</summary>
    [Range(0, 600)]
    public int MaxRetryDelaySeconds { get; set; } = 30;

    /// <summary>Connections kept open per cloud endpoint.</summary>
    [Range(1, 1024)]
    public int MaxConnectionsPerEndpoint { get; set; } = 64;

    public Connectors.ObjectSourceOptions ToSourceOptions() => new()
    {
        RequestTimeout = TimeSpan.FromSeconds(RequestTimeoutSeconds),
        MaxAttempts = MaxAttempts,
        RetryBaseDelay = TimeSpan.FromMilliseconds(RetryBaseDelayMilliseconds),
        MaxRetryDelay = TimeSpan.FromSeconds(MaxRetryDelaySeconds),
        MaxConnectionsPerEndpoint = MaxConnectionsPerEndpoint,
    };
}

/// <summary>Section <c>Curio:Probing</c>: how video and audio are measured.</summary>
public sealed class ProbingOptions
{
    /// <summary>The ffprobe executable (Debian's ffmpeg package; ./run.sh and ./test.sh install it).</summary>
    [Required]
    public string Ffprobe { get; set; } = "ffprobe";

    /// <summary>Longest one ffprobe run may take; a file that makes it hang fails its unit after this.</summary>
    [Range(1, 3600)]
    public int TimeoutSeconds { get; set; } = 120;

    /// <summary>List each video's key frames (ffprobe then reads every packet header: the whole file).</summary>
    public bool KeyFrames { get; set; } = true;

    public Media.Probing.FfprobeOptions ToFfprobeOptions() => new() { Executable = Ffprobe, Timeout = TimeSpan.FromSeconds(TimeoutSeconds) };
}
