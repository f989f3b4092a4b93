using Curio.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Curio.Server.Jobs;

/// <summary>Holds this server's workers to Curio:Import:MaxUnitsPerSecond across all of them (0: no limit).</summary>
internal sealed class ImportPacer(IOptions<CurioOptions> options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private DateTimeOffset _next;

    public async Task WaitAsync(int units, CancellationToken cancellationToken)
    {
        var rate = options.Value.Import.MaxUnitsPerSecond;
        if (rate <= 0)
        {
            return;
        }

        TimeSpan delay;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_next < now)
            {
                _next = now;
            }

            delay = _next - now;
            _next += TimeSpan.FromSeconds((double)units / rate);
        }

        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, time, cancellationToken);
        }
    }
}
