using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Curio.Contracts;
using Curio.Sdk.Internal;

namespace Curio.Sdk;

// The metadata schema: one document per server, read and replaced whole, or edited key by key on the server
// (unlike Encord's SDK, which edits a local copy and saves it whole, so two editors never overwrite each other's keys).
public partial class CurioClient
{
    /// <summary>The response header that states the schema's version.</summary>
    private const string SchemaVersionHeader = "Curio-Schema-Version";

    /// <summary>Gets the metadata schema.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The schema, with its version.</returns>
    public virtual Task<MetadataSchemaDocument> GetMetadataSchemaAsync(CancellationToken cancellationToken = default) =>
        SchemaAsync(HttpMethod.Get, SchemaPath, null, cancellationToken);

    /// <summary>
    /// Replaces the whole schema with a v2 document (or Encord's deprecated v1 flat map <c>{"key": "number"}</c>).
    /// Stored values are then checked against it again in the background; see <see cref="GetMetadataSchemaReportAsync"/>.
    /// </summary>
    /// <param name="document">The new schema, e.g. an edited <see cref="MetadataSchemaDocument.Document"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The schema as the server now has it.</returns>
    /// <exception cref="CurioRequestFailedException">422 <see cref="ErrorCodes.MetadataSchemaInvalid"/> (the message names the key and JSON path), among others.</exception>
    public virtual Task<MetadataSchemaDocument> ReplaceMetadataSchemaAsync(JsonElement document, CancellationToken cancellationToken = default)
    {
        if (document.ValueKind == JsonValueKind.Undefined)
        {
            throw new ArgumentException("The schema document is empty (a default JsonElement).", nameof(document));
        }

        return SchemaAsync(HttpMethod.Put, SchemaPath, Json(document, CurioJsonContext.Default.JsonElement), cancellationToken);
    }

    /// <summary>Replaces the whole schema with a v2 document given as JSON text, e.g. read from a file.</summary>
    /// <param name="document">The new schema as JSON.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The schema as the server now has it.</returns>
    /// <exception cref="ArgumentException">The text is not JSON.</exception>
    /// <exception cref="CurioRequestFailedException">422 <see cref="ErrorCodes.MetadataSchemaInvalid"/>, among others.</exception>
    public virtual Task<MetadataSchemaDocument> ReplaceMetadataSchemaAsync(string document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        try
        {
            // Checked here so that a typo is an argument error with its position, not a server round trip.
            using var _ = JsonDocument.Parse(document);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"The schema is not valid JSON: {ex.Message}", nameof(document), ex);
        }

        var content = new StringContent(document, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return SchemaAsync(HttpMethod.Put, SchemaPath, content, cancellationToken);
    }

    /// <summary>Adds a scalar key, or changes a scalar key's type (a soft-deleted scalar comes back with the new type).</summary>
    /// <param name="key">The key (case-sensitive; letters, digits, space, -, _ and .; not starting with $).</param>
    /// <param name="type"><c>boolean</c>, <c>datetime</c>, <c>number</c>, <c>uuid</c>, <c>varchar</c> (alias <c>string</c>) or <c>text</c> (alias <c>long_string</c>).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The schema as the server now has it.</returns>
    /// <exception cref="CurioRequestFailedException">
    /// 422 <see cref="ErrorCodes.MetadataSchemaInvalid"/>: an invalid key or type, a key that is an enum, embedding or geospatial, or one deleted hard.
    /// </exception>
    public virtual Task<MetadataSchemaDocument> AddScalarAsync(string key, string type, CancellationToken cancellationToken = default)
    {
        CheckKey(key);
        ArgumentException.ThrowIfNullOrEmpty(type);
        return SchemaAsync(HttpMethod.Post, $"{SchemaPath}/scalars",
            Json(new AddScalarRequest { Key = key, Type = type }, CurioJsonContext.Default.AddScalarRequest), cancellationToken);
    }

    /// <summary>Adds an enum key.</summary>
    /// <param name="key">A new key.</param>
    /// <param name="values">1 to 255 options.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The schema as the server now has it.</returns>
    /// <exception cref="CurioRequestFailedException">422 <see cref="ErrorCodes.MetadataSchemaInvalid"/>: the key exists, too many options, among others.</exception>
    public virtual Task<MetadataSchemaDocument> AddEnumAsync(string key, IEnumerable<string> values, CancellationToken cancellationToken = default)
    {
        CheckKey(key);
        ArgumentNullException.ThrowIfNull(values);
        return SchemaAsync(HttpMethod.Post, $"{SchemaPath}/enums",
            Json(new AddEnumRequest { Key = key, Values = [.. values] }, CurioJsonContext.Default.AddEnumRequest), cancellationToken);
    }

    /// <summary>Adds options to an enum key (255 in all at most).</summary>
    /// <param name="key">An enum key.</param>
    /// <param name="values">The new options.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The schema as the server now has it.</returns>
    /// <exception cref="CurioRequestFailedException">422 <see cref="ErrorCodes.MetadataSchemaInvalid"/>: not an enum, too many options, among others.</exception>
    public virtual Task<MetadataSchemaDocument> AddEnumOptionsAsync(string key, IEnumerable<string> values, CancellationToken cancellationToken = default)
    {
        CheckKey(key);
        ArgumentNullException.ThrowIfNull(values);
        return SchemaAsync(HttpMethod.Post, $"{SchemaPath}/enums/{RequestPath.Segment(key)}/options",
            Json(new AddEnumOptionsRequest { Values = [.. values] }, CurioJsonContext.Default.AddEnumOptionsRequest), cancellationToken);
    }

    /// <summary>Adds an embedding key: vectors of exactly <paramref name="size"/> numbers.</summary>
    /// <param name="key">A new key.</param>
    /// <param name="size">1 to 4096 dimensions.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The schema as the server now has it.</returns>
    /// <exception cref="CurioRequestFailedException">422 <see cref="ErrorCodes.MetadataSchemaInvalid"/>: the key exists, a size out of range, among others.</exception>
    public virtual Task<MetadataSchemaDocument> AddEmbeddingAsync(string key, int size, CancellationToken cancellationToken = default)
    {
        CheckKey(key);
        return SchemaAsync(HttpMethod.Post, $"{SchemaPath}/embeddings",
            Json(new AddEmbeddingRequest { Key = key, Size = size }, CurioJsonContext.Default.AddEmbeddingRequest), cancellationToken);
    }

    /// <summary>Adds a geospatial key: values are <c>{"latitude": -90..90, "longitude": -180..180}</c>.</summary>
    /// <param name="key">A new key.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The schema as the server now has it.</returns>
    /// <exception cref="CurioRequestFailedException">422 <see cref="ErrorCodes.MetadataSchemaInvalid"/>: the key exists, among others.</exception>
    public virtual Task<MetadataSchemaDocument> AddGeospatialAsync(string key, CancellationToken cancellationToken = default)
    {
        CheckKey(key);
        return SchemaAsync(HttpMethod.Post, $"{SchemaPath}/geospatial",
            Json(new AddGeospatialRequest { Key = key }, CurioJsonContext.Default.AddGeospatialRequest), cancellationToken);
    }

    /// <summary>
    /// Deletes a key. A soft delete keeps its type, so <see cref="RestoreMetadataKeyAsync"/> can bring it back; a hard
    /// delete forgets it, and the key can never be defined again. Stored values stay in <c>clientMetadata</c> either way.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="hard">Forget the key for good.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The schema as the server now has it.</returns>
    /// <exception cref="CurioRequestFailedException">422 <see cref="ErrorCodes.MetadataSchemaInvalid"/>: no such key, among others.</exception>
    public virtual Task<MetadataSchemaDocument> DeleteMetadataKeyAsync(string key, bool hard = false, CancellationToken cancellationToken = default)
    {
        CheckKey(key);
        return SchemaAsync(HttpMethod.Delete,
            new RequestPath($"{SchemaPath}/keys/{RequestPath.Segment(key)}").Query("hard", hard ? "true" : null).ToString(), null, cancellationToken);
    }

    /// <summary>Undoes a soft delete.</summary>
    /// <param name="key">A soft-deleted key.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The schema as the server now has it.</returns>
    /// <exception cref="CurioRequestFailedException">422 <see cref="ErrorCodes.MetadataSchemaInvalid"/>: not deleted, or deleted hard, among others.</exception>
    public virtual Task<MetadataSchemaDocument> RestoreMetadataKeyAsync(string key, CancellationToken cancellationToken = default)
    {
        CheckKey(key);
        return SchemaAsync(HttpMethod.Post, $"{SchemaPath}/keys/{RequestPath.Segment(key)}/restore", null, cancellationToken);
    }

    /// <summary>
    /// How far the re-check of stored values against the current schema has got, and a page of the values that do not
    /// conform (they stay in <c>clientMetadata</c> but are left out of filters and sorts).
    /// </summary>
    /// <param name="pageSize">Values per page, 1 to 1000; null for the server's default (100).</param>
    /// <param name="pageToken">The previous report's <see cref="MetadataSchemaReport.NextPageToken"/>; null for the first page.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The report.</returns>
    /// <exception cref="CurioRequestFailedException">400 <see cref="ErrorCodes.InvalidPageToken"/>, among others.</exception>
    public virtual Task<MetadataSchemaReport> GetMetadataSchemaReportAsync(int? pageSize = null, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        CheckPageSize(pageSize, nameof(pageSize));
        return SendAsync(HttpMethod.Get, new RequestPath($"{SchemaPath}/report").Query("pageSize", pageSize).Query("pageToken", pageToken).ToString(),
            null, CurioJsonContext.Default.MetadataSchemaReport, cancellationToken);
    }

    private const string SchemaPath = "api/v1/metadata/schema";

    /// <summary>Every schema route answers with the whole document; the version comes in a header, when the route sends it.</summary>
    private async Task<MetadataSchemaDocument> SchemaAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, content, HttpCompletionOption.ResponseContentRead, default, cancellationToken).ConfigureAwait(false);
        long? version = response.Headers.TryGetValues(SchemaVersionHeader, out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                return new MetadataSchemaDocument(document.RootElement, version);
            }
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            throw new CurioRequestFailedException((int)response.StatusCode,
                $"The server's answer to {method} /{path} could not be read as a metadata schema: {ex.Message}", null, ex);
        }
    }

    private static void CheckKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);

        // "." and ".." would be read as path steps and send the request elsewhere; no valid key is only dots.
        if (key.All(c => c == '.'))
        {
            throw new ArgumentException($"'{key}' is not a schema key: a key has a letter or digit.", nameof(key));
        }
    }
}
