namespace Curio.Storage.Postgres;

internal sealed class PostgresKeyRingStore(PostgresDatabase database) : IKeyRingStore
{
    public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            await using var command = connection.Command("SELECT xml FROM data_protection_keys ORDER BY name");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var keys = new List<string>();
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add(reader.GetString(0));
            }

            return (IReadOnlyList<string>)keys;
        }, cancellationToken);

    public Task StoreAsync(string name, string xml, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) => connection.Command(
            "INSERT INTO data_protection_keys (name, xml) VALUES (@name, @xml) ON CONFLICT (name) DO NOTHING", transaction)
            .With("name", name).With("xml", xml).RunOnceAsync(cancellationToken), cancellationToken);
}
