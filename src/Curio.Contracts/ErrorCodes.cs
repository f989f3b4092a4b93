namespace Curio.Contracts;

/// <summary>
/// Stable <c>errorCode</c>s of the API's problem responses (RFC 9457 ProblemDetails). Never renamed; clients branch on them.
/// Upload-file problems additionally list <see cref="SpecProblem"/>s, each with its own <c>spec.*</c> code.
/// </summary>
public static class ErrorCodes
{
    /// <summary>401: no token, or a token that is unknown or revoked.</summary>
    public const string Unauthenticated = "auth.unauthenticated";

    /// <summary>400: a parameter or body is malformed.</summary>
    public const string InvalidRequest = "request.invalid";

    /// <summary>400: a page token this server did not issue.</summary>
    public const string InvalidPageToken = "request.invalid_page_token";

    /// <summary>413: the request body is larger than the server accepts.</summary>
    public const string PayloadTooLarge = "request.too_large";

    /// <summary>404.</summary>
    public const string FolderNotFound = "folder.not_found";

    /// <summary>409: a sibling has that name.</summary>
    public const string FolderNameTaken = "folder.name_taken";

    /// <summary>409: the folder has sub-folders or items; delete with recursive=true.</summary>
    public const string FolderNotEmpty = "folder.not_empty";

    /// <summary>409: an import into the folder (or below) is running.</summary>
    public const string FolderBusy = "folder.busy";

    /// <summary>404.</summary>
    public const string ItemNotFound = "item.not_found";

    /// <summary>404.</summary>
    public const string IntegrationNotFound = "integration.not_found";

    /// <summary>409.</summary>
    public const string IntegrationNameTaken = "integration.name_taken";

    /// <summary>400: unknown provider, or settings that do not fit it (a root that is not a folder, ...).</summary>
    public const string IntegrationInvalid = "integration.invalid";

    /// <summary>502/503/404: listing or reading the integration's storage failed (the message says why).</summary>
    public const string StorageUnavailable = "integration.storage_failed";

    /// <summary>403: a signed content link that is expired or was not issued by this server.</summary>
    public const string ContentLinkInvalid = "item.content_link_invalid";

    /// <summary>404: the item's kind gets no thumbnail (audio, text, PDF, NIfTI, an unsupported DICOM transfer syntax, ...).</summary>
    public const string ThumbnailUnavailable = "item.thumbnail_unavailable";

    /// <summary>422: the item's file could not be made into a thumbnail (corrupt, too large, too slow); retried after a while.</summary>
    public const string ThumbnailFailed = "item.thumbnail_failed";

    /// <summary>409: items or jobs still use it.</summary>
    public const string IntegrationInUse = "integration.in_use";

    /// <summary>404.</summary>
    public const string JobNotFound = "job.not_found";

    /// <summary>409: the job already ended.</summary>
    public const string JobFinished = "job.finished";

    /// <summary>422: the upload file was refused whole; <c>errors</c> lists where and why.</summary>
    public const string SpecInvalid = "spec.invalid";

    /// <summary>A metadata schema operation or document that breaks the schema's rules (the message says which).</summary>
    public const string MetadataSchemaInvalid = "metadata.schema_invalid";

    /// <summary>A custom metadata value that does not conform to its schema key; <c>problems</c> lists each.</summary>
    public const string MetadataValueInvalid = "metadata.value_invalid";

    /// <summary>An item filter or sort key that cannot be read or does not fit the schema; the detail says where and why.</summary>
    public const string FilterInvalid = "filter.invalid";

    /// <summary>500: a fault of the server; the log has the details.</summary>
    public const string ServerError = "server.error";

    /// <summary>503: the server cannot take the request now (no disk space for the upload file, ...).</summary>
    public const string Unavailable = "server.unavailable";

    /// <summary>503: the database cannot be reached, is restarting or is out of space; nothing was changed, retry later.</summary>
    public const string DatabaseUnavailable = "server.database_unavailable";

    /// <summary>Every code, for documentation and structural tests.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Unauthenticated, InvalidRequest, InvalidPageToken, PayloadTooLarge, FolderNotFound, FolderNameTaken, FolderNotEmpty,
        FolderBusy, ItemNotFound, IntegrationNotFound, IntegrationNameTaken, IntegrationInvalid, IntegrationInUse, JobNotFound,
        JobFinished, SpecInvalid, ServerError, Unavailable, StorageUnavailable, ContentLinkInvalid, MetadataSchemaInvalid, MetadataValueInvalid,
        ThumbnailUnavailable, ThumbnailFailed, FilterInvalid, DatabaseUnavailable,
    ];
}
