using System.Globalization;
using CriEngine.Api;
using Google.Protobuf.Reflection;

namespace CriEngine.Oci.Spec;

/// <summary>Linux signal numbers from the names images and the CRI use ("SIGKILL", "KILL", "9", "SIGRTMIN+3").</summary>
public static class SignalNumbers
{
    public const int Terminate = 15;

    // glibc reserves the first two real-time signals, so SIGRTMIN is 34 to programs (and to Docker).
    private const int RealtimeMin = 34;
    private const int RealtimeMax = 64;

    private static readonly Dictionary<string, int> Named = new(StringComparer.OrdinalIgnoreCase)
    {
        ["HUP"] = 1, ["INT"] = 2, ["QUIT"] = 3, ["ILL"] = 4, ["TRAP"] = 5, ["ABRT"] = 6, ["IOT"] = 6,
        ["BUS"] = 7, ["FPE"] = 8, ["KILL"] = 9, ["USR1"] = 10, ["SEGV"] = 11, ["USR2"] = 12,
        ["PIPE"] = 13, ["ALRM"] = 14, ["TERM"] = 15, ["STKFLT"] = 16, ["CHLD"] = 17, ["CLD"] = 17,
        ["CONT"] = 18, ["STOP"] = 19, ["TSTP"] = 20, ["TTIN"] = 21, ["TTOU"] = 22, ["URG"] = 23,
        ["XCPU"] = 24, ["XFSZ"] = 25, ["VTALRM"] = 26, ["PROF"] = 27, ["WINCH"] = 28, ["IO"] = 29,
        ["POLL"] = 29, ["PWR"] = 30, ["SYS"] = 31, ["RTMIN"] = RealtimeMin, ["RTMAX"] = RealtimeMax,
    };

    private static readonly EnumDescriptor CriSignals =
        ApiReflection.Descriptor.EnumTypes.Single(type => type.Name == nameof(Signal));

    // Where names share a number (SIGCHLD and SIGCLD), the first the CRI lists stands for it.
    private static readonly Dictionary<int, Signal> CriByNumber = CriSignals.Values
        .Where(value => value.Number != 0)
        .Select(value => (Value: value, Parsed: TryParse(value.Name, out var number), Number: number))
        .Where(entry => entry.Parsed)
        .GroupBy(entry => entry.Number)
        .ToDictionary(group => group.Key, group => (Signal)group.First().Value.Number);

    /// <summary>The CRI's name for a signal number, as ContainerStatus reports it; RUNTIME_DEFAULT for one it has no name for.</summary>
    public static Signal ToCri(int number) => CriByNumber.GetValueOrDefault(number, Signal.RuntimeDefault);

    /// <summary>Accepts a number, a name with or without "SIG" in any case, and RTMIN+n / RTMAX-n.</summary>
    public static bool TryParse(string text, out int number)
    {
        var trimmed = text.Trim();
        if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out number))
            return number is > 0 and <= RealtimeMax;
        var name = trimmed.StartsWith("SIG", StringComparison.OrdinalIgnoreCase) ? trimmed[3..] : trimmed;
        if (Named.TryGetValue(name, out number))
            return true;
        return TryRealtime(name, "RTMIN+", RealtimeMin, +1, out number)
            || TryRealtime(name, "RTMINPLUS", RealtimeMin, +1, out number)
            || TryRealtime(name, "RTMAX-", RealtimeMax, -1, out number)
            || TryRealtime(name, "RTMAXMINUS", RealtimeMax, -1, out number);
    }

    /// <summary>The number of a CRI signal; RUNTIME_DEFAULT has none.</summary>
    public static int Of(Signal signal)
    {
        if (signal == Signal.RuntimeDefault || !TryParse(CriSignals.FindValueByNumber((int)signal).Name, out var number))
            throw new ArgumentOutOfRangeException(nameof(signal), signal, "not a signal");
        return number;
    }

    private static bool TryRealtime(string name, string prefix, int origin, int direction, out int number)
    {
        number = 0;
        if (!name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            || !int.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            return false;
        number = origin + direction * offset;
        return number is >= RealtimeMin and <= RealtimeMax;
    }
}
