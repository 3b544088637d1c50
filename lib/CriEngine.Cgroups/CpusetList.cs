using System.Globalization;
using CriEngine.Grpc;

namespace CriEngine.Cgroups;

/// <summary>
/// The kernel's cpuset list syntax ("0-3,6", cpuset(7)): CPUs or memory nodes as a sorted set,
/// and the host's online ones (<c>/sys/devices/system/cpu/online</c>, <c>/sys/devices/system/node/online</c>).
/// </summary>
public static class CpusetList
{
    /// <summary>Far beyond any machine: a bound on ranges, so "0-999999999" is refused rather than enumerated.</summary>
    private const int MaxIndex = 1 << 16;

    /// <exception cref="RpcException">InvalidArgument naming <paramref name="what"/> and the text.</exception>
    public static SortedSet<int> Parse(string text, string what)
    {
        var set = new SortedSet<int>();
        foreach (var part in text.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-');
            var (low, high) = dash < 0 ? (Index(part), Index(part)) : (Index(part[..dash]), Index(part[(dash + 1)..]));
            if (low > high)
                throw Invalid();
            for (var i = low; i <= high; i++)
                set.Add(i);
        }
        return set;

        int Index(string number) =>
            int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value < MaxIndex ? value : throw Invalid();

        RpcException Invalid() => new(StatusCode.InvalidArgument, $"{what} \"{text}\": not a cpuset list such as \"0-3,6\"");
    }

    /// <summary>The CPUs the host has online.</summary>
    public static SortedSet<int> OnlineCpus() => Online("/sys/devices/system/cpu/online");

    /// <summary>The memory nodes the host has online; node 0 alone on a kernel without NUMA.</summary>
    public static SortedSet<int> OnlineMemoryNodes() => Online("/sys/devices/system/node/online");

    /// <summary>systemd's bit mask of a set (AllowedCPUs, AllowedMemoryNodes): bit <c>n % 8</c> of byte <c>n / 8</c>.</summary>
    public static byte[] ToMask(IReadOnlySet<int> set)
    {
        var mask = new byte[set.Count == 0 ? 0 : set.Max() / 8 + 1];
        foreach (var index in set)
            mask[index / 8] |= (byte)(1 << (index % 8));
        return mask;
    }

    private static SortedSet<int> Online(string file) =>
        File.Exists(file) ? Parse(File.ReadAllText(file), file) : [0];
}
