using System.Net.Sockets;
using System.Text;

namespace CriEngine.DBus;

/// <summary>
/// One D-Bus server address of the unix transport: <c>unix:path=/run/dbus/system_bus_socket</c> or
/// <c>unix:abstract=name</c>, with values %-escaped as the specification allows; other keys
/// (<c>guid</c>) are ignored. Other transports are not supported.
/// </summary>
public sealed record DBusAddress
{
    private DBusAddress(string? path, string? abstractName)
    {
        Path = path;
        AbstractName = abstractName;
    }

    /// <summary>The socket's file, for <c>unix:path=</c>.</summary>
    public string? Path { get; }

    /// <summary>The socket's name in the abstract namespace, for <c>unix:abstract=</c>.</summary>
    public string? AbstractName { get; }

    public UnixDomainSocketEndPoint EndPoint => new(Path ?? "\0" + AbstractName);

    public static DBusAddress UnixPath(string path) => new(path, null);

    /// <summary>One address, e.g. <c>unix:path=/run/dbus/system_bus_socket</c>.</summary>
    public static DBusAddress Parse(string address)
    {
        var colon = address.IndexOf(':');
        if (colon < 0)
            throw new FormatException($"D-Bus address '{address}' has no transport");
        var transport = address[..colon];
        if (transport != "unix")
            throw new FormatException($"D-Bus address '{address}': transport '{transport}' is not supported (only unix)");
        string? path = null, abstractName = null;
        foreach (var pair in address[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0)
                throw new FormatException($"D-Bus address '{address}': '{pair}' is not key=value");
            var value = Unescape(pair[(equals + 1)..], address);
            switch (pair[..equals])
            {
                case "path": path = value; break;
                case "abstract": abstractName = value; break;
            }
        }
        if ((path is null) == (abstractName is null))
            throw new FormatException($"D-Bus address '{address}' needs exactly one of path= and abstract=");
        return new DBusAddress(path, abstractName);
    }

    /// <summary>A <c>;</c>-separated list of addresses, to be tried in order.</summary>
    public static IReadOnlyList<DBusAddress> ParseList(string addresses) =>
        addresses.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).ToList();

    public override string ToString() =>
        Path is not null ? "unix:path=" + Escape(Path) : "unix:abstract=" + Escape(AbstractName!);

    private static string Unescape(string value, string address)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '%')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(value[i].ToString()));
                continue;
            }
            if (i + 2 >= value.Length || !byte.TryParse(value.AsSpan(i + 1, 2), System.Globalization.NumberStyles.HexNumber, null, out var escaped))
                throw new FormatException($"D-Bus address '{address}': bad %-escape in '{value}'");
            bytes.Add(escaped);
            i += 2;
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>Everything but the bytes the specification lets stand unescaped is written %XX.</summary>
    private static string Escape(string value)
    {
        var text = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || "-_/.\\*".Contains(c))
                text.Append(c);
            else
                text.Append('%').Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }
}
