using System.Diagnostics;
using Curio.Contracts;
using Curio.Storage;
using Microsoft.AspNetCore.Diagnostics;

namespace Curio.Server.Hosting;

/// <summary>Turns exceptions into problem+json: ours with their status and code, a few framework ones, the rest 500.</summary>
internal sealed class ProblemMapping(IProblemDetailsService problems, ILogger<ProblemMapping> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ProblemException p => p,
            InvalidPageTokenException e => ProblemException.BadRequest(e.Message, ErrorCodes.InvalidPageToken),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new ProblemException(413, ErrorCodes.PayloadTooLarge,
                "Payload too large", "The request body is larger than this server accepts (Curio:Import:MaxSpecBytes for upload files)."),
            BadHttpRequestException e => ProblemException.BadRequest(e.Message),
            _ when StorageFaults.Unavailable(exception) is { } reason => Unavailable(reason, httpContext),
            _ => null,
        };

        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = new ProblemException(500, ErrorCodes.ServerError, "Server error", "The server failed to handle the request; its log has the details.");
        }

        httpContext.Response.StatusCode = problem.Status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = Describe(problem, httpContext),
        });
    }

    private ProblemException Unavailable(string reason, HttpContext httpContext)
    {
        logger.LogWarning("Database unavailable on {Method} {Path}: {Reason}", httpContext.Request.Method, httpContext.Request.Path, reason);
        httpContext.Response.Headers.RetryAfter = "5";
        return new ProblemException(503, ErrorCodes.DatabaseUnavailable, "Database unavailable",
            $"The request was not carried out: {reason}. Retry in a few seconds: a change that did not complete was rolled back.");
    }

    internal static Microsoft.AspNetCore.Mvc.ProblemDetails Describe(ProblemException problem, HttpContext httpContext)
    {
        var details = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = problem.Status,
            Title = problem.Title,
            Detail = problem.Message,
            Type = $"https://curio.dev/problems/{problem.ErrorCode}",
        };
        details.Extensions["errorCode"] = problem.ErrorCode;
        details.Extensions["traceId"] = Activity.Current?.Id ?? httpContext.TraceIdentifier;
        foreach (var (key, value) in problem.Extensions)
        {
            details.Extensions[key] = value;
        }

        return details;
    }

    /// <summary>Status codes produced without an exception (401 from authentication, 404 for unknown routes) get a problem body and code too.</summary>
    internal static void AddCodes(ProblemDetailsContext context)
    {
        var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
        if (!context.ProblemDetails.Extensions.ContainsKey("errorCode"))
        {
            context.ProblemDetails.Extensions["errorCode"] = status switch
            {
                401 => ErrorCodes.Unauthenticated,
                413 => ErrorCodes.PayloadTooLarge,
                >= 500 => ErrorCodes.ServerError,
                _ => ErrorCodes.InvalidRequest,
            };
            if (status == 401)
            {
                context.ProblemDetails.Detail ??= "Send a valid API token as 'Authorization: Bearer <token>'. `curio serve` prints one on first start.";
            }
        }

        context.ProblemDetails.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
    }
}
