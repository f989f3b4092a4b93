using System.Text.Json;
using System.Text.Json.Nodes;
using Curio.Storage;
using Curio.Storage.Auth;
using Curio.Storage.Postgres;
using Microsoft.Extensions.Options;

namespace Curio.Server.Hosting;

/// <summary>
/// Runs before the server listens: brings the schema up to date, creates the admin on the first start, and puts
/// back to the queue any chunk a previous process of this embedded server was holding when it died. On PostgreSQL
/// other processes may be working on the same database, so only what is provably abandoned is taken back: leases
/// expire on their own (<see cref="Jobs.LeaseSweeper"/>) and drafts are swept only when a day old.
/// </summary>
internal sealed class Bootstrapper(
    IStorage storage, DataDirectory data, FirstRunCredentials credentials, TimeProvider time,
    IOptions<CurioOptions> options, ILogger<Bootstrapper> logger) : IHostedService
{
    public const string AdminName = "admin";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await storage.MigrateAsync(cancellationToken);
        }
        catch (Exception ex) when (storage is PostgresStorage database && ex is System.Data.Common.DbException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL at {database.Description} could not be used: {ex.Message} Check Curio:Storage:Postgres (curio serve --postgres), " +
                "that the server is running and that the role may create tables in that database.", ex);
        }

        var now = time.GetUtcNow();
        if (await storage.Auth.CountUsersAsync(cancellationToken) == 0)
        {
            await CreateAdminAsync(now, cancellationToken);
        }

        var shared = storage.KeyRing is not null;
        // Embedded: the data directory is locked to this process, so every lease in the database is a dead one's, and
        // every draft an interrupted submission's. Shared: other processes hold live leases and drafts.
        var requeued = await storage.Jobs.RequeueExpiredAsync(shared ? now : now + TimeSpan.FromDays(365), cancellationToken);
        var drafts = await storage.Jobs.SweepDraftsAsync(shared ? now - Jobs.LeaseSweeper.AbandonedDraft : now, cancellationToken);
        if (requeued + drafts > 0)
        {
            logger.LogInformation("Resumed {Chunks} interrupted chunks and removed {Drafts} unfinished submissions", requeued, drafts);
        }

        logger.LogInformation("Data directory {Path} ({Provider}); import workers {Workers}", data.Path, storage.Provider, options.Value.Import.Workers);
        if (storage is PostgresStorage postgres)
        {
            var vector = await postgres.VectorVersionAsync(cancellationToken);
            logger.LogInformation("PostgreSQL {Database}; pgvector {Vector}", postgres.Description, vector ?? "not installed (embedding search will need it)");
        }
    }

    private async Task CreateAdminAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var password = Tokens.NewPassword();
        var token = Tokens.NewToken();
        var user = new UserRecord(Guid.CreateVersion7(now), AdminName, IsAdmin: true, Tokens.HashPassword(password), now);
        try
        {
            await storage.Auth.CreateUserAsync(user, cancellationToken);
        }
        catch (System.Data.Common.DbException) when (storage.KeyRing is not null)
        {
            // Another process on the same database started at the same moment and created it first.
            if (await storage.Auth.CountUsersAsync(cancellationToken) == 0)
            {
                throw;
            }

            logger.LogInformation("The admin user was created by another server process on this database");
            return;
        }

        await storage.Auth.CreateTokenAsync(new TokenRecord(Guid.CreateVersion7(now), user.Uuid, "initial admin token", now), Tokens.Hash(token), cancellationToken);

        var path = Path.Combine(data.Path, "initial-admin.json");
        var json = new JsonObject { ["userName"] = AdminName, ["password"] = password, ["token"] = token };
        await FileSecrets.WriteAsync(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
        (credentials.UserName, credentials.Password, credentials.Token, credentials.SavedTo) = (AdminName, password, token, path);
        logger.LogInformation("First start: created the admin user and an API token (saved to {Path})", path);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
