using Curio.Storage.Folders;
using Curio.Storage.Items;
using Curio.Storage.Jobs;

namespace Curio.Storage.Tests;

public abstract partial class StoreCompliance
{
    [Fact]
    public async Task A_draft_is_invisible_until_published_and_can_be_discarded()
    {
        var (folder, integration, user) = await SeedAsync();
        var uuid = Guid.NewGuid();
        await Storage.Jobs.CreateDraftAsync(new NewJob(uuid, folder.Uuid, integration.Uuid, true, null, "csv", user.Uuid, T0), Ct);
        await Storage.Jobs.AppendChunksAsync(uuid, [new NewChunk(0, 0, 5, [1])], Ct);

        Assert.Empty(await Storage.Jobs.ListAsync(null, 10, Ct));
        await Storage.Jobs.DiscardDraftAsync(uuid, Ct);
        Assert.Null(await ClaimAsync());
        Assert.Null(await Storage.Jobs.GetAsync(uuid, Ct));

        await Storage.Jobs.CreateDraftAsync(new NewJob(Guid.NewGuid(), folder.Uuid, integration.Uuid, true, null, "csv", user.Uuid, T0), Ct);
        Assert.Equal(1, await Storage.Jobs.SweepDraftsAsync(T0.AddMinutes(1), Ct));
    }

    [Fact]
    public async Task Chunks_are_claimed_in_order_and_committed_with_their_items()
    {
        var (folder, integration, user) = await SeedAsync();
        var job = await JobAsync(folder, integration, user, chunkSizes: [2, 1]);
        Assert.Equal((JobStatus.Pending, 3, 3), (job.Status, job.UnitsTotal, job.UnitsPending));
        Assert.Equal("""[{"code":"w"}]""", job.WarningsJson);

        var first = (await ClaimAsync("w1"))!;
        var second = (await ClaimAsync("w2"))!;
        Assert.Null(await ClaimAsync("w3"));
        Assert.Equal((0, 0, 2, "chunk 0"), (first.ChunkNo, first.FirstUnit, first.UnitCount, System.Text.Encoding.UTF8.GetString(first.Payload)));
        Assert.Equal((1, 2), (second.ChunkNo, second.FirstUnit));
        Assert.Equal((folder.Uuid, integration.Uuid, user.Uuid), (first.FolderUuid, first.IntegrationUuid, first.CreatedBy));

        var afterFirst = await Storage.Jobs.CommitChunkAsync(first, [Success(0, "a.png", """{"k":1}"""), Failure(1, "b.png")], T0, Ct);
        Assert.False(afterFirst.Finished);
        Assert.Equal((1, 1, 1), (afterFirst.Job!.UnitsDone, afterFirst.Job.UnitsError, afterFirst.Job.UnitsPending));
        Assert.NotNull(afterFirst.Job.StartedAt);

        var end = await Storage.Jobs.CommitChunkAsync(second, [Group(2, "g", "g/1.png", "g/0.png")], T0.AddSeconds(5), Ct);
        Assert.True(end.Finished);
        Assert.Equal((JobStatus.Done, 2, 1, 2, T0.AddSeconds(5)), (end.Job!.Status, end.Job.UnitsDone, end.Job.UnitsError, end.Job.ItemsCreated, end.Job.FinishedAt));

        var items = await AllItemsAsync(folder.Uuid);
        Assert.Equal(["a.png", "g"], items.Select(i => i.Name));
        Assert.Equal("""{"k":1}""", items[0].ClientMetadata);
        Assert.Equal((640, 480, 123L, "image/png"), (items[0].Width!.Value, items[0].Height!.Value, items[0].FileSize!.Value, items[0].MimeType));
        Assert.Equal(job.Uuid, items[0].JobUuid);
        Assert.Equal("local", items[0].IntegrationProvider);
        Assert.Equal(2, items[1].ChildCount);
        var frames = await Storage.Items.ListChildrenAsync(items[1].Uuid, Ct);
        Assert.Equal(["g/1.png", "g/0.png"], frames.Select(f => f.Url));
        Assert.Equal([0, 1], frames.Select(f => f.Position!.Value));
        Assert.All(frames, f => Assert.Equal(items[1].Uuid, f.ParentItemUuid));

        var created = await Storage.Jobs.ListCreatedItemsAsync(job.Uuid, 10, null, Ct);
        Assert.Equal(["a.png", "g"], created.Items.Select(i => i.Name));
        var errors = await Storage.Jobs.ListUnitErrorsAsync(job.Uuid, 10, null, Ct);
        var error = Assert.Single(errors.Errors);
        Assert.Equal((1, "b.png", "File not found: b.png"), (error.UnitIndex, error.ObjectUrls[0], error.Error));
    }

    [Fact]
    public async Task Skip_duplicate_urls_skips_what_the_folder_has_including_earlier_units_of_the_same_job()
    {
        var (folder, integration, user) = await SeedAsync();
        await JobAsync(folder, integration, user, chunkSizes: [1]);
        await Storage.Jobs.CommitChunkAsync((await ClaimAsync())!, [Success(0, "a.png", """{"v":1}""")], T0, Ct);

        var other = await Storage.Folders.EnsurePathAsync(["other"], null, T0, Ct);
        await JobAsync(other, integration, user, chunkSizes: [1]);
        await Storage.Jobs.CommitChunkAsync((await ClaimAsync())!, [Success(0, "a.png")], T0, Ct);

        await JobAsync(folder, integration, user, skip: true, chunkSizes: [4]);
        var result = await Storage.Jobs.CommitChunkAsync((await ClaimAsync())!,
            [Success(0, "a.png", """{"v":2}"""), Success(1, "b.png"), Success(2, "b.png"), Group(3, "g", "a.png")], T0, Ct);

        Assert.Equal((4, 2, 0, 2), (result.Job!.UnitsDone, result.Job.UnitsSkipped, result.Job.UnitsUpdated, result.Job.ItemsCreated));
        var items = await AllItemsAsync(folder.Uuid);
        Assert.Equal(["a.png", "b.png", "g"], items.Select(i => i.Name));
        Assert.Equal("""{"v":1}""", items[0].ClientMetadata);
        Assert.Single(await AllItemsAsync(other.Uuid));
    }

    [Fact]
    public async Task Upsert_metadata_replaces_the_metadata_of_skipped_duplicates_that_carry_some()
    {
        var (folder, integration, user) = await SeedAsync();
        await JobAsync(folder, integration, user, chunkSizes: [2]);
        await Storage.Jobs.CommitChunkAsync((await ClaimAsync())!, [Success(0, "a.png", """{"v":1,"w":1}"""), Success(1, "b.png", """{"v":1}""")], T0, Ct);

        await JobAsync(folder, integration, user, skip: true, upsert: true, chunkSizes: [3]);
        var result = await Storage.Jobs.CommitChunkAsync((await ClaimAsync())!,
            [Success(0, "a.png", """{"v":2}"""), Success(1, "b.png"), Success(2, "c.png", "{}")], T0.AddHours(1), Ct);

        Assert.Equal((3, 1, 1, 1), (result.Job!.UnitsDone, result.Job.UnitsSkipped, result.Job.UnitsUpdated, result.Job.ItemsCreated));
        var items = await AllItemsAsync(folder.Uuid);
        Assert.Equal(["""{"v":2}""", """{"v":1}""", "{}"], items.Select(i => i.ClientMetadata));
        Assert.Equal(T0.AddHours(1), items[0].LastEditedAt);
    }

    [Fact]
    public async Task An_all_or_nothing_job_shows_nothing_until_done_then_everything()
    {
        var (folder, integration, user) = await SeedAsync();
        await JobAsync(folder, integration, user, chunkSizes: [1]);
        await Storage.Jobs.CommitChunkAsync((await ClaimAsync())!, [Success(0, "a.png", """{"v":1}""")], T0, Ct);

        var job = await JobAsync(folder, integration, user, ignoreErrors: false, skip: true, upsert: true, chunkSizes: [2, 1]);
        await Storage.Jobs.CommitChunkAsync((await ClaimAsync())!, [Success(0, "a.png", """{"v":2}"""), Group(1, "g", "x.png")], T0, Ct);
        Assert.Equal(["a.png"], (await AllItemsAsync(folder.Uuid)).Select(i => i.Name));
        Assert.Equal("""{"v":1}""", (await AllItemsAsync(folder.Uuid))[0].ClientMetadata);
        Assert.Empty((await Storage.Jobs.ListCreatedItemsAsync(job.Uuid, 10, null, Ct)).Items);

        var end = await Storage.Jobs.CommitChunkAsync((await ClaimAsync())!, [Success(2, "b.png")], T0, Ct);
        Assert.Equal(JobStatus.Done, end.Job!.Status);
        var items = await AllItemsAsync(folder.Uuid);
        Assert.Equal(["a.png", "g", "b.png"], items.Select(i => i.Name));
        Assert.Equal("""{"v":2}""", items[0].ClientMetadata);
        Assert.Single(await Storage.Items.ListChildrenAsync(items[1].Uuid, Ct));
    }

    [Fact]
    public async Task An_all_or_nothing_job_with_a_failure_registers_nothing_and_changes_nothing()
    {
        var (folder, integration, user) = await SeedAsync();
        await JobAsync(folder, integration, user, chunkSizes: [1]);
        await Storage.Jobs.CommitChunkAsync((await ClaimAsync())!, [Success(0, "a.png", """{"v":1}""")], T0, Ct);

        await JobAsync(folder, integration, user, ignoreErrors: false, skip: true, upsert: true, chunkSizes: [3, 1]);
        await Storage.Jobs.CommitChunkAsync((await ClaimAsync())!, [Success(0, "a.png", """{"v":2}"""), Group(1, "g", "x.png"), Success(2, "c.png")], T0, Ct);
        var end = await Storage.Jobs.CommitChunkAsync((await ClaimAsync())!, [Failure(3, "d.png")], T0, Ct);

        Assert.Equal((JobStatus.Error, 3, 1, 0), (end.Job!.Status, end.Job.UnitsDone, end.Job.UnitsError, end.Job.ItemsCreated));
        Assert.Contains("nothing was registered", Assert.Single(end.Job.Errors), StringComparison.Ordinal);
        var items = await AllItemsAsync(folder.Uuid);
        Assert.Equal(["a.png"], items.Select(i => i.Name));
        Assert.Equal("""{"v":1}""", items[0].ClientMetadata);
        Assert.Empty((await Storage.Jobs.ListCreatedItemsAsync(end.Job.Uuid, 10, null, Ct)).Items);
    }

    [Fact]
    public async Task Cancel_stops_pending_chunks_keeps_what_was_done_and_ends_when_held_chunks_are_let_go()
    {
        var (folder, integration, user) = await SeedAsync();
        var job = await JobAsync(folder, integration, user, ignoreErrors: false, chunkSizes: [1, 2, 3]);
        await Storage.Jobs.CommitChunkAsync((await ClaimAsync())!, [Success(0, "a.png")], T0, Ct);
        var held = (await ClaimAsync())!;

        var cancel = await Storage.Jobs.CancelAsync(job.Uuid, T0, Ct);
        Assert.Equal((CancelStatus.Cancelled, 3, JobStatus.Pending), (cancel.Status, cancel.UnitsCancelled, cancel.Job!.Status));
        Assert.False(await Storage.Jobs.RenewLeaseAsync(held, T0, TimeSpan.FromSeconds(30), Ct));
        Assert.Null(await ClaimAsync());

        var end = await Storage.Jobs.ReleaseChunkAsync(held, T0, Ct);
        Assert.True(end.Finished);
        Assert.Equal((JobStatus.Cancelled, 1, 5, 0), (end.Job!.Status, end.Job.UnitsDone, end.Job.UnitsCancelled, end.Job.UnitsPending));
        Assert.Equal(["a.png"], (await AllItemsAsync(folder.Uuid)).Select(i => i.Name));
        Assert.Equal(CancelStatus.AlreadyFinished, (await Storage.Jobs.CancelAsync(job.Uuid, T0, Ct)).Status);
        Assert.Equal(CancelStatus.NotFound, (await Storage.Jobs.CancelAsync(Guid.NewGuid(), T0, Ct)).Status);
    }

    [Fact]
    public async Task Cancelling_a_job_with_no_held_chunk_ends_it_at_once()
    {
        var (folder, integration, user) = await SeedAsync();
        var job = await JobAsync(folder, integration, user, chunkSizes: [4]);

        var cancel = await Storage.Jobs.CancelAsync(job.Uuid, T0, Ct);

        Assert.Equal((JobStatus.Cancelled, 4), (cancel.Job!.Status, cancel.Job.UnitsCancelled));
    }

    [Fact]
    public async Task An_expired_lease_goes_back_to_the_queue_and_the_late_worker_loses_its_commit()
    {
        var (folder, integration, user) = await SeedAsync();
        await JobAsync(folder, integration, user, chunkSizes: [1]);
        var dead = (await ClaimAsync("dead"))!;

        Assert.Equal(0, await Storage.Jobs.RequeueExpiredAsync(T0.AddSeconds(10), Ct));
        Assert.True(await Storage.Jobs.RenewLeaseAsync(dead, T0.AddSeconds(10), TimeSpan.FromSeconds(30), Ct));
        Assert.Equal(1, await Storage.Jobs.RequeueExpiredAsync(T0.AddSeconds(41), Ct));

        var alive = (await ClaimAsync("alive", T0.AddSeconds(41)))!;
        Assert.True((await Storage.Jobs.CommitChunkAsync(dead, [Success(0, "a.png")], T0, Ct)).LeaseLost);
        Assert.False(await Storage.Jobs.RenewLeaseAsync(dead, T0, TimeSpan.FromSeconds(30), Ct));
        var end = await Storage.Jobs.CommitChunkAsync(alive, [Success(0, "a.png")], T0, Ct);
        Assert.Equal(JobStatus.Done, end.Job!.Status);
        Assert.Single(await AllItemsAsync(folder.Uuid));
    }

    [Fact]
    public async Task Releasing_a_chunk_puts_it_back_for_another_worker()
    {
        var (folder, integration, user) = await SeedAsync();
        await JobAsync(folder, integration, user, chunkSizes: [1]);
        var lease = (await ClaimAsync("w1"))!;

        Assert.False((await Storage.Jobs.ReleaseChunkAsync(lease, T0, Ct)).Finished);
        Assert.Equal(0, (await ClaimAsync("w2"))!.ChunkNo);
    }

    [Fact]
    public async Task Failing_a_job_cancels_what_is_left_and_rolls_back_an_all_or_nothing_job()
    {
        var (folder, integration, user) = await SeedAsync();
        var job = await JobAsync(folder, integration, user, ignoreErrors: false, chunkSizes: [1, 1]);
        var lease = (await ClaimAsync())!;
        await Storage.Jobs.CommitChunkAsync(lease, [Success(0, "a.png")], T0, Ct);

        var failed = await Storage.Jobs.FailAsync(job.Uuid, "The integration was deleted.", T0, Ct);

        Assert.Equal((JobStatus.Error, 1, 1), (failed!.Status, failed.UnitsDone, failed.UnitsCancelled));
        Assert.Equal(["The integration was deleted."], failed.Errors);
        Assert.Empty(await AllItemsAsync(folder.Uuid));
    }

    [Fact]
    public async Task Items_list_in_pages_filtered_by_type_and_name()
    {
        var (folder, integration, user) = await SeedAsync();
        await JobAsync(folder, integration, user, chunkSizes: [5]);
        await Storage.Jobs.CommitChunkAsync((await ClaimAsync())!,
            [Success(0, "cat_1.png"), Success(1, "dog.png"), Success(2, "cat%2.png"), Group(3, "cats", "x.png"), Success(4, "CAT.png")], T0, Ct);

        var page1 = await Storage.Items.ListAsync(folder.Uuid, new ItemListQuery { PageSize = 2 }, Ct);
        var page2 = await Storage.Items.ListAsync(folder.Uuid, new ItemListQuery { PageSize = 2, PageToken = page1.NextPageToken }, Ct);
        var page3 = await Storage.Items.ListAsync(folder.Uuid, new ItemListQuery { PageSize = 2, PageToken = page2.NextPageToken }, Ct);
        Assert.Equal(["cat_1.png", "dog.png", "cat%2.png", "cats", "CAT.png"], page1.Items.Concat(page2.Items).Concat(page3.Items).Select(i => i.Name));
        Assert.Null(page3.NextPageToken);

        var groups = await Storage.Items.ListAsync(folder.Uuid, new ItemListQuery { Types = [Core.Items.ItemType.ImageGroup] }, Ct);
        Assert.Equal(["cats"], groups.Items.Select(i => i.Name));
        var search = await Storage.Items.ListAsync(folder.Uuid, new ItemListQuery { Search = "cat_" }, Ct);
        Assert.Equal(["cat_1.png"], search.Items.Select(i => i.Name));
        var percent = await Storage.Items.ListAsync(folder.Uuid, new ItemListQuery { Search = "t%2" }, Ct);
        Assert.Equal(["cat%2.png"], percent.Items.Select(i => i.Name));
        await Assert.ThrowsAsync<InvalidPageTokenException>(() => Storage.Items.ListAsync(folder.Uuid, new ItemListQuery { PageToken = "nope!" }, Ct));
    }

    [Fact]
    public async Task Items_list_from_a_position_in_the_order_of_their_pages()
    {
        var (folder, integration, user) = await SeedAsync();
        await JobAsync(folder, integration, user, chunkSizes: [5]);
        await Storage.Jobs.CommitChunkAsync((await ClaimAsync())!,
            [Success(0, "a.png"), Group(1, "g", "frame.png"), Success(2, "b.png"), Success(3, "c.png"), Success(4, "d.png")], T0, Ct);

        // Frames are not counted: positions are those of the folder's listing.
        var names = new[] { "a.png", "g", "b.png", "c.png", "d.png" };
        for (var position = 0; position < names.Length; position++)
        {
            var page = await Storage.Items.ListAtAsync(folder.Uuid, position, 2, Ct);
            Assert.Equal(names.Skip(position).Take(2), page.Items.Select(i => i.Name));
            Assert.Equal(position + 2 < names.Length, page.NextPageToken is not null);
        }

        // Its next token continues as a listing's would.
        var first = await Storage.Items.ListAtAsync(folder.Uuid, 1, 2, Ct);
        var rest = await Storage.Items.ListAsync(folder.Uuid, new ItemListQuery { PageToken = first.NextPageToken }, Ct);
        Assert.Equal(["c.png", "d.png"], rest.Items.Select(i => i.Name));

        Assert.Empty((await Storage.Items.ListAtAsync(folder.Uuid, 5, 10, Ct)).Items);
        Assert.Empty((await Storage.Items.ListAtAsync(folder.Uuid, 1_000_000, 10, Ct)).Items);
        Assert.Empty((await Storage.Items.ListAtAsync(Guid.NewGuid(), 1, 10, Ct)).Items);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Storage.Items.ListAtAsync(folder.Uuid, -1, 10, Ct));
    }

    [Fact]
    public async Task Items_can_be_fetched_in_bulk_in_the_order_asked_and_deleted_with_their_frames()
    {
        var (folder, integration, user) = await SeedAsync();
        await JobAsync(folder, integration, user, chunkSizes: [2]);
        await Storage.Jobs.CommitChunkAsync((await ClaimAsync())!, [Success(0, "a.png"), Group(1, "g", "x.png", "y.png")], T0, Ct);
        var items = await AllItemsAsync(folder.Uuid);

        var many = await Storage.Items.GetManyAsync([items[1].Uuid, Guid.NewGuid(), items[0].Uuid], Ct);
        Assert.Equal(["g", "a.png"], many.Select(i => i.Name));
        var frame = (await Storage.Items.ListChildrenAsync(items[1].Uuid, Ct))[0];
        Assert.False(await Storage.Items.DeleteAsync(frame.Uuid, Ct));
        Assert.True(await Storage.Items.DeleteAsync(items[1].Uuid, Ct));
        Assert.Null(await Storage.Items.GetAsync(frame.Uuid, Ct));
        Assert.Equal(["a.png"], (await AllItemsAsync(folder.Uuid)).Select(i => i.Name));
    }

    [Fact]
    public async Task Unit_errors_and_created_items_page_with_tokens()
    {
        var (folder, integration, user) = await SeedAsync();
        var job = await JobAsync(folder, integration, user, chunkSizes: [6]);
        await Storage.Jobs.CommitChunkAsync((await ClaimAsync())!,
            [Failure(0, "a"), Failure(1, "b"), Failure(2, "c"), Success(3, "d"), Success(4, "e"), Success(5, "f")], T0, Ct);

        var errors1 = await Storage.Jobs.ListUnitErrorsAsync(job.Uuid, 2, null, Ct);
        var errors2 = await Storage.Jobs.ListUnitErrorsAsync(job.Uuid, 2, errors1.NextPageToken, Ct);
        Assert.Equal([0, 1, 2], errors1.Errors.Concat(errors2.Errors).Select(e => e.UnitIndex));
        Assert.Null(errors2.NextPageToken);
        var items1 = await Storage.Jobs.ListCreatedItemsAsync(job.Uuid, 2, null, Ct);
        var items2 = await Storage.Jobs.ListCreatedItemsAsync(job.Uuid, 2, items1.NextPageToken, Ct);
        Assert.Equal(["d", "e", "f"], items1.Items.Concat(items2.Items).Select(i => i.Name));
    }

    [Fact]
    public async Task Jobs_list_most_recent_first()
    {
        var (folder, integration, user) = await SeedAsync();
        var older = await JobAsync(folder, integration, user, chunkSizes: [1]);
        var uuid = Guid.CreateVersion7();
        await Storage.Jobs.CreateDraftAsync(new NewJob(uuid, folder.Uuid, integration.Uuid, true, null, "json", user.Uuid, T0.AddMinutes(1)), Ct);
        await Storage.Jobs.AppendChunksAsync(uuid, [new NewChunk(0, 0, 1, [0])], Ct);
        await Storage.Jobs.PublishAsync(uuid, new PublishedSpec(1, "[]"), T0.AddMinutes(1), Ct);

        Assert.Equal([uuid, older.Uuid], (await Storage.Jobs.ListAsync(null, 10, Ct)).Select(j => j.Uuid));
        Assert.Equal([uuid], (await Storage.Jobs.ListAsync(folder.Uuid, 1, Ct)).Select(j => j.Uuid));
    }

    [Fact]
    public async Task A_draft_is_processed_while_its_file_is_read_and_shows_its_items_once_published()
    {
        var (folder, integration, user) = await SeedAsync();
        await JobAsync(folder, integration, user, chunkSizes: [1]);
        await Storage.Jobs.CommitChunkAsync((await ClaimAsync())!, [Success(0, "a.png", """{"v":1}""")], T0, Ct);
        var draft = await DraftAsync(folder, integration, user, ignoreErrors: true, skip: true, upsert: true, 2, 1);

        var first = (await ClaimAsync())!;
        Assert.Equal(draft, first.JobUuid);
        Assert.True(first.SkipDuplicateUrls && first.UpsertMetadata);
        await Storage.Jobs.CommitChunkAsync(first, [Success(0, "a.png", """{"v":2}"""), Success(1, "b.png")], T0, Ct);
        Assert.Equal(["a.png"], (await AllItemsAsync(folder.Uuid)).Select(i => i.Name));
        Assert.Equal("""{"v":1}""", (await AllItemsAsync(folder.Uuid))[0].ClientMetadata);
        Assert.Equal(JobStatus.Draft, (await Storage.Jobs.GetAsync(draft, Ct))!.Status);

        var published = await Storage.Jobs.PublishAsync(draft, new PublishedSpec(3, "[]"), T0, Ct);
        Assert.Equal((JobStatus.Pending, 2, 1), (published.Status, published.UnitsDone, published.UnitsPending));
        Assert.Equal(["a.png", "b.png"], (await AllItemsAsync(folder.Uuid)).Select(i => i.Name));
        Assert.Equal("""{"v":2}""", (await AllItemsAsync(folder.Uuid))[0].ClientMetadata);

        var end = await Storage.Jobs.CommitChunkAsync((await ClaimAsync())!, [Success(2, "c.png")], T0, Ct);
        Assert.Equal((JobStatus.Done, 3, 2, 1), (end.Job!.Status, end.Job.UnitsDone, end.Job.ItemsCreated, end.Job.UnitsUpdated));
        Assert.Equal(["a.png", "b.png", "c.png"], (await AllItemsAsync(folder.Uuid)).Select(i => i.Name));
    }

    [Fact]
    public async Task Publishing_a_draft_whose_chunks_are_all_done_ends_it_at_once()
    {
        var (folder, integration, user) = await SeedAsync();
        var draft = await DraftAsync(folder, integration, user, ignoreErrors: true, skip: false, upsert: false, 1);
        await Storage.Jobs.CommitChunkAsync((await ClaimAsync())!, [Success(0, "a.png")], T0, Ct);

        var published = await Storage.Jobs.PublishAsync(draft, new PublishedSpec(1, "[]"), T0, Ct);

        Assert.Equal(JobStatus.Done, published.Status);
        Assert.Single(await AllItemsAsync(folder.Uuid));
        Assert.Single((await Storage.Jobs.ListCreatedItemsAsync(draft, 10, null, Ct)).Items);
    }

    [Fact]
    public async Task A_discarded_draft_takes_back_what_it_registered_and_changes_no_metadata()
    {
        var (folder, integration, user) = await SeedAsync();
        await JobAsync(folder, integration, user, chunkSizes: [1]);
        await Storage.Jobs.CommitChunkAsync((await ClaimAsync())!, [Success(0, "a.png", """{"v":1}""")], T0, Ct);
        var draft = await DraftAsync(folder, integration, user, ignoreErrors: true, skip: true, upsert: true, 3, 1);
        var held = (await ClaimAsync("w1"))!;
        await Storage.Jobs.CommitChunkAsync(held, [Success(0, "a.png", """{"v":2}"""), Group(1, "g", "x.png"), Failure(2, "y.png")], T0, Ct);
        var late = (await ClaimAsync("w2"))!;

        await Storage.Jobs.DiscardDraftAsync(draft, Ct);

        Assert.True((await Storage.Jobs.CommitChunkAsync(late, [Success(3, "z.png")], T0, Ct)).LeaseLost);
        var items = await AllItemsAsync(folder.Uuid);
        Assert.Equal(["a.png"], items.Select(i => i.Name));
        Assert.Equal("""{"v":1}""", items[0].ClientMetadata);
        Assert.Null(await Storage.Jobs.GetAsync(draft, Ct));
    }

    [Fact]
    public async Task An_all_or_nothing_draft_stays_invisible_after_publication_until_it_ends()
    {
        var (folder, integration, user) = await SeedAsync();
        var draft = await DraftAsync(folder, integration, user, ignoreErrors: false, skip: false, upsert: false, 1, 1);
        await Storage.Jobs.CommitChunkAsync((await ClaimAsync())!, [Success(0, "a.png")], T0, Ct);

        await Storage.Jobs.PublishAsync(draft, new PublishedSpec(2, "[]"), T0, Ct);
        Assert.Empty(await AllItemsAsync(folder.Uuid));

        var end = await Storage.Jobs.CommitChunkAsync((await ClaimAsync())!, [Success(1, "b.png")], T0, Ct);
        Assert.Equal(JobStatus.Done, end.Job!.Status);
        Assert.Equal(2, (await AllItemsAsync(folder.Uuid)).Count);
    }

    [Fact]
    public async Task Sweeping_drafts_removes_what_they_registered()
    {
        var (folder, integration, user) = await SeedAsync();
        await DraftAsync(folder, integration, user, ignoreErrors: true, skip: false, upsert: false, 1);
        await Storage.Jobs.CommitChunkAsync((await ClaimAsync())!, [Success(0, "a.png")], T0, Ct);

        Assert.Equal(1, await Storage.Jobs.SweepDraftsAsync(T0.AddSeconds(1), Ct));

        Assert.Empty(await AllItemsAsync(folder.Uuid));
        Assert.Equal(FolderWriteStatus.Done, (await Storage.Folders.DeleteAsync(folder.Uuid, recursive: false, Ct)).Status);
    }
}
