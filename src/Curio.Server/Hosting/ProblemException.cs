using Curio.Contracts;

namespace Curio.Server.Hosting;

/// <summary>
/// Every error the API reports on purpose. The one place that turns it into a response is
/// <see cref="ProblemMapping"/>; anything else that escapes a handler is a 500.
/// </summary>
public class ProblemException(int status, string errorCode, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string ErrorCode { get; } = errorCode;
    public string Title { get; } = title;

    /// <summary>Extra members of the problem document (for example the spec problems of a refused file).</summary>
    public IDictionary<string, object?> Extensions { get; } = new Dictionary<string, object?>();

    public static ProblemException NotFound(string errorCode, string detail) => new(404, errorCode, "Not found", detail);

    public static ProblemException Conflict(string errorCode, string detail) => new(409, errorCode, "Conflict", detail);

    public static ProblemException BadRequest(string detail, string errorCode = ErrorCodes.InvalidRequest) => new(400, errorCode, "Invalid request", detail);
}
