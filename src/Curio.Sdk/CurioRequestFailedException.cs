using Curio.Contracts;

namespace Curio.Sdk;

/// <summary>
/// A request to the Curio server failed: the server answered with an error status, or it could not be reached
/// (then <see cref="Status"/> is 0, <see cref="ErrorCode"/> is null and <see cref="Exception.InnerException"/> says why).
/// Branch on <see cref="ErrorCode"/> (the constants of <see cref="ErrorCodes"/>), not on the message.
/// </summary>
public class CurioRequestFailedException : Exception
{
    /// <summary>Creates an exception with status 0 and a generic message.</summary>
    public CurioRequestFailedException()
        : this(0, "The request to the Curio server failed.")
    {
    }

    /// <summary>Creates an exception with status 0.</summary>
    /// <param name="message">What went wrong.</param>
    public CurioRequestFailedException(string message)
        : this(0, message)
    {
    }

    /// <summary>Creates an exception with status 0 for a failure that another exception caused.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public CurioRequestFailedException(string message, Exception? innerException)
        : this(0, message, null, innerException)
    {
    }

    /// <summary>Creates an exception for an HTTP status.</summary>
    /// <param name="status">The HTTP status, or 0 when there was no response.</param>
    /// <param name="message">What went wrong.</param>
    public CurioRequestFailedException(int status, string message)
        : this(status, message, null, null)
    {
    }

    /// <summary>Creates an exception for an HTTP status with an error code.</summary>
    /// <param name="status">The HTTP status, or 0 when there was no response.</param>
    /// <param name="message">What went wrong.</param>
    /// <param name="errorCode">The server's <c>errorCode</c>, e.g. <see cref="ErrorCodes.FolderNotFound"/>.</param>
    /// <param name="innerException">The cause, if any.</param>
    public CurioRequestFailedException(int status, string message, string? errorCode, Exception? innerException)
        : base(message, innerException)
    {
        Status = status;
        ErrorCode = errorCode;
    }

    /// <summary>The HTTP status of the response; 0 when no response was received (connection refused, timeout, ...).</summary>
    public int Status { get; }

    /// <summary>The stable <c>errorCode</c> of the server's problem document (see <see cref="ErrorCodes"/>); null without one.</summary>
    public string? ErrorCode { get; }

    /// <summary>The server's problem document; null when the response had none (or there was no response).</summary>
    public CurioProblemDetails? Problem { get; init; }

    /// <summary>
    /// For a refused upload file (422, <see cref="ErrorCodes.SpecInvalid"/>): every listed problem, with its location.
    /// Empty otherwise.
    /// </summary>
    public IReadOnlyList<SpecProblem> SpecProblems { get; init; } = [];

    /// <summary>For a refused upload file: how many more problems were found than <see cref="SpecProblems"/> lists.</summary>
    public int UnlistedSpecProblemCount { get; init; }

    /// <summary>
    /// For refused custom metadata (422, <see cref="ErrorCodes.MetadataValueInvalid"/>): each value that does not conform
    /// to its schema key, with the item, the key, what the schema wants and the value given (the server lists up to 100).
    /// Empty otherwise.
    /// </summary>
    public IReadOnlyList<MetadataValueProblem> MetadataProblems { get; init; } = [];

    /// <summary>The server's trace id of the request, to find it in the server's log.</summary>
    public string? TraceId { get; init; }
}
