using System.Net;
using System.Text;
using System.Text.Json.Serialization.Metadata;

namespace Curio.Cli.Tests.Support;

/// <summary>A scripted server: answers requests in order from a queue of responders, and records what it was sent.</summary>
internal sealed class FakeHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, Task<HttpResponseMessage>>> _responders = new();
    private readonly Lock _lock = new();

    public List<RecordedRequest> Requests { get; } = [];

    /// <summary>Answers every request not scripted; by default a failure that names the request.</summary>
    public Func<HttpRequestMessage, HttpResponseMessage>? Fallback { get; set; }

    public FakeHandler Respond(Func<HttpRequestMessage, Task<HttpResponseMessage>> responder)
    {
        lock (_lock)
        {
            _responders.Enqueue(responder);
        }

        return this;
    }

    public FakeHandler Respond(Func<HttpRequestMessage, HttpResponseMessage> responder) => Respond(r => Task.FromResult(responder(r)));

    public FakeHandler Respond(HttpStatusCode status, string? body = null, string contentType = "application/json") =>
        Respond(_ => Response(status, body, contentType));

    public FakeHandler RespondJson<T>(T value, JsonTypeInfo<T> type, HttpStatusCode status = HttpStatusCode.OK) =>
        Respond(_ => Response(status, System.Text.Json.JsonSerializer.Serialize(value, type)));

    public FakeHandler Throw(Exception exception) => Respond(_ => Task.FromException<HttpResponseMessage>(exception));

    public static HttpResponseMessage Response(HttpStatusCode status, string? body = null, string contentType = "application/json") => new(status)
    {
        Content = body is null ? new ByteArrayContent([]) : new StringContent(body, Encoding.UTF8, contentType),
    };

    public static HttpResponseMessage Problem(int status, string errorCode, string detail, string? extra = null) =>
        Response((HttpStatusCode)status,
            $$"""{"type":"https://curio.dev/problems/{{errorCode}}","title":"Problem","status":{{status}},"detail":"{{detail}}","errorCode":"{{errorCode}}","traceId":"00-abc-01"{{extra}}}""",
            "application/problem+json");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Func<HttpRequestMessage, Task<HttpResponseMessage>>? responder;
        lock (_lock)
        {
            Requests.Add(new RecordedRequest(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), request.Content?.Headers.ContentType?.MediaType));
            _responders.TryDequeue(out responder);
        }

        if (responder is null)
        {
            return Fallback?.Invoke(request)
                ?? throw new InvalidOperationException($"Unexpected request {request.Method} {request.RequestUri}");
        }

        var response = await responder(request).WaitAsync(cancellationToken);
        response.RequestMessage ??= request;
        return response;
    }
}

internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Authorization, string? ContentType)
{
    public string PathAndQuery => Uri.PathAndQuery;
}
