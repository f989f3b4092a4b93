using System.Text.Json;
using Curio.Contracts;

namespace Curio.Sdk;

/// <summary>
/// Builds API models for tests of code that uses the SDK (for example a mocked <see cref="CurioClient"/> returning a job):
/// every required member gets a plain default, so a test states only what it cares about.
/// </summary>
public static class CurioModelFactory
{
    /// <summary>An import job; the unit counts default to a consistent state (<c>pending = total - done - errors - cancelled</c>).</summary>
    /// <param name="jobId">Its id; a new one when null.</param>
    /// <param name="status">Where it is.</param>
    /// <param name="unitsTotal">Units in its upload file.</param>
    /// <param name="unitsDone">Units processed successfully.</param>
    /// <param name="unitsError">Units that failed.</param>
    /// <param name="unitsCancelled">Units not processed because of a cancel or a failure.</param>
    /// <param name="unitErrors">The failed units it lists.</param>
    /// <param name="itemsWithNames">The items it lists as registered.</param>
    /// <param name="ignoreErrors">Its ignoreErrors flag.</param>
    /// <param name="folderUuid">Its folder; a new id when null.</param>
    /// <returns>The job.</returns>
    public static ImportJob ImportJob(
        Guid? jobId = null, JobStatus status = JobStatus.Pending, int unitsTotal = 0, int unitsDone = 0, int unitsError = 0, int unitsCancelled = 0,
        IReadOnlyList<UnitError>? unitErrors = null, IReadOnlyList<ItemWithName>? itemsWithNames = null, bool ignoreErrors = false, Guid? folderUuid = null) => new()
        {
            JobId = jobId ?? Guid.NewGuid(),
            Status = status,
            FolderUuid = folderUuid ?? Guid.NewGuid(),
            IntegrationUuid = Guid.Empty,
            Format = "json",
            IgnoreErrors = ignoreErrors,
            SkipDuplicateUrls = false,
            UpsertMetadata = false,
            UnitsTotal = unitsTotal,
            UnitsPendingCount = Math.Max(0, unitsTotal - unitsDone - unitsError - unitsCancelled),
            UnitsDoneCount = unitsDone,
            UnitsErrorCount = unitsError,
            UnitsCancelledCount = unitsCancelled,
            UnitsSkippedCount = 0,
            UnitsUpdatedCount = 0,
            Errors = [],
            Warnings = [],
            UnitErrors = unitErrors ?? [],
            ItemsWithNames = itemsWithNames ?? [],
            ListLimit = 1000,
            CreatedAt = DateTimeOffset.UnixEpoch,
        };

    /// <summary>A failed unit.</summary>
    /// <param name="objectUrl">The URL that failed.</param>
    /// <param name="error">What went wrong.</param>
    /// <param name="unitIndex">Its position in the upload file.</param>
    /// <returns>The failed unit.</returns>
    public static UnitError UnitError(string objectUrl = "images/missing.png", string error = "Object not found", int unitIndex = 0) => new()
    {
        ObjectUrls = [objectUrl],
        Error = error,
        ActionDescription = "Check that the object exists.",
        SubtaskUuid = Guid.NewGuid(),
        ItemType = "image",
        Title = objectUrl,
        UnitIndex = unitIndex,
    };

    /// <summary>A folder.</summary>
    /// <param name="path">Its path from the root; its name is the last part.</param>
    /// <param name="uuid">Its id; a new one when null.</param>
    /// <returns>The folder.</returns>
    public static Folder Folder(string path = "folder", Guid? uuid = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var id = uuid ?? Guid.NewGuid();
        var name = path.Split('/')[^1];
        return new Folder
        {
            Uuid = id,
            Name = name,
            Description = "",
            Path = path,
            PathToRoot = [new FolderRef(id, name)],
            CreatedAt = DateTimeOffset.UnixEpoch,
            LastEditedAt = DateTimeOffset.UnixEpoch,
        };
    }

    /// <summary>An integration.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="provider"><c>local</c> or <c>direct</c>.</param>
    /// <param name="root">For local: its root.</param>
    /// <returns>The integration.</returns>
    public static Integration Integration(string name = "local", string provider = "local", string? root = "/data") => new()
    {
        Uuid = Guid.NewGuid(),
        Name = name,
        Provider = provider,
        Root = root,
        CreatedAt = DateTimeOffset.UnixEpoch,
    };

    /// <summary>An item.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="itemType">Its type.</param>
    /// <param name="url">Its object URL.</param>
    /// <param name="folderUuid">Its folder; a new id when null.</param>
    /// <returns>The item, with empty client metadata.</returns>
    public static Item Item(string name = "image.png", ItemType itemType = ItemType.Image, string? url = "images/image.png", Guid? folderUuid = null)
    {
        using var empty = JsonDocument.Parse("{}");
        return new Item
        {
            Uuid = Guid.NewGuid(),
            Parent = folderUuid ?? Guid.NewGuid(),
            ItemType = itemType,
            Name = name,
            Url = url,
            ClientMetadata = empty.RootElement.Clone(),
            CreatedAt = DateTimeOffset.UnixEpoch,
            LastEditedAt = DateTimeOffset.UnixEpoch,
        };
    }
}
