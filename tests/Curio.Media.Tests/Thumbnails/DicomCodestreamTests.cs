using Curio.Media.Tests.Fixtures;
using Curio.Media.Thumbnails;

namespace Curio.Media.Tests.Thumbnails;

/// <summary>Which fragments of encapsulated pixel data make the first frame.</summary>
public sealed class DicomCodestreamTests
{
    [Fact]
    public async Task With_an_offset_table_the_fragments_before_the_second_frame()
    {
        // Frame 0 is two fragments (8 + 4 bytes, items of 16 and 12), frame 1 starts at 28.
        var bytes = Encapsulated([0, 28], [8, 4, 6]);

        var fragments = await DicomCodestream.FirstFrameAsync(0, 2, 1 << 20, Reader(bytes));

        Assert.Equal([(24, 8), (40, 4)], fragments);
    }

    [Fact]
    public async Task Without_one_every_fragment_of_a_single_frame_and_the_first_of_many()
    {
        var bytes = Encapsulated([], [8, 4]);

        Assert.Equal([(16, 8), (32, 4)], await DicomCodestream.FirstFrameAsync(0, 1, 1 << 20, Reader(bytes)));
        Assert.Equal([(16, 8)], await DicomCodestream.FirstFrameAsync(0, 3, 1 << 20, Reader(bytes)));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("no table")]
    [InlineData("too large")]
    public async Task Broken_encapsulations_fail(string kind)
    {
        var bytes = kind switch
        {
            "truncated" => Encapsulated([], [8])[..20],
            "no table" => new ByteWriter().U32Le(0x00107FE0).U32Le(0).ToArray(),
            _ => Encapsulated([], [4000]),
        };

        var error = await Assert.ThrowsAsync<ThumbnailException>(() => DicomCodestream.FirstFrameAsync(0, 1, 1000, Reader(bytes)));

        Assert.Equal(ThumbnailFailure.Failed, error.Failure);
    }

    private static byte[] Encapsulated(uint[] offsets, int[] fragments)
    {
        var writer = new ByteWriter().U16Le(0xFFFE).U16Le(0xE000).U32Le(offsets.Length * 4);
        foreach (var offset in offsets)
        {
            writer.U32Le(offset);
        }

        foreach (var length in fragments)
        {
            writer.U16Le(0xFFFE).U16Le(0xE000).U32Le(length).Fill(length, 0xAB);
        }

        return writer.U16Le(0xFFFE).U16Le(0xE0DD).U32Le(0).ToArray();
    }

    private static Func<long, int, Task<byte[]>> Reader(byte[] bytes) =>
        (offset, count) => Task.FromResult(bytes.AsSpan((int)Math.Min(offset, bytes.Length), (int)Math.Min(count, Math.Max(0, bytes.Length - offset))).ToArray());
}
