using System.Net;
using Curio.Connectors.Direct;

namespace Curio.Connectors.Tests.Direct;

public sealed class AddressClassifierTests
{
    [Theory]
    // Public
    [InlineData("8.8.8.8", nameof(AddressCategory.Public))]
    [InlineData("1.1.1.1", nameof(AddressCategory.Public))]
    [InlineData("93.184.216.34", nameof(AddressCategory.Public))]
    [InlineData("172.15.255.255", nameof(AddressCategory.Public))]
    [InlineData("172.32.0.0", nameof(AddressCategory.Public))]
    [InlineData("100.63.255.255", nameof(AddressCategory.Public))]
    [InlineData("100.128.0.0", nameof(AddressCategory.Public))]
    [InlineData("169.253.255.255", nameof(AddressCategory.Public))]
    [InlineData("192.167.255.255", nameof(AddressCategory.Public))]
    [InlineData("223.255.255.255", nameof(AddressCategory.Public))]
    [InlineData("2606:4700:4700::1111", nameof(AddressCategory.Public))]
    [InlineData("2a00:1450:4001:82a::200e", nameof(AddressCategory.Public))]
    // Loopback and unspecified
    [InlineData("127.0.0.1", nameof(AddressCategory.Loopback))]
    [InlineData("127.255.255.254", nameof(AddressCategory.Loopback))]
    [InlineData("::1", nameof(AddressCategory.Loopback))]
    [InlineData("0.0.0.0", nameof(AddressCategory.Unspecified))]
    [InlineData("0.1.2.3", nameof(AddressCategory.Unspecified))]
    [InlineData("::", nameof(AddressCategory.Unspecified))]
    // Private
    [InlineData("10.0.0.1", nameof(AddressCategory.Private))]
    [InlineData("10.255.255.255", nameof(AddressCategory.Private))]
    [InlineData("172.16.0.1", nameof(AddressCategory.Private))]
    [InlineData("172.31.255.255", nameof(AddressCategory.Private))]
    [InlineData("192.168.1.1", nameof(AddressCategory.Private))]
    [InlineData("fc00::1", nameof(AddressCategory.Private))]
    [InlineData("fd12:3456:789a::1", nameof(AddressCategory.Private))]
    [InlineData("fec0::1", nameof(AddressCategory.Private))]
    // Link-local, shared NAT, metadata
    [InlineData("169.254.0.1", nameof(AddressCategory.LinkLocal))]
    [InlineData("169.254.255.255", nameof(AddressCategory.LinkLocal))]
    [InlineData("fe80::1", nameof(AddressCategory.LinkLocal))]
    [InlineData("febf::1", nameof(AddressCategory.LinkLocal))]
    [InlineData("100.64.0.1", nameof(AddressCategory.SharedNat))]
    [InlineData("100.127.255.255", nameof(AddressCategory.SharedNat))]
    [InlineData("169.254.169.254", nameof(AddressCategory.CloudMetadata))]
    [InlineData("100.100.100.200", nameof(AddressCategory.CloudMetadata))]
    [InlineData("fd00:ec2::254", nameof(AddressCategory.CloudMetadata))]
    // Multicast, broadcast, reserved
    [InlineData("224.0.0.1", nameof(AddressCategory.Multicast))]
    [InlineData("239.255.255.250", nameof(AddressCategory.Multicast))]
    [InlineData("ff02::1", nameof(AddressCategory.Multicast))]
    [InlineData("255.255.255.255", nameof(AddressCategory.Broadcast))]
    [InlineData("240.0.0.1", nameof(AddressCategory.Reserved))]
    [InlineData("192.0.0.8", nameof(AddressCategory.Reserved))]
    [InlineData("198.18.0.1", nameof(AddressCategory.Reserved))]
    [InlineData("2001:db8::1", nameof(AddressCategory.Reserved))]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2", nameof(AddressCategory.Reserved))]
    [InlineData("100::1", nameof(AddressCategory.Reserved))]
    // IPv4-mapped IPv6 is judged by the IPv4 address
    [InlineData("::ffff:127.0.0.1", nameof(AddressCategory.Loopback))]
    [InlineData("::ffff:10.1.2.3", nameof(AddressCategory.Private))]
    [InlineData("::ffff:169.254.169.254", nameof(AddressCategory.CloudMetadata))]
    [InlineData("::ffff:0.0.0.0", nameof(AddressCategory.Unspecified))]
    [InlineData("::ffff:8.8.8.8", nameof(AddressCategory.Public))]
    [InlineData("::127.0.0.1", nameof(AddressCategory.Loopback))]
    // NAT64 and 6to4 are judged by the embedded IPv4 address
    [InlineData("64:ff9b::7f00:1", nameof(AddressCategory.Loopback))]
    [InlineData("64:ff9b::a9fe:a9fe", nameof(AddressCategory.CloudMetadata))]
    [InlineData("64:ff9b::808:808", nameof(AddressCategory.Public))]
    [InlineData("64:ff9b:1::1", nameof(AddressCategory.Private))]
    [InlineData("2002:7f00:1::1", nameof(AddressCategory.Loopback))]
    [InlineData("2002:c0a8:101::1", nameof(AddressCategory.Private))]
    [InlineData("2002:808:808::1", nameof(AddressCategory.Public))]
    public void Classifies(string address, string expected)
    {
        // The enum is internal, so cases carry its names.
        Assert.Equal(Enum.Parse<AddressCategory>(expected), AddressClassifier.Classify(IPAddress.Parse(address)));
    }

    [Fact]
    public void Every_category_has_a_description()
    {
        foreach (var category in Enum.GetValues<AddressCategory>())
        {
            Assert.False(string.IsNullOrWhiteSpace(AddressClassifier.Describe(category)));
        }

        Assert.Equal("a loopback address", AddressClassifier.Describe(AddressCategory.Loopback));
    }
}
