using Microsoft.Data.Sqlite;

namespace Curio.Benchmarks;

/// <summary>
/// The baseline a person would write by hand: one SQLite file with one row per item, the item's own columns copied
/// from Curio's database (same ids and UUIDs, so pages can be compared row for row) and the ten values in typed
/// columns, one index per column, queried with a WHERE over those columns.
/// </summary>
internal sealed class PlainTable : IDisposable
{
    /// <summary>The columns the item store returns for a page, held here in the row itself (no joins).</summary>
    private const string ItemColumns = """
        id, uuid, folder_uuid, parent_uuid, position, item_type, name, description, url, integration_uuid, integration_provider, job_uuid,
        client_metadata, media_metadata, file_size, mime_type, width, height, duration, fps, frame_count,
        num_pages, audio_sample_rate, audio_bit_depth, audio_codec, audio_num_channels, dicom_instance_uid,
        dicom_study_uid, dicom_series_uid, child_count, owner_uuid, created_at, last_edited_at, technical_metadata
        """;

    /// <summary>The same columns read from Curio's database, as the store reads them.</summary>
    private const string CurioColumns = """
        i.id, i.uuid, f.uuid, p.uuid, i.position, i.item_type, i.name, i.description, i.url, g.uuid, g.provider, j.uuid,
        i.client_metadata, i.media_metadata, i.file_size, i.mime_type, i.width, i.height, i.duration, i.fps, i.frame_count,
        i.num_pages, i.audio_sample_rate, i.audio_bit_depth, i.audio_codec, i.audio_num_channels, i.dicom_instance_uid,
        i.dicom_study_uid, i.dicom_series_uid, i.child_count, u.uuid, i.created_at, i.last_edited_at, i.technical_metadata
        FROM items i JOIN folders f ON f.id = i.folder_id LEFT JOIN items p ON p.id = i.parent_item_id
        LEFT JOIN integrations g ON g.id = i.integration_id LEFT JOIN jobs j ON j.id = i.job_id LEFT JOIN users u ON u.id = i.owner_id
        """;

    private const int ColumnCount = 34;

    private static readonly string[] Typed = ["camera", "weather", "score", "depth", "captured_at", "site", "operator", "flag", "uid", "notes"];

    private readonly SqliteConnection _connection;

    private PlainTable(SqliteConnection connection) => _connection = connection;

    /// <summary>The SQLite library both sides run on (the one Microsoft.Data.Sqlite bundles).</summary>
    public string Version
    {
        get
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT sqlite_version()";
            return (string)command.ExecuteScalar()!;
        }
    }

    /// <summary>A table an earlier run created (--reuse).</summary>
    public static PlainTable Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Run(connection, "PRAGMA cache_size = -65536;");
        return new PlainTable(connection);
    }

    /// <summary>Copies Curio's items into a new file at <paramref name="path"/> with <paramref name="data"/>'s values beside them.</summary>
    public static PlainTable Create(string path, string curioDatabase, FilterData data)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Run(connection, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536;");
        Run(connection, """
            CREATE TABLE items (
                id INTEGER PRIMARY KEY, uuid BLOB NOT NULL, folder_uuid BLOB NOT NULL, parent_uuid BLOB, position INTEGER, item_type TEXT NOT NULL,
                name TEXT NOT NULL, description TEXT NOT NULL, url TEXT, integration_uuid BLOB, integration_provider TEXT, job_uuid BLOB,
                client_metadata TEXT NOT NULL, media_metadata TEXT, file_size INTEGER, mime_type TEXT, width INTEGER, height INTEGER,
                duration REAL, fps REAL, frame_count INTEGER, num_pages INTEGER, audio_sample_rate INTEGER, audio_bit_depth INTEGER,
                audio_codec TEXT, audio_num_channels INTEGER, dicom_instance_uid TEXT, dicom_study_uid TEXT, dicom_series_uid TEXT,
                child_count INTEGER NOT NULL, owner_uuid BLOB, created_at INTEGER NOT NULL, last_edited_at INTEGER NOT NULL, technical_metadata TEXT,
                camera TEXT, weather TEXT, score REAL, depth REAL, captured_at INTEGER, site TEXT, operator TEXT, flag INTEGER, uid BLOB, notes TEXT)
            """);
        using (var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = curioDatabase, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            source.Open();
            using var read = source.CreateCommand();
            read.CommandText = $"SELECT {CurioColumns} WHERE i.parent_item_id IS NULL ORDER BY i.id";
            using var transaction = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO items ({ItemColumns}, {string.Join(", ", Typed)}) VALUES ({string.Join(", ", Enumerable.Range(0, ColumnCount + 10).Select(n => "$p" + n))})";
            var parameters = Enumerable.Range(0, ColumnCount + 10).Select(n => insert.Parameters.Add(new SqliteParameter("$p" + n, null))).ToArray();
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                for (var c = 0; c < ColumnCount; c++)
                {
                    parameters[c].Value = reader.GetValue(c);
                }

                var i = FilterData.IndexOf(reader.GetString(8));
                object[] typed = [data.Camera(i), data.Weather(i), data.Score(i), data.Depth(i), data.CapturedAt(i).ToUnixTimeMilliseconds() * 1000,
                    data.Site(i), data.Operator(i), data.Flag(i) ? 1 : 0, data.Id(i).ToByteArray(bigEndian: true), data.Notes(i)];
                for (var c = 0; c < typed.Length; c++)
                {
                    parameters[ColumnCount + c].Value = typed[c];
                }
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        foreach (var column in Typed)
        {
            Run(connection, $"CREATE INDEX ix_{column} ON items ({column})");
        }

        Run(connection, "ANALYZE");
        return new PlainTable(connection);
    }

    /// <summary>The first page (by id) of the rows matching <paramref name="where"/>, read whole; the UUIDs in order.</summary>
    public List<Guid> Page(string where, IReadOnlyList<(string Name, object Value)> parameters, int limit)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT {ItemColumns} FROM items WHERE {where} ORDER BY id LIMIT {limit}";
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var uuids = new List<Guid>(limit);
        var row = new object[ColumnCount];
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            reader.GetValues(row);
            uuids.Add(new Guid((byte[])row[1], bigEndian: true));
        }

        return uuids;
    }

    public string Plan(string where, IReadOnlyList<(string Name, object Value)> parameters)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"EXPLAIN QUERY PLAN SELECT {ItemColumns} FROM items WHERE {where} ORDER BY id LIMIT 100";
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        using var reader = command.ExecuteReader();
        var steps = new List<string>();
        while (reader.Read())
        {
            steps.Add(reader.GetString(3));
        }

        return string.Join("; ", steps);
    }

    private static void Run(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
