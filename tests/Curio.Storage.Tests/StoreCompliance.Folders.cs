using Curio.Storage.Folders;
using Curio.Storage.Integrations;

namespace Curio.Storage.Tests;

public abstract partial class StoreCompliance
{
    [Fact]
    public async Task Folders_nest_and_names_are_unique_per_parent()
    {
        var root = (await Storage.Folders.CreateAsync(new NewFolder(Guid.CreateVersion7(T0), null, "cams", "desc", """{"a":1}""", null, T0), Ct)).Folder!;
        var front = (await Storage.Folders.CreateAsync(new NewFolder(Guid.CreateVersion7(T0), root.Uuid, "front", "", null, null, T0), Ct)).Folder!;

        Assert.Equal(FolderWriteStatus.NameTaken, (await Storage.Folders.CreateAsync(new NewFolder(Guid.NewGuid(), null, "cams", "", null, null, T0), Ct)).Status);
        Assert.Equal(FolderWriteStatus.NameTaken, (await Storage.Folders.CreateAsync(new NewFolder(Guid.NewGuid(), root.Uuid, "front", "", null, null, T0), Ct)).Status);
        Assert.Equal(FolderWriteStatus.Done, (await Storage.Folders.CreateAsync(new NewFolder(Guid.NewGuid(), front.Uuid, "cams", "", null, null, T0), Ct)).Status);
        Assert.Equal(FolderWriteStatus.ParentNotFound, (await Storage.Folders.CreateAsync(new NewFolder(Guid.NewGuid(), Guid.NewGuid(), "x", "", null, null, T0), Ct)).Status);

        Assert.Equal(front.Uuid, (await Storage.Folders.FindByPathAsync(["cams", "front"], Ct))!.Uuid);
        Assert.Null(await Storage.Folders.FindByPathAsync(["cams", "rear"], Ct));
        Assert.Equal(["cams", "front"], (await Storage.Folders.GetPathAsync(front.Uuid, Ct)).Select(f => f.Name));
        Assert.Equal(root.Uuid, front.ParentUuid);
        Assert.Equal(("desc", """{"a":1}"""), (root.Description, root.ClientMetadata));
        Assert.Equal(["cams"], (await Storage.Folders.ListChildrenAsync(null, Ct)).Select(f => f.Name));
        Assert.Empty(await Storage.Folders.ListChildrenAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task Ensure_path_creates_only_what_is_missing()
    {
        var first = await Storage.Folders.EnsurePathAsync(["a", "b"], null, T0, Ct);
        var again = await Storage.Folders.EnsurePathAsync(["a", "b", "c"], null, T0, Ct);

        Assert.Equal(first.Uuid, again.ParentUuid);
        Assert.Equal(["a", "b", "c"], (await Storage.Folders.GetPathAsync(again.Uuid, Ct)).Select(f => f.Name));
        Assert.Single(await Storage.Folders.ListChildrenAsync(null, Ct));
    }

    [Fact]
    public async Task Renaming_keeps_names_unique_and_patches_only_what_is_given()
    {
        var a = await Storage.Folders.EnsurePathAsync(["a"], null, T0, Ct);
        await Storage.Folders.EnsurePathAsync(["b"], null, T0, Ct);

        Assert.Equal(FolderWriteStatus.NameTaken, (await Storage.Folders.UpdateAsync(a.Uuid, new FolderPatch { Name = "b" }, T0, Ct)).Status);
        var renamed = await Storage.Folders.UpdateAsync(a.Uuid, new FolderPatch { Name = "c", ClientMetadata = "{}" }, T0.AddMinutes(1), Ct);
        Assert.Equal(("c", "{}", "", T0.AddMinutes(1)), (renamed.Folder!.Name, renamed.Folder.ClientMetadata, renamed.Folder.Description, renamed.Folder.LastEditedAt));
        Assert.Equal(FolderWriteStatus.NotFound, (await Storage.Folders.UpdateAsync(Guid.NewGuid(), new FolderPatch(), T0, Ct)).Status);
    }

    [Fact]
    public async Task Deleting_a_folder_needs_it_empty_or_recursive_and_no_running_import()
    {
        var (folder, integration, user) = await SeedAsync();
        var child = await Storage.Folders.EnsurePathAsync(["data", "sub"], null, T0, Ct);
        var job = await JobAsync(child, integration, user, chunkSizes: [1]);

        Assert.Equal(FolderWriteStatus.Busy, (await Storage.Folders.DeleteAsync(folder.Uuid, recursive: true, Ct)).Status);
        var lease = (await ClaimAsync())!;
        await Storage.Jobs.CommitChunkAsync(lease, [Success(0, "a.png")], T0, Ct);

        Assert.Equal(FolderWriteStatus.NotEmpty, (await Storage.Folders.DeleteAsync(folder.Uuid, recursive: false, Ct)).Status);
        Assert.Equal(FolderWriteStatus.Done, (await Storage.Folders.DeleteAsync(folder.Uuid, recursive: true, Ct)).Status);
        Assert.Null(await Storage.Folders.GetAsync(child.Uuid, Ct));
        Assert.Null(await Storage.Jobs.GetAsync(job.Uuid, Ct));
        Assert.Equal(FolderWriteStatus.NotFound, (await Storage.Folders.DeleteAsync(folder.Uuid, recursive: true, Ct)).Status);
        Assert.Equal(IntegrationDeleteStatus.Deleted, await Storage.Integrations.DeleteAsync(integration.Uuid, Ct));
    }

    [Fact]
    public async Task Integrations_have_unique_names_and_cannot_be_deleted_while_used()
    {
        var (folder, integration, user) = await SeedAsync();

        Assert.False(await Storage.Integrations.CreateAsync(integration with { Uuid = Guid.NewGuid() }, Ct));
        Assert.Equal(integration, await Storage.Integrations.FindByNameAsync(integration.Name, Ct));
        Assert.Equal(integration, await Storage.Integrations.GetAsync(integration.Uuid, Ct));
        await JobAsync(folder, integration, user, chunkSizes: [1]);
        Assert.Equal(IntegrationDeleteStatus.InUse, await Storage.Integrations.DeleteAsync(integration.Uuid, Ct));
        Assert.Equal(IntegrationDeleteStatus.NotFound, await Storage.Integrations.DeleteAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task Integration_secrets_are_stored_as_given_and_absent_when_none()
    {
        var (_, plain, _) = await SeedAsync();
        var secret = plain with { Uuid = Guid.NewGuid(), Name = plain.Name + "-cloud", Provider = "s3", Secrets = "CfDJ8-opaque-ciphertext" };

        Assert.True(await Storage.Integrations.CreateAsync(secret, Ct));

        Assert.Null((await Storage.Integrations.GetAsync(plain.Uuid, Ct))!.Secrets);
        Assert.Equal("CfDJ8-opaque-ciphertext", (await Storage.Integrations.FindByNameAsync(secret.Name, Ct))!.Secrets);
        Assert.Contains(await Storage.Integrations.ListAsync(Ct), i => i == secret);
    }

    [Fact]
    public async Task Tokens_find_their_user()
    {
        var (_, _, user) = await SeedAsync();
        await Storage.Auth.CreateTokenAsync(new Auth.TokenRecord(Guid.NewGuid(), user.Uuid, "cli", T0), [1, 2, 3], Ct);

        Assert.Equal(user.Name, (await Storage.Auth.FindUserByTokenAsync([1, 2, 3], Ct))!.Name);
        Assert.Null(await Storage.Auth.FindUserByTokenAsync([1, 2, 4], Ct));
        Assert.Equal(1, await Storage.Auth.CountUsersAsync(Ct));
        Assert.True((await Storage.Auth.FindUserAsync(user.Name, Ct))!.IsAdmin);
    }

    [Fact]
    public async Task Times_are_kept_in_UTC_to_the_millisecond()
    {
        var at = new DateTimeOffset(2026, 5, 6, 9, 8, 7, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        var created = (await Storage.Folders.CreateAsync(new NewFolder(Guid.CreateVersion7(T0), null, "timed", "", null, null, at), Ct)).Folder!;

        var read = (await Storage.Folders.GetAsync(created.Uuid, Ct))!;
        Assert.Equal(new DateTimeOffset(2026, 5, 6, 7, 8, 7, 123, TimeSpan.Zero), read.CreatedAt);
        Assert.Equal(TimeSpan.Zero, read.CreatedAt.Offset);
    }
}
