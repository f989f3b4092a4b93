using System.Net;
using Curio.Cli.Tests.Support;
using Curio.Contracts;
using Curio.Sdk;

namespace Curio.Cli.Tests.Sdk;

public sealed class ErrorTests : SdkTestBase
{
    [Fact]
    public async Task Problem_json_becomes_the_exception_fields()
    {
        // Given
        Handler.Respond(_ => FakeHandler.Problem(404, ErrorCodes.FolderNotFound, "Folder 'x/y' not found."));

        // When
        var ex = await Assert.ThrowsAsync<CurioRequestFailedException>(() => Client().GetFolderByPathAsync("x/y", Ct));

        // Then
        Assert.Equal((404, ErrorCodes.FolderNotFound, "00-abc-01"), (ex.Status, ex.ErrorCode, ex.TraceId));
        Assert.Equal(("Problem", "Folder 'x/y' not found.", 404), (ex.Problem!.Title, ex.Problem.Detail, ex.Problem.Status));
        Assert.Contains("\"errorCode\":\"folder.not_found\"", ex.Problem.RawJson, StringComparison.Ordinal);
        Assert.StartsWith("Folder 'x/y' not found. (HTTP 404, folder.not_found, GET /api/v1/folders/by-path)", ex.Message, StringComparison.Ordinal);
        Assert.Empty(ex.SpecProblems);
        Assert.Null(ex.InnerException);
    }

    [Fact]
    public async Task A_refused_upload_file_lists_its_spec_problems()
    {
        // Given
        const string errors = """
            ,"errors":[{"code":"spec.url_whitespace","message":"The URL has spaces.","path":"$.images[1].objectUrl","itemIndex":1,"location":"$.images[1].objectUrl"},
                       {"code":"spec.csv_columns","message":"Too few columns.","line":3,"column":7,"location":"line 3, column 7"}],"unlistedErrorCount":5
            """;
        Handler.Respond(_ => FakeHandler.Problem(422, ErrorCodes.SpecInvalid, "The upload file was refused.", errors));

        // When
        var ex = await Assert.ThrowsAsync<CurioRequestFailedException>(() =>
            Client().StartImportAsync(new ImportRequest(Guid.NewGuid(), "local", new MemoryStream("{}"u8.ToArray()), "x.json"), Ct));

        // Then
        Assert.Equal((422, ErrorCodes.SpecInvalid, 5), (ex.Status, ex.ErrorCode, ex.UnlistedSpecProblemCount));
        Assert.Equal(2, ex.SpecProblems.Count);
        Assert.Equal(("spec.url_whitespace", "$.images[1].objectUrl", 1), (ex.SpecProblems[0].Code, ex.SpecProblems[0].Path, ex.SpecProblems[0].ItemIndex));
        Assert.Equal((3, 7, "line 3, column 7"), (ex.SpecProblems[1].Line, ex.SpecProblems[1].Column, ex.SpecProblems[1].Location));
    }

    [Fact]
    public async Task An_error_without_a_problem_document_keeps_its_status()
    {
        // Given
        Handler.Respond(HttpStatusCode.BadGateway, "<html>bad gateway</html>", "text/html");

        // When
        var ex = await Assert.ThrowsAsync<CurioRequestFailedException>(() => Client().CancelJobAsync(Guid.NewGuid(), Ct));

        // Then
        Assert.Equal((502, null, null), (ex.Status, ex.ErrorCode, ex.Problem));
        Assert.Single(Handler.Requests);
    }

    [Fact]
    public async Task A_connection_failure_has_status_0_and_keeps_the_cause()
    {
        // Given
        var cause = new HttpRequestException("Connection refused");
        Handler.Throw(cause);

        // When
        var ex = await Assert.ThrowsAsync<CurioRequestFailedException>(() => Client().DeleteItemAsync(Guid.NewGuid(), Ct));

        // Then
        Assert.Equal((0, null), (ex.Status, ex.ErrorCode));
        Assert.Same(cause, ex.InnerException);
        Assert.Contains("Could not reach the Curio server at http://curio.test/", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timeout_is_a_failure_with_status_0_but_the_callers_cancel_is_a_cancel()
    {
        // Given
        Handler.Respond(async r => { await Task.Delay(Timeout.Infinite, Ct); return FakeHandler.Response(HttpStatusCode.OK); });
        var client = Client(maxRetries: 0, networkTimeout: TimeSpan.FromMilliseconds(50));

        // When
        var timeout = await Assert.ThrowsAsync<CurioRequestFailedException>(() => client.GetJobAsync(Guid.NewGuid(), Ct));
        using var cancel = new CancellationTokenSource();
        Handler.Respond(async r => { await cancel.CancelAsync(); await Task.Delay(Timeout.Infinite, Ct); return FakeHandler.Response(HttpStatusCode.OK); });
        var cancelled = await Record.ExceptionAsync(() => client.GetJobAsync(Guid.NewGuid(), cancel.Token));

        // Then
        Assert.Equal(0, timeout.Status);
        Assert.IsAssignableFrom<OperationCanceledException>(timeout.InnerException);
        Assert.Contains("timed out", timeout.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<OperationCanceledException>(cancelled);
    }

    [Fact]
    public async Task Arguments_are_checked_before_anything_is_sent()
    {
        var client = Client();
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetIntegrationAsync("", Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => client.CreateFolderAsync((CreateFolderRequest)null!, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetFolderByPathAsync("", Ct));
        Assert.Throws<ArgumentOutOfRangeException>(() => client.GetItemsAsync(Guid.NewGuid(), new ItemQuery { PageSize = 0 }, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetItemsPageAsync(Guid.NewGuid(), null, new ItemQuery { PageSize = 1001 }, Ct));
        Assert.Throws<ArgumentOutOfRangeException>(() => client.GetJobsAsync(limit: 101, cancellationToken: Ct));
        Assert.Throws<ArgumentException>(() => new ImportRequest(Guid.NewGuid(), "", "x.json"));
        Assert.Throws<ArgumentException>(() => new CurioClient(new Uri("ftp://x/"), "t"));
        Assert.Throws<ArgumentException>(() => new CurioClient(new Uri("http://x/"), ""));
        Assert.Empty(Handler.Requests);
    }
}
