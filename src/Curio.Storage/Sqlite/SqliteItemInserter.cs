using Curio.Core.Items;
using Curio.Storage.Jobs;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Curio.Storage.Sqlite;

/// <summary>
/// The one statement an import runs per item, prepared on the connection's raw handle and bound by position:
/// Microsoft.Data.Sqlite binds every parameter by name on every execution, which cost more than the insert itself.
/// Runs inside the caller's transaction (same connection).
/// </summary>
internal sealed class SqliteItemInserter : IDisposable
{
    private const string Sql = """
        INSERT INTO items (uuid, folder_id, parent_item_id, position, item_type, name, url, dedup_key, integration_id, job_id,
            pending_job_id, client_metadata, media_metadata, file_size, mime_type, width, height, duration, fps, frame_count,
            num_pages, audio_sample_rate, audio_bit_depth, audio_codec, audio_num_channels, dicom_instance_uid, dicom_study_uid,
            dicom_series_uid, child_count, owner_id, created_at, last_edited_at, technical_metadata)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24,
            ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?31, ?32)
        """;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public SqliteItemInserter(SqliteConnection connection, long folderId, long integrationId, long jobId, long? pendingJobId, long? ownerId, DateTimeOffset now)
    {
        _db = connection.Handle!;
        Check(raw.sqlite3_prepare_v2(_db, Sql, out _statement));
        // Columns that are the same for every item of the chunk are bound once: a reset keeps bindings.
        Bind(2, folderId);
        Bind(9, integrationId);
        Bind(10, jobId);
        Bind(11, pendingJobId);
        Bind(30, ownerId);
        Bind(31, now.ToUnixMs());
    }

    /// <summary>Inserts one item; returns its row id.</summary>
    public long Insert(NewItem item, long? parentId, int? position, byte[]? dedupKey, int children)
    {
        Bind(1, item.Uuid.ToBlob());
        Bind(3, parentId);
        Bind(4, position);
        Bind(5, item.Type.WireName());
        Bind(6, item.Name);
        Bind(7, item.Url);
        Bind(8, dedupKey);
        Bind(12, item.ClientMetadata ?? "{}");
        Bind(13, item.MediaMetadata);
        Bind(14, item.FileSize);
        Bind(15, item.MimeType);
        Bind(16, item.Width);
        Bind(17, item.Height);
        Bind(18, item.Duration);
        Bind(19, item.Fps);
        Bind(20, item.FrameCount);
        Bind(21, item.NumPages);
        Bind(22, item.AudioSampleRate);
        Bind(23, item.AudioBitDepth);
        Bind(24, item.AudioCodec);
        Bind(25, item.AudioNumChannels);
        Bind(26, item.DicomInstanceUid);
        Bind(27, item.DicomStudyUid);
        Bind(28, item.DicomSeriesUid);
        Bind(29, children);
        Bind(32, item.TechnicalMetadata);
        var rc = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE)
        {
            Check(rc);
        }

        return raw.sqlite3_last_insert_rowid(_db);
    }

    private void Bind(int index, long? value) =>
        Check(value is { } v ? raw.sqlite3_bind_int64(_statement, index, v) : raw.sqlite3_bind_null(_statement, index));

    private void Bind(int index, double? value) =>
        Check(value is { } v ? raw.sqlite3_bind_double(_statement, index, v) : raw.sqlite3_bind_null(_statement, index));

    private void Bind(int index, string? value) =>
        Check(value is not null ? raw.sqlite3_bind_text(_statement, index, value) : raw.sqlite3_bind_null(_statement, index));

    private void Bind(int index, byte[]? value) =>
        Check(value is not null ? raw.sqlite3_bind_blob(_statement, index, value) : raw.sqlite3_bind_null(_statement, index));

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_db));
        }
    }

    public void Dispose() => _statement.Dispose();
}
