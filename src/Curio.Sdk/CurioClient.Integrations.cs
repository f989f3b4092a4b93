using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Curio.Contracts;
using Curio.Sdk.Internal;

namespace Curio.Sdk;

// Integrations: where the files of an import are read from.
public partial class CurioClient
{
    /// <summary>Lists the integrations.</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>Every integration; pages are requested as the caller enumerates.</returns>
    public virtual IAsyncEnumerable<Integration> GetIntegrationsAsync(CancellationToken cancellationToken = default) =>
        PagesAsync((token, ct) => SendAsync(HttpMethod.Get,
            new RequestPath("api/v1/integrations").Query("pageToken", token).ToString(), null, CurioJsonContext.Default.PageIntegration, ct), cancellationToken);

    /// <summary>Gets an integration.</summary>
    /// <param name="nameOrUuid">Its name, or its UUID.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The integration.</returns>
    /// <exception cref="CurioRequestFailedException">404 <see cref="ErrorCodes.IntegrationNotFound"/>, among others.</exception>
    public virtual Task<Integration> GetIntegrationAsync(string nameOrUuid, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(nameOrUuid);
        return SendAsync(HttpMethod.Get, $"api/v1/integrations/{RequestPath.Segment(nameOrUuid)}", null, CurioJsonContext.Default.Integration, cancellationToken);
    }

    /// <summary>Creates an integration: a local folder of the server's machine (<c>local</c>) or URLs read as given (<c>direct</c>).</summary>
    /// <param name="request">Its name, provider and settings.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The new integration.</returns>
    /// <exception cref="CurioRequestFailedException">400 <see cref="ErrorCodes.IntegrationInvalid"/>, 409 <see cref="ErrorCodes.IntegrationNameTaken"/>, among others.</exception>
    public virtual Task<Integration> CreateIntegrationAsync(CreateIntegrationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.Name, nameof(request));
        ArgumentException.ThrowIfNullOrEmpty(request.Provider, nameof(request));
        return SendAsync(HttpMethod.Post, "api/v1/integrations", Json(request, CurioJsonContext.Default.CreateIntegrationRequest),
            CurioJsonContext.Default.Integration, cancellationToken);
    }

    /// <summary>Deletes an integration that no item or job uses.</summary>
    /// <param name="nameOrUuid">Its name, or its UUID.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when it is deleted.</returns>
    /// <exception cref="CurioRequestFailedException">404, 409 <see cref="ErrorCodes.IntegrationInUse"/>, among others.</exception>
    public virtual Task DeleteIntegrationAsync(string nameOrUuid, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(nameOrUuid);
        return SendAsync(HttpMethod.Delete, $"api/v1/integrations/{RequestPath.Segment(nameOrUuid)}", cancellationToken);
    }

    /// <summary>
    /// Lists the objects in an integration's storage under a prefix (recursively), streamed as the server lists them: one
    /// request, read line by line as the caller enumerates, never held whole. Cloud providers list in key order.
    /// </summary>
    /// <param name="integration">The integration's name, or its UUID.</param>
    /// <param name="prefix">
    /// Where to list: for <c>local</c>, a folder relative to the root; for a cloud integration, a URL prefix
    /// (<c>s3://bucket/photos/</c>) or, when the integration has one bucket, a key prefix. Null or empty for everything.
    /// </param>
    /// <param name="limit">At most this many objects; null for all.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The objects, each with the URL to put in an upload file.</returns>
    /// <exception cref="CurioRequestFailedException">
    /// When enumerated: 404 <see cref="ErrorCodes.IntegrationNotFound"/>, 404/502 <see cref="ErrorCodes.StorageUnavailable"/>, among others.
    /// A listing that fails after its first objects (the server then ends the stream with an error line) throws the same way,
    /// with the status and code the server gave; a connection lost midway throws with status 0.
    /// </exception>
    public virtual IAsyncEnumerable<StorageObject> ListStorageObjectsAsync(
        string integration, string? prefix = null, long? limit = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(integration);
        if (limit is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit is at least 1.");
        }

        var path = new RequestPath($"api/v1/integrations/{RequestPath.Segment(integration)}/objects")
            .Query("prefix", string.IsNullOrEmpty(prefix) ? null : prefix)
            .Query("limit", limit?.ToString(CultureInfo.InvariantCulture))
            .ToString();
        return ReadStorageObjectsAsync(path, cancellationToken);
    }

    /// <summary>A line may hold a URL of up to 16 KB and its key, both escaped; anything far beyond is not a listing.</summary>
    private const int MaxListingLineBytes = 1 << 20;

    private async IAsyncEnumerable<StorageObject> ReadStorageObjectsAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, HttpCompletionOption.ResponseHeadersRead, default, cancellationToken)
            .ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var lines = new NdjsonLineReader(stream, MaxListingLineBytes, _networkTimeout);
            long count = 0;
            while (true)
            {
                ReadOnlyMemory<byte>? line;
                try
                {
                    line = await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutException)
                {
                    throw new CurioRequestFailedException(
                        $"The listing from {Endpoint} (GET /{path}) broke off after {count:N0} objects: {ex.Message}.", ex);
                }

                if (line is not { } bytes)
                {
                    yield break;
                }

                if (bytes.Span.Trim(" \t"u8).IsEmpty)
                {
                    continue;
                }

                yield return ReadListingLine(bytes.Span, path, lines.LineNumber, (int)response.StatusCode);
                count++;
            }
        }
    }

    /// <summary>One line of a listing: an object, or the <c>{"error": {...}}</c> line that ends a listing which failed midway.</summary>
    private static StorageObject ReadListingLine(ReadOnlySpan<byte> line, string path, long lineNumber, int status)
    {
        try
        {
            if (IsErrorLine(line))
            {
                throw ListingError(line, path);
            }

            return JsonSerializer.Deserialize(line, CurioJsonContext.Default.StorageObject)
                ?? throw new JsonException("The line is null, not an object.");
        }
        catch (JsonException ex)
        {
            throw new CurioRequestFailedException(status,
                $"The server's listing (GET /{path}) could not be read at line {lineNumber}: {ex.Message}", null, ex);
        }
    }

    /// <summary>Whether the line's object starts with an <c>error</c> member, as the server writes it.</summary>
    private static bool IsErrorLine(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        return reader.Read() && reader.TokenType == JsonTokenType.StartObject
            && reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("error"u8);
    }

    private static CurioRequestFailedException ListingError(ReadOnlySpan<byte> line, string path)
    {
        using var document = JsonDocument.Parse(line.ToArray());
        var error = document.RootElement.GetProperty("error");
        string? Text(string name) => error.ValueKind == JsonValueKind.Object && error.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;
        var status = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("status", out var s) && s.TryGetInt32(out var n) ? n : 502;
        var code = Text("errorCode");
        var detail = Text("detail") ?? "The listing failed";
        var raw = error.GetRawText();
        return new CurioRequestFailedException(status, $"{detail.TrimEnd('.')}. (HTTP {status}{(code is null ? "" : ", " + code)}, GET /{path.Split('?')[0]}, midway through the listing)", code, null)
        {
            Problem = new CurioProblemDetails(raw) { Detail = Text("detail"), Status = status, Title = Text("title") },
        };
    }
}
