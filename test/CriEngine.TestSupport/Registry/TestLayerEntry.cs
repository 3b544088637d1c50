using System.Formats.Tar;
using System.Text;

namespace CriEngine.TestSupport.Registry;

/// <summary>
/// One entry of a test layer's tar. The factories make well-formed entries (relative names,
/// directories with a trailing slash); <see cref="Raw"/> writes whatever name and type it is
/// given, for the malicious cases (<c>../escape</c>, <c>/etc/absolute</c>, links out of the root).
/// </summary>
public sealed record TestLayerEntry
{
    /// <summary>The time every entry carries unless told otherwise: layers are byte-for-byte reproducible within a run.</summary>
    public static readonly DateTimeOffset DefaultTime = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode DirectoryMode = FileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>The name written in the tar header, exactly.</summary>
    public required string Name { get; init; }

    public required TarEntryType Type { get; init; }

    public ReadOnlyMemory<byte> Content { get; init; }

    /// <summary>The target of a symbolic or hard link.</summary>
    public string? LinkName { get; init; }

    public UnixFileMode Mode { get; init; } = FileMode;

    public int Uid { get; init; }

    public int Gid { get; init; }

    public DateTimeOffset ModificationTime { get; init; } = DefaultTime;

    public int DeviceMajor { get; init; }

    public int DeviceMinor { get; init; }

    /// <summary>Permission bits from their octal spelling: <c>Octal("4755")</c>.</summary>
    public static UnixFileMode Octal(string digits) => (UnixFileMode)Convert.ToInt32(digits, 8);

    public static TestLayerEntry File(string path, string content, UnixFileMode? mode = null, int uid = 0, int gid = 0, DateTimeOffset? modificationTime = null) =>
        File(path, Encoding.UTF8.GetBytes(content), mode, uid, gid, modificationTime);

    public static TestLayerEntry File(string path, ReadOnlyMemory<byte> content, UnixFileMode? mode = null, int uid = 0, int gid = 0, DateTimeOffset? modificationTime = null) => new()
    {
        Name = Relative(path),
        Type = TarEntryType.RegularFile,
        Content = content,
        Mode = mode ?? FileMode,
        Uid = uid,
        Gid = gid,
        ModificationTime = modificationTime ?? DefaultTime,
    };

    public static TestLayerEntry Directory(string path, UnixFileMode? mode = null, int uid = 0, int gid = 0, DateTimeOffset? modificationTime = null) => new()
    {
        Name = Relative(path).TrimEnd('/') + "/",
        Type = TarEntryType.Directory,
        Mode = mode ?? DirectoryMode,
        Uid = uid,
        Gid = gid,
        ModificationTime = modificationTime ?? DefaultTime,
    };

    public static TestLayerEntry Symlink(string path, string target, int uid = 0, int gid = 0) => new()
    {
        Name = Relative(path),
        Type = TarEntryType.SymbolicLink,
        LinkName = target,
        Mode = DirectoryMode | UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite,
        Uid = uid,
        Gid = gid,
    };

    /// <summary>A hard link to <paramref name="target"/>, an entry earlier in the same layer (or a lower layer), named from the root.</summary>
    public static TestLayerEntry HardLink(string path, string target) => new()
    {
        Name = Relative(path),
        Type = TarEntryType.HardLink,
        LinkName = Relative(target),
    };

    public static TestLayerEntry CharacterDevice(string path, int major, int minor, UnixFileMode? mode = null) => new()
    {
        Name = Relative(path),
        Type = TarEntryType.CharacterDevice,
        DeviceMajor = major,
        DeviceMinor = minor,
        Mode = mode ?? (FileMode | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite),
    };

    /// <summary>An OCI whiteout: <c>DIR/.wh.NAME</c> deletes <c>DIR/NAME</c> of the layers below.</summary>
    public static TestLayerEntry Whiteout(string path)
    {
        var relative = Relative(path).TrimEnd('/');
        var slash = relative.LastIndexOf('/');
        var name = slash < 0 ? ".wh." + relative : relative[..(slash + 1)] + ".wh." + relative[(slash + 1)..];
        return new TestLayerEntry { Name = name, Type = TarEntryType.RegularFile };
    }

    /// <summary>An OCI opaque marker: <c>DIR/.wh..wh..opq</c> hides everything the layers below have in <c>DIR</c>.</summary>
    public static TestLayerEntry OpaqueWhiteout(string directory) => new()
    {
        Name = Relative(directory).TrimEnd('/') + "/.wh..wh..opq",
        Type = TarEntryType.RegularFile,
    };

    /// <summary>An entry written exactly as given: no name clean-up, any type, any link target.</summary>
    public static TestLayerEntry Raw(string name, TarEntryType type, ReadOnlyMemory<byte> content = default, string? linkName = null, UnixFileMode? mode = null) => new()
    {
        Name = name,
        Type = type,
        Content = content,
        LinkName = linkName,
        Mode = mode ?? FileMode,
    };

    private static string Relative(string path)
    {
        var relative = path.TrimStart('/');
        if (relative.Length == 0)
            throw new ArgumentException($"\"{path}\" names the root; use Raw for odd names", nameof(path));
        return relative;
    }
}
