using System.Text;
using Curio.Core.Importing;
using Curio.Core.Items;
using Curio.Storage.Auth;
using Curio.Storage.Folders;
using Curio.Storage.Integrations;
using Curio.Storage.Items;
using Curio.Storage.Jobs;

namespace Curio.Storage.Tests;

/// <summary>
/// What every storage backend must do, unchanged. A backend's test class only says how to create a fresh, empty,
/// migrated database; every test gets its own.
/// </summary>
public abstract partial class StoreCompliance : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private IStorage? _storage;

    protected IStorage Storage => _storage ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>A new, empty database for one test.</summary>
    protected abstract Task<IStorage> CreateStorageAsync();

    public async ValueTask InitializeAsync()
    {
        _storage = await CreateStorageAsync();
        await _storage.MigrateAsync(CancellationToken.None);
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Migrating_again_changes_nothing()
    {
        await Storage.MigrateAsync(Ct);
        Assert.Empty(await Storage.Integrations.ListAsync(Ct));
    }

    protected async Task<(FolderRecord Folder, IntegrationRecord Integration, UserRecord User)> SeedAsync(string folder = "data")
    {
        var user = new UserRecord(Guid.CreateVersion7(T0), "admin-" + Guid.NewGuid().ToString("N")[..6], true, null, T0);
        await Storage.Auth.CreateUserAsync(user, Ct);
        var integration = new IntegrationRecord
        {
            Uuid = Guid.CreateVersion7(T0),
            Name = "local-" + Guid.NewGuid().ToString("N")[..6],
            Provider = "local",
            Settings = """{"root":"/data"}""",
            CreatedBy = user.Uuid,
            CreatedAt = T0,
        };
        Assert.True(await Storage.Integrations.CreateAsync(integration, Ct));
        var created = await Storage.Folders.CreateAsync(new NewFolder(Guid.CreateVersion7(T0), null, folder, "", null, user.Uuid, T0), Ct);
        return (created.Folder!, integration, user);
    }

    protected static NewItem Item(string url, ItemType type = ItemType.Image, string? metadata = null) => new()
    {
        Uuid = Guid.CreateVersion7(),
        Type = type,
        Name = url,
        Url = url,
        ClientMetadata = metadata,
        Width = 640,
        Height = 480,
        MimeType = "image/png",
        FileSize = 123,
    };

    protected static UnitSucceeded Success(int index, string url, string? metadata = null) =>
        new(index, Item(url, metadata: metadata), [], DedupKey.ForFile(url), metadata is not null);

    protected static UnitSucceeded Group(int index, string title, params string[] urls) =>
        new(index, Item(title, ItemType.ImageGroup) with { Url = null }, urls.Select(u => Item(u)).ToList(), DedupKey.ForGroup(urls), false);

    protected static UnitFailed Failure(int index, string url) =>
        new(index, new UnitError(index, "image", url, [url], "File not found: " + url, "Check the file exists", Guid.NewGuid()));

    /// <summary>Creates a draft job whose chunks hold the given unit counts (payloads are opaque to the store).</summary>
    protected async Task<Guid> DraftAsync(FolderRecord folder, IntegrationRecord integration, UserRecord user, bool ignoreErrors, bool skip, bool upsert, params int[] chunkSizes)
    {
        var uuid = Guid.CreateVersion7(T0);
        await Storage.Jobs.CreateDraftAsync(new NewJob(uuid, folder.Uuid, integration.Uuid, ignoreErrors, "spec.json", "json", user.Uuid, T0), Ct);
        await Storage.Jobs.SetDraftFlagsAsync(uuid, skip, upsert, Ct);
        var first = 0;
        var chunks = new List<NewChunk>();
        for (var i = 0; i < chunkSizes.Length; i++)
        {
            chunks.Add(new NewChunk(i, first, chunkSizes[i], Encoding.UTF8.GetBytes($"chunk {i}")));
            first += chunkSizes[i];
        }

        await Storage.Jobs.AppendChunksAsync(uuid, chunks, Ct);
        return uuid;
    }

    /// <summary>Creates and publishes a job whose chunks hold the given unit counts (payloads are opaque to the store).</summary>
    protected async Task<JobRecord> JobAsync(FolderRecord folder, IntegrationRecord integration, UserRecord user, bool ignoreErrors = true,
        bool skip = false, bool upsert = false, params int[] chunkSizes)
    {
        var uuid = await DraftAsync(folder, integration, user, ignoreErrors, skip, upsert, chunkSizes);
        return await Storage.Jobs.PublishAsync(uuid, new PublishedSpec(chunkSizes.Sum(), """[{"code":"w"}]"""), T0, Ct);
    }

    protected Task<ChunkLease?> ClaimAsync(string owner = "w1", DateTimeOffset? now = null) =>
        Storage.Jobs.ClaimChunkAsync(owner, now ?? T0, TimeSpan.FromSeconds(30), Ct);

    protected async Task<List<ItemRecord>> AllItemsAsync(Guid folder)
    {
        var items = new List<ItemRecord>();
        string? token = null;
        do
        {
            var page = await Storage.Items.ListAsync(folder, new ItemListQuery { PageSize = 1000, PageToken = token }, Ct);
            items.AddRange(page.Items);
            token = page.NextPageToken;
        }
        while (token is not null);
        return items;
    }
}
