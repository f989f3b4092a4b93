using System.Diagnostics;
using System.Text;
using Curio.Core.Specs;

namespace Curio.Core.Tests.Specs;

/// <summary>
/// Encord's limits at their real default values, on files generated into a temporary folder and streamed from
/// disk as the server reads uploads. Units are counted, not kept, so memory stays flat.
/// </summary>
public sealed class LimitTests : IDisposable
{
    private const int MaxItems = 500_000;
    private const int MaxUrls = 1_000_000;
    private const int MaxMetadataBytes = 10_485_760;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("curio-limits-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void The_defaults_are_Encords_documented_limits()
    {
        Assert.Equal(
            (MaxUrls, MaxItems, 10_000, 16_384, 300, MaxMetadataBytes),
            (SpecLimits.Default.MaxUrls, SpecLimits.Default.MaxItems, SpecLimits.Default.MaxCsvRows, SpecLimits.Default.MaxUrlBytes,
             SpecLimits.Default.MaxTitleLength, SpecLimits.Default.MaxClientMetadataBytes));
    }

    [Theory]
    [InlineData(MaxItems, null)]
    [InlineData(MaxItems + 1, "$.videos[200000]")]
    public void A_file_may_hold_500000_items_and_no_more(int items, string? refusedAt)
    {
        // 300,000 images then the rest as videos: the item that crosses the limit is in the second array.
        var (result, handedOut) = ReadGenerated(w =>
        {
            w.Write("{\"images\": [");
            for (var i = 0; i < 300_000; i++)
            {
                w.Write(i == 0 ? "" : ",");
                w.Write($"{{\"objectUrl\":\"s3://b/i/{i}.png\"}}");
            }

            w.Write("], \"videos\": [");
            for (var i = 300_000; i < items; i++)
            {
                w.Write(i == 300_000 ? "" : ",");
                w.Write($"{{\"objectUrl\":\"s3://b/v/{i}.mp4\"}}");
            }

            w.Write("]}");
        });

        if (refusedAt is null)
        {
            Assert.True(result.IsValid, string.Join("\n", result.Errors));
            Assert.Equal((MaxItems, MaxItems, MaxItems), (handedOut, result.UnitCount, result.UrlCount));
            return;
        }

        var error = Assert.Single(result.Errors);
        Assert.Equal((SpecErrorCodes.TooManyItems, refusedAt, MaxItems), (error.Code, error.Path, error.ItemIndex));
        MessageRules.AssertHelpful(error.Message);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(1, "$.dicomSeries[0]")]
    [InlineData(2, "$.image_groups[249999]")]
    public void A_file_may_hold_1000000_urls_and_no_more(int extra, string? refusedAt)
    {
        // 250,000 groups of four frames: a million URLs in half the item limit. extra 1 adds a typed DICOM series of
        // one file after them; extra 2 gives the last group a fifth frame.
        var (result, _) = ReadGenerated(w =>
        {
            w.Write("{\"image_groups\": [");
            for (var g = 0; g < 250_000; g++)
            {
                w.Write(g == 0 ? "" : ",");
                w.Write($"{{\"title\":\"g{g}\",\"objectUrl_0\":\"s3://b/{g}/0.jpg\",\"objectUrl_1\":\"s3://b/{g}/1.jpg\",\"objectUrl_2\":\"s3://b/{g}/2.jpg\",\"objectUrl_3\":\"s3://b/{g}/3.jpg\"");
                w.Write(extra == 2 && g == 249_999 ? ",\"objectUrl_4\":\"s3://b/last/4.jpg\"}" : "}");
            }

            w.Write("]");
            w.Write(extra == 1 ? ", \"dicomSeries\": [{\"title\":\"one\",\"dicomFiles\":[{\"url\":\"s3://b/x.dcm\"}]}]}" : "}");
        });

        if (refusedAt is null)
        {
            Assert.True(result.IsValid, string.Join("\n", result.Errors));
            Assert.Equal((250_000, MaxUrls), (result.UnitCount, result.UrlCount));
            return;
        }

        var error = Assert.Single(result.Errors);
        Assert.Equal((SpecErrorCodes.TooManyUrls, refusedAt), (error.Code, error.Path));
        MessageRules.AssertHelpful(error.Message);
    }

    [Theory]
    [InlineData(MaxMetadataBytes, true)]
    [InlineData(MaxMetadataBytes + 1, false)]
    public void ClientMetadata_may_take_10485760_bytes_once_canonical_and_no_more(int canonicalBytes, bool passes)
    {
        // Canonical form: {"k":"xxx…"} is 8 bytes around the value. The file spells it longer, with spaces and an
        // earlier duplicate of "k" that jsonb drops: neither counts.
        var (result, _) = ReadGenerated(w =>
        {
            w.Write("{\"images\": [{\"objectUrl\": \"s3://b/a.png\", \"clientMetadata\": {  \"k\" : \"");
            w.Write(new string('d', 1_000_000));
            w.Write("\",\n    \"k\" :  \"");
            w.Write(new string('x', canonicalBytes - 8));
            w.Write("\"  }}]}");
        });

        if (passes)
        {
            Assert.True(result.IsValid, string.Join("\n", result.Errors));
            return;
        }

        var error = Assert.Single(result.Errors);
        Assert.Equal((SpecErrorCodes.MetadataTooLarge, "$.images[0].clientMetadata"), (error.Code, error.Path));
        Assert.Contains("10,485,761 bytes", error.Message, StringComparison.Ordinal);
        MessageRules.AssertHelpful(error.Message);
    }

    [Fact]
    public void ClientMetadata_is_measured_as_stored_so_emoji_count_four_bytes_not_twelve()
    {
        // 2.5 million emoji are 10,000,008 bytes as jsonb stores them; escaped as \uD83C\uDF9E they were 30 MB.
        var (result, _) = ReadGenerated(w =>
        {
            w.Write("{\"images\": [{\"objectUrl\": \"s3://b/a.png\", \"clientMetadata\": {\"k\": \"");
            for (var i = 0; i < 2_500_000; i++)
            {
                w.Write("🎞");
            }

            w.Write("\"}}]}");
        });

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
    }

    /// <summary>Writes a file (Encoding.UTF8 starts it with a BOM, which the reader skips) and reads it back.</summary>
    private (SpecReadResult Result, int HandedOut) ReadGenerated(Action<StreamWriter> write)
    {
        var path = Path.Combine(_folder.FullName, $"{Guid.NewGuid():N}.json");
        using (var writer = new StreamWriter(path, Encoding.UTF8, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 1 << 20 }))
        {
            write(writer);
        }

        var clock = Stopwatch.StartNew();
        var handedOut = 0;
        SpecReadResult result;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16))
        {
            result = SpecReader.Read(stream, new SpecReadOptions { FileName = "upload.json" }, _ => handedOut++);
        }

        File.Delete(path);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"Reading took {clock.Elapsed}.");
        return (result, handedOut);
    }
}
