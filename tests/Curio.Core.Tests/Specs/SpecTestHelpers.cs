using System.Text;
using Curio.Core.Specs;

namespace Curio.Core.Tests.Specs;

internal static class SpecTestHelpers
{
    public static (SpecReadResult Result, List<SpecUnit> Units) Read(string text, SpecFormat format = SpecFormat.Auto, SpecLimits? limits = null)
    {
        var units = new List<SpecUnit>();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var result = SpecReader.Read(stream, new SpecReadOptions { Format = format, Limits = limits ?? SpecLimits.Default }, units.Add);
        return (result, units);
    }

    public static (SpecReadResult Result, List<SpecUnit> Units) Read(byte[] bytes, SpecFormat format = SpecFormat.Auto, SpecLimits? limits = null)
    {
        var units = new List<SpecUnit>();
        using var stream = new MemoryStream(bytes, writable: false);
        var result = SpecReader.Read(stream, new SpecReadOptions { Format = format, Limits = limits ?? SpecLimits.Default }, units.Add);
        return (result, units);
    }

    public static SpecIssue SingleError(string text, SpecFormat format = SpecFormat.Auto, SpecLimits? limits = null)
    {
        var (result, units) = Read(text, format, limits);
        Assert.Empty(units);
        return Assert.Single(result.Errors);
    }

    public static SpecIssue SingleError(byte[] bytes, SpecFormat format = SpecFormat.Auto, SpecLimits? limits = null)
    {
        var (result, units) = Read(bytes, format, limits);
        Assert.Empty(units);
        return Assert.Single(result.Errors);
    }
}
