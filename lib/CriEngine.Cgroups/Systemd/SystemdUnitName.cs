using CriEngine.Grpc;

namespace CriEngine.Cgroups.Systemd;

/// <summary>
/// systemd's unit-name rules (unit_name_is_valid): at most 255 characters of
/// <c>[A-Za-z0-9:_.\-]</c> (and <c>@</c> for an instance), a non-empty prefix, and a known unit
/// type as suffix; and slice names as runc's ExpandSlice reads them.
/// </summary>
public static class SystemdUnitName
{
    public const int MaxLength = 255;

    private static readonly string[] UnitTypes =
        ["service", "socket", "target", "device", "mount", "automount", "swap", "timer", "path", "slice", "scope"];

    public static bool IsValid(string name)
    {
        if (name.Length is 0 or > MaxLength)
            return false;
        var dot = name.LastIndexOf('.');
        if (dot <= 0 || !UnitTypes.Contains(name[(dot + 1)..]))
            return false;
        var prefix = name[..dot];
        var at = prefix.IndexOf('@');
        if (at == 0 || (at > 0 && prefix.IndexOf('@', at + 1) >= 0))
            return false;
        return prefix.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '_' or '.' or '-' or '\\' or '@');
    }

    /// <summary>
    /// The cgroup path of slice <paramref name="slice"/> from the root, each dash a level, as runc's
    /// ExpandSlice makes it: <c>kubepods-burstable-pod123.slice</c> is
    /// <c>/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod123.slice</c>, and
    /// <c>-.slice</c> (the root slice) is <c>/</c>. Anything not a valid slice name is refused with
    /// InvalidArgument: no <c>.slice</c> suffix, a <c>/</c>, an empty element (a leading, trailing
    /// or doubled dash), an <c>@</c>, a character systemd does not allow in a unit name.
    /// </summary>
    public static string ExpandSlice(string slice)
    {
        const string suffix = ".slice";
        if (!slice.EndsWith(suffix, StringComparison.Ordinal) || slice.Length == suffix.Length)
            throw InvalidSlice(slice, "a slice name ends in \".slice\" after a name");
        if (slice.Contains('/'))
            throw InvalidSlice(slice, "\"/\" is not allowed in a slice name");
        if (!IsValid(slice) || slice.Contains('@'))
            throw InvalidSlice(slice, "not a valid systemd unit name");
        var name = slice[..^suffix.Length];
        if (name == "-")
            return "/";
        var path = new System.Text.StringBuilder();
        var prefix = "";
        foreach (var element in name.Split('-'))
        {
            if (element.Length == 0)
                throw InvalidSlice(slice, "a leading, trailing or doubled \"-\" leaves an empty level");
            path.Append('/').Append(prefix).Append(element).Append(suffix);
            prefix += element + "-";
        }
        return path.ToString();
    }

    /// <summary>The slice directly above <paramref name="slice"/>: <c>a-b.slice</c> is in <c>a.slice</c>, <c>a.slice</c> in <c>-.slice</c>.</summary>
    public static string ParentSlice(string slice)
    {
        ExpandSlice(slice);
        var name = slice[..^".slice".Length];
        var dash = name.LastIndexOf('-');
        return dash <= 0 ? "-.slice" : name[..dash] + ".slice";
    }

    private static RpcException InvalidSlice(string slice, string reason) =>
        new(StatusCode.InvalidArgument, $"slice \"{slice}\": {reason}");
}
