using Curio.Core.Specs;

namespace Curio.Core.Tests.Specs;

public sealed class SpecRulesTests
{
    [Theory]
    [InlineData("https://b.s3.eu-west-2.amazonaws.com/a/b/v.mp4", "/a/b/v.mp4")]
    [InlineData("https://b.s3.amazonaws.com/a/v.mp4?X-Amz-Signature=abc&X-Amz-Date=1#t=3", "/a/v.mp4")]
    [InlineData("s3://bucket/cams/front.mp4", "/cams/front.mp4")]
    [InlineData("gs://stills/shots/0001.png", "/shots/0001.png")]
    [InlineData("https://acme.blob.core.windows.net/c/caf%C3%A9%201.png", "/c/café 1.png")]
    [InlineData("file:///data/x.png", "/data/x.png")]
    [InlineData("https://host", "https://host")]
    [InlineData("https://host/", "https://host/")]
    [InlineData("cams/0001.jpg", "cams/0001.jpg")]
    [InlineData("/abs/0001.jpg", "/abs/0001.jpg")]
    [InlineData("weird:/x", "weird:/x")]
    public void The_default_title_is_the_path_part_of_the_url(string url, string title) =>
        Assert.Equal(title, SpecRules.DefaultTitle(url));
}
