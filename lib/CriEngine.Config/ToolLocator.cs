namespace CriEngine.Config;

/// <summary>
/// Finds executables as Go's exec.LookPath does for CRI-O: a name with a slash is taken as a
/// path, any other name is searched in the directories of a PATH string (relative entries
/// are skipped, as Go refuses results relative to the current directory). The PATH and the
/// file probe are given, so that checks can run without the real binaries.
/// </summary>
public sealed class ToolLocator(string? searchPath, Func<string, bool> isExecutableFile)
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>The daemon's own PATH and the real filesystem.</summary>
    public static ToolLocator FromEnvironment() => new(Environment.GetEnvironmentVariable("PATH"), IsExecutableFile);

    /// <summary>The path of the executable, or null when there is none.</summary>
    public string? Find(string nameOrPath)
    {
        if (nameOrPath.Contains('/'))
            return isExecutableFile(nameOrPath) ? nameOrPath : null;
        foreach (var directory in (searchPath ?? "").Split(':'))
        {
            if (!directory.StartsWith('/'))
                continue;
            var candidate = Path.Join(directory, nameOrPath);
            if (isExecutableFile(candidate))
                return candidate;
        }
        return null;
    }

    /// <summary>A regular file (or a link to one) with an execute bit set.</summary>
    public static bool IsExecutableFile(string path)
    {
        try
        {
            return File.Exists(path) && (File.GetUnixFileMode(path) & AnyExecute) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
