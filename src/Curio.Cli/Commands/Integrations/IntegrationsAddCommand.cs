using System.ComponentModel;
using Curio.Cli.Infrastructure;
using Curio.Contracts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Curio.Cli.Commands.Integrations;

internal sealed class IntegrationsAddSettings : CurioSettings
{
    private static readonly string[] Providers = ["local", "direct", "s3", "s3-compatible", "azure", "gcs"];

    [CommandOption("--name <NAME>")]
    [Description("Unique name: letters, digits, '-', '_' and '.'")]
    public string? Name { get; set; }

    [CommandOption("--provider <PROVIDER>")]
    [Description("local, direct, s3, s3-compatible, azure or gcs")]
    public string? Provider { get; set; }

    [CommandOption("--root <DIR>")]
    [Description("local: the folder files are read from (made absolute); nothing outside it is read")]
    public string? Root { get; set; }

    [CommandOption("--allow-private-networks")]
    [Description("direct: also read from loopback, private, link-local and cloud-metadata addresses")]
    public bool AllowPrivateNetworks { get; set; }

    [CommandOption("--endpoint <URL>")]
    [Description("s3-compatible (required), s3, azure, gcs: the storage endpoint, e.g. https://minio.example.com")]
    public string? Endpoint { get; set; }

    [CommandOption("--region <REGION>")]
    [Description("s3, s3-compatible: the signing region (default us-east-1)")]
    public string? Region { get; set; }

    [CommandOption("--bucket <BUCKET>")]
    [Description("Read only this bucket (azure: container)")]
    public string? Bucket { get; set; }

    [CommandOption("--access-key <KEY>")]
    [Description("s3, s3-compatible: access key id")]
    public string? AccessKey { get; set; }

    [CommandOption("--secret-key <SECRET>")]
    [Description("s3, s3-compatible: secret access key (or set CURIO_SECRET_KEY)")]
    public string? SecretKey { get; set; }

    [CommandOption("--session-token <TOKEN>")]
    [Description("s3: session token of temporary credentials")]
    public string? SessionToken { get; set; }

    [CommandOption("--connection-string <CS>")]
    [Description("azure: storage connection string (or set CURIO_AZURE_CONNECTION_STRING)")]
    public string? ConnectionString { get; set; }

    [CommandOption("--account-key <KEY>")]
    [Description("azure: storage account key, with --endpoint https://ACCOUNT.blob.core.windows.net")]
    public string? AccountKey { get; set; }

    [CommandOption("--sas <TOKEN>")]
    [Description("azure: SAS token, with --endpoint")]
    public string? Sas { get; set; }

    [CommandOption("--service-account-file <FILE>")]
    [Description("gcs: a service-account key file (JSON)")]
    public string? ServiceAccountFile { get; set; }

    [CommandOption("--anonymous")]
    [Description("Cloud: read public objects without credentials")]
    public bool Anonymous { get; set; }

    [CommandOption("--path-style")]
    [Description("s3: address buckets path-style (always so for s3-compatible)")]
    public bool PathStyle { get; set; }

    [CommandOption("--strict-client-only")]
    [Description("Cloud: the server never downloads objects; upload files must carry media metadata")]
    public bool StrictClientOnly { get; set; }

    [CommandOption("--signed-url-ttl <SECONDS>")]
    [Description("Cloud: lifetime of signed URLs in seconds (default 3600, at most 604800)")]
    public int? SignedUrlTtl { get; set; }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            return ValidationResult.Error("--name is required.");
        }

        var provider = Provider?.ToLowerInvariant();
        if (string.IsNullOrEmpty(provider))
        {
            return ValidationResult.Error($"--provider is required: {string.Join(", ", Providers)}.");
        }

        if (!Providers.Contains(provider))
        {
            return ValidationResult.Error($"--provider must be one of {string.Join(", ", Providers)}, not '{Provider}'.");
        }

        if (provider == "local" && string.IsNullOrWhiteSpace(Root))
        {
            return ValidationResult.Error("--provider local needs --root DIR, the folder the files are read from.");
        }

        if (ServiceAccountFile is not null && !File.Exists(ServiceAccountFile))
        {
            return ValidationResult.Error($"--service-account-file: file '{ServiceAccountFile}' not found.");
        }

        // Everything else (which options fit which provider, which credentials) is checked by the server, in one place.
        return base.Validate();
    }
}

/// <summary><c>curio integrations add</c></summary>
internal sealed class IntegrationsAddCommand(IAnsiConsole output, CliConsole console, CurioConnection connection, CliEnvironment environment)
    : CurioCommand<IntegrationsAddSettings>(output, console)
{
    protected override async Task<int> RunAsync(IntegrationsAddSettings settings, CancellationToken cancellationToken)
    {
        var client = connection.CreateClient(settings);
        var provider = settings.Provider!.ToLowerInvariant();
        var integration = await client.CreateIntegrationAsync(new CreateIntegrationRequest
        {
            Name = settings.Name!,
            Provider = provider,
            Root = settings.Root is null ? null : Path.GetFullPath(settings.Root),
            AllowPrivateNetworks = settings.AllowPrivateNetworks,
            Endpoint = settings.Endpoint,
            Region = settings.Region,
            Bucket = settings.Bucket,
            PathStyle = settings.PathStyle,
            Anonymous = settings.Anonymous,
            StrictClientOnly = settings.StrictClientOnly,
            SignedUrlTtlSeconds = settings.SignedUrlTtl,
            AccessKey = settings.AccessKey,
            // Secrets may come from the environment so they stay out of shell history and `ps`.
            SecretKey = settings.SecretKey ?? (settings.AccessKey is null ? null : environment["CURIO_SECRET_KEY"]),
            SessionToken = settings.SessionToken,
            ConnectionString = settings.ConnectionString ?? (provider == "azure" && settings.AccountKey is null && settings.Sas is null && !settings.Anonymous
                ? environment["CURIO_AZURE_CONNECTION_STRING"] : null),
            AccountKey = settings.AccountKey,
            Sas = settings.Sas,
            ServiceAccountJson = settings.ServiceAccountFile is null ? null : await File.ReadAllTextAsync(settings.ServiceAccountFile, cancellationToken),
        }, cancellationToken);

        if (settings.Json)
        {
            JsonOutput.Write(Output, integration, CurioJsonContext.Default.Integration);
        }
        else
        {
            Output.WriteLine($"Created integration '{integration.Name}' ({IntegrationsListCommand.Describe(integration)}), {integration.Uuid}.");
        }

        return ExitCodes.Ok;
    }
}
