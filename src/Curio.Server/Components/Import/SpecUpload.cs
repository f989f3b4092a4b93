using Curio.Contracts;
using Curio.Core.Specs;
using Curio.Server.Components.Items;
using Curio.Server.Features.Importing;
using Curio.Server.Hosting;
using Microsoft.AspNetCore.Components.Forms;

namespace Curio.Server.Components.Import;

/// <summary>
/// One upload file added to the import dialog. Its bytes are copied once to the data directory's spool as it is added:
/// the browser forgets a picked file as soon as more files are picked, and this one copy is what is validated and, later,
/// submitted, so what was checked is what gets imported.
/// </summary>
internal sealed class SpecUpload(string name, long size) : IAsyncDisposable
{
    /// <summary>The most problems listed per file; the rest are counted.</summary>
    public const int ListedProblems = 50;

    private FileStream? _copy;
    public string Id { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The format the validator read the file as; Auto until then, and for a file that is neither JSON nor CSV.</summary>
    public SpecFormat Format { get; private set; } = SpecFormat.Auto;

    public string Name => name;

    public long Size => size;

    /// <summary>True while the file is copied from the browser and checked.</summary>
    public bool Checking { get; private set; } = true;

    public SpecValidation? Validation { get; private set; }

    /// <summary>What keeps the file from being read or imported, as a sentence (too large, unreadable, refused at submit).</summary>
    public string? Problem { get; private set; }

    public IReadOnlyList<SpecProblem> Errors { get; private set; } = [];

    public int UnlistedErrorCount { get; private set; }

    public IReadOnlyList<SpecProblem> Warnings => Validation?.Warnings ?? [];

    public bool HasErrors => !Checking && (Problem is not null || Errors.Count > 0 || Validation is not { Valid: true });

    public bool CanImport => !Checking && !HasErrors && _copy is not null;

    /// <summary>Copies the browser's file and validates it with the same code as <c>POST /api/v1/specs/validate</c>.</summary>
    public async Task CheckAsync(IBrowserFile file, ImportSubmitter submitter, DataDirectory data, long maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            if (file.Size > maxBytes)
            {
                Problem = $"This file is {ItemFormat.Size(file.Size)}; this server takes upload files of up to {ItemFormat.Size(maxBytes)} (Curio:Import:MaxSpecBytes). "
                          + "Split it into smaller files and add those.";
                return;
            }

            await using (var input = file.OpenReadStream(maxBytes, cancellationToken))
            {
                _copy = await SpecSpool.CopyAsync(input, data, maxBytes, cancellationToken);
            }

            var result = await submitter.ValidateAsync(Rewound(), name, SpecFormat.Auto, cancellationToken);
            Format = result.Format;
            Validation = SpecMapping.ToDto(result);
            (Errors, UnlistedErrorCount) = (Validation.Errors, Validation.UnlistedErrorCount);
        }
        catch (ProblemException e)
        {
            Problem = e.Message;
        }
        catch (IOException e)
        {
            Problem = $"The browser could not send this file ({e.Message}). Add it again.";
        }
        finally
        {
            Checking = false;
        }
    }

    /// <summary>
    /// Submits the checked copy through <paramref name="start"/>. When the server refuses the file itself (the limits
    /// changed since the check), the refusal is kept on this file with the problems it lists, and null is returned;
    /// problems with the target (folder or integration gone) concern every file and are left to the caller.
    /// </summary>
    public async Task<Guid?> SubmitAsync(Func<Stream, SpecFormat, Task<Guid>> start)
    {
        try
        {
            return await start(Rewound(), Format);
        }
        catch (ProblemException e) when (e.ErrorCode is ErrorCodes.SpecInvalid or ErrorCodes.PayloadTooLarge)
        {
            Problem = e.Message;
            if (e.Extensions.TryGetValue("errors", out var listed) && listed is IReadOnlyList<SpecProblem> errors)
            {
                Errors = errors;
                UnlistedErrorCount = e.Extensions.TryGetValue("unlistedErrorCount", out var more) && more is int count ? count : 0;
            }

            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_copy is not null)
        {
            await _copy.DisposeAsync();
            _copy = null;
        }
    }

    private FileStream Rewound()
    {
        var copy = _copy ?? throw new InvalidOperationException($"{name} was not copied.");
        copy.Position = 0;
        return copy;
    }
}
