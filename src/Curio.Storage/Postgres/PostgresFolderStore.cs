using Curio.Storage.Folders;
using Npgsql;

namespace Curio.Storage.Postgres;

/// <summary>
/// Folders on PostgreSQL. On SQLite one writer at a time made every check and the write after it atomic; here several
/// server processes write at once, so each write locks the rows its checks rely on, and the unique index on
/// (parent, name) settles two creations of the same name.
/// </summary>
/// <remarks>
/// Parents are compared as <c>coalesce(parent_id, 0)</c>, the expression ux_folders_name indexes (root folders have
/// 0), so that finding a folder's children uses that index. Names sort with COLLATE "C": by code point, as SQLite
/// sorts them, whatever the database's collation.
/// </remarks>
internal sealed class PostgresFolderStore(PostgresDatabase database) : IFolderStore
{
    private const string Columns = """
        f.uuid, p.uuid, f.name, f.description, f.client_metadata, u.uuid, f.created_at, f.last_edited_at
        FROM folders f
        LEFT JOIN folders p ON p.id = f.parent_id
        LEFT JOIN users u ON u.id = f.owner_id
        """;

    private const string Subtree = """
        WITH RECURSIVE subtree(id) AS (
            SELECT @id::bigint UNION ALL SELECT f.id FROM folders f JOIN subtree s ON coalesce(f.parent_id, 0) = s.id)
        """;

    public Task<FolderRecord?> GetAsync(Guid uuid, CancellationToken cancellationToken) =>
        database.ReadAsync(c => GetAsync(c, null, uuid, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<FolderRecord>> GetPathAsync(Guid uuid, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var command = connection.Command($"""
                WITH RECURSIVE chain(id, depth) AS (
                    SELECT id, 0 FROM folders WHERE uuid = @uuid
                    UNION ALL
                    SELECT f.parent_id, chain.depth + 1 FROM folders f JOIN chain ON f.id = chain.id WHERE f.parent_id IS NOT NULL)
                SELECT {Columns} JOIN chain ON chain.id = f.id ORDER BY chain.depth DESC
                """).With("uuid", uuid);
            return (IReadOnlyList<FolderRecord>)await ReadAllAsync(command, cancellationToken);
        }, cancellationToken);

    public Task<FolderRecord?> FindByPathAsync(IReadOnlyList<string> names, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            long? parentId = null;
            foreach (var name in names)
            {
                parentId = await FindIdAsync(connection, null, parentId, name, cancellationToken);
                if (parentId is null)
                {
                    return null;
                }
            }

            return parentId is null ? null : await GetByIdAsync(connection, null, parentId.Value, cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<FolderRecord>> ListChildrenAsync(Guid? parent, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            // An unknown parent's subquery is NULL, which equals nothing: no children, as on SQLite.
            var command = connection.Command($"""
                SELECT {Columns}
                WHERE coalesce(f.parent_id, 0) = {(parent is null ? "0" : "(SELECT id FROM folders WHERE uuid = @parent)")}
                ORDER BY f.name COLLATE "C"
                """);
            if (parent is not null)
            {
                command.With("parent", parent);
            }

            return (IReadOnlyList<FolderRecord>)await ReadAllAsync(command, cancellationToken);
        }, cancellationToken);

    public Task<FolderWriteResult> CreateAsync(NewFolder folder, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            long? parentId = null;
            if (folder.ParentUuid is { } parentUuid)
            {
                parentId = await LockIdAsync(connection, transaction, parentUuid, cancellationToken);
                if (parentId is null)
                {
                    return new FolderWriteResult(FolderWriteStatus.ParentNotFound);
                }
            }

            var id = await TryInsertAsync(
                connection, transaction, folder.Uuid, parentId, folder.Name, folder.Description, folder.ClientMetadata, folder.OwnerUuid, folder.CreatedAt, cancellationToken);
            return id is null
                ? new FolderWriteResult(FolderWriteStatus.NameTaken)
                : new FolderWriteResult(FolderWriteStatus.Done, await GetByIdAsync(connection, transaction, id.Value, cancellationToken));
        }, cancellationToken);

    public Task<FolderRecord> EnsurePathAsync(IReadOnlyList<string> names, Guid? ownerUuid, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            long? parentId = null;
            foreach (var name in names)
            {
                long? id = null;
                // Another process may be creating the same folder: the insert then waits for it and, once it commits,
                // does nothing, and the next look finds that folder. The loop only repeats if the folder was deleted
                // in between; a folder found is locked, so it stays until this commits.
                while (id is null)
                {
                    id = await LockIdAsync(connection, transaction, parentId, name, cancellationToken)
                        ?? await TryInsertAsync(connection, transaction, Guid.CreateVersion7(now), parentId, name, "", null, ownerUuid, now, cancellationToken);
                }

                parentId = id;
            }

            return await GetByIdAsync(connection, transaction, parentId!.Value, cancellationToken);
        }, cancellationToken);

    public async Task<FolderWriteResult> UpdateAsync(Guid uuid, FolderPatch patch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            return await database.WriteAsync((connection, transaction) => UpdateOneAsync(connection, transaction, uuid, patch, now, cancellationToken), cancellationToken);
        }
        catch (PostgresException e) when (e.IsUniqueViolation())
        {
            // Another process took the name between the check and the update.
            return new FolderWriteResult(FolderWriteStatus.NameTaken);
        }
    }

    public async Task<(IReadOnlyList<FolderWriteResult> Results, Guid? Failed)> UpdateManyAsync(
        IReadOnlyList<(Guid Uuid, FolderPatch Patch)> patches, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var current = Guid.Empty;
        try
        {
            var results = await database.WriteAsync(async (connection, transaction) =>
            {
                var done = new List<FolderWriteResult>(patches.Count);
                foreach (var (uuid, patch) in patches)
                {
                    current = uuid;
                    var result = await UpdateOneAsync(connection, transaction, uuid, patch, now, cancellationToken);
                    // Throwing leaves the transaction uncommitted: none of the patches is applied.
                    done.Add(result.Status == FolderWriteStatus.Done ? result : throw new PatchRefused(result, uuid));
                }

                return done;
            }, cancellationToken);
            return (results, null);
        }
        catch (PatchRefused refused)
        {
            return ([refused.Result], refused.Uuid);
        }
        catch (PostgresException e) when (e.IsUniqueViolation())
        {
            // As in UpdateAsync; the transaction rolled back with the exception, so again none is applied.
            return ([new FolderWriteResult(FolderWriteStatus.NameTaken)], current);
        }
    }

    private static async Task<FolderWriteResult> UpdateOneAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid uuid, FolderPatch patch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        long id, parentKey;
        string name;
        // Locked as the update will lock it (a name is no foreign-key target, so not FOR UPDATE, which would also wait
        // for folders being added to this one): a concurrent rename or delete of this folder finishes first or waits.
        await using (var command = connection.Command("SELECT id, coalesce(parent_id, 0), name FROM folders WHERE uuid = @uuid FOR NO KEY UPDATE", transaction)
            .With("uuid", uuid))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return new FolderWriteResult(FolderWriteStatus.NotFound);
            }

            (id, parentKey, name) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2));
        }

        if (patch.Name is { } newName && newName != name
            && await FindIdAsync(connection, transaction, parentKey, newName, cancellationToken) is not null)
        {
            return new FolderWriteResult(FolderWriteStatus.NameTaken);
        }

        await connection.Command("""
            UPDATE folders SET name = coalesce(@name, name), description = coalesce(@description, description),
                client_metadata = coalesce(@metadata, client_metadata), last_edited_at = @now
            WHERE id = @id
            """, transaction)
            .With("name", patch.Name).With("description", patch.Description).WithJson("metadata", patch.ClientMetadata)
            .With("now", now).With("id", id)
            .RunOnceAsync(cancellationToken);
        return new FolderWriteResult(FolderWriteStatus.Done, await GetByIdAsync(connection, transaction, id, cancellationToken));
    }

    private sealed class PatchRefused(FolderWriteResult result, Guid uuid) : Exception
    {
        public FolderWriteResult Result { get; } = result;

        public Guid Uuid { get; } = uuid;
    }

    public Task<FolderWriteResult> DeleteAsync(Guid uuid, bool recursive, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            // The folder is locked before its subtree: EnsurePathAsync locks folders from the root down, so it either
            // holds this one already (and this waits) or waits here, and the two never wait on each other.
            var id = await connection.Command("SELECT id FROM folders WHERE uuid = @uuid FOR UPDATE", transaction)
                .With("uuid", uuid).ScalarOnceAsync(cancellationToken);
            if (id is null)
            {
                return new FolderWriteResult(FolderWriteStatus.NotFound);
            }

            // Adding a folder, item or job to a folder takes a key-share lock on it (the foreign key), which waits for
            // these locks: once the whole subtree is locked it cannot change, and the checks below hold until commit.
            // A sub-folder committed while its parent was being locked is only seen by the next pass, hence the loop.
            long size = 0;
            while (true)
            {
                var locked = await connection.Command($"""
                    {Subtree} SELECT count(*) FROM (SELECT f.id FROM folders f JOIN subtree s ON s.id = f.id FOR UPDATE OF f) l
                    """, transaction).With("id", id).ScalarOnceAsync(cancellationToken) ?? 0;
                if (locked == size)
                {
                    break;
                }

                size = locked;
            }

            var busy = await connection.Command($"""
                {Subtree} SELECT count(*) FROM jobs WHERE folder_id IN (SELECT id FROM subtree) AND status IN ('DRAFT', 'PENDING')
                """, transaction).With("id", id).ScalarOnceAsync(cancellationToken);
            if (busy > 0)
            {
                return new FolderWriteResult(FolderWriteStatus.Busy);
            }

            // A group's frames are items of its folder too, so looking at top-level items (the ones ix_items_folder
            // holds) is enough here and below, where the frames cascade from their groups.
            if (!recursive && await connection.Command("""
                    SELECT 1 WHERE EXISTS (SELECT 1 FROM folders WHERE coalesce(parent_id, 0) = @id)
                        OR EXISTS (SELECT 1 FROM items WHERE folder_id = @id AND parent_item_id IS NULL)
                    """, transaction).With("id", id).ScalarOnceAsync(cancellationToken) is not null)
            {
                return new FolderWriteResult(FolderWriteStatus.NotEmpty);
            }

            // Items go first (deleting their jobs first would set each one's job_id to NULL, a write per item for
            // nothing), then jobs, then the folders in one statement, so that the references between them are checked
            // once the whole subtree is gone.
            foreach (var sql in new[]
            {
                $"{Subtree} DELETE FROM items WHERE folder_id IN (SELECT id FROM subtree) AND parent_item_id IS NULL",
                $"{Subtree} DELETE FROM jobs WHERE folder_id IN (SELECT id FROM subtree)",
                $"{Subtree} DELETE FROM folders WHERE id IN (SELECT id FROM subtree)",
            })
            {
                await connection.Command(sql, transaction).With("id", id).RunOnceAsync(cancellationToken);
            }

            return new FolderWriteResult(FolderWriteStatus.Done);
        }, cancellationToken);

    /// <summary>
    /// Inserts a folder unless its parent already has one of that name (committed, or committed by a concurrent
    /// transaction this waits for); null then.
    /// </summary>
    private static Task<long?> TryInsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid uuid, long? parentId, string name, string description, string? metadata,
        Guid? ownerUuid, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.Command("""
            INSERT INTO folders (uuid, parent_id, name, description, client_metadata, owner_id, created_at, last_edited_at)
            VALUES (@uuid, @parent, @name, @description, @metadata, (SELECT id FROM users WHERE uuid = @owner), @now, @now)
            ON CONFLICT ((coalesce(parent_id, 0)), name) DO NOTHING
            RETURNING id
            """, transaction)
            .With("uuid", uuid).With("parent", parentId).With("name", name).With("description", description)
            .WithJson("metadata", metadata).With("owner", ownerUuid).With("now", now)
            .ScalarOnceAsync(cancellationToken);

    /// <summary>A folder's id, locked so that it is not deleted before this transaction ends (it may get children).</summary>
    private static Task<long?> LockIdAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid uuid, CancellationToken cancellationToken) =>
        connection.Command("SELECT id FROM folders WHERE uuid = @uuid FOR KEY SHARE", transaction).With("uuid", uuid).ScalarOnceAsync(cancellationToken);

    /// <summary>The id of a folder by name, locked as by <see cref="LockIdAsync(NpgsqlConnection, NpgsqlTransaction, Guid, CancellationToken)"/>.</summary>
    private static Task<long?> LockIdAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long? parentId, string name, CancellationToken cancellationToken) =>
        connection.Command("SELECT id FROM folders WHERE coalesce(parent_id, 0) = @parent AND name = @name FOR KEY SHARE", transaction)
            .With("parent", parentId ?? 0).With("name", name).ScalarOnceAsync(cancellationToken);

    private static Task<long?> FindIdAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long? parentId, string name, CancellationToken cancellationToken) =>
        connection.Command("SELECT id FROM folders WHERE coalesce(parent_id, 0) = @parent AND name = @name", transaction)
            .With("parent", parentId ?? 0).With("name", name).ScalarOnceAsync(cancellationToken);

    private static async Task<FolderRecord?> GetAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid uuid, CancellationToken cancellationToken) =>
        (await ReadAllAsync(connection.Command($"SELECT {Columns} WHERE f.uuid = @uuid", transaction).With("uuid", uuid), cancellationToken))
        .FirstOrDefault();

    private static async Task<FolderRecord> GetByIdAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long id, CancellationToken cancellationToken) =>
        (await ReadAllAsync(connection.Command($"SELECT {Columns} WHERE f.id = @id", transaction).With("id", id), cancellationToken))[0];

    private static async Task<List<FolderRecord>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var _ = command;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var folders = new List<FolderRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            folders.Add(new FolderRecord
            {
                Uuid = reader.GetGuid(0),
                ParentUuid = reader.GetGuidOrNull(1),
                Name = reader.GetString(2),
                Description = reader.GetString(3),
                ClientMetadata = reader.GetCanonicalJsonOrNull(4),
                OwnerUuid = reader.GetGuidOrNull(5),
                CreatedAt = reader.GetTime(6),
                LastEditedAt = reader.GetTime(7),
            });
        }

        return folders;
    }
}
