using CriEngine.Oci.Native;

namespace CriEngine.Oci.Spec;

/// <summary>A device node on the host: what the runtime needs to make the same node in a container.</summary>
internal sealed record DeviceNode(string Type, long Major, long Minor, uint FileMode, uint Uid, uint Gid)
{
    /// <summary>The device a file stands for; null when it is not a device node.</summary>
    public static DeviceNode? From(FileStatus status) =>
        status.IsCharacterDevice || status.IsBlockDevice
            ? new DeviceNode(status.IsCharacterDevice ? "c" : "b", status.RdevMajor, status.RdevMinor, status.Permissions, status.Uid, status.Gid)
            : null;

    public OciDevice At(string containerPath) =>
        new() { Path = containerPath, Type = Type, Major = Major, Minor = Minor, FileMode = FileMode, Uid = Uid, Gid = Gid };

    public OciDeviceRule Allow(string access) =>
        new() { Allow = true, Type = Type, Major = Major, Minor = Minor, Access = access };
}
