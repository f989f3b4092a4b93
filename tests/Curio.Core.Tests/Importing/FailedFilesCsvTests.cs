using Curio.Core.Importing;

namespace Curio.Core.Tests.Importing;

public sealed class FailedFilesCsvTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "\"'\rx\"")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    public void Cells_are_neutralised_then_quoted(string value, string expected) =>
        Assert.Equal(expected, FailedFilesCsv.Cell(value));

    [Fact]
    public void Rows_follow_the_header()
    {
        var writer = new StringWriter();
        FailedFilesCsv.WriteHeader(writer);
        FailedFilesCsv.WriteRow(writer, "s3://b/x.png", null, "image", "Object not found", "Registering image", Guid.Empty);

        Assert.Equal(
            "object_url,title,item_type,error,action,subtask_uuid\r\n" +
            "s3://b/x.png,,image,Object not found,Registering image,00000000-0000-0000-0000-000000000000\r\n",
            writer.ToString());
    }
}
