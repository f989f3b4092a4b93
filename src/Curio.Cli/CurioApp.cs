using Curio.Cli.Commands.Folders;
using Curio.Cli.Commands.Import;
using Curio.Cli.Commands.Integrations;
using Curio.Cli.Commands.Items;
using Curio.Cli.Commands.Jobs;
using Curio.Cli.Commands.Schema;
using Curio.Cli.Commands.Serve;
using Curio.Cli.Commands.Spec;
using Curio.Cli.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Curio.Cli;

/// <summary>The <c>curio</c> command tree and its services; <c>Program</c> runs it on the process, tests on their own consoles.</summary>
internal static class CurioApp
{
    /// <summary>Runs the command line; returns the exit code.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="output">stdout.</param>
    /// <param name="console">stderr, and whether stdout is a terminal.</param>
    /// <param name="environment">Environment variables (server, token, profile location).</param>
    /// <param name="httpClient">The HTTP client for the SDK; null for its own.</param>
    /// <param name="cancellationToken">Ctrl-C.</param>
    public static Task<int> RunAsync(
        string[] args, IAnsiConsole output, CliConsole console, CliEnvironment environment, HttpClient? httpClient, CancellationToken cancellationToken)
    {
        var app = new CommandApp(Registrar(console, environment, httpClient));
        app.Configure(config =>
        {
            config.ConfigureConsole(output);
            Configure(config, console);
        });
        return app.RunAsync(args, cancellationToken);
    }

    public static TypeRegistrar Registrar(CliConsole console, CliEnvironment environment, HttpClient? httpClient)
    {
        var services = new ServiceCollection();
        services.AddSingleton(console);
        services.AddSingleton(environment);
        services.AddSingleton(new CurioConnection(environment, httpClient));
        return new TypeRegistrar(services);
    }

    public static void Configure(IConfigurator config, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.SetApplicationName("curio");
        config.UseAssemblyInformationalVersion();
        config.UseStrictParsing();
        config.SetHelpProvider(new CurioHelpProvider(config.Settings));
        config.CancellationExitCode(ExitCodes.Interrupted);
        config.SetExceptionHandler((ex, _) => HandleException(ex, console));

        config.AddCommand<ServeCommand>("serve")
            .WithDescription("Run a Curio server in this process until Ctrl-C; writes the CLI profile so other commands need no flags")
            .WithExample("serve", "--data", "/srv/curio", "--urls", "http://127.0.0.1:8080");

        config.AddBranch("integrations", branch =>
        {
            branch.SetDescription("Where the files of imports are read from");
            branch.AddCommand<IntegrationsAddCommand>("add")
                .WithDescription("Add an integration: a folder on the server's machine (local), or URLs read as given (direct)")
                .WithExample("integrations", "add", "--name", "photos", "--provider", "local", "--root", "/data/photos")
                .WithExample("integrations", "add", "--name", "web", "--provider", "direct");
            branch.AddCommand<IntegrationsListCommand>("list").WithDescription("List the integrations");
        });

        config.AddBranch("folders", branch =>
        {
            branch.SetDescription("Folders of items");
            branch.AddCommand<FoldersCreateCommand>("create")
                .WithDescription("Create a folder, and its missing parents")
                .WithExample("folders", "create", "datasets/cams");
            branch.AddCommand<FoldersListCommand>("list")
                .WithDescription("List the sub-folders of a folder (the root folders without PATH)")
                .WithExample("folders", "list", "datasets");
        });

        config.AddCommand<ImportCommand>("import")
            .WithDescription("Import an upload file (Encord JSON or CSV) into a folder")
            .WithExample("import", "upload.json", "--folder", "datasets/cams", "--integration", "photos", "--wait");

        config.AddBranch("jobs", branch =>
        {
            branch.SetDescription("Import jobs");
            branch.AddCommand<JobsShowCommand>("show").WithDescription("Show a job: its counts, messages and first failed units");
            branch.AddCommand<JobsWaitCommand>("wait").WithDescription("Wait for a job to end; exit 3 when it ends ERROR or CANCELLED");
            branch.AddCommand<JobsCancelCommand>("cancel").WithDescription("Cancel a job; what it registered stays");
            branch.AddCommand<JobsErrorsCommand>("errors")
                .WithDescription("List a job's failed units, or write them as the failed-files CSV")
                .WithExample("jobs", "errors", "0192e0c4-8d0b-7c3e-9a55-2f0c2b1d4e6f", "--csv", "failed.csv");
        });

        config.AddBranch("items", branch =>
        {
            branch.SetDescription("Registered items");
            branch.AddCommand<ItemsListCommand>("list")
                .WithDescription("List a folder's items, oldest first, or those matching a filter in a key's order")
                .WithExample("items", "list", "--folder", "datasets/cams", "--limit", "20")
                .WithExample("items", "list", "--folder", "datasets/cams", "--filter", "'camera = \"front\" AND score >= 0.5'", "--sort", "score", "--desc");
            branch.AddCommand<ItemsGetCommand>("get").WithDescription("Show an item");
            branch.AddCommand<ItemsUpdateCommand>("update")
                .WithDescription("Rename an item or replace its custom metadata (the new object replaces the old whole; schema keys are checked)")
                .WithExample("items", "update", "0192e0c4-8d0b-7c3e-9a55-2f0c2b1d4e6f", "--metadata", "'{\"camera\": \"front\", \"score\": 0.9}'");
            branch.AddCommand<ItemsCountsCommand>("counts")
                .WithDescription("Count a folder's items by each value of an enum, boolean or varchar key, or by type ($type)")
                .WithExample("items", "counts", "--folder", "datasets/cams", "--key", "camera", "--filter", "'score >= 0.5'");
            branch.AddCommand<ItemsThumbnailCommand>("thumbnail")
                .WithDescription("Save an item's JPEG thumbnail (a video's poster, a group's or series' first frame)")
                .WithExample("items", "thumbnail", "0192e0c4-8d0b-7c3e-9a55-2f0c2b1d4e6f", "--out", "thumb.jpg");
        });

        config.AddBranch("schema", branch =>
        {
            branch.SetDescription("The metadata schema: the types of custom metadata keys, which filters and sorts use");
            branch.AddCommand<SchemaGetCommand>("get").WithDescription("Show the schema's keys and types; with --output json, Encord's v2 document");
            branch.AddCommand<SchemaSetCommand>("set")
                .WithDescription("Replace the whole schema with a v2 (or v1) JSON document; stored values are then checked again")
                .WithExample("schema", "set", "schema.json");
            branch.AddCommand<SchemaAddScalarCommand>("add-scalar")
                .WithDescription("Add a scalar key, or change a scalar key's type")
                .WithExample("schema", "add-scalar", "captured_at", "datetime");
            branch.AddCommand<SchemaAddEnumCommand>("add-enum")
                .WithDescription("Add an enum key with 1 to 255 options")
                .WithExample("schema", "add-enum", "camera", "front", "rear", "side");
            branch.AddCommand<SchemaAddEnumOptionsCommand>("add-enum-options")
                .WithDescription("Add options to an enum key")
                .WithExample("schema", "add-enum-options", "camera", "top");
            branch.AddCommand<SchemaAddEmbeddingCommand>("add-embedding")
                .WithDescription("Add an embedding key of 1 to 4096 dimensions")
                .WithExample("schema", "add-embedding", "clip-512", "512");
            branch.AddCommand<SchemaAddGeospatialCommand>("add-geospatial").WithDescription("Add a geospatial key ({latitude, longitude})");
            branch.AddCommand<SchemaDeleteKeyCommand>("delete-key").WithDescription("Delete a key: restorable, or with --hard for good (stored values stay)");
            branch.AddCommand<SchemaRestoreKeyCommand>("restore-key").WithDescription("Bring back a key deleted without --hard");
            branch.AddCommand<SchemaReportCommand>("report")
                .WithDescription("How far the re-check of stored values after a schema change has got, and the values that do not conform");
        });

        config.AddBranch("spec", branch =>
        {
            branch.SetDescription("Upload files");
            branch.AddCommand<SpecValidateCommand>("validate")
                .WithDescription("Check an upload file here, without a server: every problem with its JSON path or CSV line")
                .WithExample("spec", "validate", "upload.json");
            branch.AddCommand<SpecGenerateCommand>("generate")
                .WithDescription("List an integration's storage and write the upload files that register it (JSON or CSV), optionally importing them")
                .WithExample("spec", "generate", "--integration", "cams", "--prefix", "s3://acme-raw/cams/", "--out", "cams.json")
                .WithExample("spec", "generate", "--integration", "scans", "--group-by-folder", "--import", "--folder", "datasets/scans", "--wait");
        });
    }

    /// <summary>What Spectre itself raises (unknown options, failed validation) is invalid input; anything else is unexpected.</summary>
    private static int HandleException(Exception exception, CliConsole console)
    {
        switch (exception)
        {
            case OperationCanceledException:
                console.WriteNote("Interrupted.");
                return ExitCodes.Interrupted;
            case CommandAppException { Pretty: { } pretty }:
                console.Error.Write(pretty);
                return ExitCodes.InvalidInput;
            case CommandAppException:
                console.WriteError(exception.Message);
                return ExitCodes.InvalidInput;
            default:
                console.WriteError($"unexpected failure: {exception}");
                return ExitCodes.InvalidInput;
        }
    }
}
