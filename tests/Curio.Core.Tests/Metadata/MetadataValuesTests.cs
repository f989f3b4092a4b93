using System.Text.Json;
using Curio.Core.Metadata;

namespace Curio.Core.Tests.Metadata;

public sealed class MetadataValuesTests
{
    private static readonly MetadataSchema Schema = MetadataSchema.Empty
        .AddScalar("ok", ScalarType.Boolean)
        .AddScalar("score", ScalarType.Number)
        .AddScalar("captured_at", ScalarType.Datetime)
        .AddScalar("id", ScalarType.Uuid)
        .AddScalar("video.description", ScalarType.Varchar)
        .AddScalar("transcript", ScalarType.Text)
        .AddEnum("camera", ["front", "rear"])
        .AddEmbedding("clip", 3)
        .AddGeospatial("loc")
        .AddScalar("gone", ScalarType.Number).DeleteKey("gone");

    [Fact]
    public void Conforming_values_are_indexed_by_type_and_other_keys_are_left_alone()
    {
        var (indexed, problems) = MetadataValues.Check(Schema, """
            { "ok": true, "score": 0.5, "captured_at": "2024-01-31T12:00:00+01:00", "id": "123e4567-e89b-42d3-a456-426614174000",
              "video.description": "a crane", "transcript": "long", "camera": "rear", "clip": [1, 2.5, -3], "loc": { "latitude": 48.8, "longitude": 2.3 },
              "free": "anything", "gone": "not a number any more", "video": { "description": 1 } }
            """);

        Assert.Empty(problems);
        Assert.Equal(
            [
                new IndexedValue("ok", IndexKind.Boolean, Whole: 1),
                new IndexedValue("score", IndexKind.Number, Number: 0.5),
                new IndexedValue("captured_at", IndexKind.Datetime, Whole: MetadataValues.ToMicros(new DateTimeOffset(2024, 1, 31, 11, 0, 0, TimeSpan.Zero))),
                new IndexedValue("id", IndexKind.Uuid, Uuid: Guid.Parse("123e4567-e89b-42d3-a456-426614174000")),
                new IndexedValue("video.description", IndexKind.Varchar, Text: "a crane"),
                new IndexedValue("transcript", IndexKind.Text, Text: "long"),
                new IndexedValue("camera", IndexKind.Enum, Text: "rear"),
            ],
            indexed);
    }

    [Theory]
    [InlineData("ok", "\"true\"", "a boolean (true or false)")]
    [InlineData("score", "\"1\"", "a number")]
    [InlineData("captured_at", "\"yesterday\"", "a datetime in ISO 8601")]
    [InlineData("captured_at", "\"2024-13-01\"", "a datetime in ISO 8601")]
    [InlineData("captured_at", "\"01/02/2024\"", "a datetime in ISO 8601")]
    [InlineData("id", "\"not-a-uuid\"", "a uuid")]
    [InlineData("camera", "\"side\"", "one of the enum options (\"front\", \"rear\")")]
    [InlineData("clip", "[1, 2]", "an embedding: an array of exactly 3 numbers")]
    [InlineData("clip", "[1, 2, \"3\"]", "an embedding: an array of exactly 3 numbers")]
    [InlineData("loc", "{\"latitude\": 91, \"longitude\": 0}", "a location")]
    [InlineData("transcript", "42", "a text")]
    public void A_value_of_the_wrong_type_is_a_problem_naming_key_type_and_value(string key, string value, string expected)
    {
        var (indexed, problems) = MetadataValues.Check(Schema, $$"""{ "{{key}}": {{value}} }""");

        Assert.Empty(indexed);
        var problem = Assert.Single(problems);
        Assert.Equal(key, problem.Key);
        Assert.StartsWith(expected, problem.Expected, StringComparison.Ordinal);
        Assert.Equal($"the value of '{key}' should be {problem.Expected}, got {JsonDocument.Parse(value).RootElement.GetRawText()}", problem.Message);
    }

    [Fact]
    public void A_varchar_takes_8192_characters_and_no_more()
    {
        Assert.Empty(MetadataValues.Check(Schema, $$"""{ "video.description": "{{new string('a', 8192)}}" }""").Problems);
        var problem = Assert.Single(MetadataValues.Check(Schema, $$"""{ "video.description": "{{new string('a', 8193)}}" }""").Problems);
        Assert.EndsWith("...", problem.Value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2024-01-31", "2024-01-31T00:00:00Z")]
    [InlineData("2024-01-31T12:30", "2024-01-31T12:30:00Z")]
    [InlineData("2024-01-31T12:30:15.123456Z", "2024-01-31T12:30:15.123456Z")]
    [InlineData("2024-01-31T12:30:15-0500", "2024-01-31T17:30:15Z")]
    [InlineData("2024-01-31 12:30:15", "2024-01-31T12:30:15Z")]
    public void Datetimes_are_iso_8601_and_utc_when_no_offset_is_given(string text, string utc)
    {
        Assert.True(MetadataValues.TryDatetime(text, out var value));
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), value);
        Assert.Equal(value, MetadataValues.FromMicros(MetadataValues.ToMicros(value)));
    }
}
