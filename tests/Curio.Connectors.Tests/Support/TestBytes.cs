namespace Curio.Connectors.Tests.Support;

public static class TestBytes
{
    /// <summary>Deterministic bytes with no short period, so an off-by-some read cannot pass by accident.</summary>
    public static byte[] Pattern(int length, uint seed = 1)
    {
        var bytes = new byte[length];
        var state = seed * 2654435761u + 1;
        for (var i = 0; i < bytes.Length; i++)
        {
            // xorshift32: cheap, and not a security concern here.
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            bytes[i] = (byte)state;
        }

        return bytes;
    }
}
