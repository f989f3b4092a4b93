using Curio.Contracts;
using Curio.Sdk;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Curio.Cli.Infrastructure;

/// <summary>
/// The base of every command: runs it, and turns what can go wrong into a message on stderr and one of the
/// <see cref="ExitCodes"/>, the same way for all.
/// </summary>
internal abstract class CurioCommand<TSettings>(IAnsiConsole output, CliConsole console) : AsyncCommand<TSettings>
    where TSettings : CurioSettings
{
    /// <summary>Results: stdout.</summary>
    protected IAnsiConsole Output { get; } = output;

    /// <summary>Diagnostics: stderr.</summary>
    protected CliConsole Console { get; } = console;

    public sealed override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(settings, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.WriteNote("Interrupted.");
            return ExitCodes.Interrupted;
        }
        catch (CliException ex)
        {
            if (ex.ExitCode == ExitCodes.Interrupted)
            {
                Console.WriteNote(ex.Message);
            }
            else
            {
                Console.WriteError(ex.Message);
            }

            return ex.ExitCode;
        }
        catch (CurioRequestFailedException ex)
        {
            return Report(ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.WriteError(ex.Message);
            return ExitCodes.InvalidInput;
        }
    }

    protected abstract Task<int> RunAsync(TSettings settings, CancellationToken cancellationToken);

    private int Report(CurioRequestFailedException ex)
    {
        switch (ex.Status)
        {
            case 0:
                Console.WriteError(ex.Message);
                return ExitCodes.ServerError;
            case 401 or 403:
                Console.WriteError($"The server refused the API token ({ex.Status}). Pass another with --token or {CliEnvironment.TokenVariable}; " +
                    "`curio serve` rewrites the local profile when it starts.");
                return ExitCodes.ServerError;
            case >= 500:
                Console.WriteError($"{Detail(ex)} (HTTP {ex.Status}{(ex.TraceId is null ? "" : $", trace {ex.TraceId}")})");
                return ExitCodes.ServerError;
            case 422 when ex.ErrorCode == ErrorCodes.SpecInvalid:
                var count = ex.SpecProblems.Count + ex.UnlistedSpecProblemCount;
                Console.WriteError($"The upload file was refused ({count} problem{(count == 1 ? "" : "s")}); nothing was imported:");
                Render.SpecProblems(Console.Error, ex.SpecProblems, ex.UnlistedSpecProblemCount);
                return ExitCodes.InvalidInput;
            case 422 when ex.ErrorCode == ErrorCodes.MetadataValueInvalid && ex.MetadataProblems.Count > 0:
                // Each sentence names the item, key, expected type and value; the detail would repeat the first.
                Console.WriteError($"{ex.Problem?.Title ?? "Custom metadata does not match the schema"}; nothing was updated [{ex.ErrorCode}]:");
                foreach (var problem in ex.MetadataProblems)
                {
                    Console.Error.WriteLine($"  {problem.Message}");
                }

                Console.WriteNote("Fix the values, or change the key's type with `curio schema add-scalar KEY TYPE`.");
                return ExitCodes.InvalidInput;
            default:
                Console.WriteError($"{Detail(ex)}{(ex.ErrorCode is null ? "" : $" [{ex.ErrorCode}]")}");
                return ex.Status is >= 400 and < 500 ? ExitCodes.InvalidInput : ExitCodes.ServerError;
        }
    }

    private static string Detail(CurioRequestFailedException ex) => ex.Problem?.Detail ?? ex.Problem?.Title ?? ex.Message;
}
