using System.Formats.Tar;
using System.Text;

namespace CriEngine.Images.Tests.Layers;

/// <summary>Builds a layer tar in memory with System.Formats.Tar, the way a test describes it.</summary>
internal sealed class LayerTar
{
    public static readonly DateTimeOffset DefaultTime = new(2021, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private readonly List<TarEntry> _entries = [];
    private readonly List<(byte[] Placeholder, byte[] Value)> _rawValues = [];
    private readonly TarEntryFormat _format;

    public LayerTar(TarEntryFormat format = TarEntryFormat.Pax) => _format = format;

    public LayerTar Directory(string name, int mode = 0b111_101_101, int uid = 0, int gid = 0, DateTimeOffset? time = null) =>
        Add(TarEntryType.Directory, name, mode, uid, gid, time);

    public LayerTar File(string name, string content, int mode = 0b110_100_100, int uid = 0, int gid = 0, DateTimeOffset? time = null) =>
        File(name, Encoding.UTF8.GetBytes(content), mode, uid, gid, time);

    public LayerTar File(string name, byte[] content, int mode = 0b110_100_100, int uid = 0, int gid = 0, DateTimeOffset? time = null, IDictionary<string, string>? pax = null)
    {
        var entry = Create(RegularFileType, name, pax);
        Describe(entry, mode, uid, gid, time);
        entry.DataStream = new MemoryStream(content);
        _entries.Add(entry);
        return this;
    }

    /// <summary>
    /// A file with one extended attribute whose value is raw bytes, not text: TarWriter only
    /// writes text, so a same-length placeholder goes in and the bytes replace it afterwards.
    /// </summary>
    public LayerTar FileWithXattr(string name, string content, string xattr, byte[] value)
    {
        var placeholder = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, value.Length).Select(_ => (char)Random.Shared.Next('a', 'z' + 1))));
        _rawValues.Add((placeholder, value));
        return File(name, Encoding.UTF8.GetBytes(content), pax: new Dictionary<string, string> { ["SCHILY.xattr." + xattr] = Encoding.ASCII.GetString(placeholder) });
    }

    public LayerTar Symlink(string name, string target, int uid = 0, int gid = 0, DateTimeOffset? time = null)
    {
        var entry = Create(TarEntryType.SymbolicLink, name);
        Describe(entry, 0b111_111_111, uid, gid, time);
        entry.LinkName = target;
        _entries.Add(entry);
        return this;
    }

    public LayerTar HardLink(string name, string target)
    {
        var entry = Create(TarEntryType.HardLink, name);
        Describe(entry, 0b110_100_100, 0, 0, null);
        entry.LinkName = target;
        _entries.Add(entry);
        return this;
    }

    public LayerTar Device(string name, TarEntryType type, int major, int minor, int mode = 0b110_110_110, int uid = 0, int gid = 0)
    {
        var entry = (PosixTarEntry)Create(type, name);
        Describe(entry, mode, uid, gid, null);
        entry.DeviceMajor = major;
        entry.DeviceMinor = minor;
        _entries.Add(entry);
        return this;
    }

    public LayerTar Fifo(string name, int mode = 0b110_100_100, int uid = 0, int gid = 0) =>
        Add(TarEntryType.Fifo, name, mode, uid, gid, null);

    public LayerTar Whiteout(string directory, string name) => File($"{directory}/.wh.{name}", string.Empty);

    public LayerTar Opaque(string directory) => File($"{directory}/.wh..wh..opq", string.Empty);

    public LayerTar Entry(TarEntry entry)
    {
        _entries.Add(entry);
        return this;
    }

    public byte[] ToArray()
    {
        var output = new MemoryStream();
        using (var writer = new TarWriter(output, _format, leaveOpen: true))
        {
            foreach (var entry in _entries)
            {
                entry.DataStream?.Seek(0, SeekOrigin.Begin);
                writer.WriteEntry(entry);
            }
        }
        var bytes = output.ToArray();
        foreach (var (placeholder, value) in _rawValues)
        {
            var at = bytes.AsSpan().IndexOf(placeholder);
            value.CopyTo(bytes, at);
        }
        return bytes;
    }

    public MemoryStream ToStream() => new(ToArray());

    private TarEntryType RegularFileType => _format == TarEntryFormat.V7 ? TarEntryType.V7RegularFile : TarEntryType.RegularFile;

    private LayerTar Add(TarEntryType type, string name, int mode, int uid, int gid, DateTimeOffset? time)
    {
        var entry = Create(type, name);
        Describe(entry, mode, uid, gid, time);
        _entries.Add(entry);
        return this;
    }

    private TarEntry Create(TarEntryType type, string name, IDictionary<string, string>? pax = null) => _format switch
    {
        TarEntryFormat.Pax when pax is not null => new PaxTarEntry(type, name, pax),
        TarEntryFormat.Pax => new PaxTarEntry(type, name),
        TarEntryFormat.Gnu => new GnuTarEntry(type, name),
        TarEntryFormat.Ustar => new UstarTarEntry(type, name),
        _ => new V7TarEntry(type, name),
    };

    private static void Describe(TarEntry entry, int mode, int uid, int gid, DateTimeOffset? time)
    {
        entry.Mode = (UnixFileMode)mode;
        entry.Uid = uid;
        entry.Gid = gid;
        entry.ModificationTime = time ?? DefaultTime;
    }
}
