using Curio.Core.Importing;
using Curio.Core.Specs;

namespace Curio.Core.Tests.Importing;

public sealed class UnitCodecTests
{
    [Fact]
    public void Every_field_of_every_kind_survives_a_round_trip()
    {
        var media = new MediaMetadata
        {
            Json = """{"fps":30}""",
            Fps = 29.97,
            Duration = 61.5,
            Width = 1920,
            Height = 1080,
            FileSize = 48_213_377_000L,
            MimeType = "video/mp4",
            SampleRate = 44100,
            BitDepth = 16,
            Codec = "pcm",
            NumChannels = 2,
            NumPages = 3,
        };
        SpecUnit[] units =
        [
            new() { Index = 0, Kind = UnitKind.Video, Title = "front.mp4", Objects = [new("s3://b/v.mp4", null, media)], ClientMetadata = """{"a":1}""", Source = "$.videos[0]" },
            new() { Index = 1, Kind = UnitKind.Image, Title = "/x/é.png", Objects = [new("https://h/x/%C3%A9.png", null, null)], Source = "$.images[0]" },
            new() { Index = 2, Kind = UnitKind.ImageSequence, Title = "seq", CreateVideo = true, ClusterByResolution = true,
                    Objects = [new("a.jpg", "first", new MediaMetadata { Json = "{}" }), new("b.jpg", null, null)], Source = "$.image_groups[0]" },
            new() { Index = 3, Kind = UnitKind.ImageGroupFromItems, Title = "g", Objects = [], ItemUuids = [Guid.NewGuid(), Guid.NewGuid()],
                    VideoUrlPrefix = "s3://b/videos/", Source = "$.imageGroupsFromItems[0]" },
            new() { Index = 4, Kind = UnitKind.Audio, Title = "/same.wav", Objects = [new("https://h/same.wav", null, null)], Source = "line 4" },
        ];

        var decoded = UnitCodec.Decode(UnitCodec.Encode(units));

        Assert.Equal(units.Length, decoded.Count);
        for (var i = 0; i < units.Length; i++)
        {
            var (a, b) = (units[i], decoded[i]);
            Assert.Equal((a.Index, a.Kind, a.Title, a.ClientMetadata, a.CreateVideo, a.ClusterByResolution, a.VideoUrlPrefix),
                (b.Index, b.Kind, b.Title, b.ClientMetadata, b.CreateVideo, b.ClusterByResolution, b.VideoUrlPrefix));
            Assert.Equal(a.Objects, b.Objects);
            Assert.Equal(a.ItemUuids, b.ItemUuids);
        }
    }

    [Fact]
    public void Default_titles_are_not_stored_twice()
    {
        var url = "https://bucket.s3.eu-west-1.amazonaws.com/datasets/run-1/img-0000001.jpg";
        SpecUnit Unit(string title) => new() { Index = 0, Kind = UnitKind.Image, Title = title, Objects = [new(url, null, null)], Source = "$.images[0]" };

        var withDefault = UnitCodec.Encode([Unit(SpecRules.DefaultTitle(url))]);
        var withOwn = UnitCodec.Encode([Unit("a title of its own")]);

        Assert.True(withDefault.Length < withOwn.Length);
        Assert.Equal("/datasets/run-1/img-0000001.jpg", UnitCodec.Decode(withDefault)[0].Title);
    }

    [Fact]
    public void An_unknown_version_is_refused_rather_than_misread()
    {
        var payload = UnitCodec.Encode([]);
        payload[0] = 99;

        Assert.Throws<InvalidDataException>(() => UnitCodec.Decode(payload));
    }
}
