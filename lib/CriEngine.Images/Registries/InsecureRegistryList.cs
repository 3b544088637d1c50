using System.Net;
using System.Net.Sockets;

namespace CriEngine.Images.Registries;

/// <summary>
/// CRI-O's <c>[crio.image] insecure_registries</c>. As in CRI-O, an entry is either a network in
/// CIDR notation, covering registries written as an IP address in it, or a registry name; and
/// 127.0.0.0/8 is always insecure (so is <c>localhost</c>, which CRI-O resolves there). Beyond
/// CRI-O, whose names must equal a registry's <c>host[:port]</c>, a name entry is matched as a
/// registries.conf prefix, so <c>example.com/team</c> covers that namespace only. CRI-O resolves
/// other host names through DNS to compare them with the networks; this list does not, so that
/// deciding stays free of I/O.
/// </summary>
internal sealed class InsecureRegistryList
{
    private static readonly (IPAddress Network, int PrefixLength) Loopback = (IPAddress.Parse("127.0.0.0"), 8);

    private readonly List<(IPAddress Network, int PrefixLength)> _networks = [Loopback];
    private readonly List<string> _prefixes = [];

    public InsecureRegistryList(IEnumerable<string> entries)
    {
        foreach (var entry in entries)
        {
            if (TryParseNetwork(entry, out var network))
                _networks.Add(network);
            else
                _prefixes.Add(entry.TrimEnd('/'));
        }
    }

    /// <param name="registry">The <c>host[:port]</c> of <paramref name="name"/>.</param>
    /// <param name="name"><c>registry/repository</c>.</param>
    /// <param name="pulled">The name with the tag or digest it is pulled by, or the bare name.</param>
    public bool Covers(string registry, string name, string pulled) =>
        IsInNetwork(RegistryPrefix.HostOf(registry))
        || _prefixes.Any(prefix => RegistryPrefix.Match(prefix, registry, name, pulled) >= 0);

    private bool IsInNetwork(string host)
    {
        var address = host == "localhost" ? IPAddress.Loopback : ParseAddress(host.Trim('[', ']'));
        return address is not null && _networks.Any(network => Contains(network, address));
    }

    private static bool Contains((IPAddress Network, int PrefixLength) network, IPAddress address) =>
        address.AddressFamily == network.Network.AddressFamily
        && Mask(address.GetAddressBytes(), network.PrefixLength).SequenceEqual(network.Network.GetAddressBytes());

    /// <summary>Like Go's <c>net.ParseCIDR</c>, host bits may be set: <c>10.1.2.3/8</c> is 10.0.0.0/8.</summary>
    private static bool TryParseNetwork(string text, out (IPAddress Network, int PrefixLength) network)
    {
        network = default;
        var slash = text.IndexOf('/');
        if (slash < 0
            || ParseAddress(text[..slash]) is not { } address
            || !int.TryParse(text[(slash + 1)..], out var length))
            return false;
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (length < 0 || length > bits)
            return false;
        network = (new IPAddress(Mask(address.GetAddressBytes(), length)), length);
        return true;
    }

    /// <summary>A dotted quad or an IPv6 address; not the short IPv4 forms (<c>10</c>, <c>10.1</c>) that host names can look like.</summary>
    private static IPAddress? ParseAddress(string text) =>
        (text.Contains(':') || text.Count(c => c == '.') == 3) && IPAddress.TryParse(text, out var address) ? address : null;

    private static byte[] Mask(byte[] bytes, int prefixLength)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefixLength - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }
        return bytes;
    }
}
