using CriEngine.Images.Native;

namespace CriEngine.Images.Layers;

/// <summary>
/// The directory a layer is unpacked into, and the file system operations on it. Nothing is
/// created or removed below a path until every directory leading to it has been checked with
/// lstat to be a real directory: a symbolic link there is refused, never followed. Checked
/// directories are remembered for the rest of the layer, and forgotten when removed.
/// </summary>
internal sealed class LayerTree(string root)
{
    private const UnixFileMode ImplicitDirectoryMode = (UnixFileMode)0b111_101_101;

    private readonly HashSet<EntryPath> _directories = [EntryPath.Root];
    private readonly Dictionary<EntryPath, (long Seconds, long Nanoseconds)> _directoryTimes = [];

    public string FullPath(EntryPath path) => path.IsRoot ? root : $"{root}/{path.Relative}";

    /// <summary>What is at <paramref name="path"/> itself, or null; the caller has checked its parents.</summary>
    public FileStatus? Status(EntryPath path) => FileStatus.Of(FullPath(path));

    /// <summary>Makes sure the directories leading to <paramref name="path"/> are real directories, creating missing ones (0755, root).</summary>
    /// <exception cref="EntryRefusedException">One of them is a symbolic link or not a directory.</exception>
    public void PrepareParents(EntryPath path) => CheckParents(path, create: true);

    /// <summary>True when the directories leading to <paramref name="path"/> exist and are real directories; creates nothing.</summary>
    /// <exception cref="EntryRefusedException">One of them is a symbolic link or not a directory.</exception>
    public bool ParentsExist(EntryPath path) => CheckParents(path, create: false);

    public void CreateDirectory(EntryPath path, UnixFileMode mode)
    {
        var fullPath = FullPath(path);
        Directory.CreateDirectory(fullPath);
        File.SetUnixFileMode(fullPath, mode);
        _directories.Add(path);
    }

    /// <summary>Marks an existing directory as checked.</summary>
    public void KnowDirectory(EntryPath path) => _directories.Add(path);

    /// <summary>A new regular file open for writing, readable by its owner only until its metadata is applied.</summary>
    public FileStream CreateFile(EntryPath path) => new(FullPath(path), new FileStreamOptions
    {
        Mode = FileMode.CreateNew,
        Access = FileAccess.Write,
        Share = FileShare.None,
        BufferSize = 0,
        UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
    });

    /// <summary>Removes what is at <paramref name="path"/>, a directory with everything in it; symbolic links inside are removed, not followed.</summary>
    public void Remove(EntryPath path)
    {
        var status = Status(path);
        if (status is null)
            return;
        var fullPath = FullPath(path);
        if (!status.Value.IsDirectory)
        {
            File.Delete(fullPath);
            return;
        }
        Directory.Delete(fullPath, recursive: true);
        _directories.RemoveWhere(path.Contains);
        foreach (var directory in _directoryTimes.Keys.Where(path.Contains).ToList())
            _directoryTimes.Remove(directory);
    }

    public IEnumerable<EntryPath> Children(EntryPath directory) =>
        Directory.EnumerateFileSystemEntries(FullPath(directory)).Select(child => directory.Child(Path.GetFileName(child)));

    /// <summary>
    /// Records a directory's modification time, set by <see cref="ApplyDirectoryTimes"/> once
    /// every entry is in: each entry created inside it changes it again.
    /// </summary>
    public void SetDirectoryTimeLater(EntryPath path, long seconds, long nanoseconds) =>
        _directoryTimes[path] = (seconds, nanoseconds);

    public void ApplyDirectoryTimes()
    {
        foreach (var (directory, time) in _directoryTimes)
            FileTimes.Set(FullPath(directory), time.Seconds, time.Nanoseconds);
    }

    private bool CheckParents(EntryPath path, bool create)
    {
        foreach (var ancestor in path.Ancestors)
        {
            if (_directories.Contains(ancestor))
                continue;
            var status = Status(ancestor);
            if (status is null)
            {
                if (!create)
                    return false;
                CreateDirectory(ancestor, ImplicitDirectoryMode);
                continue;
            }
            if (status.Value.Kind == FileKind.SymbolicLink)
                throw new EntryRefusedException($"\"{ancestor}\" on its path is a symbolic link");
            if (!status.Value.IsDirectory)
                throw new EntryRefusedException($"\"{ancestor}\" on its path is not a directory");
            _directories.Add(ancestor);
        }
        return true;
    }
}
