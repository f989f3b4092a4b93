using System.Diagnostics;
using Curio.Media.Common;

namespace Curio.Media.Tests.Thumbnails;

/// <summary>The bounded child-process runner that ffprobe and ffmpeg share, tried on coreutils.</summary>
public sealed class ChildProcessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Standard_input_is_written_and_standard_output_read_back()
    {
        var run = await ChildProcess.RunAsync(new ChildProcessRequest("cat", [], TimeSpan.FromSeconds(10), 1024)
        {
            WriteInput = (stdin, token) => stdin.WriteAsync("hello"u8.ToArray(), token).AsTask(),
        }, Ct);

        Assert.Equal((ChildProcessStatus.Exited, 0, "hello"), (run.Status, run.ExitCode, System.Text.Encoding.ASCII.GetString(run.Output)));
    }

    [Fact]
    public async Task A_child_that_runs_too_long_is_killed_at_the_time_limit()
    {
        var clock = Stopwatch.StartNew();

        var run = await ChildProcess.RunAsync(new ChildProcessRequest("sleep", ["30"], TimeSpan.FromMilliseconds(300), 1024), Ct);

        Assert.Equal(ChildProcessStatus.TimedOut, run.Status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_child_that_writes_too_much_is_killed_at_the_output_limit()
    {
        var run = await ChildProcess.RunAsync(new ChildProcessRequest("yes", [], TimeSpan.FromSeconds(20), 100_000), Ct);

        Assert.Equal(ChildProcessStatus.OutputTooLarge, run.Status);
    }

    [Fact]
    public async Task A_missing_executable_is_a_status_not_an_exception()
    {
        var run = await ChildProcess.RunAsync(new ChildProcessRequest("/nonexistent/tool", [], TimeSpan.FromSeconds(5), 1024), Ct);

        Assert.Equal(ChildProcessStatus.NotStarted, run.Status);
        Assert.NotEmpty(run.Errors);
    }

    [Fact]
    public async Task A_child_that_stops_reading_its_input_does_not_hang_the_writer()
    {
        var run = await ChildProcess.RunAsync(new ChildProcessRequest("head", ["-c", "10"], TimeSpan.FromSeconds(20), 1024)
        {
            WriteInput = async (stdin, token) =>
            {
                var block = new byte[64 * 1024];
                for (var i = 0; i < 1000; i++)
                {
                    await stdin.WriteAsync(block, token);
                }
            },
        }, Ct);

        Assert.Equal((ChildProcessStatus.Exited, 10), (run.Status, run.Output.Length));
    }
}
