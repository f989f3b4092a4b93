using System.ComponentModel;
using System.Text.Json;
using Curio.Cli.Infrastructure;
using Curio.Server;
using Curio.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Curio.Cli.Commands.Serve;

internal sealed class ServeSettings : CurioSettings
{
    [CommandOption("--data <DIR>")]
    [Description("Data directory (embedded database, upload spools, first-run credentials). Default: ./.curio-data")]
    public string? Data { get; set; }

    [CommandOption("--urls <URL>")]
    [Description("Where to listen, e.g. http://127.0.0.1:8080 (';' between several). Default: " + CurioHost.DefaultUrl)]
    public string? Urls { get; set; }

    [CommandOption("--samples <DIR>")]
    [Description("A folder of sample media with specs/samples.json: a 'samples' integration, imported into folder 'samples' on first start")]
    public string? Samples { get; set; }

    [CommandOption("--storage <PROVIDER>")]
    [Description("sqlite (embedded, the default: one process) or postgres (several processes on one database; needs --postgres)")]
    public string? Storage { get; set; }

    [CommandOption("--postgres <CONNECTION>")]
    [Description("PostgreSQL 15+ connection string, e.g. \"Host=db;Database=curio;Username=curio;Password=...\"; implies --storage postgres")]
    public string? Postgres { get; set; }

    [CommandOption("--show-credentials")]
    [Description("Also print the admin credentials saved on the first start (DIR/initial-admin.json) on later starts")]
    public bool ShowCredentials { get; set; }

    public override ValidationResult Validate() =>
        Samples is not null && !Directory.Exists(Samples) ? ValidationResult.Error($"--samples: the folder '{Samples}' does not exist.")
        : Storage is not (null or "sqlite" or "postgres") ? ValidationResult.Error($"--storage: '{Storage}' is not a storage provider; use sqlite or postgres.")
        : Storage == "postgres" && Postgres is null ? ValidationResult.Error("--storage postgres needs --postgres \"Host=..;Database=..;Username=..\".")
        : Storage == "sqlite" && Postgres is not null ? ValidationResult.Error("--postgres is for --storage postgres; leave out --storage sqlite.")
        : base.Validate();
}

/// <summary>
/// <c>curio serve</c>: hosts the Curio server in this process until Ctrl-C or SIGTERM. Once it listens, prints where,
/// the admin credentials on a first start, and writes the local CLI profile so other <c>curio</c> commands need no flags.
/// The server's log goes to stderr, so stdout carries only what this command prints.
/// </summary>
internal sealed class ServeCommand(IAnsiConsole output, CliConsole console, CliEnvironment environment) : CurioCommand<ServeSettings>(output, console)
{
    protected override async Task<int> RunAsync(ServeSettings settings, CancellationToken cancellationToken)
    {
        var args = new List<string>();
        if (settings.Data is { } data)
        {
            args.Add($"--Curio:DataDirectory={Path.GetFullPath(data)}");
        }

        if (settings.Samples is { } samples)
        {
            args.Add($"--Curio:SamplesDirectory={Path.GetFullPath(samples)}");
        }

        if (settings.Postgres is { } postgres)
        {
            args.Add("--Curio:Storage:Provider=postgres");
            args.Add($"--Curio:Storage:Postgres={postgres}");
        }

        if (settings.Urls is { } urls)
        {
            args.Add($"--urls={urls}");
        }

        var app = CurioHost.Build([.. args], builder =>
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        await using (app)
        {
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or Microsoft.Extensions.Options.OptionsValidationException or System.Data.Common.DbException)
            {
                throw new CliException(ExitCodes.ServerError, $"The server did not start: {ex.Message}");
            }

            var listening = app.Urls.ToList();
            var local = LocalUrl(listening);
            var profilePath = environment.ProfilePath;
            await app.Services.GetRequiredService<LocalCliProfile>().EnsureAsync(local, profilePath, cancellationToken);
            var credentials = Credentials(app, settings.ShowCredentials);

            if (settings.Json)
            {
                JsonOutput.Write(Output, new ServeInfo(listening, profilePath, credentials), CliJsonContext.Default.ServeInfo);
            }
            else
            {
                Print(listening, profilePath, credentials);
            }

            await app.WaitForShutdownAsync(cancellationToken);
        }

        return ExitCodes.Ok;
    }

    private void Print(List<string> listening, string profilePath, AdminCredentials? credentials)
    {
        foreach (var url in listening)
        {
            Output.MarkupLineInterpolated($"Curio is listening on [bold]{url}[/]");
        }

        if (credentials is not null)
        {
            Output.WriteLine(credentials.SavedTo is null ? "Admin credentials:" : "First start: created the admin user.");
            Output.Write(Render.Fields(("  user", credentials.UserName), ("  password", credentials.Password), ("  token", credentials.Token)));
            if (credentials.SavedTo is not null)
            {
                Output.WriteLine($"  (a copy is kept in {credentials.SavedTo}, readable by you only)");
            }
        }

        Output.WriteLine($"CLI profile: {profilePath} (curio commands on this machine need no --url or --token)");
        Output.WriteLine("Press Ctrl-C to stop.");
    }

    /// <summary>This start's credentials; with --show-credentials on a later start, the ones saved on the first.</summary>
    private static AdminCredentials? Credentials(WebApplication app, bool showSaved)
    {
        var firstRun = app.Services.GetRequiredService<FirstRunCredentials>();
        if (firstRun.Token is not null)
        {
            return new AdminCredentials(firstRun.UserName, firstRun.Password, firstRun.Token, firstRun.SavedTo);
        }

        var saved = Path.Combine(app.Services.GetRequiredService<DataDirectory>().Path, "initial-admin.json");
        if (!showSaved || !File.Exists(saved))
        {
            return null;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(saved));
        string? Read(string name) => document.RootElement.TryGetProperty(name, out var value) ? value.GetString() : null;
        return new AdminCredentials(Read("userName"), Read("password"), Read("token"), null);
    }

    /// <summary>The URL a client on this machine uses: the first http address (else the first), with a wildcard host made loopback.</summary>
    internal static Uri LocalUrl(IReadOnlyList<string> listening)
    {
        var first = listening.FirstOrDefault(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? (listening.Count > 0 ? listening[0] : null)
            ?? throw new CliException(ExitCodes.ServerError, "The server listens on no address.");
        var builder = new UriBuilder(first.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal));
        if (builder.Host is "0.0.0.0" or "[::]" or "::")
        {
            builder.Host = "127.0.0.1";
        }

        builder.Path = "/";
        return builder.Uri;
    }
}
