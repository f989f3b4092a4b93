using System.Text;
using Curio.Core.Specs;

namespace Curio.Core.Tests.Specs;

/// <summary>
/// Properties over many seeded random files: valid specs round-trip, truncations and noise never throw. A failure
/// names its seed and shows the file, so it can be replayed alone.
/// </summary>
public sealed class PropertyTests
{
    private const int BaseSeed = 20_240_601;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Random_valid_json_specs_hand_out_exactly_what_was_written_in_order(int dialect)
    {
        for (var i = 0; i < 150; i++)
        {
            var seed = BaseSeed + (dialect * 1000) + i;
            var random = new Random(seed);
            var file = new SpecGenerator(random).Json(dialect);
            Check(seed, file.Text, () =>
            {
                var (result, units) = Read(file.Bytes, random, SpecFormat.Json, "upload.json");

                Assert.True(result.IsValid, string.Join("\n", result.Errors));
                Assert.Empty(result.Warnings);
                Assert.Equal(file.Expected, units.Select(SpecGenerator.Render));
                Assert.Equal((file.Expected.Count, file.Urls, file.Skip, file.Upsert),
                    (result.UnitCount, result.UrlCount, result.SkipDuplicateUrls, result.UpsertMetadata));
            });
        }
    }

    [Fact]
    public void Random_valid_csv_specs_hand_out_exactly_what_was_written_in_order()
    {
        for (var i = 0; i < 300; i++)
        {
            var seed = BaseSeed + 5000 + i;
            var random = new Random(seed);
            var file = new SpecGenerator(random).Csv();
            Check(seed, file.Text, () =>
            {
                var (result, units) = Read(file.Bytes, random, SpecFormat.Csv, "upload.csv");

                Assert.True(result.IsValid, string.Join("\n", result.Errors));
                Assert.Equal(file.Expected, units.Select(SpecGenerator.Render));
                Assert.Equal((file.Expected.Count, file.Urls), (result.UnitCount, result.UrlCount));
            });
        }
    }

    [Fact]
    public void Every_truncation_of_a_valid_json_file_is_refused_whole_and_only_the_whole_file_passes()
    {
        for (var i = 0; i < 25; i++)
        {
            var seed = BaseSeed + 7000 + i;
            var random = new Random(seed);
            var file = new SpecGenerator(random).Json(random.Next(3), maxUnitsPerArray: 1);
            for (var length = 0; length <= file.Bytes.Length; length++)
            {
                Check(seed, $"{file.Text}\n(first {length} of {file.Bytes.Length} bytes)", () =>
                {
                    var (result, units) = Read(file.Bytes[..length], random, SpecFormat.Auto, "upload.json");

                    if (length == file.Bytes.Length)
                    {
                        Assert.True(result.IsValid, string.Join("\n", result.Errors));
                        return;
                    }

                    Assert.False(result.IsValid);
                    Assert.Empty(units);
                    MessageRules.AssertHelpful(result.Errors[0].Message);
                });
            }
        }
    }

    [Fact]
    public void Every_truncation_of_a_valid_csv_file_reads_without_throwing()
    {
        // A CSV cut after any row is still a CSV, so truncations may pass; they must never throw, and a refusal
        // hands out nothing.
        for (var i = 0; i < 25; i++)
        {
            var seed = BaseSeed + 8000 + i;
            var random = new Random(seed);
            var file = new SpecGenerator(random).Csv(maxRowsPerSection: 3);
            for (var length = 0; length <= file.Bytes.Length; length++)
            {
                Check(seed, $"{file.Text}\n(first {length} of {file.Bytes.Length} bytes)", () =>
                {
                    var (result, units) = Read(file.Bytes[..length], random, SpecFormat.Auto, "upload.csv");

                    Assert.Equal(result.IsValid ? result.UnitCount : 0, units.Count);
                    if (!result.IsValid)
                    {
                        MessageRules.AssertHelpful(result.Errors[0].Message);
                    }
                });
            }
        }
    }

    [Fact]
    public void Byte_noise_and_mangled_files_never_throw_and_every_error_says_what_to_do()
    {
        for (var i = 0; i < 3000; i++)
        {
            var seed = BaseSeed + 10_000 + i;
            var random = new Random(seed);
            var bytes = Noise(random);
            Check(seed, Encoding.UTF8.GetString(bytes), () =>
            {
                var format = (SpecFormat)random.Next(3);
                var (result, units) = Read(bytes, random, format, random.Next(3) switch { 0 => "upload.json", 1 => "upload.csv", _ => null });

                Assert.Equal(result.IsValid, result.Errors.Count == 0);
                if (result.IsValid)
                {
                    Assert.Equal(result.UnitCount, units.Count);
                }

                Assert.All(result.Errors, e => MessageRules.AssertHelpful(e.Message));
            });
        }
    }

    /// <summary>Random bytes, JSON-ish or CSV-ish soup, or a valid file with bytes flipped, cut, inserted or repeated.</summary>
    private static byte[] Noise(Random random)
    {
        switch (random.Next(4))
        {
            case 0:
                var raw = new byte[random.Next(0, 200)];
                random.NextBytes(raw);
                return raw;
            case 1:
                const string soup = "{}[]\":,0123456789.-+eE truefalsnl\\u\n\r\t\"objectUrl_images_title_é🎞";
                return Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, random.Next(0, 200)).Select(_ => soup[random.Next(soup.Length)])));
            default:
                var generator = new SpecGenerator(random);
                var bytes = (random.Next(2) == 0 ? generator.Json(random.Next(3), 2) : generator.Csv(3)).Bytes.ToList();
                for (var edits = random.Next(1, 5); edits > 0 && bytes.Count > 0; edits--)
                {
                    var at = random.Next(bytes.Count);
                    switch (random.Next(4))
                    {
                        case 0:
                            bytes[at] = (byte)random.Next(256);
                            break;
                        case 1:
                            bytes.RemoveRange(at, Math.Min(random.Next(1, 20), bytes.Count - at));
                            break;
                        case 2:
                            bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 4)).Select(_ => (byte)random.Next(256)));
                            break;
                        default:
                            bytes.InsertRange(at, bytes.Skip(random.Next(bytes.Count)).Take(random.Next(1, 40)).ToList());
                            break;
                    }
                }

                return [.. bytes];
        }
    }

    /// <summary>Reads from a plain stream, or one that hands out a few bytes per read: the result must not differ.</summary>
    private static (SpecReadResult Result, List<SpecUnit> Units) Read(byte[] bytes, Random random, SpecFormat format, string? fileName)
    {
        var units = new List<SpecUnit>();
        using var stream = random.Next(4) == 0 ? new TrickleStream(bytes, random.Next(1, 64)) : new MemoryStream(bytes, writable: false);
        var result = SpecReader.Read(stream, new SpecReadOptions { Format = format, FileName = fileName }, units.Add);
        return (result, units);
    }

    private static void Check(int seed, string file, Action check)
    {
        try
        {
            check();
        }
        catch (Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"Seed {seed} failed on this file:\n{file}\n\n{ex}");
        }
    }
}
