namespace Curio.Sdk.Internal;

/// <summary>
/// Reads a stream line by line as UTF-8 bytes (NDJSON), holding only the line being read and one read-ahead buffer,
/// never the whole body. A line ends at '\n' (a '\r' before it is dropped); the last line may lack its '\n'.
/// </summary>
internal sealed class NdjsonLineReader(Stream stream, int maxLineBytes, TimeSpan readTimeout)
{
    private const int InitialBuffer = 16 * 1024;

    private byte[] _buffer = new byte[InitialBuffer];
    private int _start;
    private int _end;
    private bool _ended;

    /// <summary>Lines read so far (the one just returned included).</summary>
    public long LineNumber { get; private set; }

    /// <summary>The next line, valid until the next call; null at the end of the stream.</summary>
    /// <exception cref="InvalidDataException">A line is longer than the limit.</exception>
    /// <exception cref="TimeoutException">No byte came for the read timeout.</exception>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var scanned = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var length = scanned + newline;
                var line = _buffer.AsMemory(_start, length > 0 && _buffer[_start + length - 1] == '\r' ? length - 1 : length);
                _start += length + 1;
                LineNumber++;
                return line;
            }

            scanned = _end - _start;
            if (_ended)
            {
                if (scanned == 0)
                {
                    return null;
                }

                var last = _buffer.AsMemory(_start, scanned);
                _start = _end;
                LineNumber++;
                return last;
            }

            if (scanned > maxLineBytes)
            {
                throw new InvalidDataException($"line {LineNumber + 1} is longer than {maxLineBytes:N0} bytes");
            }

            MakeRoom();
            int read;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(readTimeout);
                try
                {
                    read = await stream.ReadAsync(_buffer.AsMemory(_end), timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"no data came for {readTimeout.TotalSeconds:0.#} s", ex);
                }
            }

            if (read == 0)
            {
                _ended = true;
            }

            _end += read;
        }
    }

    /// <summary>Moves the partial line to the front of the buffer, and doubles the buffer when the line fills it.</summary>
    private void MakeRoom()
    {
        var pending = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
            (_start, _end) = (0, pending);
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
    }
}
