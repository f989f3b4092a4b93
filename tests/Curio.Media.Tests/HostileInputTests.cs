using Curio.Media.Tests.Fixtures;

namespace Curio.Media.Tests;

/// <summary>Truncated, mutated and random input: nothing may throw, and every answer must keep the protocol.</summary>
public sealed class HostileInputTests
{
    public static TheoryData<string> Fixtures => [.. Catalog.Names];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Every_prefix_of_a_fixture_is_handled(string name)
    {
        var fixture = Catalog.All[name];
        var bytes = fixture.Bytes;
        for (var length = 0; length <= bytes.Length; length++)
        {
            var prefix = bytes.AsSpan(0, length);

            MediaSniffer.Sniff(prefix, bytes.Length);
            var asWholeFile = MediaSniffer.Sniff(prefix, length);
            Assert.Equal(length == 0, asWholeFile.Category == MediaCategory.Empty);

            // A head of a valid image may only ask for more, never fail or report another size or orientation.
            var partial = ImageHeaderReader.Read(prefix, bytes.Length);
            AssertKeepsProtocol(partial, length, bytes.Length);
            if (fixture.Width > 0)
            {
                var consistent = partial.Status == ImageHeaderStatus.NeedMoreBytes
                    || (partial.IsOk && (partial.Width, partial.Height, partial.Orientation) == (fixture.Width, fixture.Height, fixture.Orientation));
                if (!consistent)
                {
                    Assert.Fail($"{name} cut at {length}: {partial}");
                }
            }

            // A file that really ends there can never ask for more.
            var truncated = ImageHeaderReader.Read(prefix, length);
            AssertKeepsProtocol(truncated, length, length);
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Mutated_fixtures_are_handled(string name)
    {
        var original = Catalog.All[name].Bytes;
        var random = new Random(name.Length * 7919);
        for (var i = 0; i < 300; i++)
        {
            var bytes = (byte[])original.Clone();
            var flips = random.Next(1, 8);
            for (var f = 0; f < flips && bytes.Length > 0; f++)
            {
                // Bias toward the header, where the parsers look.
                var at = random.Next(Math.Min(bytes.Length, random.Next(2) == 0 ? 64 : 4096));
                bytes[at] = (byte)random.Next(256);
            }

            var length = random.Next(bytes.Length + 1);
            MediaSniffer.Sniff(bytes.AsSpan(0, length), bytes.Length);
            AssertKeepsProtocol(ImageHeaderReader.Read(bytes.AsSpan(0, length), bytes.Length), length, bytes.Length);
            AssertKeepsProtocol(ImageHeaderReader.Read(bytes, bytes.Length), bytes.Length, bytes.Length);
        }
    }

    [Fact]
    public void Random_bytes_are_handled()
    {
        var random = new Random(20_251_125);
        for (var i = 0; i < 5000; i++)
        {
            var bytes = new byte[random.Next(i % 10 == 0 ? 70_000 : 600)];
            random.NextBytes(bytes);
            var total = random.Next(3) switch { 0 => bytes.Length, 1 => bytes.Length + random.Next(1, 1_000_000), _ => -1 };

            var sniffed = MediaSniffer.Sniff(bytes, total);
            Assert.False(string.IsNullOrEmpty(sniffed.MimeType));
            AssertKeepsProtocol(ImageHeaderReader.Read(bytes, total), bytes.Length, total);
        }
    }

    [Fact]
    public void Random_bytes_behind_real_signatures_are_handled()
    {
        var random = new Random(42);
        var signatures = Catalog.All.Values.Select(f => f.Bytes[..Math.Min(f.Bytes.Length, 40)]).ToArray();
        for (var i = 0; i < 5000; i++)
        {
            var signature = signatures[random.Next(signatures.Length)];
            var keep = random.Next(signature.Length + 1);
            var bytes = new byte[keep + random.Next(2000)];
            random.NextBytes(bytes);
            signature.AsSpan(0, keep).CopyTo(bytes);

            MediaSniffer.Sniff(bytes, bytes.Length);
            AssertKeepsProtocol(ImageHeaderReader.Read(bytes, bytes.Length), bytes.Length, bytes.Length);
            AssertKeepsProtocol(ImageHeaderReader.Read(bytes, bytes.Length * 10L), bytes.Length, bytes.Length * 10L);
        }
    }

    private static void AssertKeepsProtocol(ImageHeaderResult result, int have, long totalSize)
    {
        var kept = result.Status switch
        {
            ImageHeaderStatus.Ok => result.Width > 0 && result.Height > 0 && result.Orientation is null or (>= 1 and <= 8),
            ImageHeaderStatus.NeedMoreBytes => result.BytesNeeded > have && result.BytesNeeded <= ImageHeaderReader.MaxHeaderBytes
                && (totalSize < 0 || result.BytesNeeded <= totalSize),
            _ => !string.IsNullOrWhiteSpace(result.Reason),
        };

        // Formatting the message only on failure keeps the prefix sweeps fast.
        if (!kept)
        {
            Assert.Fail($"{result} breaks the protocol for {have} of {totalSize} bytes");
        }
    }
}
