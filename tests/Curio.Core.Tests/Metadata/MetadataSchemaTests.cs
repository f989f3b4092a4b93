using Curio.Core.Metadata;

namespace Curio.Core.Tests.Metadata;

public sealed class MetadataSchemaTests
{
    private const string EncordDocument = """
        {
          "weather":     { "ty": "variant", "hint": "varchar" },
          "captured_at": { "ty": "variant", "hint": "datetime" },
          "notes":       { "ty": "variant", "hint": "text" },
          "camera":      { "ty": "enum", "values": ["rear", "front"] },
          "clip-512":    { "ty": "embedding", "size": 512, "api": null },
          "loc":         { "ty": "geospatial" },
          "old":         { "ty": "tombstone", "deleted_ty": { "ty": "variant", "hint": "number" } },
          "purged":      { "ty": "tombstone", "deleted_ty": null },
          "strict":      { "ty": "varchar", "max_length": 16 },
          "owner":       { "ty": "user" }
        }
        """;

    [Fact]
    public void Encords_v2_document_is_read_and_written_back_with_sorted_enum_options()
    {
        var schema = SchemaJson.Read(EncordDocument);

        Assert.Equal(new ScalarEntry(ScalarType.Varchar), schema.Get("weather"));
        Assert.Equal(new EnumEntry(["front", "rear"]), schema.Get("camera"));
        Assert.Equal(new EmbeddingEntry(512), schema.Get("clip-512"));
        Assert.Null(schema.Get("old"));
        Assert.True(schema.IsKeyDeleted("old"));
        Assert.Equal(16, ((ScalarEntry)schema.Get("strict")!).VarcharLimit);
        Assert.Equal(["camera", "captured_at", "clip-512", "loc", "notes", "owner", "strict", "weather"], schema.Keys);

        var again = SchemaJson.Read(SchemaJson.Write(schema));
        Assert.Equal(schema.Entries, again.Entries);
        Assert.Contains("\"old\":{\"ty\":\"tombstone\",\"deleted_ty\":{\"ty\":\"variant\",\"hint\":\"number\"}}", SchemaJson.Write(schema), StringComparison.Ordinal);
    }

    [Fact]
    public void Null_is_the_empty_schema_and_the_v1_flat_map_is_read()
    {
        Assert.Equal(0, SchemaJson.Read("null").Count);
        var v1 = SchemaJson.Read("""{ "a": "string", "b": "long_string", "c": "number", "d": "geospatial" }""");
        Assert.Equal([new ScalarEntry(ScalarType.Varchar), new ScalarEntry(ScalarType.Text), new ScalarEntry(ScalarType.Number), new GeospatialEntry()],
            v1.Entries.Values.ToArray<SchemaEntry>());
    }

    [Theory]
    [InlineData("""[1]""", "$: a metadata schema is a JSON object")]
    [InlineData("""{ "a": { "ty": "blob" } }""", "$['a'].ty: 'blob' is not a schema type")]
    [InlineData("""{ "a": { "ty": "variant" } }""", "$['a'].hint: a variant needs a hint")]
    [InlineData("""{ "a": { "ty": "variant", "hint": "float" } }""", "$['a'].hint: a: 'float' is not a scalar type")]
    [InlineData("""{ "a": { "ty": "enum", "values": [1] } }""", "$['a'].values[0]: an enum option is a string")]
    [InlineData("""{ "a": { "ty": "enum", "values": [] } }""", "Must provide at least 1 value")]
    [InlineData("""{ "a": { "ty": "embedding", "size": 5000 } }""", "a: an embedding has 1 to 4096 dimensions, not 5000")]
    [InlineData("""{ "$a": { "ty": "geospatial" } }""", "$a is an invalid format for a metadata key")]
    [InlineData("""{ "keyframes": { "ty": "geospatial" } }""", "keyframes is reserved")]
    [InlineData("""{ "a": "enum" }""", "$['a']: a v1 'enum' key has no options or size")]
    public void A_bad_document_says_where(string json, string message)
    {
        var error = Assert.Throws<MetadataSchemaException>(() => SchemaJson.Read(json));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("captured_at", true)]
    [InlineData("video.description", true)]
    [InlineData("Team Name-1_x", true)]
    [InlineData("Ünïcødé", true)]
    [InlineData("A", true)]
    [InlineData("", false)]
    [InlineData("$encord", false)]
    [InlineData("keyframes", false)]
    [InlineData("a/b", false)]
    [InlineData("- _.", false)]
    [InlineData("a:b", false)]
    public void Key_rules_are_encords(string key, bool valid) => Assert.Equal(valid, MetadataKeys.IsValid(key));

    [Fact]
    public void Operations_follow_the_sdk_rules()
    {
        var schema = MetadataSchema.Empty
            .AddScalar("n", MetadataSchema.ParseScalarType("n", "number"))
            .AddScalar("s", MetadataSchema.ParseScalarType("s", "string"))
            .AddScalar("t", MetadataSchema.ParseScalarType("t", "long_string"))
            .AddEnum("camera", ["rear", "front"])
            .AddEmbedding("clip", 512)
            .AddGeospatial("loc");

        Assert.Equal(new ScalarEntry(ScalarType.Varchar), schema.Get("s"));
        Assert.Equal(new ScalarEntry(ScalarType.Text), schema.Get("t"));

        // Re-typing a scalar is allowed; an enum, embedding or geospatial cannot be re-defined.
        Assert.Equal(new ScalarEntry(ScalarType.Varchar), schema.AddScalar("n", ScalarType.Varchar).Get("n"));
        Assert.Equal("camera is already defined as an enum.", Assert.Throws<MetadataSchemaException>(() => schema.AddEnum("camera", ["x"])).Message);
        Assert.Contains("only a scalar key can change its type", Assert.Throws<MetadataSchemaException>(() => schema.AddScalar("clip", ScalarType.Number)).Message, StringComparison.Ordinal);
        Assert.Equal("clip is already defined as an embedding of size 512.", Assert.Throws<MetadataSchemaException>(() => schema.AddEmbedding("clip", 256)).Message);

        Assert.Equal(new EnumEntry(["back", "front", "rear"]), schema.AddEnumOptions("camera", ["back", "front"]).Get("camera"));
        Assert.Contains("Cannot provide more than 256 values", Assert.Throws<MetadataSchemaException>(() => schema.AddEnumOptions("camera", Enumerable.Range(0, 254).Select(i => $"o{i}"))).Message, StringComparison.Ordinal);
        Assert.Equal(255, ((EnumEntry)schema.AddEnumOptions("camera", Enumerable.Range(0, 253).Select(i => $"o{i}")).Get("camera")!).Values.Count);
        Assert.Equal("Must provide at least 1 value", Assert.Throws<MetadataSchemaException>(() => schema.AddEnum("e", [])).Message);
        Assert.Contains("not an enum key", Assert.Throws<MetadataSchemaException>(() => schema.AddEnumOptions("n", ["x"])).Message, StringComparison.Ordinal);
        Assert.Contains("not in the schema; add it first with add_enum", Assert.Throws<MetadataSchemaException>(() => schema.AddEnumOptions("zz", ["x"])).Message, StringComparison.Ordinal);
        Assert.Contains("1 to 4096 dimensions, not 0", Assert.Throws<MetadataSchemaException>(() => schema.AddEmbedding("e0", 0)).Message, StringComparison.Ordinal);
        Assert.Equal(4096, ((EmbeddingEntry)schema.AddEmbedding("big", 4096).Get("big")!).Size);
        Assert.Contains("add_embedding", Assert.Throws<MetadataSchemaException>(() => MetadataSchema.ParseScalarType("x", "embedding")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Soft_deletes_restore_and_hard_deletes_do_not()
    {
        var schema = MetadataSchema.Empty.AddEnum("camera", ["front"]).AddScalar("n", ScalarType.Number);

        var soft = schema.DeleteKey("camera");
        Assert.False(soft.HasKey("camera"));
        Assert.True(soft.IsKeyDeleted("camera"));
        Assert.Equal(new EnumEntry(["front"]), soft.RestoreKey("camera").Get("camera"));
        Assert.Contains("restore it with restore_key", Assert.Throws<MetadataSchemaException>(() => soft.AddEnum("camera", ["x"])).Message, StringComparison.Ordinal);

        // A soft-deleted scalar comes back with a new type when added again.
        Assert.Equal(new ScalarEntry(ScalarType.Boolean), schema.DeleteKey("n").AddScalar("n", ScalarType.Boolean).Get("n"));

        var hard = schema.DeleteKey("camera", hard: true);
        Assert.Contains("cannot be restored", Assert.Throws<MetadataSchemaException>(() => hard.RestoreKey("camera")).Message, StringComparison.Ordinal);
        Assert.Contains("cannot be defined again", Assert.Throws<MetadataSchemaException>(() => schema.DeleteKey("n", hard: true).AddScalar("n", ScalarType.Number)).Message, StringComparison.Ordinal);
        Assert.Equal(new TombstoneEntry(null), soft.DeleteKey("camera", hard: true).Entries["camera"]);
        Assert.Contains("is not deleted", Assert.Throws<MetadataSchemaException>(() => schema.RestoreKey("n")).Message, StringComparison.Ordinal);
        Assert.Contains("is not in the schema", Assert.Throws<MetadataSchemaException>(() => schema.DeleteKey("zz")).Message, StringComparison.Ordinal);
    }
}
