using Curio.Contracts;
using Curio.Server.Hosting;

namespace Curio.Server.Features.Importing;

/// <summary>
/// An upload file copied to the data directory as it arrives, so it can be read twice (the JSON reader's two passes)
/// without ever being held in memory. The copy is deleted when the spool is disposed.
/// </summary>
internal static class SpecSpool
{
    public static async Task<FileStream> CopyAsync(Stream body, DataDirectory data, long maxBytes, CancellationToken cancellationToken)
    {
        var path = Path.Combine(data.Spool, $"{Guid.NewGuid():N}.upload");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var buffer = new byte[1 << 16];
            long total = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    throw new ProblemException(413, ErrorCodes.PayloadTooLarge, "Payload too large",
                        $"The upload file is larger than {maxBytes:N0} bytes (Curio:Import:MaxSpecBytes); split it into several files.");
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            await file.FlushAsync(cancellationToken);
            file.Position = 0;
            return file;
        }
        catch (IOException ex)
        {
            await file.DisposeAsync();
            throw new ProblemException(503, ErrorCodes.Unavailable, "Cannot store the upload file",
                $"The server could not store the upload file ({ex.Message}); free disk space in its data directory and try again.");
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }
}
