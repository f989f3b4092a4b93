using Curio.Core.Metadata;

namespace Curio.Core.Tests.Metadata;

public sealed class MetadataChangesTests
{
    private static readonly MetadataSchema Schema = MetadataSchema.Empty
        .AddScalar("score", ScalarType.Number)
        .AddScalar("site", ScalarType.Varchar)
        .AddScalar("flag", ScalarType.Boolean)
        .AddEnum("camera", ["front", "rear"])
        .AddEmbedding("clip", 2);

    [Fact]
    public void Only_schema_keys_whose_value_changed_are_listed_with_their_entries_before_and_after()
    {
        var changes = MetadataChanges.Between(Schema,
            """{"camera":"front","clip":[1,2],"flag":true,"free":1,"score":1,"site":"a"}""",
            """{"camera":"rear","clip":[3,4],"free":2,"score":1,"site":"a","x":0}""");

        Assert.Equal(
            [
                new MetadataChange("camera", new IndexedValue("camera", IndexKind.Enum, Text: "front"), null, new IndexedValue("camera", IndexKind.Enum, Text: "rear"), null),
                new MetadataChange("flag", new IndexedValue("flag", IndexKind.Boolean, Whole: 1), null, null, null),
            ],
            changes);
    }

    [Fact]
    public void A_value_that_starts_or_stops_conforming_changes_from_or_to_a_problem()
    {
        var changes = MetadataChanges.Between(Schema, """{"score":"high","site":"a"}""", """{"score":2,"site":7}""");

        Assert.Equal(2, changes.Count);
        Assert.Equal(("score", "a number"), (changes[0].Key, changes[0].BeforeProblem?.Expected));
        Assert.Equal(new IndexedValue("score", IndexKind.Number, Number: 2), changes[0].After);
        Assert.Equal(new IndexedValue("site", IndexKind.Varchar, Text: "a"), changes[1].Before);
        Assert.NotNull(changes[1].AfterProblem);
        Assert.Null(changes[1].After);
    }

    [Fact]
    public void The_same_metadata_or_an_empty_schema_changes_nothing()
    {
        Assert.Empty(MetadataChanges.Between(Schema, """{"score":1}""", """{"score":1}"""));
        Assert.Empty(MetadataChanges.Between(MetadataSchema.Empty, """{"score":1}""", """{"score":2}"""));
        Assert.Single(MetadataChanges.Between(Schema, "{}", """{"score":2}"""));
    }
}
