using Curio.Connectors;
using Curio.Contracts;
using Curio.Media.Probing;
using Curio.Server.Features.Folders;
using Curio.Server.Features.Importing;
using Curio.Server.Features.Integrations;
using Curio.Server.Features.Items;
using Curio.Server.Features.Jobs;
using Curio.Server.Features.Metadata;
using Curio.Server.Features.Thumbnails;
using Curio.Server.Hosting;
using Curio.Server.Jobs;
using Curio.Server.Jobs.Probing;
using Curio.Storage;
using Curio.Storage.Postgres;
using Curio.Storage.Sqlite;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Curio.Server;

/// <summary>Builds the Curio server. <c>Program</c> runs it; <c>curio serve</c> hosts it in the CLI's process.</summary>
public static class CurioHost
{
    public const string DefaultUrl = "http://127.0.0.1:5170";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // Reloading appsettings on change watches the content root recursively, and the data directory (and its
            // database, written all the time) usually lives under it. Configuration is read once, at start.
            Args = ["--hostBuilder:reloadConfigOnChange=false", .. args],
            ApplicationName = typeof(CurioHost).Assembly.GetName().Name,
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // The web UI's framework script (_framework/blazor.web.js) is a static web asset. `./run.sh` and `curio serve` run
        // a build, not a publish, outside Development: load the build's asset manifest in every environment (a published
        // app has none, and serves the files from its wwwroot).
        builder.WebHost.UseStaticWebAssets();
        builder.AddCurio();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.UseCurio();
        return app;
    }

    private static void AddCurio(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<CurioOptions>().Bind(builder.Configuration.GetSection(CurioOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CurioOptions>, CurioOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new DataDirectory(sp.GetRequiredService<IOptions<CurioOptions>>().Value.DataDirectory));
        services.AddSingleton<IStorage>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CurioOptions>>().Value;
            var data = sp.GetRequiredService<DataDirectory>();
            return options.Storage.IsPostgres
                ? new PostgresStorage(options.Storage.Postgres!)
                : new SqliteStorage(options.Storage.SqlitePath ?? Path.Combine(data.Path, "curio.db"));
        });
        services.AddSingleton(sp => new ObjectSourceFactory(
            sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<CurioOptions>>().Value.Connectors.ToSourceOptions()));
        services.AddSingleton<FirstRunCredentials>();
        services.AddSingleton<LocalCliProfile>();
        services.AddSingleton<JobSignals>();
        services.AddSingleton<ImportSubmitter>();
        services.AddSingleton<ObjectSources>();
        services.AddSingleton<IntegrationSecretsProtector>();
        services.AddSingleton<ContentLinks>();
        services.AddSingleton<ItemSigner>();
        services.AddSingleton(sp => new FfprobeProber(sp.GetRequiredService<IOptions<CurioOptions>>().Value.Probing.ToFfprobeOptions()));
        services.AddSingleton<RangeRelay>();
        services.AddSingleton<ObjectProber>();
        services.AddSingleton<SchemaCache>();
        services.AddSingleton<ItemThumbnails>();
        services.AddSingleton<UnitProber>();
        services.AddSingleton<ChunkProcessor>();
        services.AddSingleton<ImportPacer>();

        // Order matters: the bootstrapper migrates before anything else touches the database.
        services.AddHostedService<Bootstrapper>();
        services.AddHostedService<ImportWorker>();
        services.AddHostedService<LeaseSweeper>();
        services.AddHostedService<SampleSeeder>();
        services.AddHostedService<MetadataReindexer>();

        // Keys for what ASP.NET protects (integration secrets, cookies) live with the rest of the server's state, not in
        // ~/.aspnet: in the data directory for the embedded database, in the database when processes share it, so that
        // each decrypts what another encrypted.
        services.AddDataProtection().SetApplicationName("Curio");
        services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((o, sp) => o.XmlRepository = new DeferredXmlRepository(() =>
            sp.GetRequiredService<IStorage>().KeyRing is { } ring
                ? new DatabaseXmlRepository(ring)
                : new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(sp.GetRequiredService<DataDirectory>().Path, "keys")), NullLoggerFactory.Instance)));
        services.AddAuthentication(BearerTokenHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        services.AddAuthorizationBuilder().SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddCurioUi();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemMapping.AddCodes);
        services.AddExceptionHandler<ProblemMapping>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, CurioJsonContext.Default);
            o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
        });
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new() { Title = "Curio API", Version = "v1", Description = "Self-hosted data index for ML data. See docs/api.md." };
            return Task.CompletedTask;
        }));
    }

    private static void UseCurio(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapGet("/health", () => TypedResults.Ok(new HealthStatus("ok"))).AllowAnonymous().WithTags("Health").WithName("Health")
            .WithSummary("Liveness: the process answers (no authentication, no data)");
        app.MapOpenApi("/openapi/{documentName}.json");

        var api = app.MapGroup("/api/v1");
        api.MapIntegrations();
        api.MapFolders();
        api.MapItems();
        api.MapItemUpdates();
        api.MapMetadata();
        api.MapImports();
        api.MapJobs();

        app.MapCurioUi();
    }
}

/// <summary>Body of <c>GET /health</c>.</summary>
/// <param name="Status">Always "ok" when the process answers.</param>
public sealed record HealthStatus(string Status);
