using Curio.Core.Metadata;

namespace Curio.Core.Tests.Metadata;

public sealed class EncordBlockTests
{
    private static readonly MetadataSchema Schema = MetadataSchema.Empty.AddEmbedding("clip-3", 3).AddScalar("lighting", ScalarType.Varchar);

    [Theory]
    [InlineData("""{ "$encord": { "frames": [0, 3, 6, 9] } }""")]
    [InlineData("""{ "$encord": { "config": { "sampling_rate": 0 }, "frames": [0] } }""")]
    [InlineData("""{ "$encord": { "config": { "sampling_rate": "2.5", "keyframe_mode": "frame" }, "frames": { "0": {}, "11": { "clip-3": [1, 2, 3] } } } }""")]
    [InlineData("""{ "$encord": { "config": { "sampling_rate": 10, "keyframe_mode": "seconds" }, "frames": { "0.0": { "$encord": { "keyframe": false }, "lighting": "dawn" }, "4.25": { "clip-3": [0.1, -0.2, 0.3] }, "9.5": {} } }, "site": "Lyon" }""")]
    [InlineData("""{ "$encord": { "frame_metadata": { "3": { "free": { "any": "thing" } } } } }""")]
    public void Encords_documented_forms_are_accepted(string metadata) =>
        Assert.Empty(MetadataValues.Check(Schema, metadata).Problems);

    [Theory]
    [InlineData("""{ "$encord": [1] }""", "$encord", "an object with \"config\" and \"frames\"")]
    [InlineData("""{ "$encord": { "config": { "sampling_rate": -1 } } }""", "$encord.config.sampling_rate", "a number of samples per second")]
    [InlineData("""{ "$encord": { "config": { "keyframe_mode": "minutes" } } }""", "$encord.config.keyframe_mode", "\"frame\" or \"seconds\"")]
    [InlineData("""{ "$encord": { "config": { "rate": 1 } } }""", "$encord.config.rate", "absent")]
    [InlineData("""{ "$encord": { "frames": [0, -3] } }""", "$encord.frames[1]", "a frame number")]
    [InlineData("""{ "$encord": { "frames": [0, 1.5] } }""", "$encord.frames[1]", "a frame number")]
    [InlineData("""{ "$encord": { "frames": { "x": {} } } }""", "$encord.frames[\"x\"]", "keyed by a frame number")]
    [InlineData("""{ "$encord": { "config": { "keyframe_mode": "seconds" }, "frames": { "1.5": [] } } }""", "$encord.frames[\"1.5\"]", "an object of per-frame metadata")]
    [InlineData("""{ "$encord": { "frames": { "2": { "clip-3": [1, 2] } } } }""", "$encord.frames[\"2\"].clip-3", "an embedding: an array of exactly 3 numbers")]
    [InlineData("""{ "$encord": { "frames": { "2": { "$encord": { "keyframe": "no" } } } } }""", "$encord.frames[\"2\"].$encord", "{\"keyframe\": false}")]
    [InlineData("""{ "$encord": { "frames": "all" } }""", "$encord.frames", "a list of key frames")]
    [InlineData("""{ "$encord": { "extra": 1 } }""", "$encord.extra", "absent")]
    public void A_misshapen_block_names_the_path_and_what_it_should_be(string metadata, string path, string expected)
    {
        var problem = Assert.Single(MetadataValues.Check(Schema, metadata).Problems);
        Assert.Equal(path, problem.Key);
        Assert.StartsWith(expected, problem.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void The_block_is_checked_without_a_schema_and_never_indexed()
    {
        var (indexed, problems) = MetadataValues.Check(MetadataSchema.Empty, """{ "$encord": { "frames": [-1] } }""");
        Assert.Empty(indexed);
        Assert.Equal("$encord.frames[0]", Assert.Single(problems).Key);
    }
}
