using System.Formats.Tar;
using System.Runtime.InteropServices;

namespace CriEngine.TestSupport.Registry;

/// <summary>Writes test layer entries as a PAX tar, in the order given.</summary>
internal static class LayerTar
{
    public static byte[] Write(IEnumerable<TestLayerEntry> entries)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
                writer.WriteEntry(ToTar(entry));
        }
        return tar.ToArray();
    }

    private static PaxTarEntry ToTar(TestLayerEntry entry)
    {
        var tar = new PaxTarEntry(entry.Type, entry.Name)
        {
            Mode = entry.Mode,
            Uid = entry.Uid,
            Gid = entry.Gid,
            ModificationTime = entry.ModificationTime,
        };
        if (entry.LinkName is not null)
            tar.LinkName = entry.LinkName;
        if (entry.Type is TarEntryType.CharacterDevice or TarEntryType.BlockDevice)
        {
            tar.DeviceMajor = entry.DeviceMajor;
            tar.DeviceMinor = entry.DeviceMinor;
        }
        if (!entry.Content.IsEmpty)
            tar.DataStream = MemoryMarshal.TryGetArray(entry.Content, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(entry.Content.ToArray(), writable: false);
        return tar;
    }
}
