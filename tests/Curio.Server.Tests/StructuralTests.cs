using System.Reflection;
using System.Text.Json;
using System.Xml.Linq;
using Curio.Contracts;
using CoreItemType = Curio.Core.Items.ItemType;
using CoreItemTypes = Curio.Core.Items.ItemTypes;

namespace Curio.Server.Tests;

public sealed class StructuralTests
{
    [Fact]
    public void Core_and_wire_item_types_share_names_values_and_wire_names()
    {
        foreach (var type in Enum.GetValues<CoreItemType>())
        {
            var wire = (ItemType)(int)type;
            Assert.Equal(type.ToString(), wire.ToString());
            Assert.Equal($"\"{CoreItemTypes.WireName(type)}\"", JsonSerializer.Serialize(wire, CurioJsonContext.Default.Options));
            Assert.True(CoreItemTypes.TryParse(CoreItemTypes.WireName(type), out var back) && back == type);
        }

        Assert.Equal(Enum.GetValues<CoreItemType>().Length, Enum.GetValues<ItemType>().Length);
    }

    [Fact]
    public void Job_statuses_go_on_the_wire_in_capitals()
    {
        Assert.Equal(["\"PENDING\"", "\"DONE\"", "\"ERROR\"", "\"CANCELLED\""],
            Enum.GetValues<JobStatus>().Select(s => JsonSerializer.Serialize(s, CurioJsonContext.Default.Options)));
    }

    [Fact]
    public void Error_codes_are_distinct_and_every_constant_is_listed()
    {
        var constants = typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetValue(null)!).ToList();

        Assert.Equal(constants.Order(), ErrorCodes.All.Order());
        Assert.Equal(ErrorCodes.All.Count, ErrorCodes.All.Distinct().Count());
        var specCodes = typeof(Core.Specs.SpecErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetValue(null)!);
        Assert.Equal(specCodes.Order(), Core.Specs.SpecErrorCodes.All.Order());
    }

    /// <summary>The dependency rules of docs/architecture.md, checked on the project files.</summary>
    [Theory]
    [InlineData("Curio.Core", new string[0])]
    [InlineData("Curio.Contracts", new string[0])]
    [InlineData("Curio.Storage", new[] { "Curio.Core" })]
    [InlineData("Curio.Connectors", new[] { "Curio.Core" })]
    [InlineData("Curio.Media", new[] { "Curio.Core" })]
    [InlineData("Curio.Sdk", new[] { "Curio.Contracts" })]
    [InlineData("Curio.Server", new[] { "Curio.Core", "Curio.Contracts", "Curio.Storage", "Curio.Connectors", "Curio.Media" })]
    [InlineData("Curio.Cli", new[] { "Curio.Sdk", "Curio.Core", "Curio.Server" })]
    public void Projects_reference_only_what_the_architecture_allows(string project, string[] allowed)
    {
        var file = XDocument.Load(Repo.Path("src", project, project + ".csproj"));
        var references = file.Descendants("ProjectReference").Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/'))).ToList();
        Assert.Equal(allowed.Order(), references.Order());

        var sdk = file.Root!.Attribute("Sdk")!.Value;
        var frameworks = file.Descendants("FrameworkReference").Select(r => r.Attribute("Include")!.Value);
        if (project is not ("Curio.Server" or "Curio.Cli"))
        {
            Assert.Equal("Microsoft.NET.Sdk", sdk);
            Assert.DoesNotContain("Microsoft.AspNetCore.App", frameworks);
        }
    }
}
