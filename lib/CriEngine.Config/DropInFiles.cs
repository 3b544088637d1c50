namespace CriEngine.Config;

/// <summary>
/// The files of a drop-in directory in the order CRI-O applies them (it walks the directory
/// with Go's filepath.Walk): the entries of each directory in byte order of their names, a
/// subdirectory walked where its name sorts. Every entry that is not a directory counts,
/// whatever its name: hidden files and files of any extension are read, as CRI-O reads them.
/// A symbolic link is read through; a link to a directory is not walked, and reading it fails.
/// </summary>
internal static class DropInFiles
{
    /// <summary>No files for a directory that does not exist (CRI-O skips it, named explicitly or not); the path itself when it names a file.</summary>
    public static IReadOnlyList<string> Under(string directory)
    {
        if (File.Exists(directory))
            return [directory];
        var files = new List<string>();
        if (Directory.Exists(directory))
            Walk(directory, files);
        return files;
    }

    private static void Walk(string directory, List<string> files)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
        {
            var info = new DirectoryInfo(entry);
            if (info.Exists && info.LinkTarget is null)
                Walk(entry, files);
            else
                files.Add(entry);
        }
    }
}
