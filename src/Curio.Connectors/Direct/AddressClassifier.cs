using System.Net;
using System.Net.Sockets;

namespace Curio.Connectors.Direct;

/// <summary>What kind of network an address belongs to; everything but <see cref="Public"/> is refused by default.</summary>
internal enum AddressCategory
{
    Public,
    Loopback,
    Unspecified,
    Private,
    LinkLocal,
    SharedNat,
    CloudMetadata,
    Multicast,
    Broadcast,
    Reserved,
}

/// <summary>
/// Classifies IP addresses for SSRF protection. IPv6 forms that embed an IPv4 address (mapped, NAT64, 6to4)
/// are judged by the embedded address, because that is where the packets end up.
/// </summary>
internal static class AddressClassifier
{
    public static AddressCategory Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => ClassifyV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => ClassifyV6(address.GetAddressBytes()),
            _ => AddressCategory.Reserved,
        };
    }

    public static bool IsPublic(IPAddress address) => Classify(address) == AddressCategory.Public;

    public static string Describe(AddressCategory category) => category switch
    {
        AddressCategory.Loopback => "a loopback address",
        AddressCategory.Unspecified => "an unspecified (this-host) address",
        AddressCategory.Private => "a private-network address",
        AddressCategory.LinkLocal => "a link-local address",
        AddressCategory.SharedNat => "a carrier-grade NAT (shared) address",
        AddressCategory.CloudMetadata => "a cloud metadata address",
        AddressCategory.Multicast => "a multicast address",
        AddressCategory.Broadcast => "the broadcast address",
        AddressCategory.Reserved => "a reserved address",
        _ => "a public address",
    };

    private static AddressCategory ClassifyV4(ReadOnlySpan<byte> b)
    {
        // Metadata first: 169.254.169.254 and 100.100.100.200 sit inside broader ranges below.
        if (b is [169, 254, 169, 254] || b is [100, 100, 100, 200])
        {
            return AddressCategory.CloudMetadata;
        }

        return b switch
        {
            [0, ..] => AddressCategory.Unspecified, // 0/8: "this network"; Linux connects 0.x to the local host
            [127, ..] => AddressCategory.Loopback,
            [10, ..] => AddressCategory.Private,
            [172, >= 16 and <= 31, ..] => AddressCategory.Private,
            [192, 168, ..] => AddressCategory.Private,
            [169, 254, ..] => AddressCategory.LinkLocal,
            [100, >= 64 and <= 127, ..] => AddressCategory.SharedNat,
            [192, 0, 0, _] => AddressCategory.Reserved, // IETF protocol assignments
            [198, 18 or 19, ..] => AddressCategory.Reserved, // benchmarking
            [255, 255, 255, 255] => AddressCategory.Broadcast,
            [>= 224 and <= 239, ..] => AddressCategory.Multicast,
            [>= 240, ..] => AddressCategory.Reserved,
            _ => AddressCategory.Public,
        };
    }

    private static AddressCategory ClassifyV6(ReadOnlySpan<byte> b)
    {
        if (b.SequenceEqual(Ec2MetadataV6))
        {
            return AddressCategory.CloudMetadata;
        }

        // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (deprecated compatible) deliver to the IPv4 address.
        if (b[..10].IndexOfAnyExcept((byte)0) < 0)
        {
            if (b[10] == 0xff && b[11] == 0xff)
            {
                return ClassifyV4(b[12..]);
            }

            if (b[10] == 0 && b[11] == 0)
            {
                if (b[12..15].IndexOfAnyExcept((byte)0) < 0 && b[15] <= 1)
                {
                    return b[15] == 1 ? AddressCategory.Loopback : AddressCategory.Unspecified;
                }

                return ClassifyV4(b[12..]);
            }
        }

        // 64:ff9b::/96, the well-known NAT64 prefix: the gateway forwards to the embedded IPv4 address.
        if (b[..12].SequenceEqual(Nat64Prefix))
        {
            return ClassifyV4(b[12..]);
        }

        // 64:ff9b:1::/48, local-use NAT64.
        if (b[..6].SequenceEqual(Nat64LocalPrefix))
        {
            return AddressCategory.Private;
        }

        // 2002::/16, 6to4: the relay forwards to the IPv4 address in bits 16..47.
        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return ClassifyV4(b[2..6]);
        }

        return b switch
        {
            [0x20, 0x01, 0x00, 0x00, ..] => AddressCategory.Reserved, // Teredo: tunnels to an obfuscated IPv4
            [0x20, 0x01, 0x0d, 0xb8, ..] => AddressCategory.Reserved, // documentation
            [0x01, 0x00, 0, 0, 0, 0, 0, 0, ..] => AddressCategory.Reserved, // discard-only 100::/64
            [>= 0xfc and <= 0xfd, ..] => AddressCategory.Private, // unique local fc00::/7
            [0xfe, >= 0x80 and <= 0xbf, ..] => AddressCategory.LinkLocal, // fe80::/10
            [0xfe, >= 0xc0, ..] => AddressCategory.Private, // deprecated site-local fec0::/10
            [0xff, ..] => AddressCategory.Multicast,
            _ => AddressCategory.Public,
        };
    }

    private static ReadOnlySpan<byte> Ec2MetadataV6 => [0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54];

    private static ReadOnlySpan<byte> Nat64Prefix => [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];

    private static ReadOnlySpan<byte> Nat64LocalPrefix => [0x00, 0x64, 0xff, 0x9b, 0x00, 0x01];
}
