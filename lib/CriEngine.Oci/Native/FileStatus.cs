namespace CriEngine.Oci.Native;

/// <summary>The fields of statx(2) the engine reads.</summary>
/// <param name="Mode">File type and permission bits (st_mode).</param>
/// <param name="RdevMajor">For a device node, the device it stands for.</param>
internal sealed record FileStatus(ushort Mode, uint Uid, uint Gid, uint RdevMajor, uint RdevMinor)
{
    private const ushort TypeMask = 0xF000;
    private const ushort CharacterDevice = 0x2000;
    private const ushort BlockDevice = 0x6000;
    private const ushort Directory = 0x4000;
    private const ushort RegularFile = 0x8000;

    public bool IsCharacterDevice => (Mode & TypeMask) == CharacterDevice;

    public bool IsBlockDevice => (Mode & TypeMask) == BlockDevice;

    public bool IsDirectory => (Mode & TypeMask) == Directory;

    public bool IsRegularFile => (Mode & TypeMask) == RegularFile;

    public uint Permissions => Mode & 0xFFFu;
}
