namespace Curio.Core.Tests.Specs;

/// <summary>A seekable stream that returns at most a few bytes per read, as some network-backed streams do.</summary>
internal sealed class TrickleStream(byte[] bytes, int maxRead = 1) : MemoryStream(bytes, writable: false)
{
    public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, maxRead));

    public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, maxRead)]);
}
