using Curio.Storage.Folders;
using Microsoft.Data.Sqlite;

namespace Curio.Storage.Sqlite;

internal sealed class SqliteFolderStore(SqliteDatabase database) : IFolderStore
{
    private const string Columns = """
        f.uuid, p.uuid, f.name, f.description, f.client_metadata, u.uuid, f.created_at, f.last_edited_at
        FROM folders f
        LEFT JOIN folders p ON p.id = f.parent_id
        LEFT JOIN users u ON u.id = f.owner_id
        """;

    public Task<FolderRecord?> GetAsync(Guid uuid, CancellationToken cancellationToken) =>
        database.ReadAsync(c => GetAsync(c, null, uuid, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<FolderRecord>> GetPathAsync(Guid uuid, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var command = connection.Command($"""
                WITH RECURSIVE chain(id, depth) AS (
                    SELECT id, 0 FROM folders WHERE uuid = $uuid
                    UNION ALL
                    SELECT f.parent_id, chain.depth + 1 FROM folders f JOIN chain ON f.id = chain.id WHERE f.parent_id IS NOT NULL)
                SELECT {Columns} JOIN chain ON chain.id = f.id ORDER BY chain.depth DESC
                """).With("$uuid", uuid);
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
            var command = connection.Command($"""
                SELECT {Columns}
                WHERE f.parent_key = coalesce((SELECT id FROM folders WHERE uuid = $parent), CASE WHEN $parent IS NULL THEN 0 ELSE -1 END)
                ORDER BY f.name
                """).With("$parent", parent);
            return (IReadOnlyList<FolderRecord>)await ReadAllAsync(command, cancellationToken);
        }, cancellationToken);

    public Task<FolderWriteResult> CreateAsync(NewFolder folder, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            long? parentId = null;
            if (folder.ParentUuid is { } parentUuid)
            {
                parentId = await IdOfAsync(connection, transaction, parentUuid, cancellationToken);
                if (parentId is null)
                {
                    return new FolderWriteResult(FolderWriteStatus.ParentNotFound);
                }
            }

            if (await FindIdAsync(connection, transaction, parentId, folder.Name, cancellationToken) is not null)
            {
                return new FolderWriteResult(FolderWriteStatus.NameTaken);
            }

            var id = await InsertAsync(connection, transaction, folder, parentId, cancellationToken);
            return new FolderWriteResult(FolderWriteStatus.Done, await GetByIdAsync(connection, transaction, id, cancellationToken));
        }, cancellationToken);

    public Task<FolderRecord> EnsurePathAsync(IReadOnlyList<string> names, Guid? ownerUuid, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            long? parentId = null;
            Guid? parentUuid = null;
            foreach (var name in names)
            {
                var id = await FindIdAsync(connection, transaction, parentId, name, cancellationToken)
                    ?? await InsertAsync(connection, transaction, new NewFolder(Guid.CreateVersion7(now), parentUuid, name, "", null, ownerUuid, now), parentId, cancellationToken);
                parentId = id;
                parentUuid = (await GetByIdAsync(connection, transaction, id, cancellationToken)).Uuid;
            }

            return await GetByIdAsync(connection, transaction, parentId!.Value, cancellationToken);
        }, cancellationToken);

    public Task<FolderWriteResult> UpdateAsync(Guid uuid, FolderPatch patch, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) => UpdateOneAsync(connection, transaction, uuid, patch, now, cancellationToken), cancellationToken);

    public async Task<(IReadOnlyList<FolderWriteResult> Results, Guid? Failed)> UpdateManyAsync(
        IReadOnlyList<(Guid Uuid, FolderPatch Patch)> patches, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var results = await database.WriteAsync(async (connection, transaction) =>
            {
                var done = new List<FolderWriteResult>(patches.Count);
                foreach (var (uuid, patch) in patches)
                {
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
    }

    private static async Task<FolderWriteResult> UpdateOneAsync(
        SqliteConnection connection, SqliteTransaction transaction, Guid uuid, FolderPatch patch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var existing = await GetAsync(connection, transaction, uuid, cancellationToken);
        if (existing is null)
        {
            return new FolderWriteResult(FolderWriteStatus.NotFound);
        }

        if (patch.Name is { } name && name != existing.Name)
        {
            var parentId = existing.ParentUuid is { } p ? await IdOfAsync(connection, transaction, p, cancellationToken) : null;
            if (await FindIdAsync(connection, transaction, parentId, name, cancellationToken) is not null)
            {
                return new FolderWriteResult(FolderWriteStatus.NameTaken);
            }
        }

        await connection.Command("""
            UPDATE folders SET name = coalesce($name, name), description = coalesce($description, description),
                client_metadata = coalesce($metadata, client_metadata), last_edited_at = $now
            WHERE uuid = $uuid
            """, transaction)
            .With("$name", patch.Name).With("$description", patch.Description).With("$metadata", patch.ClientMetadata)
            .With("$now", now).With("$uuid", uuid)
            .RunOnceAsync(cancellationToken);
        return new FolderWriteResult(FolderWriteStatus.Done, await GetAsync(connection, transaction, uuid, cancellationToken));
    }

    private sealed class PatchRefused(FolderWriteResult result, Guid uuid) : Exception
    {
        public FolderWriteResult Result { get; } = result;

        public Guid Uuid { get; } = uuid;
    }

    public Task<FolderWriteResult> DeleteAsync(Guid uuid, bool recursive, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var id = await IdOfAsync(connection, transaction, uuid, cancellationToken);
            if (id is null)
            {
                return new FolderWriteResult(FolderWriteStatus.NotFound);
            }

            const string Subtree = """
                WITH RECURSIVE subtree(id) AS (
                    SELECT $id UNION ALL SELECT f.id FROM folders f JOIN subtree s ON f.parent_id = s.id)
                """;
            var busy = await connection.Command($"""
                {Subtree} SELECT count(*) FROM jobs WHERE folder_id IN (SELECT id FROM subtree) AND status IN ('DRAFT', 'PENDING')
                """, transaction).With("$id", id).ScalarOnceAsync(cancellationToken);
            if (busy > 0)
            {
                return new FolderWriteResult(FolderWriteStatus.Busy);
            }

            if (!recursive)
            {
                var contents = await connection.Command("""
                    SELECT (SELECT count(*) FROM folders WHERE parent_id = $id) + (SELECT count(*) FROM items WHERE folder_id = $id)
                    """, transaction).With("$id", id).ScalarOnceAsync(cancellationToken);
                if (contents > 0)
                {
                    return new FolderWriteResult(FolderWriteStatus.NotEmpty);
                }
            }

            // Items go first (frames cascade from their groups), then jobs, then the folders in one statement.
            foreach (var sql in new[]
            {
                $"{Subtree} DELETE FROM items WHERE folder_id IN (SELECT id FROM subtree)",
                $"{Subtree} DELETE FROM jobs WHERE folder_id IN (SELECT id FROM subtree)",
                $"{Subtree} DELETE FROM folders WHERE id IN (SELECT id FROM subtree)",
            })
            {
                await connection.Command(sql, transaction).With("$id", id).RunOnceAsync(cancellationToken);
            }

            return new FolderWriteResult(FolderWriteStatus.Done);
        }, cancellationToken);

    private static async Task<long> InsertAsync(SqliteConnection connection, SqliteTransaction transaction, NewFolder folder, long? parentId, CancellationToken cancellationToken) =>
        (await connection.Command("""
            INSERT INTO folders (uuid, parent_id, name, description, client_metadata, owner_id, created_at, last_edited_at)
            VALUES ($uuid, $parent, $name, $description, $metadata, (SELECT id FROM users WHERE uuid = $owner), $now, $now)
            RETURNING id
            """, transaction)
            .With("$uuid", folder.Uuid).With("$parent", parentId).With("$name", folder.Name)
            .With("$description", folder.Description).With("$metadata", folder.ClientMetadata)
            .With("$owner", folder.OwnerUuid).With("$now", folder.CreatedAt)
            .ScalarOnceAsync(cancellationToken))!.Value;

    private static Task<long?> IdOfAsync(SqliteConnection connection, SqliteTransaction? transaction, Guid uuid, CancellationToken cancellationToken) =>
        connection.Command("SELECT id FROM folders WHERE uuid = $uuid", transaction).With("$uuid", uuid).ScalarOnceAsync(cancellationToken);

    private static Task<long?> FindIdAsync(SqliteConnection connection, SqliteTransaction? transaction, long? parentId, string name, CancellationToken cancellationToken) =>
        connection.Command("SELECT id FROM folders WHERE parent_key = $parent AND name = $name", transaction)
            .With("$parent", parentId ?? 0).With("$name", name).ScalarOnceAsync(cancellationToken);

    private static async Task<FolderRecord?> GetAsync(SqliteConnection connection, SqliteTransaction? transaction, Guid uuid, CancellationToken cancellationToken) =>
        (await ReadAllAsync(connection.Command($"SELECT {Columns} WHERE f.uuid = $uuid", transaction).With("$uuid", uuid), cancellationToken))
        .FirstOrDefault();

    private static async Task<FolderRecord> GetByIdAsync(SqliteConnection connection, SqliteTransaction? transaction, long id, CancellationToken cancellationToken) =>
        (await ReadAllAsync(connection.Command($"SELECT {Columns} WHERE f.id = $id", transaction).With("$id", id), cancellationToken))[0];

    private static async Task<List<FolderRecord>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var _ = command;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var folders = new List<FolderRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            folders.Add(new FolderRecord
            {
                Uuid = reader.GetUuid(0),
                ParentUuid = reader.GetUuidOrNull(1),
                Name = reader.GetString(2),
                Description = reader.GetString(3),
                ClientMetadata = reader.GetStringOrNull(4),
                OwnerUuid = reader.GetUuidOrNull(5),
                CreatedAt = reader.GetTime(6),
                LastEditedAt = reader.GetTime(7),
            });
        }

        return folders;
    }
}
