using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Curio.Media.Common;

/// <summary>What to run: the executable, its arguments (passed as a list, never through a shell) and its limits.</summary>
internal sealed record ChildProcessRequest(string Executable, IReadOnlyList<string> Arguments, TimeSpan Timeout, int MaxOutputBytes)
{
    /// <summary>Writes the child's standard input, which is closed afterwards; without it the input is closed at once.</summary>
    public Func<Stream, CancellationToken, Task>? WriteInput { get; init; }
}

internal enum ChildProcessStatus
{
    Exited,

    /// <summary>The executable could not be started; <see cref="ChildProcessResult.Errors"/> says why.</summary>
    NotStarted,

    /// <summary>The time limit passed; the process was killed.</summary>
    TimedOut,

    /// <summary>The process wrote more than the output limit; it was killed.</summary>
    OutputTooLarge,
}

/// <param name="Status">How the run ended.</param>
/// <param name="ExitCode">The exit code when it exited; -1 otherwise.</param>
/// <param name="Output">Standard output when it exited.</param>
/// <param name="Errors">The start of standard error (at most 16 KiB), or why the process did not start.</param>
internal sealed record ChildProcessResult(ChildProcessStatus Status, int ExitCode, byte[] Output, string Errors)
{
    /// <summary>The first line of <see cref="Errors"/>, for messages.</summary>
    public string FirstErrorLine
    {
        get
        {
            var text = Errors.Trim();
            if (text.Length == 0)
            {
                return "it gave no reason";
            }

            var end = text.IndexOf('\n', StringComparison.Ordinal);
            return (end < 0 ? text : text[..end]).Trim();
        }
    }
}

/// <summary>
/// Runs a tool (ffprobe, ffmpeg) on files that may be hostile: a time limit, bounded output and bounded error text,
/// and the process killed on every way out, so a file that makes the tool hang or babble costs a bounded amount.
/// </summary>
internal static class ChildProcess
{
    private const int MaxErrorChars = 16 * 1024;

    /// <summary>Never throws for the child's own failures (those are statuses); only cancellation by the caller escapes.</summary>
    public static async Task<ChildProcessResult> RunAsync(ChildProcessRequest request, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(request.Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in request.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            return new ChildProcessResult(ChildProcessStatus.NotStarted, -1, [], ex.Message);
        }

        using var timeout = new CancellationTokenSource(request.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var input = WriteInputAsync(process.StandardInput, request.WriteInput, linked.Token);
        var errors = ReadErrorsAsync(process.StandardError, linked.Token);
        try
        {
            var output = await ReadCappedAsync(process.StandardOutput.BaseStream, request.MaxOutputBytes, linked.Token);
            if (output is null)
            {
                Kill(process);
                return new ChildProcessResult(ChildProcessStatus.OutputTooLarge, -1, [], await errors);
            }

            await process.WaitForExitAsync(linked.Token);
            await input;
            return new ChildProcessResult(ChildProcessStatus.Exited, process.ExitCode, output, await errors);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill(process);
            return new ChildProcessResult(ChildProcessStatus.TimedOut, -1, [], "");
        }
        finally
        {
            Kill(process);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    private static async Task WriteInputAsync(StreamWriter stdin, Func<Stream, CancellationToken, Task>? write, CancellationToken cancellationToken)
    {
        try
        {
            if (write is not null)
            {
                await write(stdin.BaseStream, cancellationToken);
                await stdin.BaseStream.FlushAsync(cancellationToken);
            }
        }
        catch (IOException)
        {
            // The child stopped reading (it failed, or needed no more); its exit code and errors tell the story.
        }
        catch (OperationCanceledException)
        {
            // The run's own cancellation handles this.
        }
        finally
        {
            try
            {
                stdin.Close();
            }
            catch (IOException)
            {
                // Closing a pipe the child already closed.
            }
        }
    }

    private static async Task<string> ReadErrorsAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var buffer = new char[4096];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
            {
                // Kept up to the limit, then drained, so a chatty child never blocks on a full pipe.
                text.Append(buffer, 0, Math.Min(read, Math.Max(0, MaxErrorChars - text.Length)));
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }

        return text.ToString();
    }

    /// <summary>The whole stream, or null as soon as it is longer than <paramref name="maxBytes"/>.</summary>
    private static async Task<byte[]?> ReadCappedAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        using var output = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (output.Length + read > maxBytes)
            {
                return null;
            }

            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }
}
