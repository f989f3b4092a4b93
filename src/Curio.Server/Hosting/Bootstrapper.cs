using System.Text.Json;
using System.Text.Json.Nodes;
using Curio.Storage;
using Curio.Storage.Auth;
using Microsoft.Extensions.Options;

namespace Curio.Server.Hosting;

/// <summary>
/// Runs before the server listens: brings the schema up to date, creates the admin on the first start, and puts
/// back to the queue any chunk a previous process of this embedded server was holding when it died.
/// </summary>
internal sealed class Bootstrapper(
    IStorage storage, DataDirectory data, FirstRunCredentials credentials, TimeProvider time,
    IOptions<CurioOptions> options, ILogger<Bootstrapper> logger) : IHostedService
{
    public const string AdminName = "admin";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await storage.MigrateAsync(cancellationToken);
        var now = time.GetUtcNow();
        if (await storage.Auth.CountUsersAsync(cancellationToken) == 0)
        {
            await CreateAdminAsync(now, cancellationToken);
        }

        // The data directory is locked to this process, so every lease in the embedded database is a dead one's.
        var requeued = await storage.Jobs.RequeueExpiredAsync(now + TimeSpan.FromDays(365), cancellationToken);
        var drafts = await storage.Jobs.SweepDraftsAsync(now, cancellationToken);
        if (requeued + drafts > 0)
        {
            logger.LogInformation("Resumed {Chunks} interrupted chunks and removed {Drafts} unfinished submissions", requeued, drafts);
        }

        logger.LogInformation("Data directory {Path} ({Provider}); import workers {Workers}", data.Path, storage.Provider, options.Value.Import.Workers);
    }

    private async Task CreateAdminAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var password = Tokens.NewPassword();
        var token = Tokens.NewToken();
        var user = new UserRecord(Guid.CreateVersion7(now), AdminName, IsAdmin: true, Tokens.HashPassword(password), now);
        await storage.Auth.CreateUserAsync(user, cancellationToken);
        await storage.Auth.CreateTokenAsync(new TokenRecord(Guid.CreateVersion7(now), user.Uuid, "initial admin token", now), Tokens.Hash(token), cancellationToken);

        var path = Path.Combine(data.Path, "initial-admin.json");
        var json = new JsonObject { ["userName"] = AdminName, ["password"] = password, ["token"] = token };
        await FileSecrets.WriteAsync(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
        (credentials.UserName, credentials.Password, credentials.Token, credentials.SavedTo) = (AdminName, password, token, path);
        logger.LogInformation("First start: created the admin user and an API token (saved to {Path})", path);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
