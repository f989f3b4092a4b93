using Curio.Core.Importing;

namespace Curio.Core.Tests.Importing;

public sealed class DedupKeyTests
{
    [Fact]
    public void File_keys_sort_like_their_urls_so_an_ordered_listing_inserts_in_index_order()
    {
        string[] urls = ["s3://b/a/0001.jpg", "s3://b/a/0002.jpg", "s3://b/a/0010.jpg", "s3://b/b/0001.jpg"];

        var keys = urls.Select(DedupKey.ForFile).ToList();

        Assert.Equal(keys, keys.OrderBy(k => k, Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y))).ToList());
        Assert.Equal(DedupKey.ForFile(urls[0]), DedupKey.ForFile(urls[0]));
    }

    [Fact]
    public void Long_urls_groups_and_files_never_share_a_key()
    {
        var longUrl = "https://h/" + new string('x', DedupKey.MaxInlineUrlBytes); // over the inline limit, so hashed
        var longer = longUrl + "y";

        Assert.Equal(17, DedupKey.ForFile(longUrl).Length);
        Assert.Equal(DedupKey.MaxInlineUrlBytes + 1, DedupKey.ForFile(longUrl[10..]).Length);
        Assert.NotEqual(DedupKey.ForFile(longUrl), DedupKey.ForFile(longer));
        Assert.NotEqual(DedupKey.ForFile("a.png"), DedupKey.ForGroup(["a.png"]));
        Assert.NotEqual(DedupKey.ForGroup(["a.png", "b.png"]), DedupKey.ForGroup(["b.png", "a.png"]));
        Assert.NotEqual(DedupKey.ForGroup(["a.png", "b.png"]), DedupKey.ForGroup(["a.png\nb.png"]));
        Assert.Equal(DedupKey.ForGroup(["a.png", "b.png"]), DedupKey.ForGroup(["a.png", "b.png"]));
    }
}
