using System.Net;

namespace Curio.Connectors.Tests.Azure;

/// <summary>
/// Sits between an azure source and azurite: counts requests and the content bytes azurite sent, and can answer
/// in azurite's place to inject faults.
/// </summary>
public sealed class Interceptor : DelegatingHandler
{
    private long _bytesServed;
    private int _requests;
    private int _listRequests;

    public Interceptor(HttpMessageHandler inner)
        : base(inner)
    {
    }

    /// <summary>Given the request and how many list requests were seen (this one included), a response to send instead of asking azurite; null to pass it on.</summary>
    public Func<HttpRequestMessage, int, HttpResponseMessage?>? Fault { get; set; }

    public long BytesServed => Interlocked.Read(ref _bytesServed);

    public int Requests => Volatile.Read(ref _requests);

    public int ListRequests => Volatile.Read(ref _listRequests);

    /// <summary>A 503 ServerBusy as Azure sends it when an account is throttled.</summary>
    public static HttpResponseMessage ServerBusy(HttpRequestMessage request)
    {
        var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { RequestMessage = request, Content = new ByteArrayContent([]) };
        response.Headers.Add("x-ms-error-code", "ServerBusy");
        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        var lists = request.RequestUri?.Query.Contains("comp=list", StringComparison.Ordinal) == true
            ? Interlocked.Increment(ref _listRequests)
            : Volatile.Read(ref _listRequests);
        if (Fault?.Invoke(request, lists) is { } injected)
        {
            return injected;
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (request.Method == HttpMethod.Get && response.Content.Headers.ContentLength is { } length)
        {
            Interlocked.Add(ref _bytesServed, length);
        }

        return response;
    }
}
